"""Reading human values: money, lengths, effort, languages, levels, delivery, pace, yes/no, lists.

Each ``parse_*`` returns the canonical value, ``None`` for an empty cell, and raises
``ValueError`` with a short reason when the text cannot be read.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser

from knowledge_base.schema import WEEKS_PER_MONTH, WEEKS_PER_YEAR
from knowledge_base.text import fold, number_value

_NUMBER = r"\d+(?:[.,]\d+)?"
_DASHES = "–—−‒-"


# What exports write in a cell that has no value: read as empty everywhere.
EMPTY_MARKERS = frozenset({"none", "null", "nil", "nan", "n/a", "na", "n.a.", "n/d", "nd", "s/o", "s.o.", "-", "--",
                           "—", "–", "?", "tbd", "tba", "tbc", "to be determined", "to be announced", "a determiner",
                           "a venir", "non disponible", "sans objet", "not applicable", "not available"})


class UnknownValue(ValueError):
    """A value that is not one the field knows (``Specialization`` as a credential type);
    a mapping file's ``[values.FIELD]`` table can translate it."""

    def __init__(self, value: str, reason: str):
        self.value = value
        super().__init__(f"{value!r} {reason}")


def is_empty(value: object) -> bool:
    """No value: nothing, blanks, or one of the markers exports write for nothing (``N/A``, ``TBD``)."""
    if value is None:
        return True
    if isinstance(value, (int, float)):
        return value != value  # NaN
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return not text or fold(text).strip() in EMPTY_MARKERS


def _clean(text: object) -> str:
    if is_empty(text):
        return ""
    return unicodedata.normalize("NFKC", str(text)).strip()


def parse_money(text: object) -> tuple[float | None, str | None]:
    """``$1,250.00`` → (1250, None); ``CAD 450`` → (450, "CAD"); ``Free`` → (0, None);
    ``FREE-Add a Verified Certificate for $49 USD`` → (49, "USD"): the price of the credential,
    since the free track earns none."""
    value = _clean(text)
    if not value:
        return None, None
    folded = fold(value).strip()
    if re.search(r"(?:^|[\s$(])[-−]\s*\$?\d", value):
        raise ValueError(f"{value!r} is a negative amount")
    amounts = re.findall(r"(?<![\w.])(\d{1,3}(?:[ ,.\u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)", value)
    currency = next((c for c in ("CAD", "USD", "EUR", "GBP") if re.search(rf"\b{c}\b", value, re.IGNORECASE)), None)
    currency = currency or ("EUR" if "€" in value else "GBP" if "£" in value else "USD" if "US$" in value else None)
    if amounts:
        return max(number_value(a) for a in amounts), currency
    if re.search(r"\b(?:free|gratuit|gratuite|no cost|none|no charge|sans frais|0)\b", folded):
        return 0.0, currency
    raise ValueError(f"cannot read {value!r} as an amount")


# Units of time in the catalogue's languages and the ones exports often come in (folded:
# no accents), with their length in weeks, and the plural endings they take.
_SPANS = {
    "week": 1.0, "wk": 1.0, "semaine": 1.0, "semana": 1.0, "woche": 1.0, "settimana": 1.0, "sem": 1.0,
    **dict.fromkeys(("month", "mo", "mois", "mes", "monat", "mese"), WEEKS_PER_MONTH),
    **dict.fromkeys(("year", "yr", "an", "annee", "ano", "jahr", "anno"), WEEKS_PER_YEAR),
    # Parts of an academic year take their share of the calendar, since a length tells the learner
    # how long they are committed ("4 trimesters" runs past a year): a semester (or a Quebec session)
    # is half a year, an English trimester a third; a French "trimestre" is three months.
    "semester": WEEKS_PER_YEAR / 2, "semestre": WEEKS_PER_YEAR / 2, "session": WEEKS_PER_YEAR / 2,
    "trimester": WEEKS_PER_YEAR / 3, "trimestre": WEEKS_PER_YEAR / 4, "quarter": WEEKS_PER_YEAR / 4,
    "day": 1 / 7, "jour": 1 / 7, "dia": 1 / 7, "tag": 1 / 7, "giorno": 1 / 7,
}
_HOURS = r"(?:hours?|hrs?|h|heures?|horas?|stunden?|std|ore|ora)"
_PLURAL = r"(?:s|es|en|e|n|i)?"
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "uno": 1, "una": 1, "dos": 2, "tres": 3,
    "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "doce": 12,
    "a": 1, "one-and-a-half": 1.5, "half": 0.5,
}
_RANGE = rf"({_NUMBER}|[a-z]+\b)(?:\s*(?:-|(?:to|a|au|hasta|bis|or|ou|o)\b)\s*({_NUMBER}))?"
_PER_WEEK = (r"(?:per|a|an|each|every|/|par|por|pro|al|a la|la)\s*(?:week|wk|semaine|sem|semana|woche|settimana)"
             r"|weekly|hebdo")
_PER_DAY = r"(?:per|a|each|every|/|par|por|pro|al)\s*(?:day|jour|dia|tag|giorno)|daily|quotidien"
_PER_MONTH = r"(?:per|a|each|every|/|par|por|pro|al)\s*(?:month|mois|mes|monat|mese)|monthly|mensuel"


@dataclass(frozen=True)
class Length:
    """What a length cell says: the span in weeks, the hours in all, the hours each week; and,
    when it gives a full-time and a part-time length, the part-time one (``weeks`` is full-time)."""

    weeks: float | None = None
    total_hours: float | None = None
    hours_per_week: float | None = None
    part_time_weeks: float | None = None


def _dashes(text: str) -> str:
    """Dashes as ``-``, and digit groups joined (``1 800 heures`` is 1800 hours, not 800)."""
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return re.sub(r"(?<![\d.,])(\d{1,3})(?:[ \u00a0\u202f](\d{3}))+(?![\d.,]?\d)",
                  lambda m: re.sub(r"[ \u00a0\u202f]", "", m.group(0)), text)


def _amount(word: str) -> float | None:
    if re.fullmatch(_NUMBER, word):
        return number_value(word)
    return _NUMBER_WORDS.get(word)


# The clauses of a length sentence, each with at most one pace: "One year full-time or one and a
# half years part-time", "Part-time: 3 years; full-time 18 months". "and a half" joins no clauses.
_CLAUSES = re.compile(r"[;,(]|\b(?:or|ou|o)\b|\band\b(?! a half)|\bet\b(?! demi)")
_FULL_TIME = re.compile(r"\bfull[- ]?time\b|\bft\b|\btemps (?:plein|complet)\b|\btiempo completo\b")
_PART_TIME = re.compile(r"\bpart[- ]?time\b|\bpt\b|\btemps partiel\b|\btiempo parcial\b")
_MINUTES = r"(?:minutes?|mins?)"
# "one and a half years", "a year and a half", "un an et demi": one number, 1.5 of the unit.
_HALVES = re.compile(r"\b(\d+|[a-z]+) and a half\b|\b(?:a|an|one|un|une) ([a-z]+) (?:and a half|et demie?)\b")


def _half(match: re.Match[str]) -> str:
    if match.group(2):  # "a year and a half"
        return f"1.5 {match.group(2)}"
    number = _amount(match.group(1))
    return match.group(0) if number is None else f"{number + 0.5:g}"
# A number (or a range) and its unit: a span, hours or minutes, and whether it is per week, day or month.
_UNITS = "|".join(sorted(_SPANS, key=len, reverse=True))
_LENGTH = re.compile(rf"(?<![\w.]){_RANGE}\s*(?:total\s+|in all\s+)?(?:({_UNITS}){_PLURAL}|({_HOURS})|({_MINUTES}))"
                     rf"\b\.?(\s*(?:{_PER_WEEK}|{_PER_DAY}|{_PER_MONTH}))?")


def read_length(text: object) -> Length:
    """Read a length in the wordings exports use: ``12 Weeks``; ``4 meses``; ``3 mois``; ``six
    weeks``; ``2 to 4 years depending on credits`` (the upper end, 208 weeks); ``40 hours``,
    ``1.5 total hours``, ``45 mins`` (hours in all); ``4 months at 10 hours a week`` (a span and
    an effort); ``One year full-time or two years part-time`` (52 weeks, 104 part-time); a bare
    number is already in weeks, the column's unit."""
    value = _dashes(fold(_clean(text)).strip())
    if not value:
        return Length()
    if re.fullmatch(_NUMBER, value):
        return Length(weeks=number_value(value))
    value = _HALVES.sub(_half, value)
    spans: dict[str, list[float]] = {"full": [], "part": [], "": []}
    total: list[float] = []
    effort: float | None = None
    for clause in _CLAUSES.split(value):
        pace = "full" if _FULL_TIME.search(clause) else "part" if _PART_TIME.search(clause) else ""
        for match in _LENGTH.finditer(clause):
            low, high, unit, hours, minutes, per = match.groups()
            first = _amount(low)
            if first is None and high:  # "Minimum time - 0.5 year(s)": a dash, not a range
                first = number_value(high)
            if first is None:
                continue
            upper = number_value(high) if high else first
            if hours or minutes:
                per_text = (per or "").strip()
                if not per_text:
                    total.append(upper / 60 if minutes else upper)
                elif effort is None and hours:
                    effort = _per_week(first, per_text)
            elif unit and not per:
                spans[pace].append(upper * _SPANS[unit])
    if not (any(spans.values()) or total or effort is not None):
        if not re.search(r"\d", value):
            raise ValueError(f"cannot read {text!r} as a length")
        raise ValueError(f"cannot read {text!r} as a length (no unit such as weeks or months)")
    part_time: float | None = None
    weeks: float | None
    if spans["full"]:  # the full-time length is the program's; the part-time one is noted
        weeks = max(spans["full"] + spans[""])
        part_time = round(max(spans["part"]), 1) if spans["part"] else None
    else:
        weeks = max(spans["part"] + spans[""]) if spans["part"] or spans[""] else None
    return Length(weeks=round(weeks, 1) if weeks is not None else None,
                  total_hours=round(max(total), 2) if total else None, hours_per_week=effort,
                  part_time_weeks=part_time)


def _per_week(hours: float, per: str) -> float:
    if re.search(_PER_DAY, per):
        return hours * 5
    if re.search(_PER_MONTH, per):
        return round(hours / WEEKS_PER_MONTH, 1)
    return hours


def parse_total_hours(text: object) -> Length:
    """A column of hours in all: a bare number is hours (the column's unit: ``1.5``), else as a
    length (``1.5 total hours``, ``Less Than 2 Hours``, ``45 mins``); a cell giving weeks or hours
    per week instead says so in the ``Length`` it returns."""
    value = _clean(text)
    if not value:
        return Length()
    if isinstance(text, (int, float)):
        return Length(total_hours=float(text))
    folded = _dashes(fold(value).strip())
    if re.fullmatch(_NUMBER, folded):
        return Length(total_hours=number_value(folded))
    return read_length(value)


# A web address written without its scheme, as exports often do: "www.scvts.org", "scvts.org/nursing".
_BARE_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?::\d{1,5})?(?:[/?#]\S*)?", re.IGNORECASE)


class EmailAddress(ValueError):
    """An email address where a web address belongs: a wrong value, not a broken row."""


def parse_url(text: object) -> str | None:
    """A web address; one written without ``http(s)://`` (a bare host or ``www.``) is read as
    ``https://``; an email address is ``EmailAddress``. Anything else is left for the schema to
    refuse."""
    value = _clean(text)
    if not value:
        return None
    if re.match(r"^https?://", value, re.IGNORECASE):
        return value
    if re.fullmatch(r"(?:mailto:)?[^@\s/]+@[^@\s/]+\.[a-z]{2,24}", value, re.IGNORECASE):
        raise EmailAddress(f"{value!r} is an email address, not a web page")
    if _BARE_HOST.fullmatch(value):
        return f"https://{value}"
    return value


def parse_duration(text: object) -> tuple[float | None, float | None]:
    """A length as (weeks, total hours): ``12 Weeks`` → (12, None); ``3 months`` → (13, None);
    ``40 hours`` → (None, 40); ``6–8 weeks`` → (8, None), the upper end."""
    length = read_length(text)
    return length.weeks, length.total_hours


def parse_effort(text: object) -> float | None:
    """Hours per week, the lower end of a range: ``2–3 hours per week`` → 2; ``5 hrs/wk`` → 5;
    ``2-4 horas por semana`` → 2; ``1 hour per day`` → 5 (a working week)."""
    value = _dashes(fold(_clean(text)).strip())
    if not value:
        return None
    numbers = [number_value(n) for n in re.findall(_NUMBER, value)]
    if not numbers or (re.search(r"[a-z]", value) and not re.search(rf"\b{_HOURS}\b", value)):
        raise ValueError(f"cannot read {text!r} as hours per week")
    return _per_week(min(numbers), value)


LANGUAGES = {
    "english": "en", "anglais": "en", "ingles": "en", "francais": "fr", "french": "fr", "espanol": "es",
    "spanish": "es", "castellano": "es", "italiano": "it", "italian": "it", "portugues": "pt", "portuguese": "pt",
    "deutsch": "de", "german": "de", "allemand": "de", "chinese": "zh", "中文": "zh", "mandarin": "zh",
    "日本語": "ja", "japanese": "ja", "한국어": "ko", "korean": "ko", "русскии": "ru", "русский": "ru", "russian": "ru",
    "العربية": "ar", "اللغة العربية": "ar", "arabic": "ar", "हिन्दी": "hi", "hindi": "hi",
    "nederlands": "nl", "dutch": "nl",
    "turkce": "tr", "turkish": "tr", "polski": "pl", "polish": "pl",
}


def _language_code(name: str) -> str | None:
    folded = fold(name).strip()
    if re.fullmatch(r"[a-z]{2}", folded):
        return folded
    return LANGUAGES.get(folded) or LANGUAGES.get(name.strip())


class SeveralLanguages(UnknownValue):
    """A cell naming several languages: which one the program is taught in is not said."""

    def __init__(self, value: str, count: int):
        super().__init__(value, f"names {count} languages, not the one the program is taught in")


def parse_language(text: object) -> str | None:
    """``English`` → ``en``; ``Español`` → ``es``. A cell naming several languages (``Arabic,
    Spanish``) does not say which one the program is taught in: ``SeveralLanguages``."""
    value = _clean(text)
    if not value:
        return None
    parts = [part.strip() for part in re.split(r"[,;/|]|\band\b|\bet\b", value) if part.strip()]
    if len(parts) > 1:
        raise SeveralLanguages(value, len(parts))
    code = _language_code(value)
    if code is None:
        raise UnknownValue(value, "is not a known language (write a two-letter code such as en or fr)")
    return code


_LEVELS = {
    "introductory": ("introductory", "intro", "beginner", "beginners", "beginning", "basic", "basics", "foundation",
                     "foundational", "fundamentals", "elementary", "entry", "entry level", "novice", "debutant",
                     "debutants", "initiation", "principiante", "basico", "inicial", "level 1"),
    "intermediate": ("intermediate", "intermediaire", "intermedio", "intermediario", "level 2", "mid"),
    "advanced": ("advanced", "avance", "avances", "avanzado", "avancado", "expert", "experts", "level 3"),
}
# Values that open a program to every level: no level restriction, like an empty cell.
_EVERY = r"(?:all|any|every|mixed|open(?: to all)?|tous|toutes|todos|todas|tout|everyone|n'importe)"
_EVERY_LEVEL = re.compile(rf"^{_EVERY}(?: (?:the |les |los |le )?(?:levels?|niveaux?|niveles?|learners?|publics?))?$|"
                          r"^(?:beginner|introductory|debutant)s? (?:- |to |a |au )?(?:advanced|expert|avance)s?$")


def parse_level(text: object) -> str | None:
    """``Beginner`` → introductory; ``All levels``, ``Mixed``, ``Any`` → None: open to every
    level, so no restriction."""
    value = re.sub(r"\s+", " ", _dashes(fold(_clean(text)).strip()).replace("-", " - ")).strip()
    if not value or _EVERY_LEVEL.match(value):
        return None
    for level, words in _LEVELS.items():
        if value in words or value.split(" ")[0] in words:
            return level
    raise UnknownValue(_clean(text), "is not a known level (introductory, intermediate, advanced)")


def parse_delivery(text: object) -> str | None:
    value = fold(_clean(text)).strip()
    if not value:
        return None
    if re.search(r"hybrid|blended|hybride|mixed", value):
        return "hybrid"
    if re.search(r"online|on-line|remote|virtual|e-learning|distance|en ligne|web", value):
        return "online"
    if re.search(r"in[- ]person|on[- ]campus|campus|classroom|in class|face[- ]to[- ]face|en personne|presentiel|"
                 r"en classe|sur place|sur le campus|onsite|on-site|presencial", value):
        return "in-person"
    raise UnknownValue(_clean(text), "is not a known delivery (online, in-person, hybrid)")


def parse_pace(text: object) -> str | None:
    """``Self-paced on your time`` → self-paced; ``Instructor-led on a course schedule`` → cohort."""
    value = fold(_clean(text)).strip()
    if not value:
        return None
    if re.search(r"self[- ]?paced|own pace|on your time|anytime|a votre rythme|autonome", value):
        return "self-paced"
    if re.search(r"cohort|instructor[- ]led|scheduled|course schedule|live|synchronous|en groupe", value):
        return "cohort"
    raise UnknownValue(_clean(text), "is not a known pace (self-paced, cohort)")


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
    value = fold(_clean(text)).strip()
    if not value:
        return None
    for kind, pattern in _TYPES:
        if re.search(pattern, value):
            return kind
    raise UnknownValue(_clean(text), "is not a known credential type")


# As _TYPES, but words of a title: "Mastering Excel" is no master's degree.
# "Master Photoshop" and "AWS Certification Prep" are no master's degree and no certificate.
_IN_TITLES = {"degree": r"degree\b|bachelor|masters\b|master(?:'s)? (?:of|in|degree)\b|master's\b|baccalaureat|"
                        r"maitrise|doctorat|phd\b|doctor of|mba\b",
              "certificate": r"certificate\b|certificat\b|attestation"}
_TITLE_TYPES = tuple((kind, _IN_TITLES.get(kind, pattern)) for kind, pattern in _TYPES if kind != "short-course")


def credential_type_in_title(title: object) -> str | None:
    """The credential type a title names in its first three words ("Graduate Certificate in
    Nursing", "Master of Teaching", "Diploma of Business"), or None: a course called "Welding"
    says nothing of its type, and neither does "Certified Nurse Aide"."""
    lead = " ".join(fold(_clean(title)).split()[:3])
    for kind, pattern in _TITLE_TYPES:
        if re.search(r"\b(?:" + pattern + r")", lead):
            return kind
    return None


class _Text(HTMLParser):
    """The text of an HTML fragment: tags dropped, entities decoded, blocks as line breaks."""

    BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


_MARKUP = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>"
                     r"|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


def plain_text(value: object) -> str:
    """Text an export wrote as HTML (``<p>Build <b>dashboards</b> &amp; DAX.</p>``) as plain text;
    other text as it is."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not _MARKUP.search(text):
        return text
    parser = _Text()
    parser.feed(text)
    parser.close()
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line for line in lines if line) or "").strip()


def parse_yes_no(text: object) -> bool | None:
    value = fold(_clean(text)).strip()
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
    try:  # ISO 8601, with a time and a zone too (2025-09-15T00:00:00Z)
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    for pattern in ("%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"cannot read {value!r} as a date (use YYYY-MM-DD)")


def _number(text: object) -> float:
    try:
        return number_value(_clean(text)) if not isinstance(text, (int, float)) else float(text)
    except ValueError:
        raise ValueError(f"cannot read {_clean(text)!r} as a number") from None


FIELD_PARSERS = {
    "credential_type": parse_credential_type, "level": parse_level, "hours_per_week": parse_effort,
    "language": parse_language, "delivery": parse_delivery, "pace": parse_pace, "next_start": parse_date,
    "credits": _number, "credits_required": _number, "url": parse_url,
}


def read_field(field_name: str, value: object) -> object:
    """The catalogue value of one field's cell; ``None`` when empty; ``ValueError`` when unreadable."""
    if is_empty(value):
        return None
    if field_name == "cost":
        return parse_money(value)[0]
    if field_name == "duration_weeks":
        return read_length(value).weeks
    if field_name == "total_hours":
        return parse_total_hours(value).total_hours
    parser = FIELD_PARSERS.get(field_name)
    return parser(value) if parser else value
