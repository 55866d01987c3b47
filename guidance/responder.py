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
            welcome = self.composer.speaking(conversation.language or conversation.profile.writes_in).welcome()
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
        say = self.composer.speaking(reading.language)  # every sentence of this turn in its language
        if reading.intent == Intent.RESET:
            conversation.reset()
            reply = Reply(answer=say.start_over(), intent=reading.intent.value,
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
            reply = handler(reading, conversation, say)
        if reply.pathway is not None:
            # A plan is read as its numbered steps: "the first one" is its step 1, done or not.
            conversation.shown = [step.id for step in reply.pathway.steps]
            conversation.plan_target = reply.pathway.target
        else:
            if reply.programs:
                conversation.shown = [card.id for card in reply.programs]
            if reply.programs or reply.intent == Intent.RESET:
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
        return Reply(answer=self.composer.speaking(language).earned(earned, self._title),
                     intent="credentials", profile=profile, sources=answers.program_sources(matched))

    # ---- intents -------------------------------------------------------------------

    def _greeting(self, reading: Reading, conversation: Conversation, say: answers.Composer) -> Reply:
        return Reply(answer=say.welcome(), intent=reading.intent.value,
                     profile=reading.profile)

    def _refuse(self, reading: Reading, conversation: Conversation, say: answers.Composer) -> Reply:
        """Instructions aimed at the assistant: it keeps to the catalogue and recommends nothing."""
        return Reply(answer=say.refusal(), intent=reading.intent.value,
                     profile=reading.profile, nothing_fits=True)

    def _definition(self, reading: Reading, conversation: Conversation, say: answers.Composer) -> Reply:
        hits = self.recommender.passages(reading.topic or reading.profile.goal or "", limit=2,
                                        language=reading.language)
        quotes = say.quotes(hits)
        answer = say.definition(quotes)
        # "they're just badges, does that matter?": what the programs just shown add up to
        shown = self._shown(conversation) if reading.refers_to_shown else []
        ladder = say.what_they_add_up_to(shown)
        if ladder:
            answer += "\n\n" + ladder
        related = [p for p in shown if p.stacks_into] if ladder else []
        targets = [self.catalogue.program(link.target) for p in related for link in p.stacks_into]
        return Reply(
            answer=answer, intent=reading.intent.value, quotes=quotes, profile=reading.profile,
            sources=answers.document_sources(quotes) + answers.program_sources([p for p in targets if p]),
        )

    def _search(self, reading: Reading, conversation: Conversation, say: answers.Composer) -> Reply:
        profile = reading.profile
        if reading.browse:
            return self._browse(reading, say)
        if not profile.goal and not profile.fields:
            return Reply(answer=say.ask_for_goal(profile), intent=reading.intent.value,
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
            return Reply(answer=say.uncovered(asked), intent=reading.intent.value,
                         profile=profile, nothing_fits=True, topic=asked)
        if not recs:
            return Reply(
                answer="\n\n".join([say.nothing_fits(_without(profile, reading.unjudged), relaxations),
                                     *say.unjudged(reading.unjudged)]),
                intent=reading.intent.value, profile=profile, nothing_fits=True,
                sources=answers.program_sources([p for r in relaxations for p in r.programs]),
            )
        said = _without(profile, reading.unjudged)  # a constraint not checked is never said to fit
        cards = [say.card(rec, said) for rec in recs]
        lead, notes = say.recommendation_parts(recs, said, reading.order)
        notes += say.unjudged(reading.unjudged)
        quotes = say.quotes(self.recommender.passages(reading.topic, limit=1, language=reading.language)) \
            if reading.also_define else []
        answer = say.recommendations(lead, recs, cards, notes)
        pathway, plan_programs = None, []
        target_id = self.catalogue.graph.common_target([r.program for r in recs]) if reading.wants_pathway else None
        plan = self._plan(target_id, reading) if target_id is not None else None
        if plan is not None:  # "how do I get there from here?": the plan towards what they add up to
            answer += "\n\n" + "\n".join(say.plan(plan))
            pathway = plan.to_pathway()
            plan_programs = [p for p in (self.catalogue.program(s.id) for s in plan.steps) if p] + [plan.target]
        if quotes:
            answer += "\n\n" + say.definition(quotes)
        return Reply(
            answer=answer, lead=lead, notes=notes, intent=reading.intent.value, programs=cards, profile=profile,
            quotes=quotes, pathway=pathway,
            sources=answers.program_sources([r.program for r in recs] + self._mentioned(recs) + plan_programs)
            + answers.document_sources(quotes),
        )

    def _browse(self, reading: Reading, say: answers.Composer) -> Reply:
        """Constraints and no field ("anything free?"): what fits, soonest first."""
        profile = reading.profile
        recs = self.recommender.browse(profile, self._filter(reading))
        if not recs:
            return Reply(answer=say.nothing_fits(profile, []),
                         intent=reading.intent.value, profile=profile, nothing_fits=True)
        cards = [say.card(rec, profile) for rec in recs]
        lead = say.browse_lead(len(recs), profile)
        _, notes = say.recommendation_parts(recs, profile)
        return Reply(
            answer=say.recommendations(lead, recs, cards, notes), lead=lead,
            notes=notes, intent=reading.intent.value, programs=cards, profile=profile,
            sources=answers.program_sources([r.program for r in recs] + self._mentioned(recs)),
        )

    def _program(self, reading: Reading, conversation: Conversation, say: answers.Composer) -> Reply:
        """A question about one named program: its card, prerequisites and ladder."""
        program = reading.named[0]
        lines = [say.program_block(program), ""]
        lines += say.prerequisites(program, reading.profile)
        lines += ["", say.how_it_stacks(program)]
        reply = self._reply_about(reading, say, [program], lines)
        if reading.also_define:  # "what does it cost, and can I get help paying?"
            quotes = say.quotes(self.recommender.passages(reading.topic, limit=1, language=reading.language))
            reply.answer += "\n\n" + say.definition(quotes)
            reply.quotes, reply.sources = quotes, reply.sources + answers.document_sources(quotes)
        return reply

    def _prerequisites(self, reading: Reading, conversation: Conversation, say: answers.Composer) -> Reply:
        program = next((p for p in reading.named if p.id not in reading.profile.completed), reading.named[0])
        lines = say.prerequisites(program, reading.profile)
        lines += ["", say.program_block(program)]
        chain = [p for p in self.catalogue.graph.prerequisites_of(program.id) if p.id not in reading.profile.completed]
        return self._reply_about(reading, say, [*chain, program], lines)

    def _stack(self, reading: Reading, conversation: Conversation, say: answers.Composer) -> Reply:
        """How a program (named, or those just shown) stacks into larger credentials; ``decide``
        has already sent credentials to their requirements, and a question with nothing to stack
        to the documents."""
        subject = reading.named[0] if reading.named else None
        if subject is None:
            target_id = self.catalogue.graph.common_target(self._shown(conversation))
        elif subject.stacks_into:
            target_id = subject.stacks_into[0].target
        else:
            return self._reply_about(reading, say, [subject], [say.ladder(subject)])
        if target_id is None:
            return self._definition(reading, conversation, say)
        plan = self._plan(target_id, reading)
        if plan is None:
            if subject is None:
                return self._definition(reading, conversation, say)
            return self._reply_about(reading, say, [subject], [say.ladder(subject)])
        lines = []
        if subject is not None:
            lines += [say.ladder(subject),
                      say.other_components(plan.target, subject.id), ""]
        else:
            lines += [say.stacked_into(plan.target), ""]
        lines += say.plan(plan)
        lines += say.next_up(plan.target)
        return self._plan_reply(reading, say, plan, lines, with_target=subject is None)

    def _requirements(self, reading: Reading, conversation: Conversation, say: answers.Composer) -> Reply:
        """What a named credential requires (``decide`` sends other programs to their ladder or
        prerequisites)."""
        target = next(p for p in reading.named if self.catalogue.graph.is_stack_target(p.id))
        plan = self._plan(target.id, reading)
        assert plan is not None, "a stack target has components, so a plan"
        return self._plan_reply(reading, say, plan, say.plan(plan)
                                + say.next_up(target))

    def _progress(self, reading: Reading, conversation: Conversation, say: answers.Composer) -> Reply:
        completed = [p for p in (self.catalogue.program(i) for i in reading.profile.completed) if p]
        graph = self.catalogue.graph
        named_targets = [p for p in reading.named
                         if graph.is_stack_target(p.id) and p.id not in reading.profile.completed]
        target_id = named_targets[0].id if named_targets else self.catalogue.graph.common_target(completed)
        if target_id is None:
            return Reply(answer=say.no_larger_credential(completed),
                         intent=reading.intent.value, profile=reading.profile,
                         sources=answers.program_sources(completed))
        plan = self._plan(target_id, reading)
        assert plan is not None, "what completed programs stack into has components, so a plan"
        return self._plan_reply(reading, say, plan, say.plan(plan)
                                + say.next_up(plan.target))

    def _plan(self, target_id: str, reading: Reading) -> Plan | None:
        return plan_pathway(self.catalogue.graph, target_id, completed=set(reading.profile.completed),
                            flt=self._filter(reading, exclude_completed=False), language=reading.language)

    def _plan_reply(self, reading: Reading, say: answers.Composer, plan: Plan, lines: list[str],
                    with_target: bool = False) -> Reply:
        """A reply carrying a pathway; the programs shown are the open steps that fit."""
        open_steps = [self.catalogue.program(s.id) for s in plan.steps if s.status != "done" and s.fits]
        cards = [say.card_for(p, say.plan_step_reason(p, plan.target))
                 for p in open_steps if p is not None]
        if with_target and plan.target.id not in reading.profile.completed \
                and self._filter(reading, exclude_completed=False).accepts(plan.target):
            cards.append(say.card_for(plan.target, say.plan_target_reason()))
        mentioned = [plan.target, *(self.catalogue.program(s.id) for s in plan.steps),
                     *(c.program for c in self.catalogue.graph.ladder(plan.target.id))]
        return Reply(answer="\n".join(lines).strip(), intent=reading.intent.value, programs=cards,
                     pathway=plan.to_pathway(), profile=reading.profile,
                     sources=answers.program_sources([p for p in mentioned if p]))

    def _reply_about(self, reading: Reading, say: answers.Composer, programs: list[Program],
                     lines: list[str]) -> Reply:
        """A reply about named programs: cards only for those that meet the stated constraints."""
        flt = self._filter(reading, exclude_completed=False)
        lines += say.outside([p for p in programs if not flt.accepts(p)], reading.profile)
        related = list(programs)
        for program in programs:
            related += [c.program for c in self.catalogue.graph.ladder(program.id)]
        cards = [say.card_for(p, say.asked_about(p, programs[-1]))
                 for p in programs if flt.accepts(p)]
        return Reply(answer="\n".join(lines).strip(), intent=reading.intent.value, programs=cards,
                     profile=reading.profile, sources=answers.program_sources(related))

    def _compare(self, reading: Reading, conversation: Conversation, say: answers.Composer) -> Reply:
        programs = reading.named
        flt = self._filter(reading, exclude_completed=False)
        cards = [say.card_for(p, say.named()) for p in programs if flt.accepts(p)]
        return Reply(answer=say.compare(programs), intent=reading.intent.value,
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
