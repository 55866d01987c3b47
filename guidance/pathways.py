"""Pathways: what a credential requires, what is done, what is left, and the best ways to finish."""
from __future__ import annotations

import csv
import io
import itertools
import math
import textwrap
from dataclasses import dataclass, field

from knowledge_base.escaping import csv_cell, dot_label, html_link, html_text, md, md_cell
from knowledge_base.schema import Program
from knowledge_base.stacking import StackGraph

from . import answers
from .constraints import ProgramFilter
from .i18n import Text, text
from .models import Pathway, PathwayStep, StepKind, StepStatus

MAX_EXACT_OPTIONS = 16  # choose the cheapest/fastest subset exactly up to this many options


@dataclass
class Plan:
    """A learner's plan for one credential."""

    target: Program
    credits_required: float | None
    credits_done: float
    steps: list[PathwayStep]  # in an order that respects every prerequisite
    rule: str  # "all 3 of these", "any 4 of these 5", ...
    cheapest: list[str] = field(default_factory=list)  # ids of the cheapest way to finish
    fastest: list[str] = field(default_factory=list)  # ids of the fastest way to finish
    notes: list[str] = field(default_factory=list)
    outside_credits: float = 0  # credits the catalogue has no programs for

    @property
    def credits_remaining(self) -> float | None:
        if self.credits_required is None:
            return None
        return max(self.credits_required - self.credits_done, 0)

    def to_pathway(self) -> Pathway:
        return Pathway(
            target=self.target.id, title=self.target.title, credits_required=self.credits_required,
            credits_done=self.credits_done, credits_remaining=self.credits_remaining, rule=self.rule,
            steps=self.steps, cheapest=self.cheapest, fastest=self.fastest, notes=self.notes,
        )


def _step(program: Program, credits: float | None, status: StepStatus, kind: StepKind,
          flt: ProgramFilter) -> PathwayStep:
    breaks = [name for name in flt.failures(program) if name != "completed"]
    return PathwayStep(
        id=program.id, title=program.title, credits=credits, status=status, kind=kind,
        prerequisites=list(program.prerequisites), cost=program.cost, currency=program.currency,
        duration_weeks=program.duration_weeks, hours=program.hours_in_all, next_start=program.next_start,
        delivery=program.delivery.value if program.delivery else None, fits=not breaks, breaks=breaks,
    )


def choice_rule(credits: list[float | None], required: float | None, language: str = "en") -> str:
    """The rule in words: "all 3 of these", "any 4 of these 5", or "12 credits from these 5"."""
    t = text(language)
    n = len(credits)
    if required is None or any(c is None for c in credits) or sum(c or 0 for c in credits) <= required:
        return {1: t("this one"), 2: t("both of these")}.get(n) or t("all {n} of these", n=n)
    if len(set(credits)) == 1 and credits[0]:
        return t("any {k} of these {n}", k=math.ceil(required / credits[0]), n=n)
    return t("{credits} from these {n}", credits=t.plural("{n} credit", "{n} credits", required), n=n)


def plan_pathway(graph: StackGraph, target_id: str, *, completed: set[str], flt: ProgramFilter,
                 language: str = "en") -> Plan | None:
    """The plan for ``target_id`` given what is done, and how it fares under the learner's constraints.

    A component is *needed* when the credits still required cannot be reached without it,
    an *option* when the credential lets the learner choose; prerequisites of components that
    are not themselves components are added as steps of their own.
    """
    target = graph.programs.get(target_id)
    components = graph.components(target_id)
    if target is None or not components:
        return None
    credit_values = [c.credits for c in components]
    known = all(c is not None for c in credit_values)
    required = target.credits_required if target.credits_required is not None else (
        sum(c or 0 for c in credit_values) if known else None)
    done = [c for c in components if c.program.id in completed]
    open_ = [c for c in components if c.program.id not in completed]
    credits_done = sum(c.credits or 0 for c in done)
    remaining = None if required is None else max(required - credits_done, 0)
    open_total = sum(c.credits or 0 for c in open_)
    fits = flt.replace(exclude_ids=frozenset())  # a plan shows completed steps too

    status: dict[str, StepStatus] = {}
    for c in open_:
        if remaining is None or not known or open_total <= remaining:
            status[c.program.id] = "needed"
        elif remaining == 0:
            status[c.program.id] = "option"
        else:
            status[c.program.id] = "needed" if open_total - (c.credits or 0) < remaining else "option"

    steps = {c.program.id: _step(c.program, c.credits, "done", "component", fits) for c in done}
    steps.update({c.program.id: _step(c.program, c.credits, status[c.program.id], "component", fits)
                  for c in open_})
    component_ids = {c.program.id for c in components}
    # A program inside a component credential (a micro-credential of a certificate that counts
    # towards a diploma) is taken as part of that credential, not as a step of its own.
    within = {inner: c.program.id for c in components for inner in graph.nested_components(c.program.id)}
    for c in open_:
        for required_program in graph.prerequisites_of(c.program.id):
            pid = required_program.id
            if pid in component_ids or pid in completed or pid in within:
                continue
            level: StepStatus = "needed" if status[c.program.id] == "needed" else "option"
            if pid not in steps or (level == "needed" and steps[pid].status == "option"):
                steps[pid] = _step(required_program, None, level, "prerequisite", fits)
    ordered_ids = [s for s in steps if steps[s].status == "done"] + graph.in_prerequisite_order(
        [s for s in steps if steps[s].status != "done"], within)

    plan = Plan(
        target=target, credits_required=required, credits_done=credits_done,
        steps=[steps[i] for i in ordered_ids], rule=choice_rule(credit_values, required, language),
        outside_credits=max((remaining or 0) - open_total, 0) if known else 0,
    )
    _choose_ways_to_finish(plan, graph, open_, remaining, fits, within, text(language))
    _untangle_cycles(plan, graph, text(language))
    return plan


def _untangle_cycles(plan: Plan, graph: StackGraph, t: Text) -> None:
    """Programs that list each other as prerequisites (a mistake in the catalogue) are not
    advised in a loop: inside a cycle no step says "after" another, and a note says to ask."""
    in_plan = {s.id: s for s in plan.steps}
    for cycle in graph.prerequisite_cycles():
        members = set(cycle)
        planned = members & in_plan.keys()
        if not planned:
            continue
        for pid in planned:
            in_plan[pid].prerequisites = [r for r in in_plan[pid].prerequisites if r not in members]
        names = ", ".join(graph.programs[pid].title for pid in cycle if pid in graph.programs)
        plan.notes.append(t("The catalogue lists {programs} as each other's prerequisites: ask the provider "
                            "which to take first.", programs=names))


def _with_prerequisites(graph: StackGraph, ids: list[str], completed: set[str], within: dict[str, str]) -> list[str]:
    chosen = list(ids)
    for pid in ids:
        chosen += [p.id for p in graph.prerequisites_of(pid)
                   if p.id not in completed and p.id not in chosen and p.id not in within]
    return graph.in_prerequisite_order(chosen, within)


def _choose_ways_to_finish(plan: Plan, graph: StackGraph, open_, remaining: float | None, fits: ProgramFilter,
                           within: dict[str, str], t: Text) -> None:
    """Cheapest and fastest sets of open components that finish the credential, and notes
    when the learner's constraints make that impossible."""
    if remaining is None or remaining == 0 or not open_:
        if remaining == 0:
            plan.notes.append(t("You have the {credits} {title} requires.", title=plan.target.title,
                                credits=t.plural("{n} credit", "{n} credits", plan.credits_required or 0)))
        return
    completed = {s.id for s in plan.steps if s.status == "done"}
    needed = [c for c in open_ if plan_status(plan, c.program.id) == "needed"]
    options = [c for c in open_ if plan_status(plan, c.program.id) == "option"]

    def finishing_sets(pool_options):
        if len(pool_options) > MAX_EXACT_OPTIONS:  # greedy by credits, to stay fast on huge stacks
            pool_options = sorted(pool_options, key=lambda c: -(c.credits or 0))[:MAX_EXACT_OPTIONS]
        for size in range(len(pool_options) + 1):
            for extra in itertools.combinations(pool_options, size):
                chosen = needed + list(extra)
                if sum(c.credits or 0 for c in chosen) >= remaining - plan.outside_credits:
                    yield _with_prerequisites(graph, [c.program.id for c in chosen], completed, within)

    def total(ids, attribute):
        values = [getattr(graph.programs[i], attribute) for i in ids]
        return sum(v for v in values if v is not None)

    candidates = list(finishing_sets(options))
    if candidates:
        plan.cheapest = min(candidates, key=lambda ids: (total(ids, "cost"), total(ids, "duration_weeks"), len(ids)))
        plan.fastest = min(candidates, key=lambda ids: (total(ids, "duration_weeks"), total(ids, "cost"), len(ids)))
    if plan.outside_credits:
        plan.notes.append(t("{n} of the credits {title} requires come from courses that are not in this "
                            "catalogue: ask the provider.", n=t.number(plan.outside_credits), title=plan.target.title))
    unfit = [s for s in plan.steps if s.status != "done" and not s.fits]
    if unfit:
        fitting = [c for c in open_ if fits.accepts(c.program)]
        reachable = sum(c.credits or 0 for c in fitting)
        names = ", ".join(f"{s.title}" for s in unfit)
        if reachable + plan.outside_credits < remaining or any(s.status == "needed" for s in unfit):
            plan.notes.append(t.plural(
                "Under your constraints the credential cannot be completed: {programs} does not fit what you "
                "asked for.", "Under your constraints the credential cannot be completed: {programs} do not fit "
                "what you asked for.", len(unfit), programs=names))
        else:
            plan.notes.append(t.plural(
                "{programs} does not fit what you asked for, but the other options are enough to finish.",
                "{programs} do not fit what you asked for, but the other options are enough to finish.",
                len(unfit), programs=names))
            fitting_sets = [ids for ids in candidates if all(fits.accepts(graph.programs[i]) for i in ids)]
            if fitting_sets:
                plan.cheapest = min(fitting_sets, key=lambda ids: (total(ids, "cost"), len(ids)))
                plan.fastest = min(fitting_sets, key=lambda ids: (total(ids, "duration_weeks"), len(ids)))


def plan_status(plan: Plan, program_id: str) -> str | None:
    return next((s.status for s in plan.steps if s.id == program_id), None)


# ---- exports --------------------------------------------------------------------------

PLAN_COLUMNS = ("order", "id", "title", "status", "credits", "cost", "currency", "weeks", "hours", "delivery",
                "next_start", "prerequisites")


def plan_rows(pathway: Pathway) -> list[dict]:
    return [
        {"order": n, "id": s.id, "title": s.title, "status": s.status,
         "credits": "" if s.credits is None else f"{s.credits:g}",
         "cost": "" if s.cost is None else f"{s.cost:g}", "currency": s.currency or "",
         "weeks": "" if s.duration_weeks is None else f"{s.duration_weeks:g}",
         "hours": "" if s.hours is None else f"{s.hours:g}", "delivery": s.delivery or "",
         "next_start": s.next_start.isoformat() if s.next_start else "", "prerequisites": ";".join(s.prerequisites)}
        for n, s in enumerate(pathway.steps, start=1)
    ]


def plan_csv(pathway: Pathway) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PLAN_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in plan_rows(pathway))
    return buffer.getvalue()


def plan_table(pathway: Pathway, language: str = "en") -> list[dict]:
    """The plan's steps with column names a learner reads, money with its currency, and why a
    step does not fit what the learner asked for."""
    t = text(language)
    hours = any(step.hours is not None for step in pathway.steps)  # a column only when a step has them
    return [
        {t("Step"): n, t("Program"): step.title, t("Status"): t.label(step.status),
         t("Credits"): "–" if step.credits is None else t.number(step.credits),
         t("Cost"): t.money(step.cost, step.currency),
         t("Weeks"): "–" if step.duration_weeks is None else t.number(step.duration_weeks),
         **({t("Hours"): "–" if step.hours is None else t.number(step.hours)} if hours else {}),
         t("Delivery"): t.label(step.delivery) or "–",
         t("Starts"): t.date(step.next_start) if step.next_start else "–",
         t("Fits?"): "✓" if step.fits or step.status == "done" else "✗ " + answers.breaks_text(step.breaks, language)}
        for n, step in enumerate(pathway.steps, start=1)
    ]


# A table on a wide screen; under 640 px (a phone, or a narrow embed) each step is a block of
# its own with every column's name beside its value, so nothing is cut off or scrolls sideways.
# The header stays for screen readers, only moved out of sight.
PLAN_TABLE_STYLE = """<style>
.sw-plan { border-collapse: collapse; width: 100%; font-size: .9rem; }
.sw-plan th, .sw-plan td { text-align: left; vertical-align: top; padding: .35rem .4rem;
                           border-bottom: 1px solid rgba(128, 128, 128, .35); }
.sw-plan th { font-weight: 600; }
.sw-plan td:nth-child(n+3):not(:last-child) { white-space: nowrap; }  /* "520 $", "15 mars 2027" on one line */
@media (max-width: 640px) {
  .sw-plan thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .sw-plan, .sw-plan tbody, .sw-plan tr { display: block; width: 100%; }
  .sw-plan tr { border: 1px solid rgba(128, 128, 128, .35); border-radius: .5rem; margin-bottom: .6rem;
                padding: .3rem .6rem; }
  .sw-plan td { display: grid; grid-template-columns: minmax(6rem, 40%) 1fr; gap: .5rem; border: 0;
                padding: .15rem 0; }
  .sw-plan td::before { content: attr(data-label); font-weight: 600; }
}
</style>"""


def plan_table_html(pathway: Pathway, language: str = "en", links: dict[str, str] | None = None) -> str:
    """The plan's table as HTML (``PLAN_TABLE_STYLE``): every column shows, long titles wrap and
    each title links to its program page. Every value is escaped for HTML."""
    rows = plan_table(pathway, language)
    if not rows:
        return ""
    head = "".join(f'<th scope="col">{html_text(name)}</th>' for name in rows[0])
    body = []
    for step, row in zip(pathway.steps, rows):
        cells = [html_text(value) for value in row.values()]
        cells[1] = html_link(step.title, (links or {}).get(step.id))  # the program's title
        body.append("<tr>" + "".join(f'<td data-label="{html_text(name)}">{cell}</td>'
                                     for name, cell in zip(row, cells)) + "</tr>")
    return (f'{PLAN_TABLE_STYLE}<table class="sw-plan"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def plan_markdown(pathway: Pathway, language: str = "en") -> str:
    """The plan as a Markdown document to keep, in the learner's language."""
    t = text(language)
    lines = ["# " + t("Plan: {title}", title=md(pathway.title)), ""]
    if pathway.credits_required is not None:
        lines.append(t("Credits: {done} done of {required} required ({rule}).", done=t.number(pathway.credits_done),
                       required=t.number(pathway.credits_required), rule=md(pathway.rule)))
        lines.append("")
    header = ["#", t("Program"), t("Status"), t("Credits"), t("Cost"), t("Weeks"), t("Starts")]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for n, step in enumerate(pathway.steps, start=1):
        cells = [str(n), f"{md_cell(step.title)} ({md_cell(step.id)})", md_cell(t.label(step.status)),
                 "–" if step.credits is None else t.number(step.credits),
                 "–" if step.cost is None else md_cell(t.money(step.cost, step.currency)),
                 "–" if step.duration_weeks is None else t.number(step.duration_weeks),
                 t.date(step.next_start) if step.next_start else "–"]
        lines.append("| " + " | ".join(cells) + " |")
    if pathway.notes:
        lines += [""] + [f"- {md(note)}" for note in pathway.notes]
    return "\n".join(lines) + "\n"


DIAGRAM_LINE = 24  # characters per line of a box


def plan_dot(pathway: Pathway, language: str = "en") -> str:
    """A Graphviz diagram of the plan: its steps one under another in the order to take them
    (prerequisites first), done, needed and optional steps told apart, and the credential they
    lead to at the bottom. One box wide, the drawing keeps its text about as large as the page's
    at 390 px; a left-to-right drawing with an arrow from every step shrank it to about 5 px."""
    t = text(language)
    style = {"done": ('"#d9f2d9"', "solid"), "needed": ('"#dbe9ff"', "solid"), "option": ('"#f4f4f4"', "dashed")}

    def wrapped(title: str) -> str:
        return "\\n".join(dot_label(line) for line in textwrap.wrap(title, DIAGRAM_LINE) or [""])

    lines = ["digraph pathway {", "  rankdir=TB; ranksep=0.2; pad=0.05;",
             '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=14, width=3, '
             'margin="0.1,0.05"];',
             '  edge [color="#5f6670", arrowsize=0.7];']
    nodes = []
    for s in pathway.steps:
        fill, border = style[s.status]
        facts = [t.plural("{n} credit", "{n} credits", s.credits)] if s.credits is not None else []
        facts.append(text(language).label(s.status))
        label = wrapped(s.title) + "\\n" + dot_label(" · ".join(facts))
        nodes.append(f'"{dot_label(s.id)}"')
        lines.append(f'  {nodes[-1]} [label="{label}", fillcolor={fill}, style="rounded,filled,{border}"];')
    nodes.append(f'"{dot_label(pathway.target)}"')
    lines.append(f'  {nodes[-1]} [label="{wrapped(pathway.title)}", fillcolor="#ffe9b3", penwidth=2];')
    lines += [f"  {a} -> {b};" for a, b in zip(nodes, nodes[1:])]
    lines.append("}")
    return "\n".join(lines)

