"""Composing answers: every statement comes from a catalogue record or a document passage."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge_base.catalogue import Catalogue
from knowledge_base.escaping import md, md_cell, md_link
from knowledge_base.schema import Passage, Program
from knowledge_base.search import Hit

from .constraints import CONSTRAINTS, constraint_name
from .earned import Earned
from .i18n import N_, Text, text
from .models import PathwayStep, ProgramCard, Quote, Source, StackHint
from .profile import Profile
from .retrieval import Recommendation, Relaxation

if TYPE_CHECKING:
    from .pathways import Plan

# Values of the catalogue's closed vocabularies, as a learner reads them (extracted for translation).
def facts_line(program: Program | ProgramCard, language: str = "en") -> str:
    """Cost, length, effort, delivery, place and start, from the record only, as Markdown."""
    t = text(language)
    parts = [t.money(program.cost, program.currency)]
    if program.duration_weeks is not None:
        parts.append(t.weeks(program.duration_weeks))
    if program.hours_per_week is not None:
        parts.append(t.hours_per_week(program.hours_per_week))
    if program.total_hours is not None:
        parts.append(t.plural("{n} hour in all", "{n} hours in all", program.total_hours))
    mode = ", ".join(t.label(getattr(v, "value", v)) for v in (program.delivery, program.pace) if v)
    if mode:
        parts.append(mode)
    if program.region:
        parts.append(md(t.place(program.region)))
    if program.language and program.language != language:
        parts.append({"fr": t("in French"), "en": t("in English")}.get(program.language, md(program.language)))
    if program.next_start:
        parts.append(t("next start {date}", date=t.date(program.next_start)))
    return " · ".join(parts)


@dataclass(frozen=True)
class CardText:
    """A program card in words: a Markdown heading, a line of facts, then Markdown lines."""

    heading: str
    facts: str
    lines: list[str]
    link_label: str


def card_lines(card: ProgramCard, t: Text) -> CardText:
    """What a card says: title, provider and type; cost, length and the rest; why it was chosen,
    what it requires and what it stacks into."""
    lines = [md(card.reason)] if card.reason else []
    if card.prerequisites:
        lines.append(t("Requires: {programs}",
                       programs=", ".join(hint_title(p, t.language) for p in card.prerequisites)))
    lines += [t("Stacks into: {credentials}", credentials=stack_text(hint, t.language)) for hint in card.stacks_into]
    return CardText(heading=f"**{md(card.title)}**  \n{md(card.provider)} · {t.label(card.credential_type)}",
                    facts=facts_line(card, t.language), lines=lines, link_label=t("Program page"))


def source_line(source: Source, t: Text) -> str:
    """One source as a Markdown list item: kind, linked title, section, page and id."""
    where = ", " + t("page {n}", n=source.page) if source.page else ""
    section = f", “{md(source.section)}”" if source.section else ""
    kind = t("Catalogue") if source.kind == "program" else t("Document")
    code = " ".join(source.id.split()).replace("`", "")  # a code span: nothing in it is read as Markdown
    return f"- {kind}: {md_link(source.title, source.url)}{section}{where} (`{code}`)"


def stack_hints(catalogue: Catalogue, program: Program) -> list[StackHint]:
    hints = []
    for link in program.stacks_into:
        target = catalogue.program(link.target)
        hints.append(StackHint(
            target=link.target, title=target.title if target else link.target, credits=link.credits,
            credits_required=target.credits_required if target else None, known=target is not None,
        ))
    return hints


def prerequisite_hints(catalogue: Catalogue, program: Program) -> list[StackHint]:
    hints = []
    for pid in program.prerequisites:
        known = catalogue.program(pid)
        hints.append(StackHint(target=pid, title=known.title if known else pid, known=known is not None))
    return hints


def hint_title(hint: StackHint, language: str) -> str:
    """What a learner reads for a linked program: its title, never the raw id of one the
    catalogue does not have."""
    t = text(language)
    return md(hint.title) if hint.known else t("a program that is not in this catalogue (ask the provider)")


def unlisted_prerequisites(program: Program, catalogue: Catalogue, language: str) -> str | None:
    """A sentence for prerequisites the catalogue does not have, or None when it has them all."""
    missing = [pid for pid in program.prerequisites if catalogue.program(pid) is None]
    if not missing:
        return None
    return text(language).plural(
        "One prerequisite of **{title}** is not in this catalogue: ask the provider what it is before you enrol.",
        "{n} prerequisites of **{title}** are not in this catalogue: ask the provider what they are before you "
        "enrol.", len(missing), title=md(program.title))


def credits_text(value: float | None, language: str = "en") -> str:
    return "?" if value is None else text(language).number(value)


def credits(value: float | None, language: str) -> str:
    """"3 credits", "1 credit", "? credits"."""
    t = text(language)
    if value is None:
        return t("? credits")
    return t.plural("{n} credit", "{n} credits", value)


def stack_text(hint: StackHint, language: str = "en") -> str:
    t = text(language)
    title = hint_title(hint, language)
    if hint.credits is None:
        return title
    if hint.credits_required:
        return t("{title} ({credits} of {required} credits)", title=title,
                 credits=credits_text(hint.credits, language), required=credits_text(hint.credits_required, language))
    return t("{title} ({credits})", title=title, credits=credits(hint.credits, language))


def reason_for(rec: Recommendation, profile: Profile, language: str = "en") -> str:
    t = text(language)
    program = rec.program
    reasons = []
    if rec.matched:
        reasons.append(t("matches {phrases}", phrases=", ".join(rec.matched[:3])))
    elif profile.goal:
        reasons.append(t("closely related to {goal}", goal=profile.goal_label or profile.goal))
    if profile.beginner and program.level and program.level.value == "introductory":
        reasons.append(t("introductory") if program.prerequisites else t("introductory, no prerequisites"))
    fits = constraint_phrases(profile, language)
    if fits:
        reasons.append(t("fits {constraints}", constraints=", ".join(fits)))
    joined = "; ".join(reasons)
    return joined[:1].upper() + joined[1:] + "." if joined else ""


def constraint_phrases(profile: Profile, language: str = "en") -> list[str]:
    """Short phrases for the profile's active constraints, in the table's order."""
    return profile.program_filter(exclude_completed=False).phrases(text(language))


def card(catalogue: Catalogue, rec: Recommendation, profile: Profile, language: str = "en") -> ProgramCard:
    return ProgramCard.of(rec.program, reason_for(rec, profile, language), prerequisite_hints(catalogue, rec.program),
                          stack_hints(catalogue, rec.program))


def program_block(number: int | None, program: Program, card_: ProgramCard, language: str) -> str:
    t = text(language)
    head = f"{number}. " if number is not None else ""
    lines = [f"{head}**{md(program.title)}** ({t.label(program.credential_type.value)}, "
             f"{md(program.provider)})", f"   {facts_line(program, language)}"]
    if card_.reason:
        lines.append("   " + t("Why: {reason}", reason=md(card_.reason)))
    if card_.prerequisites:
        lines.append("   " + t("Requires: {programs}",
                               programs=", ".join(hint_title(h, language) for h in card_.prerequisites)))
    if card_.stacks_into:
        lines.append("   " + t("Stacks into: {credentials}",
                               credentials="; ".join(stack_text(h, language) for h in card_.stacks_into)))
    if program.funding:
        lines.append("   " + t("Funding: {sources}", sources=", ".join(md(f) for f in program.funding)))
    if program.url:
        lines.append(f"   {md_link(t('Program page'), program.url)}")
    return "\n".join(lines)


def constraints_suffix(profile: Profile, language: str = "en") -> str:
    phrases = constraint_phrases(profile, language)
    return f" ({', '.join(md(p) for p in phrases)})" if phrases else ""


def recommendation_parts(catalogue: Catalogue, recs: list[Recommendation], profile: Profile,
                         language: str, order: str | None = None) -> tuple[str, list[str]]:
    """The lead line and the closing notes of a recommendation (``order``: "cost" or "weeks"
    when the learner asked for the cheapest or the shortest first)."""
    t = text(language)
    values = {"goal": md(profile.goal_label or profile.goal) or t("your goal"),
              "constraints": constraints_suffix(profile, language)}
    if order == "cost":
        lead = t.plural("Here is {n} program for **{goal}**{constraints}, cheapest first:",
                        "Here are {n} programs for **{goal}**{constraints}, cheapest first:", len(recs), **values)
    elif order == "weeks":
        lead = t.plural("Here is {n} program for **{goal}**{constraints}, shortest first:",
                        "Here are {n} programs for **{goal}**{constraints}, shortest first:", len(recs), **values)
    else:
        lead = t.plural("Here is {n} program for **{goal}**{constraints}, best match first:",
                        "Here are {n} programs for **{goal}**{constraints}, best match first:", len(recs), **values)
    notes = []
    if profile.beginner:
        first = next((r.program for r in recs if r.program.level and r.program.level.value == "introductory"
                      and not r.program.prerequisites), None)
        if first:
            notes.append(t("**Where to start:** {title}: it is {level} and has no prerequisites.",
                           title=md(first.title), level=t.label(first.level.value if first.level else None)))
    ladder = ladder_summary(catalogue, [r.program for r in recs], language)
    if ladder:
        notes.append("\n".join([t("**What it leads to:**")] + [f"- {item}" for item in ladder]))
    return lead, notes


def browse_lead(n: int, profile: Profile, language: str) -> str:
    return text(language).plural("Here is {n} program that fits{constraints}, soonest start first:",
                                 "Here are {n} programs that fit{constraints}, soonest start first:", n,
                                 constraints=constraints_suffix(profile, language))


def uncovered_answer(field: str, language: str) -> str:
    t = text(language)
    return t("The catalogue has no programs in **{field}**. Try a related field, or ask an advisor "
             "about providers outside this catalogue.", field=md(field))


def recommendations_answer(lead: str, recs: list[Recommendation], cards: list[ProgramCard], notes: list[str],
                           language: str) -> str:
    blocks = [lead] + [program_block(n, r.program, c, language) for n, (r, c) in enumerate(zip(recs, cards), 1)]
    return "\n\n".join(blocks + notes)


def ladder_summary(catalogue: Catalogue, programs: list[Program], language: str = "en") -> list[str]:
    """One line per larger credential the recommendations stack into, with its next step up."""
    t = text(language)
    summary: dict[str, str] = {}
    for program in programs:
        for link in program.stacks_into:
            target = catalogue.program(link.target)
            if target is None or target.id in summary:
                continue
            members = [md(p.title) for p in programs if any(link.target == target.id for link in p.stacks_into)]
            line = f"{', '.join(members)} → **{md(target.title)}**"
            if target.credits_required:
                line += " " + t("({credits} required)", credits=credits(target.credits_required, language))
            for up in target.stacks_into:
                higher = catalogue.program(up.target)
                if higher:
                    line += t(", which counts as {credits} towards **{title}**",
                              credits=credits(up.credits, language), title=md(higher.title))
            summary[target.id] = line + "."
    return list(summary.values())


def nothing_fits_answer(profile: Profile, relaxations: list[Relaxation], language: str) -> str:
    t = text(language)
    goal = md(profile.goal_label or profile.goal) or t("that")
    none = t("Nothing in the catalogue fits **{goal}**{constraints}.", goal=goal,
             constraints=constraints_suffix(profile, language))
    if not relaxations:
        advice = t("Try a related field, or ask an advisor about providers outside this catalogue.")
        if profile.has_constraints():
            return none + " " + advice
        return t("The catalogue has no programs on **{goal}**.", goal=goal) + " " + advice
    lines = [none, "", t("If you can relax one thing, these would fit:")]
    for relaxation in relaxations:
        names = ", ".join(f"{md(p.title)} ({t.money(p.cost, p.currency)}, {_mode(p, language)})"
                          for p in relaxation.programs)
        lines.append("- " + t("Without {constraint}: {programs}",
                              constraint=constraint_name(relaxation.constraint, t), programs=names))
    return "\n".join(lines)


def _mode(program: Program, language: str = "en") -> str:
    return ", ".join(x for x in (text(language).label(program.delivery.value) if program.delivery else None,
                                 md(text(language).place(program.region)) if program.region else None) if x)


def quotes_from(hits: list[Hit[Passage]]) -> list[Quote]:
    return [
        Quote(document_id=h.record.document_id, document_title=h.record.document_title, section=h.record.section,
              text=h.record.text, source=h.record.source, page=h.record.page, citation=h.record.citation)
        for h in hits
    ]


def definition_answer(quotes: list[Quote], language: str) -> str:
    t = text(language)
    if not quotes:
        return t("I could not find this in the knowledge base documents. I can answer questions about "
                 "micro-credentials, badges and certificates, stacking, prior learning, funding, how employers "
                 "see them and how to choose one.")
    lines = []
    for quote in quotes:
        where = md(quote.document_title) + (f", “{md(quote.section)}”" if quote.section else "")
        if quote.page:
            where += ", " + t("page {n}", n=quote.page)
        lines += ["> " + "\n> ".join(md(line) for line in quote.text.split("\n")), f"— *{where}*", ""]
    cited = cited_sources(quotes)
    if cited:
        lines.append(t("Cited in these documents: {sources}", sources=md("; ".join(cited)) + "."))
    return "\n".join(lines).strip()


def cited_sources(quotes: list[Quote]) -> list[str]:
    """The external sources the quoted documents cite, each once, in order of first mention
    (a document's "Sources" section lists them separated by semicolons)."""
    found: dict[str, str] = {}
    for quote in quotes:
        for source in (quote.citation or "").split(";"):
            source = " ".join(source.split()).rstrip(".")
            if source:
                found.setdefault(source.casefold(), source)
    return list(found.values())


def program_sources(programs: list[Program]) -> list[Source]:
    seen, sources = set(), []
    for program in programs:
        if program.id not in seen:
            seen.add(program.id)
            sources.append(Source(kind="program", id=program.id, title=program.title, url=program.url))
    return sources


def document_sources(quotes: list[Quote]) -> list[Source]:
    seen, sources = set(), []
    for quote in quotes:
        key = (quote.document_id, quote.section, quote.page)
        if key not in seen:
            seen.add(key)
            sources.append(Source(kind="document", id=quote.document_id, title=quote.document_title,
                                  page=quote.page, section=quote.section or None))
    return sources


def _step_line(number: int, step: PathwayStep, catalogue: Catalogue, language: str = "en") -> str:
    t = text(language)
    facts = [credits(step.credits, language) if step.credits is not None else t("prerequisite"),
             t.money(step.cost, step.currency)]
    if step.duration_weeks is not None:
        facts.append(t.weeks(step.duration_weeks))
    if step.delivery:
        facts.append(t.label(step.delivery))
    if step.next_start:
        facts.append(t("next start {date}", date=t.date(step.next_start)))
    line = t("{number}. **{title}** ({status}): {facts}", number=number, title=md(step.title),
             status=t.label(step.status), facts=", ".join(facts))
    requires = [md(p.title) for p in (catalogue.program(pid) for pid in step.prerequisites) if p]
    if requires and step.status != "done":
        line += "; " + t("after {programs}", programs=", ".join(requires))
    if not step.fits and step.status != "done":
        line += "; " + breaks_text(step.breaks, language)
    return line


def breaks_text(breaks: list[str], language: str) -> str:
    """"does not fit your budget and the delivery mode"."""
    t = text(language)
    if not breaks:
        return t("does not fit what you asked for")
    return t("does not fit {constraints}", constraints=t.join([constraint_name(b, t) for b in breaks]))


def _totals(ids: list[str], catalogue: Catalogue, language: str = "en") -> str:
    t = text(language)
    programs = [p for p in (catalogue.program(i) for i in ids) if p]
    currencies = {p.currency for p in programs if p.cost}
    cost = t.money(sum(p.cost or 0 for p in programs), currencies.pop() if len(currencies) == 1 else None)
    if any(p.cost is None for p in programs):
        cost += " " + t("(some costs not listed)")
    said = t("{programs}: {cost}, {weeks} one after another", programs=" + ".join(md(p.title) for p in programs),
             cost=cost, weeks=t.weeks(sum(p.duration_weeks or 0 for p in programs)))
    hours = [p.hours_in_all for p in programs]
    if any(h is not None for h in hours):
        said += ", " + t.plural("{n} hour of study in all", "{n} hours of study in all", sum(h or 0 for h in hours))
        if any(h is None for h in hours):
            said += " " + t("(some hours not listed)")
    return said


def plan_text(plan: Plan, catalogue: Catalogue, language: str = "en") -> list[str]:
    """A plan in words: the rule, credits done and left, steps in order, ways to finish, notes."""
    t = text(language)
    target = plan.target
    lines = []
    if plan.credits_required is not None:
        lines.append(t("**{title}** ({provider}) requires {credits}: {rule}.", title=md(target.title),
                       provider=md(target.provider), credits=credits(plan.credits_required, language),
                       rule=md(plan.rule)))
    else:
        lines.append(t("**{title}** ({provider}) is earned with {rule}.", title=md(target.title),
                       provider=md(target.provider), rule=md(plan.rule)))
    done = [s for s in plan.steps if s.status == "done"]
    if done:
        lines.append(t("You have {done} of {required} credits ({programs}); {left} still needed.",
                       done=credits_text(plan.credits_done, language),
                       required=credits_text(plan.credits_required, language),
                       programs=", ".join(md(s.title) for s in done),
                       left=credits_text(plan.credits_remaining, language)))
    lines += ["", t("In order:")] + [_step_line(n, s, catalogue, language) for n, s in enumerate(plan.steps, 1)]
    options = any(s.status == "option" for s in plan.steps)
    if plan.cheapest:
        lines.append("")
        if options:
            lines.append(t("Cheapest way to finish: {plan}.", plan=_totals(plan.cheapest, catalogue, language)))
            if plan.fastest and plan.fastest != plan.cheapest:
                lines.append(t("Fastest way to finish: {plan}.", plan=_totals(plan.fastest, catalogue, language)))
        else:
            lines.append(t("Total: {plan}.", plan=_totals(plan.cheapest, catalogue, language)))
    if plan.notes:
        lines += [""] + [t("Note: {note}", note=md(note)) for note in plan.notes]
    return lines


def ladder_text(catalogue: Catalogue, program: Program, language: str = "en") -> str:
    """"A counts for 3 credits towards B (12 credits required), which counts as 12 credits
    towards C (24 credits required)"."""
    t = text(language)
    steps = catalogue.graph.ladder(program.id)
    if not steps:
        return t("{title} does not stack into a larger credential in this catalogue.", title=md(program.title))
    parts = []
    for n, step in enumerate(steps):
        required = " " + t("({credits} required)", credits=credits(step.program.credits_required, language)) \
            if step.program.credits_required is not None else ""
        values = {"credits": credits(step.credits, language), "title": md(step.program.title)}
        part = t("counts for {credits} towards **{title}**", **values) if n == 0 \
            else t("which counts as {credits} towards **{title}**", **values)
        parts.append(part + required)
    return f"**{md(program.title)}** " + ", ".join(parts) + "."


def other_components_text(catalogue: Catalogue, target: Program, besides: str, language: str = "en") -> str:
    t = text(language)
    others = [c for c in catalogue.graph.components(target.id) if c.program.id != besides]
    if not others:
        return ""
    listed = "; ".join(f"{md(c.program.title)} ({credits(c.credits, language)})" for c in others)
    return t("Other components of {title}: {components}.", title=md(target.title), components=listed)


def earned_answer(earned: list[Earned], title_of, language: str = "en") -> str:
    """What was read from the credentials a learner handed over and what each counts as."""
    t = text(language)
    lines = [t.plural("I read {n} credential:", "I read {n} credentials:", len(earned))]
    for item in earned:
        who = f"**{md(item.name)}**" + (f" ({md(item.issuer)})" if item.issuer else "")
        if item.matched:
            what = t("counts as **{title}** in the catalogue, marked as completed", title=md(title_of(item.matched)))
        else:
            what = md(item.note) if item.note else t("aligned to no program in this catalogue: kept as earned, it "
                                                     "counts towards nothing here")
        lines.append(f"- {who}: {what}.")
    if any(item.matched for item in earned):
        lines += ["", t("Ask what is left for a credential, and the completed programs count as done.")]
    return "\n".join(lines)


WELCOME = N_(
    "Hello! Tell me the work you are aiming for and what fits your life (budget, time, online or in person, "
    "province), and I will suggest programs from the catalogue, explain how they stack into larger credentials, "
    "and answer questions such as \"What is a micro-credential?\"."
)


class Composer:
    """Every sentence of a reply, for one catalogue: the responder decides what to say (which
    programs, which plan, which passages) and asks the composer how it is said, so a different
    composer (another voice, a test double) plugs in without touching reading or retrieval. A
    composer speaks one language; ``speaking`` gives the one for a turn's language, once a turn."""

    def __init__(self, catalogue: Catalogue, language: str = "en"):
        self.catalogue = catalogue
        self.language = language  # every sentence is said in it

    def speaking(self, language: str | None) -> Composer:
        """The same composer, saying everything in ``language`` (English when None)."""
        language = language or "en"
        return self if language == self.language else Composer(self.catalogue, language)

    # ---- conversation ------------------------------------------------------------------

    def welcome(self) -> str:
        return text(self.language)(WELCOME)

    def start_over(self) -> str:
        t = text(self.language)
        return t("Let's start over.") + " " + t(WELCOME)

    def refusal(self) -> str:
        """Instructions aimed at the assistant: it keeps to the catalogue."""
        t = text(self.language)
        return t("I can only help you find programs in this catalogue and answer questions about micro-credentials, "
                 "so I will not follow instructions like that. What kind of work or skills are you aiming for?")

    def ask_for_goal(self, profile: Profile) -> str:
        """Constraints without a field: which work, with what was noted so far."""
        t = text(self.language)
        answer = t("What kind of work or skills are you aiming for? For example: \"data analysis\", "
                   "\"personal support worker\" or \"cloud computing\".")
        if profile.has_constraints():
            noted = ", ".join(md(p) for p in constraint_phrases(profile, self.language))
            answer = t("Noted: {constraints}.", constraints=noted) + " " + answer
        return answer

    def earned(self, earned: list[Earned], title_of: Callable[[str], str]) -> str:
        return earned_answer(earned, title_of, self.language)

    # ---- searches ----------------------------------------------------------------------

    def card(self, rec: Recommendation, profile: Profile) -> ProgramCard:
        return card(self.catalogue, rec, profile, self.language)

    def card_for(self, program: Program, reason: str) -> ProgramCard:
        """A card for a program named or planned rather than recommended, with why it is shown."""
        return ProgramCard.of(program, reason, prerequisite_hints(self.catalogue, program),
                              stack_hints(self.catalogue, program))

    def recommendation_parts(self, recs: list[Recommendation], profile: Profile,
                             order: str | None = None) -> tuple[str, list[str]]:
        return recommendation_parts(self.catalogue, recs, profile, self.language, order)

    def browse_lead(self, n: int, profile: Profile) -> str:
        return browse_lead(n, profile, self.language)

    def recommendations(self, lead: str, recs: list[Recommendation], cards: list[ProgramCard], notes: list[str]) -> str:
        return recommendations_answer(lead, recs, cards, notes, self.language)

    def unjudged(self, names: list[str]) -> list[str]:
        """A note for each constraint the catalogue cannot check, since it records that for no program."""
        t = text(self.language)
        notes = [t(c.unrecorded) for c in CONSTRAINTS if c.name in names and c.unrecorded]
        return list(dict.fromkeys(notes))

    def nothing_fits(self, profile: Profile, relaxations: list[Relaxation]) -> str:
        return nothing_fits_answer(profile, relaxations, self.language)

    def uncovered(self, field: str) -> str:
        return uncovered_answer(field, self.language)

    # ---- definitions -------------------------------------------------------------------

    def quotes(self, hits: list[Hit[Passage]]) -> list[Quote]:
        return quotes_from(hits)

    def definition(self, quotes: list[Quote]) -> str:
        return definition_answer(quotes, self.language)

    def what_they_add_up_to(self, shown: list[Program]) -> str:
        """After a definition: what the programs just shown add up to ("" when nothing)."""
        ladder = ladder_summary(self.catalogue, shown, self.language) if shown else []
        if not ladder:
            return ""
        t = text(self.language)
        heading = t("**What the programs you saw add up to:**")
        return "\n".join([heading] + [f"- {item}" for item in ladder])

    # ---- one program ---------------------------------------------------------------------

    def program_block(self, program: Program) -> str:
        return program_block(None, program, self.card_for(program, ""), self.language)

    def how_it_stacks(self, program: Program) -> str:
        t = text(self.language)
        return t("**How it stacks:** {ladder}", ladder=ladder_text(self.catalogue, program, self.language))

    def ladder(self, program: Program) -> str:
        return ladder_text(self.catalogue, program, self.language)

    def other_components(self, target: Program, besides: str) -> str:
        return other_components_text(self.catalogue, target, besides, self.language)

    def next_up(self, target: Program) -> list[str]:
        """The rungs above a credential, when it has any."""
        if not self.catalogue.graph.ladder(target.id):
            return []
        t = text(self.language)
        return ["", t("**Next up the ladder:** {ladder}", ladder=ladder_text(self.catalogue, target, self.language))]

    def prerequisites(self, program: Program, profile: Profile) -> list[str]:
        """What must come before ``program``, given what the learner completed, in order."""
        t = text(self.language)
        chain = self.catalogue.graph.prerequisites_of(program.id)
        missing = [p for p in chain if p.id not in profile.completed]
        unlisted = unlisted_prerequisites(program, self.catalogue, self.language)
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
        direct = [p.title for p in (self.catalogue.program(pid) for pid in program.prerequisites) if p]
        lines = [t("**{title}** requires {programs} first.", title=title,
                   programs=t.join([md(d) for d in direct]))]
        if len(missing) > len(direct) or [p.title for p in missing] != direct:
            lines.append(t("Counting their own prerequisites, you need: {programs}.",
                           programs=", ".join(md(p.title) for p in missing)))
        lines.append(t("Take them in this order: {order}.",
                       order=" → ".join([md(p.title) for p in missing] + [title])))
        return lines + ([unlisted] if unlisted else [])

    def outside(self, programs: list[Program], profile: Profile) -> list[str]:
        """A note on the programs named that do not fit what the learner asked for."""
        if not programs or not profile.has_constraints():
            return []
        return ["", text(self.language).plural(
            "Note: {programs} does not fit what you asked for ({constraints}).",
            "Note: {programs} do not fit what you asked for ({constraints}).", len(programs),
            programs=", ".join(md(p.title) for p in programs),
            constraints=", ".join(md(p) for p in constraint_phrases(profile, self.language)))]

    def asked_about(self, program: Program, last: Program) -> str:
        """Why a card of a reply about named programs is shown."""
        t = text(self.language)
        return t("The program you asked about.") if program is last else t("Take before {title}.", title=last.title)

    def compare(self, programs: list[Program]) -> str:
        """Named programs side by side, and which must come first."""
        t = text(self.language)
        rows = [
            (t("Provider"), lambda p: md(p.provider)),
            (t("Type"), lambda p: t.label(p.credential_type.value)),
            (t("Cost"), lambda p: t.money(p.cost, p.currency)),
            (t("Length"), lambda p: t.weeks(p.duration_weeks) if p.duration_weeks is not None else "–"),
            (t("Hours per week"), lambda p: t.number(p.hours_per_week) if p.hours_per_week is not None else "–"),
            (t("Delivery"), lambda p: ", ".join(t.label(v.value) for v in (p.delivery, p.pace) if v) or "–"),
            (t("Level"), lambda p: t.label(p.level.value) if p.level else "–"),
            (t("Region"), lambda p: md(t.place(p.region)) or "–"),
            (t("Prerequisites"), lambda p: ", ".join(md(self._title(i)) for i in p.prerequisites) or t("none")),
            (t("Stacks into"), lambda p: "; ".join(stack_text(h, self.language)
                                                   for h in stack_hints(self.catalogue, p)) or "–"),
            (t("Funding"), lambda p: ", ".join(md(f) for f in p.funding) or "–"),
            (t("Next start"), lambda p: t.date(p.next_start) if p.next_start else "–"),
        ]
        header = "| | " + " | ".join(f"**{md_cell(p.title)}**" for p in programs) + " |"
        lines = [t("Here is how they compare:"), "", header, "|---|" + "---|" * len(programs)]
        for name, value in rows:
            # Every catalogue value above is escaped by md, which keeps a "|" inside its cell.
            lines.append(f"| {name} | " + " | ".join(str(value(p)) for p in programs) + " |")
        for first, then in [(a, b) for a in programs for b in programs if a.id in b.prerequisites]:
            lines += ["", t("{first} is a prerequisite of {then}, so take it first.", first=md(first.title),
                            then=md(then.title))]
        return "\n".join(lines)

    def named(self) -> str:
        t = text(self.language)
        return t("Named in your question.")

    # ---- plans ---------------------------------------------------------------------------

    def plan(self, plan: Plan) -> list[str]:
        return plan_text(plan, self.catalogue, self.language)

    def stacked_into(self, target: Program) -> str:
        t = text(self.language)
        return t("Those programs stack into **{title}**.", title=md(target.title))

    def plan_step_reason(self, program: Program, target: Program) -> str:
        """Why an open step of a plan is shown as a card."""
        t = text(self.language)
        components = {c.program.id for c in self.catalogue.graph.components(target.id)}
        return t("Counts towards {title}.", title=target.title) if program.id in components \
            else t("Prerequisite on the way to {title}.", title=target.title)

    def plan_target_reason(self) -> str:
        t = text(self.language)
        return t("The credential these steps lead to.")

    def no_larger_credential(self, completed: list[Program]) -> str:
        t = text(self.language)
        titles = ", ".join(md(p.title) for p in completed) or t("those programs")
        return t("{programs} do not count towards a larger credential in this catalogue.", programs=titles)

    def _title(self, program_id: str) -> str:
        program = self.catalogue.program(program_id)
        return program.title if program else program_id
