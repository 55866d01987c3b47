from knowledge_base.schema import Program
from knowledge_base.stacking import StackGraph


def graph(*rows) -> StackGraph:
    programs = [Program.model_validate({"provider": "P", "credential_type": "micro-credential",
                                        "description": "d", "title": row["id"], **row}) for row in rows]
    return StackGraph({p.id: p for p in programs})


LADDER = graph(
    {"id": "A", "stacks_into": "CERT:3"}, {"id": "B", "stacks_into": "CERT:3", "prerequisites": "A"},
    {"id": "CERT", "credential_type": "certificate", "credits_required": 6, "stacks_into": "DIP:6"},
    {"id": "DIP", "credential_type": "diploma", "credits_required": 30},
)


def test_components_and_two_level_ladder():
    assert [(c.program.id, c.credits) for c in LADDER.components("CERT")] == [("A", 3), ("B", 3)]
    assert [(c.program.id, c.credits) for c in LADDER.ladder("A")] == [("CERT", 3), ("DIP", 6)]
    assert LADDER.nested_components("DIP") == {"CERT", "A", "B"}


def test_prerequisites_are_transitive_and_in_order():
    chain = graph({"id": "K8S", "prerequisites": "DEV"}, {"id": "DEV", "prerequisites": "CLD"}, {"id": "CLD"})
    assert [p.id for p in chain.prerequisites_of("K8S")] == ["CLD", "DEV"]


def test_prerequisite_order_respects_every_prerequisite():
    g = graph({"id": "C", "prerequisites": "A;B"}, {"id": "B", "prerequisites": "A"}, {"id": "A"}, {"id": "D"})
    order = g.in_prerequisite_order(["C", "D", "B", "A"])
    assert sorted(order) == ["A", "B", "C", "D"]
    for program_id in order:
        for required in g.programs[program_id].prerequisites:
            assert order.index(required) < order.index(program_id)


def test_unknown_references_and_cycles_are_found():
    g = graph({"id": "A", "prerequisites": "B", "stacks_into": "GONE:3"}, {"id": "B", "prerequisites": "A"},
              {"id": "C", "prerequisites": "GHOST"})
    assert {str(b) for b in g.broken_references()} == {
        "stacks_into: A refers to unknown program GONE", "prerequisites: C refers to unknown program GHOST"}
    assert g.prerequisite_cycles() == [["A", "B"]]
    assert g.in_prerequisite_order(["A", "B"]) == ["A", "B"], "a cycle ends, in the given order"
