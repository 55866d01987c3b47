"""Guidance: understanding learners, retrieving programs and passages, composing answers."""
from .assistant import Assistant
from .credentials import CredentialError, EarnedCredential, read_credentials, read_credentials_text
from .earned import Earned
from .models import Conversation, Pathway, PathwayStep, ProgramCard, Quote, Reply, Source
from .profile import Profile

__all__ = ["Assistant", "Conversation", "CredentialError", "Earned", "EarnedCredential", "Pathway", "PathwayStep",
           "Profile", "ProgramCard", "Quote", "Reply", "Source", "read_credentials", "read_credentials_text"]
