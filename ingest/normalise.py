"""Reading human values: money, lengths, effort, languages, levels, delivery, pace, yes/no, lists.

Each ``parse_*`` returns the canonical value, ``None`` for an empty cell, and raises
``ValueError`` with a short reason when the text cannot be read.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_NUMBER = r"\d+(?:[.,]\d+)?"
_DASHES = "–—−‒-"


def _clean(text: object) -> str:
    if text is None:
        return ""
    return unicodedata.normalize("NFKC", str(text)).strip()


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def _to_float(raw: str) -> float:
    raw = raw.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", raw):
        raw = raw.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", raw):  # 1.250,00
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", ".")
    return float(raw)


def parse_money(text: object) -> tuple[float | None, str | None]:
    """``$1,250.00`` → (1250, None); ``CAD 450`` → (450, "CAD"); ``Free`` → (0, None);
    ``FREE-Add a Verified Certificate for $49 USD`` → (49, "USD"): the price of the credential,
    since the free track earns none."""
    value = _clean(text)
    if not value:
        return None, None
    folded = _fold(value)
    if re.search(r"(?:^|[\s$(])[-−]\s*\$?\d", value):
        raise ValueError(f"{value!r} is a negative amount")
    amounts = re.findall(r"(?<![\w.])(\d{1,3}(?:[ ,.\u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)", value)
    currency = next((c for c in ("CAD", "USD", "EUR", "GBP") if re.search(rf"\b{c}\b", value, re.IGNORECASE)), None)
    currency = currency or ("EUR" if "€" in value else "GBP" if "£" in value else "USD" if "US$" in value else None)
    if amounts:
        return max(_to_float(a) for a in amounts), currency
    if re.search(r"\b(?:free|gratuit|gratuite|no cost|none|no charge|sans frais|0)\b", folded):
        return 0.0, currency
    raise ValueError(f"cannot read {value!r} as an amount")


_UNIT_WEEKS = {"week": 1.0, "wk": 1.0, "semaine": 1.0, "month": 4.345, "mois": 4.345, "year": 52.0, "an": 52.0,
               "annee": 52.0, "day": 1 / 7, "jour": 1 / 7}


def parse_duration(text: object) -> tuple[float | None, float | None]:
    """A length as (weeks, total hours): ``12 Weeks`` → (12, None); ``3 months`` → (13, None);
    ``40 hours`` → (None, 40); ``6–8 weeks`` → (8, None), the upper end; a bare number is
    already in weeks, the column's unit."""
    value = _fold(_clean(text))
    if not value:
        return None, None
    numbers = [_to_float(n) for n in re.findall(_NUMBER, value)]
    if not numbers:
        raise ValueError(f"cannot read {text!r} as a length")
    if re.fullmatch(_NUMBER, value):
        return numbers[0], None
    if re.search(r"\b(?:hours?|hrs?|h|heures?)\b", value):
        return None, max(numbers)
    for unit, factor in _UNIT_WEEKS.items():
        if re.search(rf"\b{unit}s?\b", value):
            return round(max(numbers) * factor, 1), None
    raise ValueError(f"cannot read {text!r} as a length (no unit such as weeks or months)")


def parse_effort(text: object) -> float | None:
    """Hours per week, the lower end of a range: ``2–3 hours per week`` → 2; ``5 hrs/wk`` → 5."""
    value = _fold(_clean(text))
    if not value:
        return None
    for dash in _DASHES:
        value = value.replace(dash, "-")
    numbers = [_to_float(n) for n in re.findall(_NUMBER, value)]
    if not numbers or (re.search(r"[a-z]", value) and not re.search(r"\b(?:hours?|hrs?|h|heures?)\b", value)):
        raise ValueError(f"cannot read {text!r} as hours per week")
    if re.search(r"\b(?:per|a|each|/|par)\s*(?:day|jour)\b", value):
        return min(numbers) * 5
    return min(numbers)


LANGUAGES = {
    "english": "en", "anglais": "en", "ingles": "en", "francais": "fr", "french": "fr", "espanol": "es",
    "spanish": "es", "castellano": "es", "italiano": "it", "italian": "it", "portugues": "pt", "portuguese": "pt",
    "deutsch": "de", "german": "de", "allemand": "de", "chinese": "zh", "中文": "zh", "mandarin": "zh",
    "日本語": "ja", "japanese": "ja", "한국어": "ko", "korean": "ko", "русскии": "ru", "русский": "ru", "russian": "ru",
    "العربية": "ar", "اللغة العربية": "ar", "arabic": "ar", "हिन्दी": "hi", "hindi": "hi", "nederlands": "nl", "dutch": "nl",
    "turkce": "tr", "turkish": "tr", "polski": "pl", "polish": "pl",
}


def parse_language(text: object) -> str | None:
    """``English`` → ``en``; ``Español`` → ``es``; ``English, 中文`` → ``en`` (the first)."""
    value = _clean(text)
    if not value:
        return None
    first = re.split(r"[,;/|]", value)[0].strip()
    folded = _fold(first)
    if re.fullmatch(r"[a-z]{2}", folded):
        return folded
    if folded in LANGUAGES:
        return LANGUAGES[folded]
    if first in LANGUAGES:
        return LANGUAGES[first]
    raise ValueError(f"cannot read {value!r} as a language")


_LEVELS = {
    "introductory": ("introductory", "intro", "beginner", "beginners", "basic", "foundation", "foundational",
                     "entry", "entry level", "novice", "debutant", "initiation", "level 1"),
    "intermediate": ("intermediate", "intermediaire", "level 2", "mid"),
    "advanced": ("advanced", "avance", "expert", "level 3"),
}


def parse_level(text: object) -> str | None:
    value = _fold(_clean(text)).replace("-", " ")
    if not value:
        return None
    for level, words in _LEVELS.items():
        if value in words or value.split(" ")[0] in words:
            return level
    raise ValueError(f"{_clean(text)!r} is not a known level (introductory, intermediate, advanced)")


def parse_delivery(text: object) -> str | None:
    value = _fold(_clean(text))
    if not value:
        return None
    if re.search(r"hybrid|blended|hybride|mixed", value):
        return "hybrid"
    if re.search(r"online|on-line|remote|virtual|e-learning|distance|en ligne|web", value):
        return "online"
    if re.search(r"in[- ]person|on[- ]campus|campus|classroom|face[- ]to[- ]face|en personne|presentiel|onsite|on-site", value):
        return "in-person"
    raise ValueError(f"{_clean(text)!r} is not a known delivery (online, in-person, hybrid)")


def parse_pace(text: object) -> str | None:
    """``Self-paced on your time`` → self-paced; ``Instructor-led on a course schedule`` → cohort."""
    value = _fold(_clean(text))
    if not value:
        return None
    if re.search(r"self[- ]?paced|own pace|on your time|anytime|a votre rythme|autonome", value):
        return "self-paced"
    if re.search(r"cohort|instructor[- ]led|scheduled|course schedule|live|synchronous|en groupe", value):
        return "cohort"
    raise ValueError(f"{_clean(text)!r} is not a known pace (self-paced, cohort)")


_TYPES = (
    ("micro-credential", r"micro[- ]?credential|microcredential|micro[- ]?certification|microprogramme"),
    ("digital-badge", r"badge"),
    ("bootcamp", r"boot ?camp"),
    ("licence", r"licen[cs]e|permit"),
    ("diploma", r"diplom"),
    ("degree", r"degree|bachelor|master(?!class)|baccalaureat|maitrise|doctorat|phd"),
    ("certificate", r"certificat|attestation"),
    ("short-course", r"short[- ]course|course|workshop|cours|atelier|seminar|training"),
)


def parse_credential_type(text: object) -> str | None:
    value = _fold(_clean(text))
    if not value:
        return None
    for kind, pattern in _TYPES:
        if re.search(pattern, value):
            return kind
    raise ValueError(f"{_clean(text)!r} is not a known credential type")


def parse_yes_no(text: object) -> bool | None:
    value = _fold(_clean(text))
    if not value:
        return None
    if value in {"yes", "y", "true", "1", "oui", "o", "x", "eligible"}:
        return True
    if value in {"no", "n", "false", "0", "non", "not eligible"}:
        return False
    raise ValueError(f"cannot read {_clean(text)!r} as yes or no")


def parse_list(text: object) -> list[str]:
    """Items separated by ``;`` or ``|``, or by ``,`` when neither is used."""
    value = _clean(text)
    if not value:
        return []
    separator = ";" if ";" in value else "|" if "|" in value else ","
    return [item.strip() for item in value.split(separator) if item.strip()]


def parse_date(text: object) -> date | None:
    value = _clean(text)
    if not value:
        return None
    if isinstance(text, (date, datetime)):
        return text if isinstance(text, date) and not isinstance(text, datetime) else text.date()
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"cannot read {value!r} as a date (use YYYY-MM-DD)")
