"""Replies from one catalogue snapshot: one handler per intent, every fact from a record or passage."""
from __future__ import annotations

from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import Program
from knowledge_base.text import clean_text

from knowledge_base.escaping import md, md_cell

from . import answers
from .constraints import ProgramFilter
from .credentials import MAX_CREDENTIALS, CredentialError, EarnedCredential
from .earned import match_credentials
from .i18n import N_, text
from .models import Conversation, ProgramCard, Reply
from .pathways import plan_pathway
from .profile import Profile
from .redaction import redact
from .retrieval import Recommendation, Recommender
from .understanding import Intent, MessageReader, Reading
from .understanding.reader import MAX_MESSAGE_CHARS

WELCOME = N_(
    "Hello! Tell me the work you are aiming for and what fits your life (budget, time, online or in person, "
    "province), and I will suggest programs from the catalogue, explain how they stack into larger credentials, "
    "and answer questions such as \"What is a micro-credential?\"."
)


class Responder:
    """Answers learners from one catalogue snapshot; never changes, so conversations (and
    threads) can share it."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.reader = MessageReader(catalogue)
        self.recommender = Recommender(catalogue)

    def reply(self, message: str, conversation: Conversation) -> Reply:
        """Answer ``message`` and update ``conversation`` (profile, last shown programs)."""
        # Normalised before it is cut: what is read, stored and shown is at most the limit.
        message = clean_text(message or "", MAX_MESSAGE_CHARS).strip()
        if not message:
            welcome = text(conversation.profile.writes_in)(WELCOME)
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
            t = text(reading.language)
            reply = Reply(answer=t("Let's start over.") + " " + t(WELCOME), intent=reading.intent.value,
                          profile=Profile(writes_in=reading.language))
        else:
            conversation.profile = reading.profile
            reading.scope = conversation.scope
            if reading.refines_only and conversation.plan_target and self.catalogue.program(conversation.plan_target):
                # "only online please" after a plan: the same credential, planned again
                reading.intent = Intent.REQUIREMENTS
                reading.named = [self.catalogue.program(conversation.plan_target)]
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
            raise CredentialError("credentials", f"a conversation keeps at most {MAX_CREDENTIALS} credentials and "
                                                 f"this one has {len(profile.earned)}: start over to hand over others")
        profile.earned = [*profile.earned, *new]
        profile.completed = sorted(set(profile.completed) | {e.matched for e in earned if e.matched})
        matched = [p for p in (self.catalogue.program(e.matched) for e in earned if e.matched) if p]
        language = conversation.language or profile.writes_in or "en"
        return Reply(answer=answers.earned_answer(earned, self._title, language),
                     intent="credentials", profile=profile, sources=answers.program_sources(matched))

    # ---- intents -------------------------------------------------------------------

    def _greeting(self, reading: Reading, conversation: Conversation) -> Reply:
        return Reply(answer=text(reading.language)(WELCOME), intent=reading.intent.value, profile=reading.profile)

    def _refuse(self, reading: Reading, conversation: Conversation) -> Reply:
        """Instructions aimed at the assistant: it keeps to the catalogue and recommends nothing."""
        t = text(reading.language)
        refusal = t(
            "I can only help you find programs in this catalogue and answer questions about micro-credentials, so "
            "I will not follow instructions like that. What kind of work or skills are you aiming for?")
        return Reply(answer=refusal, intent=reading.intent.value,
                     profile=reading.profile, nothing_fits=True)

    def _definition(self, reading: Reading, conversation: Conversation) -> Reply:
        hits = self.recommender.passages(reading.topic or reading.profile.goal or "", limit=2,
                                        language=reading.language)
        quotes = answers.quotes_from(hits)
        answer = answers.definition_answer(quotes, reading.language)
        shown = self._shown(conversation)
        ladder = answers.ladder_summary(self.catalogue, shown, reading.language) if shown else []
        if ladder:  # "they're just badges, does that matter?": what the programs just shown add up to
            t = text(reading.language)
            heading = t("**What the programs you saw add up to:**")
            answer += "\n\n" + "\n".join([heading] + [f"- {i}" for i in ladder])
        related = [p for p in shown if p.stacks_into] if ladder else []
        targets = [self.catalogue.program(l.target) for p in related for l in p.stacks_into]
        return Reply(
            answer=answer, intent=reading.intent.value, quotes=quotes, profile=reading.profile,
            sources=answers.document_sources(quotes) + answers.program_sources([p for p in targets if p]),
        )

    def _search(self, reading: Reading, conversation: Conversation) -> Reply:
        profile = reading.profile
        if reading.uncovered and reading.new_topic is None:
            return Reply(answer=answers.uncovered_answer(reading.uncovered[0], reading.language),
                         intent=reading.intent.value, profile=profile, nothing_fits=True,
                         topic=reading.asked or reading.uncovered[0])
        if reading.browse:
            return self._browse(reading)
        if not profile.goal and not profile.fields:
            t = text(reading.language)
            answer = t("What kind of work or skills are you aiming for? For example: \"data analysis\", "
                       "\"personal support worker\" or \"cloud computing\".")
            if profile.has_constraints():
                noted = ", ".join(answers.constraint_phrases(profile, reading.language))
                answer = t("Noted: {constraints}.", constraints=noted) + " " + answer
            return Reply(answer=answer, intent=reading.intent.value, profile=profile)
        flt = self._filter(reading)
        vector = self.recommender.query_vector(profile)
        recs = self.recommender.recommend(profile, flt, vector=vector)
        if not recs:
            relaxations = self.recommender.relaxations(profile, flt, vector=vector)
            return Reply(
                answer=answers.nothing_fits_answer(profile, relaxations, reading.language),
                intent=reading.intent.value, profile=profile, nothing_fits=True,
                sources=answers.program_sources([p for r in relaxations for p in r.programs]),
            )
        cards = [answers.card(self.catalogue, rec, profile, reading.language) for rec in recs]
        lead, notes = answers.recommendation_parts(self.catalogue, recs, profile, reading.language)
        quotes = answers.quotes_from(self.recommender.passages(reading.topic, limit=1, language=reading.language)) \
            if reading.also_define else []
        answer = answers.recommendations_answer(lead, recs, cards, notes, reading.language)
        pathway, plan_programs = None, []
        target_id = self._common_target([r.program for r in recs]) if reading.wants_pathway else None
        if target_id is not None:  # "how do I get there from here?": the plan towards what they add up to
            plan = self._plan(target_id, reading)
            answer += "\n\n" + "\n".join(answers.plan_text(plan, self.catalogue, reading.language))
            pathway = plan.to_pathway()
            plan_programs = [p for p in (self.catalogue.program(s.id) for s in plan.steps) if p] + [plan.target]
        if quotes:
            answer += "\n\n" + answers.definition_answer(quotes, reading.language)
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
            relaxations = []
            return Reply(answer=answers.nothing_fits_answer(profile, relaxations, reading.language),
                         intent=reading.intent.value, profile=profile, nothing_fits=True)
        cards = [answers.card(self.catalogue, rec, profile, reading.language) for rec in recs]
        lead = answers.browse_lead(len(recs), profile, reading.language)
        _, notes = answers.recommendation_parts(self.catalogue, recs, profile, reading.language)
        return Reply(
            answer=answers.recommendations_answer(lead, recs, cards, notes, reading.language), lead=lead,
            notes=notes, intent=reading.intent.value, programs=cards, profile=profile,
            sources=answers.program_sources([r.program for r in recs] + self._mentioned(recs)),
        )

    def _program(self, reading: Reading, conversation: Conversation) -> Reply:
        """A question about one named program: its card, prerequisites and ladder."""
        program = reading.named[0]
        lines = [answers.program_block(None, program, self._card(program, ""), reading.language), ""]
        lines += self._prerequisite_lines(program, reading.profile, reading.language)
        t = text(reading.language)
        lines += ["", t("**How it stacks:** {ladder}",
                        ladder=answers.ladder_text(self.catalogue, program, reading.language))]
        reply = self._reply_about(reading, [program], lines)
        if reading.also_define:  # "what does it cost, and can I get help paying?"
            quotes = answers.quotes_from(self.recommender.passages(reading.topic, limit=1, language=reading.language))
            reply.answer += "\n\n" + answers.definition_answer(quotes, reading.language)
            reply.quotes, reply.sources = quotes, reply.sources + answers.document_sources(quotes)
        return reply

    def _prerequisites(self, reading: Reading, conversation: Conversation) -> Reply:
        program = next((p for p in reading.named if p.id not in reading.profile.completed), reading.named[0])
        lines = self._prerequisite_lines(program, reading.profile, reading.language)
        lines += ["", answers.program_block(None, program, self._card(program, ""), reading.language)]
        chain = [p for p in self.catalogue.graph.prerequisites_of(program.id) if p.id not in reading.profile.completed]
        return self._reply_about(reading, [*chain, program], lines)

    def _prerequisite_lines(self, program: Program, profile: Profile, language: str = "en") -> list[str]:
        t = text(language)
        chain = self.catalogue.graph.prerequisites_of(program.id)
        missing = [p for p in chain if p.id not in profile.completed]
        unlisted = answers.unlisted_prerequisites(program, self.catalogue, language)
        title = md(program.title)
        if not chain:
            return [unlisted] if unlisted else [t("**{title}** has no prerequisites: you can take it right away.",
                                                  title=title)]
        if not missing:
            if unlisted:
                return [t("You have completed every prerequisite of **{title}** in this catalogue.", title=title)
                        + " " + unlisted]
            return [t("You have completed every prerequisite of **{title}** in this catalogue: you can take it "
                      "right away.", title=title)]
        direct = [self._title(pid) for pid in program.prerequisites if self.catalogue.program(pid)]
        lines = [t("**{title}** requires {programs} first.", title=title,
                   programs=t.join([md(d) for d in direct]))]
        if len(missing) > len(direct) or [p.title for p in missing] != direct:
            lines.append(t("Counting their own prerequisites, you need: {programs}.",
                           programs=", ".join(md(p.title) for p in missing)))
        lines.append(t("Take them in this order: {order}.",
                       order=" → ".join([md(p.title) for p in missing] + [title])))
        return lines + ([unlisted] if unlisted else [])

    def _stack(self, reading: Reading, conversation: Conversation) -> Reply:
        """How a program (named, or those just shown) stacks into larger credentials."""
        graph = self.catalogue.graph
        subject = reading.named[0] if reading.named else None
        target_id = None
        if subject is None:
            target_id = self._common_target(self._shown(conversation))
            if target_id is None:
                return self._definition(reading, conversation)
        elif subject.stacks_into:
            target_id = subject.stacks_into[0].target
        elif graph.is_stack_target(subject.id):
            return self._requirements(reading, conversation)
        else:
            return self._reply_about(reading, [subject], [answers.ladder_text(self.catalogue, subject,
                                                                              reading.language)])
        plan = self._plan(target_id, reading)
        if plan is None:
            return self._reply_about(reading, [subject] if subject else [],
                                     [answers.ladder_text(self.catalogue, subject, reading.language)])
        lines = []
        if subject is not None:
            lines += [answers.ladder_text(self.catalogue, subject, reading.language),
                      answers.other_components_text(self.catalogue, plan.target, subject.id, reading.language), ""]
        else:
            t = text(reading.language)
            lines += [t("Those programs stack into **{title}**.", title=md(plan.target.title)),
                      ""]
        lines += answers.plan_text(plan, self.catalogue, reading.language)
        lines += self._above(plan.target, reading.language)
        return self._plan_reply(reading, plan, lines, with_target=subject is None)

    def _requirements(self, reading: Reading, conversation: Conversation) -> Reply:
        graph = self.catalogue.graph
        target = next((p for p in reading.named if graph.is_stack_target(p.id)), None)
        if target is None:
            subject = reading.named[0]
            if subject.stacks_into:
                return self._stack(reading, conversation)
            return self._prerequisites(reading, conversation)
        plan = self._plan(target.id, reading)
        return self._plan_reply(reading, plan, answers.plan_text(plan, self.catalogue, reading.language)
                                + self._above(target, reading.language))

    def _progress(self, reading: Reading, conversation: Conversation) -> Reply:
        completed = [p for p in (self.catalogue.program(i) for i in reading.profile.completed) if p]
        graph = self.catalogue.graph
        named_targets = [p for p in reading.named if graph.is_stack_target(p.id) and p.id not in reading.profile.completed]
        target_id = named_targets[0].id if named_targets else self._common_target(completed)
        if target_id is None:
            t = text(reading.language)
            titles = ", ".join(md(p.title) for p in completed) or t("those programs")
            return Reply(answer=t("{programs} do not count towards a larger credential in this catalogue.",
                                  programs=titles),
                         intent=reading.intent.value, profile=reading.profile,
                         sources=answers.program_sources(completed))
        plan = self._plan(target_id, reading)
        return self._plan_reply(reading, plan, answers.plan_text(plan, self.catalogue, reading.language)
                                + self._above(plan.target, reading.language))

    def _plan(self, target_id: str, reading: Reading):
        return plan_pathway(self.catalogue.graph, target_id, completed=set(reading.profile.completed),
                            flt=self._filter(reading, exclude_completed=False), language=reading.language)

    def _above(self, target: Program, language: str) -> list[str]:
        ladder = self.catalogue.graph.ladder(target.id)
        if not ladder:
            return []
        t = text(language)
        return ["", t("**Next up the ladder:** {ladder}",
                      ladder=answers.ladder_text(self.catalogue, target, language))]

    def _plan_reply(self, reading: Reading, plan, lines: list[str], with_target: bool = False) -> Reply:
        """A reply carrying a pathway; the programs shown are the open steps that fit."""
        t = text(reading.language)
        open_steps = [self.catalogue.program(s.id) for s in plan.steps if s.status != "done" and s.fits]
        components = {c.program.id for c in self.catalogue.graph.components(plan.target.id)}
        cards = [self._card(p, t("Counts towards {title}.", title=plan.target.title) if p.id in components
                            else t("Prerequisite on the way to {title}.", title=plan.target.title))
                 for p in open_steps if p is not None]
        if with_target and plan.target.id not in reading.profile.completed \
                and self._filter(reading, exclude_completed=False).accepts(plan.target):
            cards.append(self._card(plan.target, t("The credential these steps lead to.")))
        mentioned = [plan.target, *(self.catalogue.program(s.id) for s in plan.steps),
                     *(c.program for c in self.catalogue.graph.ladder(plan.target.id))]
        return Reply(answer="\n".join(lines).strip(), intent=reading.intent.value, programs=cards,
                     pathway=plan.to_pathway(), profile=reading.profile,
                     sources=answers.program_sources([p for p in mentioned if p]))

    def _reply_about(self, reading: Reading, programs: list[Program], lines: list[str]) -> Reply:
        """A reply about named programs: cards only for those that meet the stated constraints."""
        t = text(reading.language)
        flt = self._filter(reading, exclude_completed=False)
        outside = [p for p in programs if not flt.accepts(p)]
        if outside and reading.profile.has_constraints():
            lines += ["", t.plural("Note: {programs} does not fit what you asked for ({constraints}).",
                                   "Note: {programs} do not fit what you asked for ({constraints}).", len(outside),
                                   programs=", ".join(md(p.title) for p in outside),
                                   constraints=", ".join(answers.constraint_phrases(reading.profile,
                                                                                    reading.language)))]
        related = list(programs)
        for program in programs:
            related += [c.program for c in self.catalogue.graph.ladder(program.id)]
        cards = [self._card(p, t("The program you asked about.") if p is programs[-1] else
                            t("Take before {title}.", title=programs[-1].title)) for p in programs if flt.accepts(p)]
        return Reply(answer="\n".join(lines).strip(), intent=reading.intent.value, programs=cards,
                     profile=reading.profile, sources=answers.program_sources(related))

    def _common_target(self, programs: list[Program]) -> str | None:
        """The credential most of ``programs`` count towards (earlier ones weigh more)."""
        votes: dict[str, float] = {}
        for rank, program in enumerate(programs):
            for link in program.stacks_into:
                votes[link.target] = votes.get(link.target, 0) + 1 / (rank + 1)
            if self.catalogue.graph.is_stack_target(program.id):
                votes[program.id] = votes.get(program.id, 0) + 1 / (rank + 1)
        known = {t: v for t, v in votes.items() if self.catalogue.program(t)}
        return max(known, key=known.get) if known else None

    def _compare(self, reading: Reading, conversation: Conversation) -> Reply:
        language = reading.language
        t = text(language)
        programs = reading.named
        flt = self._filter(reading, exclude_completed=False)
        rows = [
            (t("Provider"), lambda p: md(p.provider)),
            (t("Type"), lambda p: t.label(p.credential_type.value)),
            (t("Cost"), lambda p: t.money(p.cost, p.currency)),
            (t("Length"), lambda p: t.weeks(p.duration_weeks) if p.duration_weeks is not None else "–"),
            (t("Hours per week"), lambda p: t.number(p.hours_per_week) if p.hours_per_week is not None else "–"),
            (t("Delivery"), lambda p: ", ".join(t.label(v.value) for v in (p.delivery, p.pace) if v)
             or "–"),
            (t("Level"), lambda p: t.label(p.level.value) if p.level else "–"),
            (t("Region"), lambda p: p.region or "–"),
            (t("Prerequisites"), lambda p: ", ".join(md(self._title(i)) for i in p.prerequisites) or t("none")),
            (t("Stacks into"), lambda p: "; ".join(answers.stack_text(h, language)
                                                   for h in answers.stack_hints(self.catalogue, p)) or "–"),
            (t("Funding"), lambda p: ", ".join(md(f) for f in p.funding) or "–"),
            (t("Next start"), lambda p: t.date(p.next_start) if p.next_start else "–"),
        ]
        header = "| | " + " | ".join(f"**{md_cell(p.title)}**" for p in programs) + " |"
        lines = [t("Here is how they compare:"), "", header, "|---|" + "---|" * len(programs)]
        for name, value in rows:
            lines.append(f"| {name} | " + " | ".join(str(value(p)).replace("|", "/") for p in programs) + " |")
        prerequisite_of = [(a, b) for a in programs for b in programs if a.id in b.prerequisites]
        for first, then in prerequisite_of:
            lines += ["", t("{first} is a prerequisite of {then}, so take it first.", first=md(first.title),
                            then=md(then.title))]
        cards = [self._card(p, t("Named in your question.")) for p in programs if flt.accepts(p)]
        return Reply(answer="\n".join(lines), intent=reading.intent.value, programs=cards, profile=reading.profile,
                     sources=answers.program_sources(programs))

    # ---- helpers -------------------------------------------------------------------

    def _filter(self, reading: Reading, exclude_completed: bool = True) -> ProgramFilter:
        """The learner's constraints, narrowed to the centre's scope when there is one."""
        flt = reading.profile.program_filter(exclude_completed=exclude_completed)
        return reading.scope.narrow(flt) if reading.scope is not None else flt

    def _card(self, program: Program, reason: str) -> ProgramCard:
        return ProgramCard.of(program, reason, answers.prerequisite_hints(self.catalogue, program),
                              answers.stack_hints(self.catalogue, program))

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
            for program_id in [*(l.target for l in rec.program.stacks_into), *rec.program.prerequisites]:
                program = self.catalogue.program(program_id)
                if program:
                    mentioned.append(program)
                    mentioned += [c.program for c in self.catalogue.graph.ladder(program.id)]
        return mentioned
