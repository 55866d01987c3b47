"""The errors Stackwise raises on purpose: one tree, caught at the edges (the CLIs, the app,
the staff page) and shown with their message.

    StackwiseError                      base of every error the project raises on purpose
     ├── KnowledgeBaseError             the store or its configuration cannot be used (knowledge_base.errors)
     │    ├── StoreUnavailable          the Chroma folder or server cannot be opened
     │    └── InvalidProgram            a record does not fit the catalogue schema
     ├── IngestError                    a file cannot be read into the catalogue (ingest.errors)
     │    ├── UnsupportedFormat         no reader for the file's extension
     │    ├── UnreadableFile            the file cannot be opened or decoded at all
     │    ├── VersionNotWritten         the new version could not be written (a full disk)
     │    ├── InvalidRow                one record is wrong: file, line, field, reason
     │    └── MappingError              a mapping file is wrong: file, key, reason (ingest.mapping)
     ├── CentreError                    a career centre's profile cannot be used (guidance.centres)
     ├── DatabaseError                  the question log's database cannot be reached or read (guidance.database)
     ├── CredentialError                a learner's badge cannot be read: where, reason (guidance.credentials)
     ├── ModelConfigError               the language model settings name what cannot be made (guidance.llm.limits)
     └── ModelError                     a model's answer is unusable: failed, late, or broke its rules; never
                                        shown, the rules answer instead (guidance.llm.limits)

Each branch lives beside the code that raises it, so the store never imports the ingest or
the guidance; this base is all they share.
"""
from __future__ import annotations


class StackwiseError(Exception):
    """Base class for every error Stackwise raises deliberately."""
