"""Replies from one catalogue snapshot: one handler per intent, every fact from a record or passage."""
from __future__ import annotations

from typing import Protocol

from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import Program
from knowledge_base.text import clean_text

from . import answers
from .constraints import CONSTRAINTS, ProgramFilter
from .credentials import MAX_CREDENTIALS, CredentialError, EarnedCredential
from .earned import match_credentials
from .i18n import N_
from .models import Conversation, Reply
from .pathways import Plan, plan_pathway
from .profile import Profile
from .redaction import redact
from .retrieval import Recommendation, Recommender
from .understanding import Intent, MessageReader, Reading
from .understanding.reader import MAX_MESSAGE_CHARS
from .understanding.topic import aim_words


def _without(profile: Profile, names: list[str]) -> Profile:
    """``profile`` as said back: without the constraints ``names`` (the catalogue cannot check them)."""
    fields = {c.profile for c in CONSTRAINTS if c.name in names and c.profile}
    if not fields:
        return profile
    return profile.model_copy(update={f: Profile.model_fields[f].get_default(call_default_factory=True)
                                      for f in fields})


class Reader(Protocol):
    """Reads one message into a ``Reading``, given the conversation so far."""

    def read(self, message: str, profile: Profile, last_costs: list[float] | None = None, *,
             shown: list[Program] | None = None, plan_target: Program | None = None) -> Reading: ...


class Responder:
    """Answers learners from one catalogue snapshot; never changes, so conversations (and
    threads) can share it. It decides what to answer; its three components read the message
    (``reader``), find programs and passages (``recommender``) and say it (``composer``)."""

    def __init__(self, catalogue: Catalogue, reader: Reader, recommender: Recommender, composer: answers.Composer):
        self.catalogue = catalogue
        self.reader = reader
        self.recommender = recommender
        self.composer = composer

    @classmethod
    def for_catalogue(cls, catalogue: Catalogue, reader: Reader | None = None) -> Responder:
        """The rule reader (or ``reader``), the hybrid recommender and the grounded composer, over
        ``catalogue``."""
        return cls(catalogue, reader or MessageReader(catalogue), Recommender(catalogue), answers.Composer(catalogue))

    def reply(self, message: str, conversation: Conversation) -> Reply:
        """Answer ``message`` and update ``conversation`` (profile, last shown programs)."""
        # Normalised before it is cut: what is read, stored and shown is at most the limit.
        message = clean_text(message or "", MAX_MESSAGE_CHARS).strip()
        if not message:
            welcome = self.composer.welcome(conversation.profile.writes_in)
            return Reply(answer=welcome, intent=Intent.GREETING.value, profile=conversation.profile)
        shown = self._shown(conversation)
        last_costs = [p.cost for p in shown if p.cost is not None]
        plan_target = self.catalogue.program(conversation.plan_target) if conversation.plan_target else None
        # Read without the personal details: nothing the learner gave about themselves (a phone
        # number, a name) can become part of a goal, a topic or a summary.
        reading = self.reader.read(redact(message), conversation.profile, last_costs, shown=shown,
                                   plan_target=plan_target)
        if conversation.language:  # chosen in the app: replies in it, whatever the message is written in
            reading.language = conversation.language
        if reading.intent == Intent.RESET:
            conversation.reset()
            reply = Reply(answer=self.composer.start_over(reading.language), intent=reading.intent.value,
                          profile=Profile(writes_in=reading.language))
        else:
            reading.previous = conversation.profile
            conversation.profile = reading.profile
            reading.scope = conversation.scope
            handler = {
                Intent.GREETING: self._greeting, Intent.DEFINITION: self._definition,
                Intent.COMPARE: self._compare, Intent.PROGRAM: self._program, Intent.SEARCH: self._search,
                Intent.STACK: self._stack, Intent.REQUIREMENTS: self._requirements, Intent.PROGRESS: self._progress,
                Intent.PREREQUISITES: self._prerequisites, Intent.REFUSE: self._refuse,
            }[reading.intent]
            reply = handler(reading, conversation)
        if reply.programs:
            conversation.shown = [card.id for card in reply.programs]
        if reply.pathway is not None:
            conversation.plan_target = reply.pathway.target
        elif reply.programs or reply.intent == Intent.RESET:
            conversation.plan_target = None
        conversation.remember(message, reply)
        return reply

    def add_credentials(self, credentials: list[EarnedCredential], conversation: Conversation) -> Reply:
        """Keep credentials the learner holds in their profile: one aligned to a catalogue program marks it
        completed, so plans count it done; one aligned to nothing is kept as earned and counts for nothing.
        Either all of them are kept or, past the limit, none."""
        earned = match_credentials(credentials, self.catalogue.programs.values())
        profile = conversation.profile
        known = {e.key for e in profile.earned}
        new = [e for e in earned if e.key not in known]
        if len(profile.earned) + len(new) > MAX_CREDENTIALS:
            raise CredentialError("credentials", N_("a conversation keeps at most {limit} credentials and this one "
                                                    "has {count}: start over to hand over others"),
                                  limit=MAX_CREDENTIALS, count=len(profile.earned))
        profile.earned = [*profile.earned, *new]
        profile.completed = sorted(set(profile.completed) | {e.matched for e in earned if e.matched})
        matched = [p for p in (self.catalogue.program(e.matched) for e in earned if e.matched) if p]
        language = conversation.language or profile.writes_in or "en"
        return Reply(answer=self.composer.earned(earned, self._title, language),
                     intent="credentials", profile=profile, sources=answers.program_sources(matched))

    # ---- intents -------------------------------------------------------------------

    def _greeting(self, reading: Reading, conversation: Conversation) -> Reply:
        return Reply(answer=self.composer.welcome(reading.language), intent=reading.intent.value,
                     profile=reading.profile)

    def _refuse(self, reading: Reading, conversation: Conversation) -> Reply:
        """Instructions aimed at the assistant: it keeps to the catalogue and recommends nothing."""
        return Reply(answer=self.composer.refusal(reading.language), intent=reading.intent.value,
                     profile=reading.profile, nothing_fits=True)

    def _definition(self, reading: Reading, conversation: Conversation) -> Reply:
        hits = self.recommender.passages(reading.topic or reading.profile.goal or "", limit=2,
                                        language=reading.language)
        quotes = self.composer.quotes(hits)
        answer = self.composer.definition(quotes, reading.language)
        shown = self._shown(conversation)
        ladder = self.composer.what_they_add_up_to(shown, reading.language)
        if ladder:  # "they're just badges, does that matter?": what the programs just shown add up to
            answer += "\n\n" + ladder
        related = [p for p in shown if p.stacks_into] if ladder else []
        targets = [self.catalogue.program(link.target) for p in related for link in p.stacks_into]
        return Reply(
            answer=answer, intent=reading.intent.value, quotes=quotes, profile=reading.profile,
            sources=answers.document_sources(quotes) + answers.program_sources([p for p in targets if p]),
        )

    def _search(self, reading: Reading, conversation: Conversation) -> Reply:
        profile = reading.profile
        if reading.browse:
            return self._browse(reading)
        if not profile.goal and not profile.fields:
            return Reply(answer=self.composer.ask_for_goal(profile, reading.language), intent=reading.intent.value,
                         profile=profile)
        flt = self._filter(reading)
        vector = self.recommender.query_vector(profile)
        gate = self.recommender.gate(profile, vector)  # the goal against every program, once
        covered = reading.new_topic is None \
            or self.catalogue.covers(aim_words(profile.goal or "") if reading.brief else [], gate.similarities,
                                     reading.language,
                                     near_programs=bool(profile.fields or profile.skills or profile.occupations))
        recs = self.recommender.recommend(profile, flt, vector=vector, gate=gate, order=reading.order) \
            if covered else []
        relaxations = self.recommender.relaxations(profile, flt, vector=vector, gate=gate) \
            if covered and not recs else []
        if reading.new_topic is not None and not recs and not relaxations:
            # Nothing the search finds is about the new aim, by this catalogue's own measure: said
            # so, and the learner's earlier aim (if any) is kept for their next question.
            asked = profile.goal_label or profile.goal or ""
            if reading.previous is not None and reading.previous.goal:
                profile.keep_goal_of(reading.previous)
            return Reply(answer=self.composer.uncovered(asked, reading.language), intent=reading.intent.value,
                         profile=profile, nothing_fits=True, topic=asked)
        if not recs:
            return Reply(
                answer="\n\n".join([self.composer.nothing_fits(_without(profile, reading.unjudged), relaxations,
                                                                reading.language),
                                     *self.composer.unjudged(reading.unjudged, reading.language)]),
                intent=reading.intent.value, profile=profile, nothing_fits=True,
                sources=answers.program_sources([p for r in relaxations for p in r.programs]),
            )
        said = _without(profile, reading.unjudged)  # a constraint not checked is never said to fit
        cards = [self.composer.card(rec, said, reading.language) for rec in recs]
        lead, notes = self.composer.recommendation_parts(recs, said, reading.language, reading.order)
        notes += self.composer.unjudged(reading.unjudged, reading.language)
        quotes = self.composer.quotes(self.recommender.passages(reading.topic, limit=1, language=reading.language)) \
            if reading.also_define else []
        answer = self.composer.recommendations(lead, recs, cards, notes, reading.language)
        pathway, plan_programs = None, []
        target_id = self.catalogue.graph.common_target([r.program for r in recs]) if reading.wants_pathway else None
        plan = self._plan(target_id, reading) if target_id is not None else None
        if plan is not None:  # "how do I get there from here?": the plan towards what they add up to
            answer += "\n\n" + "\n".join(self.composer.plan(plan, reading.language))
            pathway = plan.to_pathway()
            plan_programs = [p for p in (self.catalogue.program(s.id) for s in plan.steps) if p] + [plan.target]
        if quotes:
            answer += "\n\n" + self.composer.definition(quotes, reading.language)
        return Reply(
            answer=answer, lead=lead, notes=notes, intent=reading.intent.value, programs=cards, profile=profile,
            quotes=quotes, pathway=pathway,
            sources=answers.program_sources([r.program for r in recs] + self._mentioned(recs) + plan_programs)
            + answers.document_sources(quotes),
        )

    def _browse(self, reading: Reading) -> Reply:
        """Constraints and no field ("anything free?"): what fits, soonest first."""
        profile = reading.profile
        recs = self.recommender.browse(profile, self._filter(reading))
        if not recs:
            return Reply(answer=self.composer.nothing_fits(profile, [], reading.language),
                         intent=reading.intent.value, profile=profile, nothing_fits=True)
        cards = [self.composer.card(rec, profile, reading.language) for rec in recs]
        lead = self.composer.browse_lead(len(recs), profile, reading.language)
        _, notes = self.composer.recommendation_parts(recs, profile, reading.language)
        return Reply(
            answer=self.composer.recommendations(lead, recs, cards, notes, reading.language), lead=lead,
            notes=notes, intent=reading.intent.value, programs=cards, profile=profile,
            sources=answers.program_sources([r.program for r in recs] + self._mentioned(recs)),
        )

    def _program(self, reading: Reading, conversation: Conversation) -> Reply:
        """A question about one named program: its card, prerequisites and ladder."""
        program = reading.named[0]
        lines = [self.composer.program_block(program, reading.language), ""]
        lines += self.composer.prerequisites(program, reading.profile, reading.language)
        lines += ["", self.composer.how_it_stacks(program, reading.language)]
        reply = self._reply_about(reading, [program], lines)
        if reading.also_define:  # "what does it cost, and can I get help paying?"
            quotes = self.composer.quotes(self.recommender.passages(reading.topic, limit=1, language=reading.language))
            reply.answer += "\n\n" + self.composer.definition(quotes, reading.language)
            reply.quotes, reply.sources = quotes, reply.sources + answers.document_sources(quotes)
        return reply

    def _prerequisites(self, reading: Reading, conversation: Conversation) -> Reply:
        program = next((p for p in reading.named if p.id not in reading.profile.completed), reading.named[0])
        lines = self.composer.prerequisites(program, reading.profile, reading.language)
        lines += ["", self.composer.program_block(program, reading.language)]
        chain = [p for p in self.catalogue.graph.prerequisites_of(program.id) if p.id not in reading.profile.completed]
        return self._reply_about(reading, [*chain, program], lines)

    def _stack(self, reading: Reading, conversation: Conversation) -> Reply:
        """How a program (named, or those just shown) stacks into larger credentials; ``decide``
        has already sent credentials to their requirements, and a question with nothing to stack
        to the documents."""
        subject = reading.named[0] if reading.named else None
        if subject is None:
            target_id = self.catalogue.graph.common_target(self._shown(conversation))
        elif subject.stacks_into:
            target_id = subject.stacks_into[0].target
        else:
            return self._reply_about(reading, [subject], [self.composer.ladder(subject, reading.language)])
        if target_id is None:
            return self._definition(reading, conversation)
        plan = self._plan(target_id, reading)
        if plan is None:
            if subject is None:
                return self._definition(reading, conversation)
            return self._reply_about(reading, [subject], [self.composer.ladder(subject, reading.language)])
        lines = []
        if subject is not None:
            lines += [self.composer.ladder(subject, reading.language),
                      self.composer.other_components(plan.target, subject.id, reading.language), ""]
        else:
            lines += [self.composer.stacked_into(plan.target, reading.language), ""]
        lines += self.composer.plan(plan, reading.language)
        lines += self.composer.next_up(plan.target, reading.language)
        return self._plan_reply(reading, plan, lines, with_target=subject is None)

    def _requirements(self, reading: Reading, conversation: Conversation) -> Reply:
        """What a named credential requires (``decide`` sends other programs to their ladder or
        prerequisites)."""
        target = next(p for p in reading.named if self.catalogue.graph.is_stack_target(p.id))
        plan = self._plan(target.id, reading)
        assert plan is not None, "a stack target has components, so a plan"
        return self._plan_reply(reading, plan, self.composer.plan(plan, reading.language)
                                + self.composer.next_up(target, reading.language))

    def _progress(self, reading: Reading, conversation: Conversation) -> Reply:
        completed = [p for p in (self.catalogue.program(i) for i in reading.profile.completed) if p]
        graph = self.catalogue.graph
        named_targets = [p for p in reading.named
                         if graph.is_stack_target(p.id) and p.id not in reading.profile.completed]
        target_id = named_targets[0].id if named_targets else self.catalogue.graph.common_target(completed)
        if target_id is None:
            return Reply(answer=self.composer.no_larger_credential(completed, reading.language),
                         intent=reading.intent.value, profile=reading.profile,
                         sources=answers.program_sources(completed))
        plan = self._plan(target_id, reading)
        assert plan is not None, "what completed programs stack into has components, so a plan"
        return self._plan_reply(reading, plan, self.composer.plan(plan, reading.language)
                                + self.composer.next_up(plan.target, reading.language))

    def _plan(self, target_id: str, reading: Reading) -> Plan | None:
        return plan_pathway(self.catalogue.graph, target_id, completed=set(reading.profile.completed),
                            flt=self._filter(reading, exclude_completed=False), language=reading.language)

    def _plan_reply(self, reading: Reading, plan: Plan, lines: list[str], with_target: bool = False) -> Reply:
        """A reply carrying a pathway; the programs shown are the open steps that fit."""
        language = reading.language
        open_steps = [self.catalogue.program(s.id) for s in plan.steps if s.status != "done" and s.fits]
        cards = [self.composer.card_for(p, self.composer.plan_step_reason(p, plan.target, language))
                 for p in open_steps if p is not None]
        if with_target and plan.target.id not in reading.profile.completed \
                and self._filter(reading, exclude_completed=False).accepts(plan.target):
            cards.append(self.composer.card_for(plan.target, self.composer.plan_target_reason(language)))
        mentioned = [plan.target, *(self.catalogue.program(s.id) for s in plan.steps),
                     *(c.program for c in self.catalogue.graph.ladder(plan.target.id))]
        return Reply(answer="\n".join(lines).strip(), intent=reading.intent.value, programs=cards,
                     pathway=plan.to_pathway(), profile=reading.profile,
                     sources=answers.program_sources([p for p in mentioned if p]))

    def _reply_about(self, reading: Reading, programs: list[Program], lines: list[str]) -> Reply:
        """A reply about named programs: cards only for those that meet the stated constraints."""
        flt = self._filter(reading, exclude_completed=False)
        lines += self.composer.outside([p for p in programs if not flt.accepts(p)], reading.profile, reading.language)
        related = list(programs)
        for program in programs:
            related += [c.program for c in self.catalogue.graph.ladder(program.id)]
        cards = [self.composer.card_for(p, self.composer.asked_about(p, programs[-1], reading.language))
                 for p in programs if flt.accepts(p)]
        return Reply(answer="\n".join(lines).strip(), intent=reading.intent.value, programs=cards,
                     profile=reading.profile, sources=answers.program_sources(related))

    def _compare(self, reading: Reading, conversation: Conversation) -> Reply:
        programs = reading.named
        flt = self._filter(reading, exclude_completed=False)
        cards = [self.composer.card_for(p, self.composer.named(reading.language)) for p in programs if flt.accepts(p)]
        return Reply(answer=self.composer.compare(programs, reading.language), intent=reading.intent.value,
                     programs=cards, profile=reading.profile, sources=answers.program_sources(programs))

    # ---- helpers -------------------------------------------------------------------

    def _filter(self, reading: Reading, exclude_completed: bool = True) -> ProgramFilter:
        """The learner's constraints, narrowed to the centre's scope when there is one; a
        constraint on something the catalogue records for no program (levels in an export
        without them) is left out and named in ``reading.unjudged``, since it would rule out
        every program."""
        flt = reading.profile.program_filter(exclude_completed=exclude_completed)
        unjudged = flt.unjudged(self.catalogue.recorded)
        if unjudged:
            flt = flt.replace(**{c.field: None for c in unjudged})
            reading.unjudged = [c.name for c in unjudged]
        return reading.scope.narrow(flt) if reading.scope is not None else flt

    def title_of(self, program_id: str) -> str:
        """A program's title, or its id when the catalogue no longer has it."""
        return self._title(program_id)

    def _title(self, program_id: str) -> str:
        program = self.catalogue.program(program_id)
        return program.title if program else program_id

    def _shown(self, conversation: Conversation) -> list[Program]:
        return [p for p in (self.catalogue.program(i) for i in conversation.shown) if p]

    def _mentioned(self, recs: list[Recommendation]) -> list[Program]:
        """Records the answer names besides the recommendations (stack targets, prerequisites)."""
        mentioned = []
        for rec in recs:
            for program_id in [*(link.target for link in rec.program.stacks_into), *rec.program.prerequisites]:
                program = self.catalogue.program(program_id)
                if program:
                    mentioned.append(program)
                    mentioned += [c.program for c in self.catalogue.graph.ladder(program.id)]
        return mentioned
