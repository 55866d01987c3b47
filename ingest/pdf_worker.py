"""Extract a PDF's text page by page, in a process of its own.

    python -m ingest.pdf_worker FILE   →   {"title": ..., "pages": [...]} or {"error": ...} on stdout

pypdf runs here, never in the ingest process: a corrupt or hostile PDF can only hang or crash
this worker, which the caller kills after its time limit.
"""
from __future__ import annotations

import json
import sys


def extract(path: str) -> dict:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return {"error": "is encrypted (password protected)"}
            except Exception:
                return {"error": "is encrypted (password protected)"}
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
        return {"title": title, "pages": pages}
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        return {"error": f"is not a readable PDF ({type(exc).__name__}: {exc})"}


def main() -> int:
    result = extract(sys.argv[1])
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
