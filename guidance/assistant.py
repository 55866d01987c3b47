"""The assistant: one reply per learner message, grounded in the catalogue and documents."""
from __future__ import annotations

from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import Program
from knowledge_base.search import ProgramFilter
from knowledge_base.settings import Settings, get_settings
from knowledge_base.store import Store

from . import answers
from .models import Conversation, ProgramCard, Reply
from .profile import Profile
from .retrieval import Recommendation, Recommender
from .understanding import Intent, MessageReader, Reading

WELCOME = (
    "Hello! Tell me the work you are aiming for and what fits your life (budget, time, online or in person, "
    "province), and I will suggest programs from the catalogue, explain how they stack into larger credentials, "
    "and answer questions such as \"What is a micro-credential?\"."
)


class Assistant:
    """Answers learners from one catalogue snapshot; safe to share between conversations."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.reader = MessageReader(catalogue)
        self.recommender = Recommender(catalogue)

    @classmethod
    def open(cls, settings: Settings | None = None) -> "Assistant":
        """Open the configured store, index the default content if it is empty, load it."""
        from ingest import ensure_defaults

        settings = settings or get_settings()
        store = Store.open(settings)
        ensure_defaults(store, settings)
        catalogue = Catalogue.load(store)
        catalogue.embed("warm up")  # load the model now, not during the first learner's question
        return cls(catalogue)

    def reply(self, message: str, conversation: Conversation) -> Reply:
        """Answer ``message`` and update ``conversation`` (profile, last shown programs)."""
        message = (message or "").strip()
        if not message:
            return Reply(answer=WELCOME, intent=Intent.GREETING.value, profile=conversation.profile)
        last_costs = [p.cost for p in self._shown(conversation) if p.cost is not None]
        reading = self.reader.read(message, conversation.profile, last_costs)
        if reading.intent == Intent.RESET:
            conversation.reset()
            reply = Reply(answer="Let's start over. " + WELCOME, intent=reading.intent.value, profile=Profile())
        else:
            conversation.profile = reading.profile
            handler = {
                Intent.GREETING: self._greeting, Intent.DEFINITION: self._definition,
                Intent.COMPARE: self._compare, Intent.PROGRAM: self._program, Intent.SEARCH: self._search,
            }[reading.intent]
            reply = handler(reading, conversation)
        if reply.programs:
            conversation.shown = [card.id for card in reply.programs]
        conversation.history.append((message, reply))
        return reply

    # ---- intents -------------------------------------------------------------------

    def _greeting(self, reading: Reading, conversation: Conversation) -> Reply:
        return Reply(answer=WELCOME, intent=reading.intent.value, profile=reading.profile)

    def _definition(self, reading: Reading, conversation: Conversation) -> Reply:
        hits = self.recommender.passages(reading.topic or reading.profile.goal or "", limit=2)
        quotes = answers.quotes_from(hits)
        return Reply(
            answer=answers.definition_answer(quotes, reading.language), intent=reading.intent.value,
            quotes=quotes, sources=answers.document_sources(quotes), profile=reading.profile,
        )

    def _search(self, reading: Reading, conversation: Conversation) -> Reply:
        profile = reading.profile
        if not profile.goal:
            text = answers.phrase("ask_goal", reading.language)
            if profile.has_constraints():
                text = answers.phrase("noted", reading.language, constraints=", ".join(profile.constraint_phrases())) + " " + text
            return Reply(answer=text, intent=reading.intent.value, profile=profile)
        flt = self._filter(profile)
        vector = self.catalogue.embed(self.recommender.query_text(profile))
        recs = self.recommender.recommend(profile, flt, vector=vector)
        if not recs:
            relaxations = self.recommender.relaxations(profile, flt, vector=vector)
            return Reply(
                answer=answers.nothing_fits_answer(profile, relaxations, reading.language),
                intent=reading.intent.value, profile=profile, nothing_fits=True,
                sources=answers.program_sources([p for r in relaxations for p in r.programs]),
            )
        cards = [answers.card(self.catalogue, rec, profile) for rec in recs]
        lead, notes = answers.recommendation_parts(self.catalogue, recs, profile, reading.language)
        return Reply(
            answer=answers.recommendations_answer(lead, recs, cards, notes, reading.language),
            lead=lead, notes=notes, intent=reading.intent.value, programs=cards, profile=profile,
            sources=answers.program_sources([r.program for r in recs] + self._mentioned(recs)),
        )

    def _program(self, reading: Reading, conversation: Conversation) -> Reply:
        program = reading.named[0]
        profile = reading.profile
        flt = self._filter(profile, exclude_completed=False)
        chain = self.prerequisite_chain(program)
        done = set(profile.completed)
        lines = [answers.program_block(None, program, self._card(program, ""), reading.language), ""]
        if chain:
            missing = [p for p in chain if p.id not in done]
            if missing:
                lines.append(f"**Before {program.title}** you need: " + ", ".join(p.title for p in missing) + ".")
                lines.append("Take them in this order: " + " → ".join(p.title for p in missing) + f" → {program.title}.")
            else:
                lines.append(f"You have completed every prerequisite of {program.title}: you can take it right away.")
        else:
            lines.append(f"{program.title} has no prerequisites: you can take it right away.")
        ladder = self.ladder(program)
        if ladder:
            steps = [f"{program.title}"] + [
                f"counts for {answers.credits_text(credits)} credits towards **{target.title}**"
                + (f" ({answers.credits_text(target.credits_required)} credits required)" if target.credits_required else "")
                for target, credits in ladder
            ]
            lines += ["", "**How it stacks:** " + ", which ".join(steps) + "."]
        shown = [p for p in [*[p for p in chain if p.id not in done], program] if flt.accepts(p)]
        outside = [p for p in [program, *chain] if not flt.accepts(p)]
        if outside and profile.has_constraints():
            lines += ["", "Note: " + ", ".join(p.title for p in outside) + " does not fit what you asked for ("
                      + ", ".join(profile.constraint_phrases()) + ")."]
        cards = [self._card(p, "Prerequisite of " + program.title + "." if p is not program else "The program you asked about.")
                 for p in shown]
        related = [program, *chain, *[t for t, _ in ladder]]
        return Reply(answer="\n".join(lines).strip(), intent=reading.intent.value, programs=cards, profile=profile,
                     sources=answers.program_sources(related))

    def _compare(self, reading: Reading, conversation: Conversation) -> Reply:
        programs = reading.named
        flt = self._filter(reading.profile, exclude_completed=False)
        rows = [
            ("Provider", lambda p: p.provider), ("Type", lambda p: p.credential_type.value),
            ("Cost", lambda p: answers.money(p.cost, p.currency)),
            ("Length", lambda p: f"{p.duration_weeks:g} weeks" if p.duration_weeks is not None else "–"),
            ("Hours per week", lambda p: f"{p.hours_per_week:g}" if p.hours_per_week is not None else "–"),
            ("Delivery", lambda p: ", ".join(v.value for v in (p.delivery, p.pace) if v) or "–"),
            ("Level", lambda p: p.level.value if p.level else "–"), ("Region", lambda p: p.region or "–"),
            ("Prerequisites", lambda p: ", ".join(self._title(i) for i in p.prerequisites) or "none"),
            ("Stacks into", lambda p: "; ".join(answers.stack_text(h) for h in answers.stack_hints(self.catalogue, p)) or "–"),
            ("Funding", lambda p: ", ".join(p.funding) or "–"),
            ("Next start", lambda p: p.next_start.isoformat() if p.next_start else "–"),
        ]
        header = "| | " + " | ".join(f"**{p.title}**" for p in programs) + " |"
        lines = ["Here is how they compare:", "", header, "|---|" + "---|" * len(programs)]
        for label, value in rows:
            lines.append(f"| {label} | " + " | ".join(str(value(p)).replace("|", "/") for p in programs) + " |")
        prerequisite_of = [(a, b) for a in programs for b in programs if a.id in b.prerequisites]
        for first, then in prerequisite_of:
            lines += ["", f"{first.title} is a prerequisite of {then.title}, so take it first."]
        cards = [self._card(p, "Named in your question.") for p in programs if flt.accepts(p)]
        return Reply(answer="\n".join(lines), intent=reading.intent.value, programs=cards, profile=reading.profile,
                     sources=answers.program_sources(programs))

    # ---- helpers -------------------------------------------------------------------

    def _filter(self, profile: Profile, exclude_completed: bool = True) -> ProgramFilter:
        return profile.program_filter(exclude_completed=exclude_completed)

    def _card(self, program: Program, reason: str) -> ProgramCard:
        return ProgramCard.of(program, reason, answers.prerequisite_hints(self.catalogue, program),
                              answers.stack_hints(self.catalogue, program))

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
                    mentioned += [t for t, _ in self.ladder(program)]
        return mentioned

    def prerequisite_chain(self, program: Program) -> list[Program]:
        """Every prerequisite, transitively, in an order that respects each one (first to take first)."""
        order: list[Program] = []
        visiting: set[str] = set()

        def visit(current: Program) -> None:
            for pid in current.prerequisites:
                required = self.catalogue.program(pid)
                if required is None or required in order or pid in visiting:
                    continue
                visiting.add(pid)
                visit(required)
                order.append(required)

        visit(program)
        return order

    def ladder(self, program: Program) -> list[tuple[Program, float | None]]:
        """The credentials ``program`` counts towards, upward, following the first link each step."""
        steps: list[tuple[Program, float | None]] = []
        current, seen = program, {program.id}
        while current.stacks_into:
            link = current.stacks_into[0]
            target = self.catalogue.program(link.target)
            if target is None or target.id in seen:
                break
            steps.append((target, link.credits))
            seen.add(target.id)
            current = target
        return steps
