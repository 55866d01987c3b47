"""Composing answers: every statement comes from a catalogue record or a document passage."""
from __future__ import annotations

from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import Passage, Program
from knowledge_base.search import Hit

from .earned import Earned
from knowledge_base.escaping import md, md_link
from .models import ProgramCard, Quote, Source, StackHint
from .profile import Profile
from .retrieval import Recommendation, Relaxation

_PHRASES = {
    "en": {
        "intro": "Here {are} {n} program{s} for **{goal}**{constraints}, best match first:",
        "none": "Nothing in the catalogue fits **{goal}**{constraints}.",
        "none_topic": "The catalogue has no programs on **{goal}**. Try a related field, or ask an advisor about "
                      "providers outside this catalogue.",
        "relax": "If you can relax one thing, these would fit:",
        "start": "**Where to start:** {title}: it is {level} and has no prerequisites.",
        "leads": "**What it leads to:**",
        "ask_goal": "What kind of work or skills are you aiming for? For example: \"data analysis\", "
                    "\"personal support worker\" or \"cloud computing\".",
        "noted": "Noted: {constraints}.",
        "why": "Why",
        "stacks": "Stacks into",
        "requires": "Requires",
        "unlisted": "a program that is not in this catalogue (ask the provider)",
        "unlisted_prerequisite": "One prerequisite of **{title}** is not in this catalogue: ask the provider what "
                                 "it is before you enrol.",
        "unlisted_prerequisites": "{n} prerequisites of **{title}** are not in this catalogue: ask the provider "
                                  "what they are before you enrol.",
        "page": "Program page",
        "refuse": "I can only help you find programs in this catalogue and answer questions about micro-credentials, "
                  "so I will not follow instructions like that. What kind of work or skills are you aiming for?",
        "uncovered": "The catalogue has no programs in **{field}**. Try a related field, or ask an advisor about "
                     "providers outside this catalogue.",
        "browse": "Here {are} {n} program{s} that fit{constraints}, soonest start first:",
        "shown_leads": "**What the programs you saw add up to:**",
        "funding": "Funding",
        "earned_intro": "I read {n} credential{s}:",
        "earned_match": "counts as **{title}** in the catalogue, marked as completed",
        "earned_none": "aligned to no program in this catalogue: kept as earned, it counts towards nothing here",
        "earned_next": "Ask what is left for a credential, and the completed programs count as done.",
        "no_passage": "I could not find this in the knowledge base documents. I can answer questions about "
                      "micro-credentials, badges and certificates, stacking, prior learning, funding, how employers "
                      "see them and how to choose one.",
    },
    "fr": {
        "intro": "Voici {n} programme{s} pour **{goal}**{constraints}, du plus pertinent au moins pertinent :",
        "none": "Rien dans le catalogue ne correspond à **{goal}**{constraints}.",
        "none_topic": "Le catalogue n'a aucun programme sur **{goal}**. Essayez un domaine voisin ou consultez "
                      "une conseillère ou un conseiller.",
        "relax": "En assouplissant un critère, ces programmes conviendraient :",
        "start": "**Par où commencer :** {title} : niveau {level}, sans préalable.",
        "leads": "**Ce à quoi cela mène :**",
        "ask_goal": "Quel métier ou quelles compétences visez-vous ? Par exemple : « analyse de données » ou "
                    "« gestion de projet ».",
        "noted": "C'est noté : {constraints}.",
        "why": "Pourquoi",
        "stacks": "S'empile dans",
        "requires": "Préalables",
        "unlisted": "un programme absent de ce catalogue (renseignez-vous auprès de l'établissement)",
        "unlisted_prerequisite": "Un préalable de **{title}** est absent de ce catalogue : renseignez-vous auprès "
                                 "de l'établissement avant de vous inscrire.",
        "unlisted_prerequisites": "{n} préalables de **{title}** sont absents de ce catalogue : renseignez-vous "
                                  "auprès de l'établissement avant de vous inscrire.",
        "page": "Page du programme",
        "no_passage": "Je n'ai pas trouvé cette information dans les documents de la base de connaissances.",
        "refuse": "Je peux seulement vous aider à trouver des programmes de ce catalogue et répondre à vos questions "
                  "sur les microcertifications. Quel métier ou quelles compétences visez-vous ?",
        "uncovered": "Le catalogue n'a aucun programme en **{field}**. Essayez un domaine voisin ou consultez une "
                     "conseillère ou un conseiller.",
        "browse": "Voici {n} programme{s} qui conviennent{constraints}, par date de début :",
        "shown_leads": "**Ce à quoi mènent les programmes présentés :**",
        "funding": "Financement",
        "earned_intro": "J'ai lu {n} titre{s} :",
        "earned_match": "correspond à **{title}** dans le catalogue, noté comme terminé",
        "earned_none": "aligné sur aucun programme de ce catalogue : gardé comme obtenu, il ne compte pour rien ici",
        "earned_next": "Demandez ce qui reste pour un titre : les programmes terminés y comptent comme faits.",
    },
}

_CONSTRAINT_NAMES = {
    "min_cost": "the minimum cost", "home_region": "in-person near you", "credential_type": "the credential types "
    "you ruled out", "max_cost": "your budget", "delivery": "the delivery mode", "region": "the province", "max_weeks": "the length",
    "max_hours": "the hours per week", "pace": "the pace", "level": "the level", "language": "the language",
    "funding": "the funding",
}


def phrase(key: str, language: str, **values) -> str:
    table = _PHRASES.get(language, _PHRASES["en"])
    return table.get(key, _PHRASES["en"][key]).format(**values)


def and_list(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def money(amount: float | None, currency: str = "CAD") -> str:
    if amount is None:
        return "cost not listed"
    if amount == 0:
        return "free"
    return f"${amount:,.0f} {currency}" if float(amount).is_integer() else f"${amount:,.2f} {currency}"


def facts_line(program: Program) -> str:
    """Cost, length, effort, delivery, place and start, from the record only."""
    parts = [money(program.cost, program.currency)]
    if program.duration_weeks is not None:
        parts.append(f"{program.duration_weeks:g} weeks")
    if program.hours_per_week is not None:
        parts.append(f"{program.hours_per_week:g} h/week")
    mode = ", ".join(v.value for v in (program.delivery, program.pace) if v)
    if mode:
        parts.append(mode)
    if program.region:
        parts.append(program.region)
    if program.language and program.language != "en":
        parts.append({"fr": "in French"}.get(program.language, program.language))
    if program.next_start:
        parts.append(f"next start {program.next_start.isoformat()}")
    return " · ".join(parts)


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
    return md(hint.title) if hint.known else phrase("unlisted", language)


def unlisted_prerequisites(program: Program, catalogue: Catalogue, language: str) -> str | None:
    """A sentence for prerequisites the catalogue does not have, or None when it has them all."""
    missing = [pid for pid in program.prerequisites if catalogue.program(pid) is None]
    if not missing:
        return None
    key = "unlisted_prerequisite" if len(missing) == 1 else "unlisted_prerequisites"
    return phrase(key, language, n=len(missing), title=md(program.title))


def credits_text(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def stack_text(hint: StackHint, language: str = "en") -> str:
    title = hint_title(hint, language)
    if hint.credits is None:
        return title
    if hint.credits_required:
        return f"{title} ({credits_text(hint.credits)} of {credits_text(hint.credits_required)} credits)"
    return f"{title} ({credits_text(hint.credits)} credits)"


def reason_for(rec: Recommendation, profile: Profile) -> str:
    program = rec.program
    reasons = []
    if rec.matched:
        reasons.append("matches " + ", ".join(rec.matched[:3]))
    elif profile.goal:
        reasons.append(f"closely related to {profile.goal_label or profile.goal}")
    if profile.beginner and program.level and program.level.value == "introductory":
        reasons.append("introductory" + ("" if program.prerequisites else ", no prerequisites"))
    fits = profile.constraint_phrases()
    if fits:
        reasons.append("fits " + ", ".join(fits))
    text = "; ".join(reasons)
    return text[:1].upper() + text[1:] + "." if text else ""


def card(catalogue: Catalogue, rec: Recommendation, profile: Profile) -> ProgramCard:
    return ProgramCard.of(rec.program, reason_for(rec, profile), prerequisite_hints(catalogue, rec.program),
                          stack_hints(catalogue, rec.program))


def program_block(number: int | None, program: Program, card_: ProgramCard, language: str) -> str:
    head = f"{number}. " if number is not None else ""
    lines = [f"{head}**{md(program.title)}** ({program.credential_type.value}, {md(program.provider)})",
             f"   {facts_line(program)}"]
    if card_.reason:
        lines.append(f"   {phrase('why', language)}: {md(card_.reason)}")
    if card_.prerequisites:
        lines.append(f"   {phrase('requires', language)}: " +
                     ", ".join(hint_title(h, language) for h in card_.prerequisites))
    if card_.stacks_into:
        lines.append(f"   {phrase('stacks', language)}: " + "; ".join(stack_text(h, language) for h in card_.stacks_into))
    if program.funding:
        lines.append(f"   {phrase('funding', language)}: " + ", ".join(md(f) for f in program.funding))
    if program.url:
        lines.append(f"   {md_link(phrase('page', language), program.url)}")
    return "\n".join(lines)


def constraints_suffix(profile: Profile) -> str:
    phrases = profile.constraint_phrases()
    return f" ({', '.join(phrases)})" if phrases else ""


def recommendation_parts(catalogue: Catalogue, recs: list[Recommendation], profile: Profile,
                         language: str) -> tuple[str, list[str]]:
    """The lead line and the closing notes of a recommendation."""
    n = len(recs)
    lead = phrase("intro", language, n=n, s="" if n == 1 else "s", are="is" if n == 1 else "are",
                  goal=profile.goal_label or profile.goal or "your goal", constraints=constraints_suffix(profile))
    notes = []
    if profile.beginner:
        first = next((r.program for r in recs if r.program.level and r.program.level.value == "introductory"
                      and not r.program.prerequisites), None)
        if first:
            notes.append(phrase("start", language, title=md(first.title), level=first.level.value))
    ladder = ladder_summary(catalogue, [r.program for r in recs])
    if ladder:
        notes.append("\n".join([phrase("leads", language)] + [f"- {item}" for item in ladder]))
    return lead, notes


def browse_lead(n: int, profile: Profile, language: str) -> str:
    return phrase("browse", language, n=n, s="" if n == 1 else "s", are="is" if n == 1 else "are",
                  constraints=constraints_suffix(profile))


def uncovered_answer(field: str, language: str) -> str:
    return phrase("uncovered", language, field=field)


def recommendations_answer(lead: str, recs: list[Recommendation], cards: list[ProgramCard], notes: list[str],
                           language: str) -> str:
    blocks = [lead] + [program_block(n, r.program, c, language) for n, (r, c) in enumerate(zip(recs, cards), 1)]
    return "\n\n".join(blocks + notes)


def ladder_summary(catalogue: Catalogue, programs: list[Program]) -> list[str]:
    """One line per larger credential the recommendations stack into, with its next step up."""
    summary: dict[str, str] = {}
    for program in programs:
        for link in program.stacks_into:
            target = catalogue.program(link.target)
            if target is None or target.id in summary:
                continue
            members = [md(p.title) for p in programs if any(l.target == target.id for l in p.stacks_into)]
            text = f"{', '.join(members)} → **{md(target.title)}**"
            if target.credits_required:
                text += f" ({credits_text(target.credits_required)} credits required)"
            for up in target.stacks_into:
                higher = catalogue.program(up.target)
                if higher:
                    text += f", which counts as {credits_text(up.credits)} credits towards **{md(higher.title)}**"
            summary[target.id] = text + "."
    return list(summary.values())


def nothing_fits_answer(profile: Profile, relaxations: list[Relaxation], language: str) -> str:
    goal = profile.goal_label or profile.goal or "that"
    if not relaxations:
        if profile.has_constraints():
            return phrase("none", language, goal=goal, constraints=constraints_suffix(profile)) + " " + \
                phrase("none_topic", language, goal=goal).split(". ", 1)[-1]
        return phrase("none_topic", language, goal=goal)
    lines = [phrase("none", language, goal=goal, constraints=constraints_suffix(profile)), "",
             phrase("relax", language)]
    for relaxation in relaxations:
        names = ", ".join(f"{md(p.title)} ({money(p.cost, p.currency)}, {_mode(p)})" for p in relaxation.programs)
        lines.append(f"- Without {_CONSTRAINT_NAMES.get(relaxation.constraint, relaxation.constraint)}: {names}")
    return "\n".join(lines)


def _mode(program: Program) -> str:
    return ", ".join(x for x in (program.delivery.value if program.delivery else None, program.region) if x)


def quotes_from(hits: list[Hit[Passage]]) -> list[Quote]:
    return [
        Quote(document_id=h.record.document_id, document_title=h.record.document_title, section=h.record.section,
              text=h.record.text, source=h.record.source, page=h.record.page, citation=h.record.citation)
        for h in hits
    ]


def definition_answer(quotes: list[Quote], language: str) -> str:
    if not quotes:
        return phrase("no_passage", language)
    lines = []
    for quote in quotes:
        where = md(quote.document_title) + (f", “{md(quote.section)}”" if quote.section else "")
        if quote.page:
            where += f", page {quote.page}"
        lines += ["> " + "\n> ".join(md(line) for line in quote.text.split("\n")), f"— *{where}*", ""]
    cited = sorted({q.citation for q in quotes if q.citation})
    if cited:
        lines.append("Cited in these documents: " + " ".join(cited))
    return "\n".join(lines).strip()


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


def _step_line(number: int, step, catalogue: Catalogue) -> str:
    facts = [f"{step.credits:g} credits" if step.credits is not None else "prerequisite",
             money(step.cost, step.currency or "CAD")]
    if step.duration_weeks is not None:
        facts.append(f"{step.duration_weeks:g} weeks")
    if step.delivery:
        facts.append(step.delivery)
    if step.next_start:
        facts.append(f"next start {step.next_start.isoformat()}")
    line = f"{number}. **{md(step.title)}** ({step.status}): " + ", ".join(facts)
    requires = [md(catalogue.program(p).title) for p in step.prerequisites if catalogue.program(p)]
    if requires and step.status != "done":
        line += f"; after {', '.join(requires)}"
    if not step.fits and step.status != "done":
        line += "; does not fit what you asked for"
    return line


def _totals(ids: list[str], catalogue: Catalogue) -> str:
    programs = [catalogue.program(i) for i in ids if catalogue.program(i)]
    cost = sum(p.cost or 0 for p in programs)
    weeks = sum(p.duration_weeks or 0 for p in programs)
    unknown = " (some costs not listed)" if any(p.cost is None for p in programs) else ""
    return f"{' + '.join(md(p.title) for p in programs)}: {money(cost)}{unknown}, {weeks:g} weeks one after another"


def plan_text(plan, catalogue: Catalogue) -> list[str]:
    """A plan in words: the rule, credits done and left, steps in order, ways to finish, notes."""
    target = plan.target
    lines = []
    if plan.credits_required is not None:
        lines.append(f"**{md(target.title)}** ({md(target.provider)}) requires {credits_text(plan.credits_required)} "
                     f"credits: {plan.rule}.")
    else:
        lines.append(f"**{md(target.title)}** ({md(target.provider)}) is earned with {plan.rule}.")
    done = [s for s in plan.steps if s.status == "done"]
    if done:
        lines.append(f"You have {credits_text(plan.credits_done)} of {credits_text(plan.credits_required)} credits "
                     f"({', '.join(md(s.title) for s in done)}); {credits_text(plan.credits_remaining)} still needed.")
    lines += ["", "In order:"] + [_step_line(n, s, catalogue) for n, s in enumerate(plan.steps, start=1)]
    options = any(s.status == "option" for s in plan.steps)
    if plan.cheapest:
        lines.append("")
        if options:
            lines.append(f"Cheapest way to finish: {_totals(plan.cheapest, catalogue)}.")
            if plan.fastest and plan.fastest != plan.cheapest:
                lines.append(f"Fastest way to finish: {_totals(plan.fastest, catalogue)}.")
        else:
            lines.append(f"Total: {_totals(plan.cheapest, catalogue)}.")
    if plan.notes:
        lines += [""] + [f"Note: {md(note)}" for note in plan.notes]
    return lines


def ladder_text(catalogue: Catalogue, program: Program) -> str:
    """"A counts for 3 credits towards B (12 credits required), which counts as 12 credits
    towards C (24 credits required)"."""
    steps = catalogue.graph.ladder(program.id)
    if not steps:
        return f"{md(program.title)} does not stack into a larger credential in this catalogue."
    parts = []
    for n, step in enumerate(steps):
        verb = "counts for" if n == 0 else "which counts as"
        required = f" ({credits_text(step.program.credits_required)} credits required)" \
            if step.program.credits_required is not None else ""
        parts.append(f"{verb} {credits_text(step.credits)} credits towards **{md(step.program.title)}**{required}")
    return f"**{md(program.title)}** " + ", ".join(parts) + "."


def other_components_text(catalogue: Catalogue, target: Program, besides: str) -> str:
    others = [c for c in catalogue.graph.components(target.id) if c.program.id != besides]
    if not others:
        return ""
    listed = "; ".join(f"{md(c.program.title)} ({credits_text(c.credits)} credits)" for c in others)
    return f"Other components of {md(target.title)}: {listed}."


def earned_answer(earned: list[Earned], title_of, language: str = "en") -> str:
    """What was read from the credentials a learner handed over and what each counts as."""
    lines = [phrase("earned_intro", language, n=len(earned), s="" if len(earned) == 1 else "s")]
    for item in earned:
        who = f"**{md(item.name)}**" + (f" ({md(item.issuer)})" if item.issuer else "")
        if item.matched:
            what = phrase("earned_match", language, title=md(title_of(item.matched)))
        else:
            what = md(item.note) if item.note else phrase("earned_none", language)
        lines.append(f"- {who}: {what}.")
    if any(item.matched for item in earned):
        lines += ["", phrase("earned_next", language)]
    return "\n".join(lines)
