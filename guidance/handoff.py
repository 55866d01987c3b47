"""A short summary of a conversation for the learner to paste to an advisor."""
from __future__ import annotations

from . import answers
from .models import Conversation
from .redaction import redact


def conversation_summary(conversation: Conversation, title_of=lambda program_id: program_id) -> str:
    """Goal, constraints, completed programs, the programs and plan discussed; no personal details."""
    profile = conversation.profile
    lines = ["Stackwise conversation summary"]
    if profile.goal:
        lines.append(f"Goal: {redact(profile.goal)}")
    if profile.background:
        lines.append(f"Background: {redact(profile.background)}")
    constraints = answers.constraint_phrases(profile, "en")
    if constraints:
        lines.append("Looking for: " + ", ".join(constraints))
    if profile.completed:
        lines.append("Completed: " + ", ".join(title_of(pid) for pid in profile.completed))
    if profile.earned:
        held = [redact(e.name) + (f" ({redact(e.issuer)})" if e.issuer else "")
                + (f", counts as {title_of(e.matched)}" if e.matched else ", not in the catalogue")
                for e in profile.earned]
        lines.append("Credentials held (as handed over, not verified): " + "; ".join(held))
    discussed: list[str] = []
    for _, reply in conversation.history:
        discussed += [f"{card.title} ({card.id})" for card in reply.programs if f"{card.title} ({card.id})" not in discussed]
    if discussed:
        lines.append("Programs discussed: " + "; ".join(discussed[:10]))
    plans = [reply.pathway for _, reply in conversation.history if reply.pathway is not None]
    if plans:
        plan = plans[-1]
        lines.append(f"Plan: {plan.title}, {plan.credits_done:g} of {plan.credits_required:g} credits done"
                     if plan.credits_required is not None else f"Plan: {plan.title}")
    questions = [message for message, _ in conversation.history][-3:]
    if questions:
        lines.append("Last questions: " + " | ".join(redact(q) for q in questions))
    return "\n".join(lines)
