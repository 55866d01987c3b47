"""The stacking graph: which programs count towards which credentials, and what comes first.

Built from the catalogue's ``stacks_into`` (with credits), ``credits_required`` and
``prerequisites``; a new graph is built with every catalogue snapshot, so it always matches
the catalogue it answers from.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from .schema import Program


@dataclass(frozen=True)
class Component:
    """A program that counts towards a credential, and for how many credits."""

    program: Program
    credits: float | None


@dataclass(frozen=True)
class BrokenReference:
    """A ``stacks_into`` or ``prerequisites`` entry naming a program the catalogue lacks."""

    program_id: str
    field: str
    missing_id: str

    def __str__(self) -> str:
        return f"{self.field}: {self.program_id} refers to unknown program {self.missing_id}"


class StackGraph:
    """Stacks and prerequisites of one catalogue."""

    def __init__(self, programs: Mapping[str, Program]):
        self.programs = dict(programs)
        self._components: dict[str, list[Component]] = {}
        for program in self.programs.values():
            for link in program.stacks_into:
                self._components.setdefault(link.target, []).append(Component(program, link.credits))

    def components(self, target_id: str) -> list[Component]:
        """Programs that count towards ``target_id``, in catalogue order."""
        return list(self._components.get(target_id, []))

    def is_stack_target(self, program_id: str) -> bool:
        return bool(self._components.get(program_id))

    def common_target(self, programs: Iterable[Program]) -> str | None:
        """The credential most of ``programs`` count towards (earlier ones weigh more)."""
        votes: dict[str, float] = {}
        for rank, program in enumerate(programs):
            for link in program.stacks_into:
                votes[link.target] = votes.get(link.target, 0) + 1 / (rank + 1)
            if self.is_stack_target(program.id):
                votes[program.id] = votes.get(program.id, 0) + 1 / (rank + 1)
        known = {t: v for t, v in votes.items() if t in self.programs}
        return max(known, key=lambda target: known[target]) if known else None

    def nested_components(self, target_id: str) -> set[str]:
        """Every program that counts towards ``target_id`` at any depth."""
        found: set[str] = set()
        pending = [target_id]
        while pending:
            for component in self._components.get(pending.pop(), []):
                if component.program.id not in found:
                    found.add(component.program.id)
                    pending.append(component.program.id)
        return found

    def ladder(self, program_id: str) -> list[Component]:
        """The credentials ``program_id`` counts towards, one level after another, each with the
        credits the level below brings to it (the first link is followed at each level)."""
        steps: list[Component] = []
        seen = {program_id}
        current = self.programs.get(program_id)
        while current is not None and current.stacks_into:
            link = current.stacks_into[0]
            target = self.programs.get(link.target)
            if target is None or target.id in seen:
                break
            steps.append(Component(target, link.credits))
            seen.add(target.id)
            current = target
        return steps

    def prerequisites_of(self, program_id: str) -> list[Program]:
        """Every prerequisite of ``program_id``, transitively, first to take first."""
        order: list[Program] = []
        placed: set[str] = set()
        visiting: set[str] = set()

        def visit(pid: str) -> None:
            program = self.programs.get(pid)
            if program is None:
                return
            for required in program.prerequisites:
                if required in placed or required in visiting or required not in self.programs:
                    continue
                visiting.add(required)
                visit(required)
                visiting.discard(required)
                placed.add(required)
                order.append(self.programs[required])

        visit(program_id)
        return order

    def in_prerequisite_order(self, ids: Iterable[str], within: Mapping[str, str] | None = None) -> list[str]:
        """``ids`` reordered so that each comes after its prerequisites among them (stable).

        ``within`` maps a program to the listed credential that contains it: a prerequisite
        taken inside a certificate puts the certificate first.
        """
        wanted = list(dict.fromkeys(ids))
        members = set(wanted)
        within = within or {}
        placed: list[str] = []
        done: set[str] = set()
        remaining = list(wanted)

        def satisfied(required: str) -> bool:
            holder = within.get(required, required)
            return holder in done or holder not in members

        while remaining:
            ready = [pid for pid in remaining if all(satisfied(r) for r in self._prerequisite_ids(pid))]
            if not ready:  # a cycle: keep the rest in their given order rather than loop forever
                ready = remaining[:1]
            for pid in ready:
                placed.append(pid)
                done.add(pid)
            remaining = [pid for pid in remaining if pid not in done]
        return placed

    def _prerequisite_ids(self, program_id: str) -> tuple[str, ...]:
        program = self.programs.get(program_id)
        return program.prerequisites if program else ()

    def broken_references(self) -> list[BrokenReference]:
        broken = []
        for program in self.programs.values():
            broken += [BrokenReference(program.id, "stacks_into", link.target)
                       for link in program.stacks_into if link.target not in self.programs]
            broken += [BrokenReference(program.id, "prerequisites", pid)
                       for pid in program.prerequisites if pid not in self.programs]
        return broken

    def stacking_into_themselves(self) -> list[str]:
        """Programs whose ``stacks_into`` names the program itself (a mistake in the catalogue)."""
        return [p.id for p in self.programs.values() if any(link.target == p.id for link in p.stacks_into)]

    def prerequisite_cycles(self) -> list[list[str]]:
        """Each cycle of prerequisites once, as the ids around it (``A → B → A`` gives ``[A, B]``).
        Found once per graph: plans ask on every turn."""
        return self._cycles

    @cached_property
    def _cycles(self) -> list[list[str]]:
        cycles: list[list[str]] = []
        seen_cycles: set[frozenset[str]] = set()
        state: dict[str, int] = {}  # 1: on the current path, 2: finished
        path: list[str] = []

        def visit(pid: str) -> None:
            state[pid] = 1
            path.append(pid)
            for required in self._prerequisite_ids(pid):
                if required not in self.programs:
                    continue
                if state.get(required) == 1:
                    cycle = path[path.index(required):]
                    if frozenset(cycle) not in seen_cycles:
                        seen_cycles.add(frozenset(cycle))
                        cycles.append(list(cycle))
                elif required not in state:
                    visit(required)
            path.pop()
            state[pid] = 2

        for pid in self.programs:
            if pid not in state:
                visit(pid)
        return cycles
