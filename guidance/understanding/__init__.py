"""Reading a learner's message: a small package, one concern a module, all producing one
typed ``Reading``.

- ``constraints``: amounts with direction, lengths, hours, delivery, pace, level, type, language
- ``places``: where the learner lives and where they ask programs to be
- ``topic``: what they want, from the meaning of their clauses against the fields of work
- ``references``: programs named exactly, loosely, or by their place in what was shown
- ``language``: the language a message is written in
- ``reader``: the intent, and the profile carried across the conversation
"""
from .language import detect as message_language
from .reader import Intent, MessageReader, Reading

__all__ = ["Intent", "MessageReader", "Reading", "message_language"]
