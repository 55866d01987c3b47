"""Stackwise: what belongs to the whole project, and the public faces the two apps use.

``stackwise.settings`` (one settings object, read lazily from ``STACKWISE_*``) and
``stackwise.errors`` (the error tree) are imported by every package. The names below are what
``app.py`` and ``staff.py`` use of the packages; they are loaded on first use, so importing
``stackwise.errors`` from the store does not load the conversation code.

    guidance         the conversation: reading, retrieval, stacking, answers, centres, the log
    knowledge_base   the store: schema, Chroma, embeddings, search, versions, shipped content
    ingest           readers, mapping, normalisation, validation, the staff CLI
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .errors import StackwiseError
from .settings import Settings, get_settings

# Public name -> the module that defines it.
_FACES = {
    # the conversation
    "Assistant": "guidance.assistant", "Conversation": "guidance.models", "Profile": "guidance.profile",
    "Reply": "guidance.models", "ProgramCard": "guidance.models", "Pathway": "guidance.models",
    "MAX_MESSAGE_CHARS": "guidance.understanding.reader", "Wording": "guidance.llm.phrasing",
    "ModelConfigError": "guidance.llm.limits",
    # what a learner reads, in their language
    "LANGUAGES": "guidance.i18n", "N_": "guidance.i18n", "Text": "guidance.i18n", "text": "guidance.i18n",
    "card_lines": "guidance.answers", "source_line": "guidance.answers",
    "plan_csv": "guidance.pathways", "plan_dot": "guidance.pathways", "plan_markdown": "guidance.pathways",
    "plan_table_html": "guidance.pathways", "conversation_summary": "guidance.handoff",
    "md": "knowledge_base.escaping",
    # credentials a learner holds
    "CredentialError": "guidance.credentials", "EarnedCredential": "guidance.credentials",
    "MAX_CREDENTIAL_BYTES": "guidance.credentials", "read_credentials_text": "guidance.credentials",
    # career centres, the question log and the staff page
    "Centres": "guidance.centres", "CentreProfile": "guidance.centres", "CentreError": "guidance.centres",
    "QuestionLog": "guidance.journal", "MAX_COMMENT_CHARS": "guidance.journal", "SignIn": "guidance.signin",
    "DatabaseError": "guidance.database",
    "SignInGuard": "guidance.signin", "StaffAccess": "guidance.signin", "GLOBAL_ACCOUNT": "guidance.signin",
    "MAX_PASSWORD": "guidance.signin",
    "matches_hash": "guidance.signin",
    "matches_secret": "guidance.signin", "password_problem": "guidance.signin",
    "catalogue_gaps": "guidance.insights", "export_csv": "guidance.insights",
    "feedback": "guidance.insights", "gaps_table": "guidance.insights", "questions_per_day": "guidance.insights",
    "top_topics": "guidance.insights",
    # the shipped content, indexed on first start
    "ensure_defaults": "ingest.defaults", "missing_defaults": "ingest.defaults",
    # objects held for the whole process, out of reach of a client's 'clear cache'
    "held": "stackwise.registry",
}

__all__ = [  # every public face: the settings, the base error and the names above
    "Assistant", "card_lines", "catalogue_gaps", "CentreError", "CentreProfile", "Centres", "Conversation",
    "conversation_summary", "CredentialError", "DatabaseError", "EarnedCredential", "ensure_defaults", "export_csv",
    "feedback",
    "gaps_table", "get_settings", "GLOBAL_ACCOUNT", "held", "LANGUAGES", "MAX_COMMENT_CHARS", "MAX_PASSWORD",
    "matches_hash", "matches_secret", "MAX_CREDENTIAL_BYTES", "MAX_MESSAGE_CHARS", "md",
    "missing_defaults", "N_", "password_problem", "Pathway", "plan_csv", "plan_dot", "plan_markdown",
    "plan_table_html", "Profile", "ProgramCard", "QuestionLog", "questions_per_day", "read_credentials_text",
    "Reply", "Settings", "SignIn", "SignInGuard", "StaffAccess", "source_line", "StackwiseError", "Text", "text",
    "top_topics", "ModelConfigError", "Wording",
]


def __getattr__(name: str) -> object:
    if name not in _FACES:
        raise AttributeError(f"module 'stackwise' has no attribute {name!r}")
    value = getattr(import_module(_FACES[name]), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:  # the same names, for the type checker
    from guidance.answers import card_lines, source_line
    from guidance.assistant import Assistant
    from guidance.centres import CentreError, CentreProfile, Centres
    from guidance.credentials import MAX_CREDENTIAL_BYTES, CredentialError, EarnedCredential, read_credentials_text
    from guidance.database import DatabaseError
    from guidance.handoff import conversation_summary
    from guidance.i18n import LANGUAGES, N_, Text, text
    from guidance.insights import catalogue_gaps, export_csv, feedback, gaps_table, questions_per_day, top_topics
    from guidance.journal import MAX_COMMENT_CHARS, QuestionLog
    from guidance.llm.limits import ModelConfigError
    from guidance.llm.phrasing import Wording
    from guidance.models import Conversation, Pathway, ProgramCard, Reply
    from guidance.pathways import plan_csv, plan_dot, plan_markdown, plan_table_html
    from guidance.profile import Profile
    from guidance.signin import (
        GLOBAL_ACCOUNT,
        MAX_PASSWORD,
        SignIn,
        SignInGuard,
        StaffAccess,
        matches_hash,
        matches_secret,
        password_problem,
    )
    from guidance.understanding.reader import MAX_MESSAGE_CHARS
    from ingest.defaults import ensure_defaults, missing_defaults
    from knowledge_base.escaping import md
    from stackwise.registry import held
