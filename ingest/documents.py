"""Documents (Markdown, plain text) into passages: split by headings, then into sized chunks."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from knowledge_base import languages
from knowledge_base.schema import Passage

from .errors import UnreadableFile

CHUNK_SIZE = 900
CHUNK_OVERLAP = 120
_SOURCE_SECTIONS = {"sources", "references", "source"}


def _splitter() -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)


def document_id(path: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "document"


_NAMED_LANGUAGE = re.compile(r"[._-](?P<code>[a-z]{2})$")


def document_language(path: Path, text: str) -> str:
    """The language of a document: the one its name gives (``paying.fr.md``), else the one
    its text is written in (py3langid, among the languages learners are answered in)."""
    named = _NAMED_LANGUAGE.search(path.stem.lower())
    if named and named.group("code") in languages.ANSWERED:
        return named.group("code")
    return languages.identify(text[:5000], languages.ANSWERED)[0]


def read_markdown(path: Path, **_: object) -> list[Passage]:
    """Passages of a Markdown file: one per section (split further when long).

    The first ``#`` heading is the document's title; a ``## Sources`` section is not a
    passage but becomes the citation attached to every passage of the document.
    """
    text = _read(path)
    title_match = re.search(r"^#\s+(.+)$", text, flags=re.MULTILINE)
    title = title_match.group(1).strip() if title_match else path.stem.replace("_", " ").replace("-", " ").title()
    sections = MarkdownHeaderTextSplitter(
        headers_to_split_on=[("#", "h1"), ("##", "h2"), ("###", "h3")], strip_headers=True,
    ).split_text(text)
    citation = None
    kept: list[tuple[str, str]] = []
    for section in sections:
        heading = section.metadata.get("h3") or section.metadata.get("h2") or ""
        if heading.strip().lower() in _SOURCE_SECTIONS:
            citation = " ".join(section.page_content.split())
            continue
        kept.append((heading, section.page_content))
    doc_id = document_id(path)
    language = document_language(path, text)
    passages: list[Passage] = []
    for heading, content in kept:
        for chunk in _splitter().split_text(content):
            passages.append(Passage(
                id=f"{doc_id}#{len(passages) + 1}", document_id=doc_id, document_title=title,
                section=heading, text=chunk.strip(), source=path.name, citation=citation, language=language,
            ))
    return passages


def read_text(path: Path, **_: object) -> list[Passage]:
    """Passages of a plain-text file; its first non-empty line is the title."""
    text = _read(path)
    lines = [line for line in text.splitlines() if line.strip()]
    title = lines[0].strip() if lines else path.stem
    doc_id = document_id(path)
    language = document_language(path, text)
    return [
        Passage(id=f"{doc_id}#{n}", document_id=doc_id, document_title=title, text=chunk.strip(), source=path.name,
                language=language)
        for n, chunk in enumerate(_splitter().split_text(text), start=1)
    ]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(str(path), f"cannot read: {exc}") from exc


PDF_TIMEOUT = 30.0  # seconds a PDF may take before it is reported and skipped
_PDF_WORKER = Path(__file__).resolve().with_name("pdf_worker.py")


def read_pdf(path: Path, timeout: float = PDF_TIMEOUT, **_: object) -> list[Passage]:
    """Passages of a PDF, each with its page number; pypdf runs in a separate process that is
    killed after ``timeout`` seconds, so an encrypted, corrupt or hanging PDF is only reported."""
    try:
        done = subprocess.run([sys.executable, str(_PDF_WORKER), str(path)], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise UnreadableFile(str(path), f"took longer than {timeout:g} s to read; skipped") from None
    if done.returncode != 0 or not done.stdout.strip():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise UnreadableFile(str(path), f"could not be read as a PDF ({last})")
    result = json.loads(done.stdout)
    if "error" in result:
        raise UnreadableFile(str(path), result["error"])
    pages = result["pages"]
    first_line = next((line.strip() for page in pages for line in page.splitlines() if line.strip()), "")
    title = result.get("title") or first_line[:120] or path.stem
    doc_id = document_id(path)
    language = document_language(path, " ".join(pages))
    passages: list[Passage] = []
    for number, text in enumerate(pages, start=1):
        for chunk in _splitter().split_text(text):
            if chunk.strip():
                passages.append(Passage(id=f"{doc_id}#p{number}-{len(passages) + 1}", document_id=doc_id,
                                        document_title=title, text=chunk.strip(), source=path.name, page=number,
                                        language=language))
    if not passages:
        raise UnreadableFile(str(path), "has no text to extract (a scanned PDF?)")
    return passages


DOCUMENT_READERS: dict[str, Callable[..., list[Passage]]] = {
    ".md": read_markdown, ".markdown": read_markdown, ".txt": read_text, ".pdf": read_pdf}
