"""A short summary of a conversation for the learner to paste to an advisor."""
from __future__ import annotations

from . import answers
from .i18n import text
from .models import Conversation
from .redaction import redact


def conversation_summary(conversation: Conversation, title_of=lambda program_id: program_id,
                         language: str | None = None) -> str:
    """Goal, constraints, completed programs, the programs and plan discussed; no personal details.
    Written in ``language`` (else the conversation's): the learner pastes it to an advisor of their centre."""
    profile = conversation.profile
    t = text(language or conversation.language)
    lines = [t("Stackwise conversation summary")]
    if profile.goal:
        lines.append(t("Goal: {goal}", goal=redact(profile.goal)))
    if profile.background:
        lines.append(t("Background: {background}", background=redact(profile.background)))
    constraints = answers.constraint_phrases(profile, t.language)
    if constraints:
        lines.append(t("Looking for: {constraints}", constraints=", ".join(constraints)))
    if profile.completed:
        lines.append(t("Completed: {programs}", programs=", ".join(title_of(pid) for pid in profile.completed)))
    if profile.earned:
        held = []
        for earned in profile.earned:
            name = redact(earned.name) + (f" ({redact(earned.issuer)})" if earned.issuer else "")
            held.append(t("{name}, counts as {title}", name=name, title=title_of(earned.matched)) if earned.matched
                        else t("{name}, not in the catalogue", name=name))
        lines.append(t("Credentials held (as handed over, not verified): {credentials}", credentials="; ".join(held)))
    discussed: list[str] = []
    for _, reply in conversation.history:
        named = [f"{card.title} ({card.id})" for card in reply.programs]
        discussed += [name for name in named if name not in discussed]
    if discussed:
        lines.append(t("Programs discussed: {programs}", programs="; ".join(discussed[:10])))
    plans = [reply.pathway for _, reply in conversation.history if reply.pathway is not None]
    if plans:
        plan = plans[-1]
        lines.append(t("Plan: {title}, {done} of {required} credits done", title=plan.title,
                       done=t.number(plan.credits_done), required=t.number(plan.credits_required))
                     if plan.credits_required is not None else t("Plan: {title}", title=plan.title))
    questions = [message for message, _ in conversation.history][-3:]
    if questions:
        lines.append(t("Last questions: {questions}", questions=" | ".join(redact(q) for q in questions)))
    return "\n".join(lines)
