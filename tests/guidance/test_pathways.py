import csv
import io

from guidance import Conversation
from guidance.answers import plan_text
from guidance.constraints import ProgramFilter
from guidance.pathways import choice_rule, plan_csv, plan_dot, plan_markdown, plan_pathway, plan_table


def statuses(plan):
    return {s.id: s.status for s in plan.steps}


def test_choice_rule_in_words():
    assert choice_rule([3, 3, 3], 9) == "all 3 of these"
    assert choice_rule([3, 3, 3, 3, 3], 12) == "any 4 of these 5"
    assert choice_rule([1, 2, 3], 4) == "4 credits from these 3"
    assert choice_rule([3, 3], None) == "both of these"


def test_any_four_of_five_makes_every_component_an_option(sample_assistant):
    plan = plan_pathway(sample_assistant.catalogue.graph, "HV-CERT-DA", completed=set(), flt=ProgramFilter())
    assert plan.credits_required == 12 and plan.rule == "any 4 of these 5"
    assert set(statuses(plan).values()) == {"option"}
    assert len(plan.cheapest) == 4 and "HV-DAT101" in plan.cheapest, "the others require it"


def test_completed_programs_count_and_the_rest_is_left(eval_assistant):
    plan = plan_pathway(eval_assistant.catalogue.graph, "LK-CERT-BA", completed={"LK-DA101", "LK-SQL110"},
                        flt=ProgramFilter())
    assert (plan.credits_done, plan.credits_remaining) == (6, 6)
    assert statuses(plan)["LK-DA101"] == "done" and statuses(plan)["LK-PY130"] == "option"
    assert sorted(plan.cheapest) == ["LK-STAT140", "LK-VIZ120"]  # $970, the cheapest two
    assert plan.fastest and len(plan.fastest) == 2


def test_every_step_comes_after_its_prerequisites(sample_assistant):
    for target in ("HV-CERT-DA", "CC-CERT-SEC", "AR-CERT-ELEC", "FK-CERT-ECA", "CC-CERT-CLD", "HV-DIP-AI"):
        plan = plan_pathway(sample_assistant.catalogue.graph, target, completed=set(), flt=ProgramFilter())
        order = [s.id for s in plan.steps]
        for step in plan.steps:
            for required in step.prerequisites:
                if required in order:
                    assert order.index(required) < order.index(step.id), (target, required, step.id)


def test_a_diploma_takes_its_certificate_as_one_step(sample_assistant):
    plan = plan_pathway(sample_assistant.catalogue.graph, "HV-DIP-AI", completed=set(), flt=ProgramFilter())
    ids = [s.id for s in plan.steps]
    assert "HV-CERT-DA" in ids and "HV-PYT104" not in ids, "its micro-credentials are inside the certificate"
    assert ids.index("HV-CERT-DA") < ids.index("HV-MLO110"), "the certificate holds Machine Learning's prerequisite"


def test_constraints_that_block_the_credential_are_named(eval_assistant):
    plan = plan_pathway(eval_assistant.catalogue.graph, "FV-CERT-PM", completed=set(),
                        flt=ProgramFilter(delivery=frozenset({"online"})))
    assert statuses(plan) == {"FV-PM101": "needed", "FV-AGL110": "needed", "FV-PM120": "needed"}
    assert any("cannot be completed" in note and "Risk and Stakeholder Management" in note for note in plan.notes)


def test_plan_exports(eval_assistant):
    pathway = plan_pathway(eval_assistant.catalogue.graph, "FV-CERT-CLOUD", completed={"OS-CLD101"},
                           flt=ProgramFilter()).to_pathway()
    rows = list(csv.DictReader(io.StringIO(plan_csv(pathway))))
    assert [(r["id"], r["status"]) for r in rows] == [("OS-CLD101", "done"), ("FV-DEV120", "needed"),
                                                      ("FV-K8S130", "needed")]
    assert rows[1]["cost"] == "690" and rows[1]["next_start"] == "2027-02-15"
    step = pathway.steps[1]  # its hours in all: weeks times hours a week, as the record gives them
    assert rows[1]["hours"] == f"{step.hours:g}"
    assert step.hours is not None and plan_table(pathway)[1]["Hours"] == f"{step.hours:g}"
    markdown = plan_markdown(pathway)
    assert markdown.startswith("# Plan: Certificate in Cloud Operations") and "3 done of 9 required" in markdown
    row = "| 2 | DevOps Pipelines with Git and Docker (FV-DEV120) | needed | 3 | \\$690 CAD | 6 | Feb 15, 2027 |"
    assert row in markdown
    french = plan_markdown(pathway, "fr")
    assert french.startswith("# Plan : Certificate in Cloud Operations") and "690 \\$" in french and "requis" in french
    dot = plan_dot(pathway)
    assert dot.startswith("digraph") and '"FV-DEV120" -> "FV-K8S130"' in dot and "3 credits · done" in dot


def ask(assistant, *turns):
    conversation = Conversation()
    for turn in turns:
        reply = assistant.reply(turn, conversation)
    return reply


def test_how_a_program_stacks_names_the_ladder_with_credits(eval_assistant):
    reply = ask(eval_assistant, "How does SQL for Analysts stack?")
    assert reply.pathway.target == "LK-CERT-BA"
    assert ("**SQL for Analysts** counts for 3 credits towards **Certificate in Business Analytics** (12 credits "
            "required), which counts as 12 credits towards **Diploma in Data Science**") in reply.answer
    assert "Other components of Certificate in Business Analytics: Data Analytics Foundations" in reply.answer


def test_requirements_of_a_credential_by_partial_title(sample_assistant):
    reply = ask(sample_assistant, "What do I need for the cyber defence certificate?")
    assert reply.intent == "requirements" and reply.pathway.target == "CC-CERT-SEC"
    assert "requires 12 credits: all 4 of these" in reply.answer and "Total:" in reply.answer


def test_whats_left_after_completed_programs(eval_assistant):
    reply = ask(eval_assistant, "I've finished Data Analytics Foundations and SQL for Analysts. What's left?")
    assert reply.intent == "progress" and reply.pathway.credits_done == 6
    assert "You have 6 of 12 credits" in reply.answer and "Cheapest way to finish" in reply.answer
    assert {p.id for p in reply.programs} == {"LK-VIZ120", "LK-PY130", "LK-STAT140"}


def test_how_do_those_stack_follows_the_last_recommendations(eval_assistant):
    reply = ask(eval_assistant, "I want to get into cloud computing.", "Only online options please.",
                "How do those stack?")
    assert reply.pathway.target == "FV-CERT-CLOUD"
    assert all(p.delivery == "online" for p in reply.programs)


def test_a_constraint_after_a_plan_replans_the_same_credential(eval_assistant):
    reply = ask(eval_assistant, "What do I need for the Certificate in Project Management?", "only online please")
    assert reply.pathway.target == "FV-CERT-PM"
    assert [p.id for p in reply.programs] == ["FV-PM101", "FV-AGL110"]
    assert "cannot be completed" in reply.answer


def test_unknown_references_do_not_break_a_plan(store, tmp_path):
    from guidance import Assistant
    from stackwise.settings import Settings
    from tests.conftest import ingest

    path = tmp_path / "broken.csv"
    path.write_text("id,title,provider,credential_type,description,stacks_into,prerequisites,credits_required\n"
                    "X-1,Alpha Skills,P,micro-credential,First,X-CERT:3,X-GHOST,\n"
                    "X-CERT,Alpha Certificate,P,certificate,The certificate,,,6\n")
    settings = Settings(store_dir=tmp_path / "s")
    report = ingest(settings, path)
    assert report.warnings == [f"{path}:2 prerequisites: unknown program X-GHOST"]
    reply = ask(Assistant.open(settings), "What do I need for the Alpha Certificate?")
    assert reply.pathway.target == "X-CERT" and reply.pathway.credits_remaining == 6
    outside = "3 of the credits Alpha Certificate requires come from courses that are not in this catalogue"
    assert outside in reply.answer
    # A prerequisite the catalogue lacks is never shown as its id, nor as "no prerequisites".
    assistant = Assistant.open(settings)
    for question in ("Can I take Alpha Skills right away?", "tell me about alpha skills"):
        reply = ask(assistant, question)
        assert "X-GHOST" not in reply.answer and "no prerequisites" not in reply.answer, question
        assert "not in this catalogue" in reply.answer, question
    card = next(c for c in reply.programs if c.id == "X-1")
    assert [h.known for h in card.prerequisites] == [False]


def test_a_prerequisite_cycle_is_not_advised_as_a_loop():
    from knowledge_base.schema import Program
    from knowledge_base.stacking import StackGraph

    rows = [
        {"id": "C-A", "title": "Alpha", "provider": "P", "credential_type": "micro-credential", "description": "a",
         "prerequisites": "C-B", "stacks_into": "C-CERT:3", "credits": "3"},
        {"id": "C-B", "title": "Beta", "provider": "P", "credential_type": "micro-credential", "description": "b",
         "prerequisites": "C-A", "stacks_into": "C-CERT:3", "credits": "3"},
        {"id": "C-CERT", "title": "Loop Certificate", "provider": "P", "credential_type": "certificate",
         "description": "c", "credits_required": "6"},
    ]
    graph = StackGraph({r["id"]: Program.from_row(r) for r in rows})
    pathway = plan_pathway(graph, "C-CERT", completed=set(), flt=ProgramFilter()).to_pathway()
    steps = {s.id: s for s in pathway.steps}
    assert set(steps) == {"C-A", "C-B"} and steps["C-A"].prerequisites == [] == steps["C-B"].prerequisites
    assert any("each other's prerequisites" in note and "Alpha" in note and "Beta" in note for note in pathway.notes)
    assert "-> \"C-A\" [style=dotted" not in plan_dot(pathway)


def test_the_ways_to_finish_add_up_the_hours_of_study(eval_assistant):
    catalogue = eval_assistant.catalogue
    plan = plan_pathway(catalogue.graph, "LK-CERT-BA", completed={"LK-DA101", "LK-SQL110"}, flt=ProgramFilter())
    hours = sum(catalogue.program(i).hours_in_all for i in plan.cheapest)
    said = "\n".join(plan_text(plan, catalogue))
    assert f"{hours:g} hours of study in all" in said, said
