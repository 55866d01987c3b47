"""Guidance: understanding learners, retrieving programs and passages, composing answers."""
from .assistant import Assistant
from .models import Conversation, Pathway, PathwayStep, ProgramCard, Quote, Reply, Source
from .profile import Profile

__all__ = ["Assistant", "Conversation", "Pathway", "PathwayStep", "Profile", "ProgramCard", "Quote", "Reply", "Source"]
