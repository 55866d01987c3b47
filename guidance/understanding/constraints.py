"""Hard constraints in a learner's words: amounts with their direction, lengths, weekly hours,
delivery, pace, level and credential type with negation, language asked for.

Every pattern here is linear: numbers are found by one scan of the text, and each number's
meaning (money, weeks, hours) and direction (at most, at least, between) come from the few
words right before and after it, never from a pattern that can backtrack over the message.
A wish ("preferably remote", "en français si possible") or a permission ("a classroom would be
ok") is not a requirement, so it sets nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from price_parser import Price

from knowledge_base.schema import WEEKS_PER_MONTH, WEEKS_PER_YEAR, CredentialType

Span = tuple[int, int]

# ---- numbers ---------------------------------------------------------------------------

# A number: digits with optional thousands separators (comma) and decimals. Each alternative
# consumes a distinct character class in turn, so the scan cannot backtrack.
# Thousands grouped by commas ("1,000"), or by spaces before a currency as French writes them
# ("1 000 $", "12 500 dollars"; a space alone is too often two numbers).
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?=\s*(?:\$|dollars?\b|cad\b))|"
                     r"\d+)(?:\.(\d+))?(?![\d])")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10, "douze": 12,
    "couple": 2, "few": 3, "quelques": 3, "hundred": 100, "cent": 100, "thousand": 1000, "mille": 1000,
}
_SCALES = re.compile(r"\s+(hundred|thousand|cents?|mille)\b")
_WORD_NUMBER = re.compile(r"\b(" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b")

_TIME_UNITS = {
    "day": 1 / 7, "days": 1 / 7, "jour": 1 / 7, "jours": 1 / 7, "dias": 1 / 7,
    "week": 1, "weeks": 1, "wk": 1, "wks": 1, "semaine": 1, "semaines": 1, "semana": 1, "semanas": 1,
    **dict.fromkeys(("month", "months", "mo", "mos", "mois", "mes", "meses"), WEEKS_PER_MONTH),
    **dict.fromkeys(("year", "years", "yr", "yrs", "an", "ans", "annee", "annees"), WEEKS_PER_YEAR),
}
_HOUR_UNITS = {"hour", "hours", "hr", "hrs", "h", "heure", "heures", "horas"}
_PER_WEEK = re.compile(r"\s*(?:a|an|per|each|every|/|par|a la|weekly|por)\s*(?:week|wk|semaine|semana)?\b|\s*weekly\b")
_MONEY_AFTER = re.compile(r"\s*(?:(k)\b|(grand)\b|(thousand)\b|(\$)|(dollars?)\b|(bucks)\b|(cad)\b|(usd)\b|(mille)\b)")
_MONEY_BEFORE = re.compile(r"(?:\$|ca\$|cad\s?|c\$)\s*$")
_MONEY_WORDS = re.compile(r"\b(?:budget|spend|spare|afford|cost\w*|price\w*|pay|paying|fees?|tuition|cheap\w*|"
                          r"prix|coute?\w*|payer|argent|dollars?)\b")

# Words before a number that give it a direction.
_AT_MOST = re.compile(r"\b(?:under|below|less than|lower than|cheaper than|no more than|not more than|at most|"
                      r"max(?:imum)?|up to|within|budget(?: of| is)?|spare|afford|spend|"
                      r"tops|moins de|moins que|pas plus (?:de|que)|sous|jusqu'?a|maximum)\s*(?:like\s+|maybe\s+)?$")
_AT_LEAST = re.compile(r"\b(?:over|above|more than|at least|minimum|min|starting at|plus de|au moins|"
                       r"mas de|more expensive than)\s*$")
_AFTER_MAX = re.compile(r"^\s*(?:max(?:imum)?|tops|or less|or under|or fewer|at most|and that'?s it|and no more|"
                        r"ou moins|maximum|max\.)\b")
_AFTER_MIN = re.compile(r"^\s*(?:\+|or more|and up|and over|and above|minimum|at least|ou plus)(?!\w)")
_PERMISSION_AFTER = re.compile(r"^[^.,;!?]{0,25}\b(?:is fine|is ok|is okay|works|would work|is good|no problem|"
                               r"c'est correct|ca va)\b")
_BETWEEN = re.compile(r"\b(?:between|entre|from)\s*$")


@dataclass
class Constraints:
    """What one message says about hard constraints; None / empty means it says nothing."""

    max_cost: float | None = None
    min_cost: float | None = None
    free: bool = False
    cheaper: bool = False
    shorter: bool = False  # "something quicker?": shorter than what was shown
    order: str | None = None  # "cost" or "weeks": the cheapest or shortest first, not a limit
    max_weeks: float | None = None
    below_weeks: float | None = None  # "shorter than 8 weeks": less than, not at most
    max_hours: float | None = None
    max_total_hours: float | None = None  # hours of study in all: "under 5 hours", "in a weekend"
    min_total_hours: float | None = None  # "20+ hours of content"
    delivery: list[str] = field(default_factory=list)
    pace: str | None = None
    level: list[str] = field(default_factory=list)
    beginner: bool = False
    exclude_types: list[str] = field(default_factory=list)
    prefer_types: list[str] = field(default_factory=list)  # types named as wanted: ranked first, not required
    language: str | None = None
    language_ok: str | None = None  # "French is fine": programs in it are as welcome, not required
    spans: list[Span] = field(default_factory=list)
    quiet_spans: list[Span] = field(default_factory=list)  # words that are no topic, but may name a program ("intro")

    def any(self) -> bool:
        return any([self.max_cost is not None, self.min_cost is not None, self.free, self.cheaper, self.order,
                    self.shorter, self.max_weeks is not None, self.below_weeks is not None,
                    self.max_hours is not None, self.max_total_hours is not None, self.min_total_hours is not None,
                    self.delivery, self.pace, self.level, self.exclude_types, self.language])


@dataclass
class _Number:
    value: float
    start: int
    end: int


def _numbers(text: str) -> list[_Number]:
    found = []
    for match in _NUMBER.finditer(text):
        raw = match.group(0)
        parsed = Price.fromstring(raw, decimal_separator=".").amount_float
        if parsed is not None:
            found.append(_Number(parsed, match.start(), match.end()))
    for match in _WORD_NUMBER.finditer(text):
        word = match.group(1)
        if word in ("hundred", "thousand", "cent", "mille") and found and found[-1].end == match.start() - 1:
            continue  # the scale of the number before it, read there
        value, end = float(_NUMBER_WORDS[word]), match.end()
        scale = _SCALES.match(text, end)
        if scale and word not in ("hundred", "thousand", "cent", "mille"):
            value *= 100 if scale.group(1).startswith(("hundred", "cent")) else 1000
            end = scale.end()
        found.append(_Number(value, match.start(), end))
    found.sort(key=lambda n: n.start)
    return found


def _next_word(text: str, start: int) -> tuple[str, int]:
    match = re.compile(r"\s*[-+]?\s*([a-z$]+)").match(text, start)
    return (match.group(1), match.end()) if match else ("", start)


def _direction(text: str, number: _Number, lower_bound: int, end: int) -> str:
    """``max``, ``min`` or ``permission`` for the number spanning ``number.start``..``end``."""
    before = text[max(0, lower_bound, number.start - 30):number.start].rstrip(" $")
    after = text[end:end + 40]
    if re.search(r"\b(?:nothing|not|no|never|none|doesn'?t|don'?t|won'?t|can'?t|cannot|couldn'?t|shouldn'?t|"
                 r"wouldn'?t|isn'?t|mustn'?t)\s+(?:[\w']+\s+){0,3}(?:over|above|"
                 r"more than|beyond|past|longer than|plus de)\s*$", before):
        return "max"  # "nothing over $700" is a ceiling
    if _AFTER_MIN.match(after) or _AT_LEAST.search(before):
        return "min"
    if _AFTER_MAX.match(after):
        return "max"
    if _PERMISSION_AFTER.match(after):
        return "permission"
    return "max"


# ---- delivery, pace, level, type, language -------------------------------------------------

_NEGATION_BEFORE = re.compile(
    r"(?:\bno|\bnot|\bnothing|\bwithout|\bcan'?t|\bcannot|\bcant|\bdon'?t|\bdont|\bwon'?t|\bisn'?t|\baren'?t|"
    r"\bnever|\bhate|\bpas|\bsans|\bni|\bnon|\bexcept|\bbut not|\bother than|\bunable to|\bno more)"
    r"(?:\s+\w+){0,4}\s*$")
_SOFT_AROUND = re.compile(r"\b(?:ideally|idealement|if possible|si possible|preferably|de preference|"
                          r"would be nice|would be great|prefer(?:ably)?|nice to have|or not|either way|"
                          r"could do|i could|is fine|is ok|don'?t mind|ca me derange pas|peu importe)\b")
_REQUIRED_AROUND = re.compile(r"\b(?:has to|have to|must|needs? to|only|got to|gotta|faut|doit|obligatoire)\b")

_DELIVERY_TERMS = {
    "online": r"online|onlin|on-line|onine|remote(?:ly)?|virtual(?:ly)?|from home|at home|distance learning|"
              r"e-?learning|en ligne|a distance|web-based|zoom",
    "in-person": r"in[- ]person|on[- ]campus|(?:nearest |closest )?campus|in a classroom|in class|classroom|"
                 r"in a room|in the room|"
                 r"face[- ]to[- ]face|en personne|en presentiel|presentiel|in a class|"
                 r"go to (?:a )?(?:class|school)|physically",
    # both halves said together: "partly online, partly on campus", "a mix of online and in class"
    "hybrid": r"hybrid|blended|hybride|part(?:ly)? online,? (?:and )?part(?:ly)?|half online|"
              r"mix(?:ed)? (?:of )?online and|(?:en )?partie en ligne|partiellement en ligne",
}
_DELIVERY = {mode: re.compile(r"\b(?:" + terms + r")\b") for mode, terms in _DELIVERY_TERMS.items()}
_PACE_TERMS = {
    "self-paced": r"self[- ]?paced|selfpaced|at my own (?:pace|speed)|my own pace|own schedule|on my own time|"
                  r"whenever i want|any ?time|a mon (?:propre )?rythme|asynchronous",
    "cohort": r"cohort|instructor[- ]led|live (?:online |virtual )?class(?:es)?|live sessions?|set schedule|"
              r"fixed schedule|scheduled classes|with classmates|with a group|"
              r"en groupe|with a teacher|with an instructor|an instructor|a teacher|a class with|deadlines|real class|"
              r"avec un prof\w*|"
              r"synchronous|class schedule",
}
_PACE = {pace: re.compile(r"\b(?:" + terms + r")\b") for pace, terms in _PACE_TERMS.items()}
_BEGINNER = re.compile(r"\b(?:beginners?|beginner[- ]level|debutants?|for novices|entry[- ]level|introductory|"
                       r"the basics|basics|basic|intro|initiation|niveau debutant|from scratch|"
                       r"zero background|no background|no experience|sans experience|never (?:done|worked|studied)|"
                       r"new to|where (?:do|should|can|would) (?:i|someone)[\w ]{0,20} (?:start|begin)|where (?:to|"
                       r"2) (?:start|begin)|"
                       r"(?:first|1st) step|get started|starting out|par ou commencer|ou commencer|pour commencer)\b")
_EXPLICIT_BEGINNER_LEVEL = re.compile(r"\b(?:beginners?(?: level)?|beginner[- ]level|for beginners|entry[- ]level|"
                                      r"introductory|niveau debutant|pour debutants?)\b")
_PAST_BASICS = re.compile(
    r"\b(?:skip (?:the )?(?:basics|intro\w*|beginner\w*)|nothing for beginners|not (?:for )?(?:a )?beginners?|"
    r"no beginner\w*|past the basics|beyond the basics|(?:done|did|know|have|finished|completed) the basics|"
    r"already know the basics|not (?:an? )?(?:intro|introductory|entry)\w*|something advanced|advanced level|"
    r"intermediate or advanced|deja les bases|pas (?:pour )?(?:les )?debutants|too basic|"
    r"(?:would|will) bore me|too easy|i know the basics|beyond beginner)\b")
_LEVEL_WORDS = {"intermediate": re.compile(r"\bintermediate\b|\bintermediaire\b"),
                "advanced": re.compile(r"\badvanced[- ](?:level|programs?|courses?|training|options?|stuff|ones?)\b|"
                                       r"\bonly advanced\b|\bavance\b|\bexpert[- ]level\b|\bfor experts\b|"
                                       r"\bniveau (?:avance|expert)\b")}
_TYPE_WORDS = {
    "bootcamp": r"bootcamps?|boot camps?", "degree": r"degrees?|bachelor'?s?|masters?", "diploma": r"diplomas?",
    "certificate": r"certificates?|certs?", "digital-badge": r"badges?", "licence": r"licen[cs]es?",
}
_TYPES = {kind: re.compile(r"\b(?:" + terms + r")\b") for kind, terms in _TYPE_WORDS.items()}
_TYPE_NEGATION = re.compile(r"(?:\bnot|\bno|\bwithout|\bdon'?t want|\bnothing like|\bpas|\bnon|\bisn'?t|\bnever)"
                            r"(?:\s+(?:a|an|another|any|some|un|une|de|full|big|huge|long|whole))*\s*$")
_FRENCH = re.compile(r"\b(?:in french|en francais|french[- ]language|taught in french|french (?:program|course|"
                     r"one|version|option|class)s?|(?:cours|formations?|programmes?) en francais|francophones?|"
                     r"learn in french|study in french|en fr)\b")
_ENGLISH = re.compile(r"\b(?:in english|en anglais|english[- ]language|taught in english|english (?:program|course|"
                      r"one|version|class)s?|(?:cours|formations?) en anglais)\b")
_LANGUAGE_SOFT = re.compile(r"\b(?:si possible|if possible|ideally|idealement|either|or english|ou en anglais|"
                            r"ou anglais|doesn'?t matter|peu importe|bilingual|bilingue)\b")
_FREE = re.compile(r"\b(?:free(?! time)(?! of)(?! days?)(?! evenings?)(?! weekends?)(?! now)(?! to)|no[- ]cost|"
                   r"without cost|at no charge|gratuite?s?|sans frais|zero cost|costs? nothing|for nothing)\b")
# "free" that is no price: something already tried ("I tried a free ... online"), a trial, or free time.
_NOT_FREE_CONTEXT = re.compile(r"\b(?:tried|did|took|watched|used|done|followed)\b[^.,;!?]{0,12}\bfree\b|"
                               r"\b(?:free trial|days? free|evenings? free|free on|free after|free from|free in the|"
                               r"free during|have free|got free)\b")
_CHEAPER = re.compile(r"\b(?:cheaper|less expensive|lower[- ]cost|more affordable|moins chere?s?|plus abordables?|"
                      r"moins cher)\b")
_SHORTER = re.compile(r"\b(?:shorter|quicker|faster to finish|less time|plus courte?s?|moins longue?s?)\b"
                      r"(?!\s+than)")
# A superlative asks for an order, not a ceiling: "the least expensive of those", "le plus court".
_ORDERS = {
    "cost": re.compile(r"\b(?:cheapest|least expensive|lowest (?:cost|price)|most affordable|"
                       r"(?:le|la|les) (?:moins chere?s?|plus abordables?))\b"),
    "weeks": re.compile(r"\b(?:shortest|quickest|fastest|(?:le|la|les) plus (?:courte?s?|rapides?))\b"),
}


def _window_before(text: str, start: int, size: int = 40) -> str:
    """The words just before ``start`` within the same clause."""
    chunk = text[max(0, start - size):start]
    cut = max(chunk.rfind(c) for c in ".;!?\n")
    return chunk[cut + 1:] if cut >= 0 else chunk


def _clause_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ".;!?\n,")
    rights = [i for i in (text.find(c, end) for c in ".;!?\n,") if i >= 0]
    return text[left + 1:min(rights) if rights else len(text)]


_TOO_FAR = re.compile(r"\s*(?:is|are|'s)?\s*(?:too far|far away|(?:\w+ )?hours? away|an hour away|miles away|"
                      r"not close|out of reach|impossible|not an option|is not possible)")


def _negated(text: str, start: int, end: int | None = None) -> bool:
    """Said with a negation before it, or with a reason it is out of reach after it
    ("the nearest campus is two hours away")."""
    if _NEGATION_BEFORE.search(_window_before(text, start, 32)):
        return True
    return end is not None and bool(_TOO_FAR.match(text, end))


def _soft(text: str, start: int, end: int) -> bool:
    """A wish or a permission, not a requirement ("preferably remote", "a classroom would be ok")."""
    clause = _clause_around(text, start, end)
    return bool(_SOFT_AROUND.search(clause)) and not _REQUIRED_AROUND.search(clause)


# Words of constraints that learners often misspell ("onlne", "selfpaced", "begginer").
_SPELLINGS = ("online", "in-person", "campus", "self-paced", "beginner", "beginners", "experience", "french",
              "francais", "english", "weeks", "months", "hours", "cheap", "cheaper", "budget", "bootcamp",
              "certificate", "diploma", "hybrid", "classroom", "maximum", "minimum", "between", "around")


def correct_spelling(text: str) -> tuple[str, list[tuple[int, int, int]]]:
    """``text`` with misspelt constraint words corrected, and for each correction (position in
    the corrected text, change in length, position in ``text``) to map spans back."""
    from rapidfuzz import fuzz, process

    pieces, shifts, position, offset = [], [], 0, 0
    for match in re.finditer(r"[a-z][a-z-]{4,}", text):
        word = match.group(0)
        if word in _SPELLINGS:
            continue
        best = process.extractOne(word, _SPELLINGS, scorer=fuzz.ratio, score_cutoff=86)
        if not best or abs(len(best[0]) - len(word)) > 2:
            continue
        pieces.append(text[position:match.start()])
        pieces.append(best[0])
        shifts.append((match.start() + offset, len(best[0]) - len(word), match.start()))
        offset += len(best[0]) - len(word)
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces), shifts


def _map_back(span: Span, shifts: list[tuple[int, int, int]]) -> Span:
    def back(index: int) -> int:
        moved = sum(change for at, change, _ in shifts if at < index)
        return max(0, index - moved)
    return back(span[0]), back(span[1])


def read_constraints(text: str) -> Constraints:
    """The constraints ``text`` (folded: lower case, no accents) states; spans are positions in ``text``."""
    corrected, shifts = correct_spelling(text)
    found = _read_all(corrected)
    if shifts:
        found.spans = [_map_back(span, shifts) for span in found.spans]
        found.quiet_spans = [_map_back(span, shifts) for span in found.quiet_spans]
    return found


# "nothing that lasts years", "not years and years": a length refused without a number is at most a year
_YEARS_REFUSED = re.compile(r"\b(?:nothing|not|no|never|doesn'?t|don'?t|won'?t|pas)\b[\w' ]{0,16}?"
                            r"\b(?:takes?|taking|lasts?|lasting|prend|dure)\s+(?:years|des annees|des ans)\b")


_HOURS_OF = re.compile(r"\s*(?:(?:of|d'|de)\s*(?:video|videos|content|contenu|material|instruction|training|study|"
                       r"studies|etudes?|learning|lessons?|classes|cours|formation)|in all|in total|total|overall|"
                       r"en tout|au total)\b")
# A stretch of study time said as a part of the week: "finish in a weekend", "over one afternoon",
# "en une fin de semaine". A day of study is a full-time day, 8 hours.
_STUDY_STRETCH = re.compile(r"\b(?:in|over|within|during|en|sur|durant|pendant)\s+(?:a|an|one|1|a single|un|une)\s+"
                            r"(weekend|week-end|fin de semaine|day|journee|jour|afternoon|apres-midi|evening|soiree|"
                            r"night|soir)\b(?!\s*(?:a|per|each|every|par|by)\s+(?:week|semaine|month|mois))")
_STRETCH_HOURS = {"weekend": 16.0, "week-end": 16.0, "fin de semaine": 16.0, "day": 8.0, "journee": 8.0, "jour": 8.0,
                  "afternoon": 4.0, "apres-midi": 4.0, "evening": 3.0, "soiree": 3.0, "night": 3.0, "soir": 3.0}


def _read_all(text: str) -> Constraints:
    found = Constraints()
    _read_numbers(text, found)
    stretch = _STUDY_STRETCH.search(text)
    if stretch and found.max_total_hours is None:
        found.max_total_hours = _STRETCH_HOURS[stretch.group(1)]
        found.spans.append(stretch.span())
    refused = _YEARS_REFUSED.search(text)
    if refused and found.max_weeks is None:
        found.max_weeks = WEEKS_PER_YEAR
        found.spans.append(refused.span())
    _read_free_and_cheaper(text, found)
    _read_delivery(text, found)
    _read_pace(text, found)
    _read_level(text, found)
    _read_types(text, found)
    _read_language(text, found)
    return found


def _read_numbers(text: str, found: Constraints) -> None:
    numbers = _numbers(text)
    used_until = -1
    for index, number in enumerate(numbers):
        if number.start < used_until:
            continue
        word, word_end = _next_word(text, number.end)
        end = number.end
        value = number.value
        # "1.5k", "2 grand", "10 thousand"
        money_after = _MONEY_AFTER.match(text, number.end)
        money_before = bool(_MONEY_BEFORE.search(text[max(0, number.start - 5):number.start]))
        if money_after:
            if money_after.group(1) or money_after.group(2) or money_after.group(3) or money_after.group(9):
                value *= 1000
            end = money_after.end()
        unit = _TIME_UNITS.get(word)
        if word in ("a", "an", "per") and not money_after:  # "a month" after "about": handled as the number word
            unit = None
        if word in _HOUR_UNITS or (word == "h" and not money_after):
            per_week = _PER_WEEK.match(text, word_end)
            if per_week or re.match(r"\s*(?:max|tops|at most)", text[word_end:word_end + 10]):
                end = per_week.end() if per_week else word_end
                trailing = _AFTER_MAX.match(text[end:end + 20])
                end += trailing.end() if trailing else 0
                direction = _direction(text, number, used_until, end)
                if direction == "max":
                    found.max_hours = value
                found.spans.append((number.start, end))
                used_until = end
                continue
            # Hours without "a week" are hours in all when a bound is said: "under 5 hours",
            # "at least 20 hours of content", "20+ hours", "3 hours or less".
            end = word_end
            said_of = _HOURS_OF.match(text, end)  # "hours of video", "hours in all": no topic
            end = said_of.end() if said_of else end
            after = text[end:end + 20]
            trailing = _AFTER_MAX.match(after) or _AFTER_MIN.match(after)
            plus = text.startswith("+", number.end)  # "20+ hours"
            before = _window_before(text, number.start, 24)
            if plus or trailing or _AT_MOST.search(before) or _AT_LEAST.search(before) \
                    or _REFUSED_OVER.search(_window_before(text, number.start, 40)):
                direction = "min" if plus else _direction(text, number, used_until, end)
                if direction == "min":
                    found.min_total_hours = value
                elif direction == "max":
                    found.max_total_hours = value
                end += trailing.end() if trailing else 0
            found.spans.append(_with_lead(text, number.start, end))
            used_until = end
            continue
        if unit is not None and not money_after and not money_before:
            end = word_end
            direction = _direction(text, number, used_until, end)
            if _REFUSED_OVER.search(_window_before(text, number.start, 40)):
                found.max_weeks = round(value * unit, 1)  # "nothing longer than eight months"
            elif _refused_length(text, number.start):
                # "won't take 3 years", "no 4 year degree": shorter by a whole unit (at most a year)
                found.max_weeks = round(max(value - 1, 0.5) * unit, 1)
            elif direction == "max" and _duration_is_limit(text, number.start):
                if _STRICT_BEFORE.search(_window_before(text, number.start, 30)):
                    # rounded as lengths are stored: a "2 months" program is not "under two months"
                    found.below_weeks = round(value * unit, 1)
                else:
                    found.max_weeks = round(value * unit, 1)
            trailing = _AFTER_MAX.match(text[end:end + 20])  # "six weeks tops"
            end += trailing.end() if trailing else 0
            found.spans.append(_with_lead(text, number.start, end))
            used_until = end
            continue
        is_word_number = not text[number.start].isdigit()
        if is_word_number and not money_after and value < 100:
            continue  # "a", "one", "two" without a unit are not amounts
        before = _window_before(text, number.start, 24).rstrip(" $")
        between = _BETWEEN.search(before)
        if between and between.group(0).strip().startswith("from") and not (money_after or money_before):
            between = None  # "free from 9 to 2:30" is a time of day
        money_context = money_after or money_before or _MONEY_WORDS.search(_window_before(text, number.start, 40)) \
            or _AT_MOST.search(before) or _AT_LEAST.search(before) or between or _AFTER_MAX.match(text[end:end + 20])
        if not money_context or _looks_like_other_number(text, number, word) or text[end:end + 1] == ":":
            continue
        if between and index + 1 < len(numbers):
            upper = numbers[index + 1]
            joiner = text[end:upper.start]
            if re.fullmatch(r"\s*\$?\s*(?:and|et|to|-|–|a|y)\s*\$?\s*", joiner):
                upper_value, upper_end = upper.value, upper.end
                upper_money = _MONEY_AFTER.match(text, upper.end)
                if upper_money:
                    if upper_money.group(1) or upper_money.group(2) or upper_money.group(3):
                        upper_value *= 1000
                    upper_end = upper_money.end()
                if money_after and money_after.group(1) and not upper_money:
                    upper_value *= 1000
                found.min_cost, found.max_cost = min(value, upper_value), max(value, upper_value)
                found.spans.append((number.start, upper_end))
                used_until = upper_end
                continue
        direction = _direction(text, number, used_until, end)
        trailing = _AFTER_MAX.match(text[end:end + 20]) or _AFTER_MIN.match(text[end:end + 20])
        if trailing:
            end += trailing.end()
        if direction == "min":
            found.min_cost = value
        elif direction == "max":
            found.max_cost = value
        found.spans.append(_with_lead(text, number.start, end))
        used_until = end


# Words that put a length limit strictly below the number: "under", "shorter than", "moins de".
_STRICT_BEFORE = re.compile(r"\b(?:under|below|less than|shorter than|fewer than|quicker than|faster than|"
                            r"moins de|moins que|moins long\w* que|plus court\w* que|sous)\s+"
                            r"(?:like\s+|maybe\s+|about\s+|around\s+|environ\s+)?$")


_REFUSED_LENGTH = re.compile(r"\b(?:no|not|nothing|never|doesn'?t|don'?t|won'?t|without|pas|aucun\w*|rien)\b"
                             r"[\w' ]{0,24}?\b(?:takes?|taking|last(?:s|ing)?|an?|some|one|that|which|prend|dure)?\s*$")


_LEAD = re.compile(r"\b(?:shorter|less|fewer|cheaper|lower|longer|more|under|below|within|no more|not more|"
                   r"at most|max(?:imum)?|up to|at least|over|above)\s+(?:than\s+)?$")


def _with_lead(text: str, start: int, end: int) -> Span:
    """The span of a number read as a limit, with the words before it that make it one
    ("shorter than ten weeks", "under $500"), so they are not read as part of the aim."""
    lead = _LEAD.search(text[max(0, start - 20):start])
    return (start - (len(text[max(0, start - 20):start]) - lead.start()) if lead else start, end)


_REFUSED_OVER = re.compile(r"\b(?:no|not|nothing|never|doesn'?t|don'?t|won'?t|pas)\b[\w' ]{0,24}?"
                           r"\b(?:over|more than|longer than|past|beyond|plus de)\s*$")


def _refused_length(text: str, start: int) -> bool:
    """A length the learner refuses ("won't take 3 years", "not a 4 year thing", "pas 2 ans")."""
    before = _window_before(text, start, 30)
    clause = re.split(r"[.,;!?]|\bbut\b|\bmais\b", before)[-1]
    return bool(_REFUSED_LENGTH.search(clause)) and not re.search(r"\b(?:more than|longer than|over|past|beyond|"
                                                                  r"plus de)\s*$", clause)


def _duration_is_limit(text: str, start: int) -> bool:
    """"within six weeks", "under two months", "a month" are limits; "for 4 years", "the past
    decade", "two summers ago" tell a story."""
    before = _window_before(text, start, 24)
    if re.search(r"\b(?:not|no|never|doesn'?t|don'?t|won'?t|isn'?t|nothing)\b[\w' ]{0,20}\b(?:past|longer than|"
                 r"more than|beyond|over)\s*$", before):
        return True  # "doesn't drag on past a month"
    if re.search(r"\b(?:for|since|ago|last|past|about the|been|over the|depuis|il y a)\s*(?:like\s+|about\s+|almost\s+|"
                 r"nearly\s+|over\s+)?$", before):
        return False
    after = text[start:start + 40]
    if re.match(r"^\S+\s+\S+\s+(?:ago|old|experience|of experience|d'experience)\b", after):
        return False
    return bool(re.search(r"\b(?:in|under|within|less than|no more than|at most|max(?:imum)?|up to|shorter than|"
                          r"only|en|moins de|finish in|done in|about|around|or less|than)\s*(?:like\s+|about\s+)?$",
                          before) or re.match(r"^\S+\s+\S+\s+(?:or less|max|tops|at most|ou moins)\b", after))


def _looks_like_other_number(text: str, number: _Number, word: str) -> bool:
    """Ages, years, grades, counts of people, phone-like digits: not amounts."""
    if word in ("years", "year", "yrs", "kids", "children", "people", "hours", "hrs", "am", "pm", "th", "st", "nd",
                "rd", "%", "percent", "ans", "enfants", "km", "minutes", "min"):
        return True
    near = text[number.start - 2:number.end + 2]
    if 1900 <= number.value <= 2100 and float(number.value).is_integer() and "$" not in near \
            and not _MONEY_AFTER.match(text, number.end) \
            and not _AT_MOST.search(_window_before(text, number.start, 16)):  # "2000 dollars", "under 2000" are amounts
        return True
    before = _window_before(text, number.start, 12)
    return bool(re.search(r"\b(?:grade|class|level|i'?m|i am|age|aged|step|number|no\.|#)\s*$", before))


def _read_free_and_cheaper(text: str, found: Constraints) -> None:
    for match in _FREE.finditer(text):
        context = text[max(0, match.start() - 20):match.end() + 12]
        if _NOT_FREE_CONTEXT.search(context) or _soft(text, match.start(), match.end()):
            continue
        if re.search(r"\b(?:ou presque|or almost|or close|or cheap|ish)\b", text[match.end():match.end() + 14]):
            continue  # "gratuit ou presque" is a wish for cheap, not a price of zero
        found.free = True
        found.spans.append(match.span())
        break
    for order, pattern in _ORDERS.items():
        superlative = pattern.search(text)
        if superlative:
            found.order = found.order or order
            found.spans.append(superlative.span())
    cheaper = _CHEAPER.search(text)
    if cheaper and not any(a <= cheaper.start() < b for a, b in found.spans):
        found.cheaper = True
        found.spans.append(cheaper.span())
    shorter = _SHORTER.search(text)
    if shorter and not any(a <= shorter.start() < b for a, b in found.spans):
        found.shorter = True
        found.spans.append(shorter.span())


# Words that may stand between a negation and the way of learning it refuses ("can't do online
# classes", "don't want to go to a classroom"); any other word means the negation is about
# something else ("no piano at home").
_BETWEEN_REFUSAL = frozenset("""do doing study studying learn learning work working want wanna to be go going take
taking it a an the any anything something fully just really totally entirely all purely only please classes class
courses course program programs stuff more i you it's is are was were en de des les la le un une cours faire suivre
veux pas plus drive driving get getting commute commuting travel travelling traveling make attend attending come
coming reach afford aller me rendre entierement totalement completement seulement""".split())


_WHOLLY = re.compile(r"\b(?:fully|entirely|totally|purely|only|100 ?%|all|entierement|totalement|"
                     r"completement|seulement)\W*$")
_NEGATION_WORDS = frozenset("""no not nothing without can't cannot cant don't dont won't wont isn't isnt aren't arent
never hate pas sans ni non except but other than unable to more""".split())


def _delivery_refused(text: str, start: int, end: int) -> bool:
    before = _window_before(text, start, 32)
    negation = _NEGATION_BEFORE.search(before)
    if negation is None:
        return _negated(text, start, end)
    between = re.findall(r"[\w']+", before[negation.start():])
    while between and between[0] in _NEGATION_WORDS:
        between.pop(0)
    return all(word in _BETWEEN_REFUSAL for word in between)


# A mode offered as one of two with a time to study ("le soir ou en ligne", "online or evenings"):
# a class at that time is as welcome, so the mode is no requirement.
_TIMES = (r"(?:in the |the |at |on |le |de |en )?(?:evenings?|nights?|weekends?|soirs?|soirees?|fins? de semaine|"
          r"week-?ends?|after work|apres le travail)")
_OR_A_TIME_BEFORE = re.compile(rf"\b{_TIMES}\s+(?:or|ou)\s*$")
_OR_A_TIME_AFTER = re.compile(rf"^\s*(?:or|ou)\s+{_TIMES}\b")


def _read_delivery(text: str, found: Constraints) -> None:
    wanted: set[str] = set()
    refused: set[str] = set()
    wholly = False  # "nothing fully online": a refusal of only the whole of it
    for mode, pattern in _DELIVERY.items():
        for match in pattern.finditer(text):
            found.spans.append(match.span())
            if _OR_A_TIME_BEFORE.search(text[max(0, match.start() - 30):match.start()]) \
                    or _OR_A_TIME_AFTER.match(text[match.end():match.end() + 30]):
                continue
            if _delivery_refused(text, match.start(), match.end()):
                refused.add(mode)
                wholly = wholly or bool(_WHOLLY.search(_window_before(text, match.start(), 12)))
            elif not _soft(text, match.start(), match.end()):
                wanted.add(mode)
    if refused:
        # "no campus" leaves online only, and "I won't take online courses" the classroom only: half
        # of a hybrid program is given the refused way. "nothing fully online" leaves hybrid.
        wanted = {"online", "in-person", "hybrid"} - refused
        if not wholly:
            wanted.discard("hybrid")
    if "online" in wanted and "in-person" in wanted and not refused:
        # "part online, part in class" under the word hybrid is hybrid; otherwise either is fine
        wanted = {"hybrid"} if "hybrid" in wanted else {"online", "in-person", "hybrid"}
    if wanted and wanted != {"online", "in-person", "hybrid"}:
        found.delivery = sorted(wanted)


def _read_pace(text: str, found: Constraints) -> None:
    for pace, pattern in _PACE.items():
        for match in pattern.finditer(text):
            found.spans.append(match.span())
            if _soft(text, match.start(), match.end()):
                continue
            if _negated(text, match.start()):  # "I can't do self-paced", "no class schedule"
                found.pace = "cohort" if pace == "self-paced" else "self-paced"
            else:
                found.pace = pace


def _read_level(text: str, found: Constraints) -> None:
    past = _PAST_BASICS.search(text)
    if past:
        # "skip the intro stuff" leaves both; said as "expert level" too, only the advanced
        advanced = _LEVEL_WORDS["advanced"].search(text)
        only_advanced = advanced is not None and not _negated(text, advanced.start())
        found.level = ["advanced"] if only_advanced else ["intermediate", "advanced"]
        found.spans += [past.span()] + ([advanced.span()] if advanced else [])
        return
    levels = [level for level, pattern in _LEVEL_WORDS.items() if pattern.search(text)]
    explicit = _EXPLICIT_BEGINNER_LEVEL.search(text)
    if explicit and _negated(text, explicit.start()):  # "nothing beginner level"
        found.level = ["intermediate", "advanced"]
        found.spans.append(explicit.span())
        return
    if explicit:
        levels.insert(0, "introductory")
        found.spans.append(explicit.span())
    if levels:
        found.level = levels
    beginner = _BEGINNER.search(text)
    if (beginner and not _negated(text, beginner.start())) or "introductory" in levels:
        found.beginner = True
        if beginner:
            found.quiet_spans.append(beginner.span())


# "just the certificates", "only diplomas": every other type is ruled out.
_TYPE_ONLY = re.compile(r"\b(?:only|just)\s+(?:(?:the|a|an)\s+)?(?:(?:grad(?:uate)?|post-?grad(?:uate)?)\s+)?$")
_ALL_TYPES = tuple(t.value for t in CredentialType)


def _read_types(text: str, found: Constraints) -> None:
    for kind, pattern in _TYPES.items():
        for match in pattern.finditer(text):
            before = _window_before(text, match.start(), 30)
            if _TYPE_NEGATION.search(before):
                found.exclude_types.append(kind)
                found.spans.append((max(0, match.start() - 8), match.end()))
            elif only := _TYPE_ONLY.search(before):
                found.exclude_types += [t for t in _ALL_TYPES if t != kind and t not in found.exclude_types]
                found.spans.append((match.start() - (len(before) - only.start()), match.end()))
            elif kind not in found.prefer_types:
                found.prefer_types.append(kind)  # "a diploma in nursing": certificates first, others still shown


_LANGUAGE_OK = re.compile(r"\b(french|francais|english|anglais)\s+(?:is|are|would be|'s)?\s*(?:fine|ok|okay|good|"
                          r"works|no problem|correct)\b|\b(?:i'?m|je suis) bilingu\w*")


def _read_language(text: str, found: Constraints) -> None:
    ok = _LANGUAGE_OK.search(text)
    if ok:
        found.language_ok = {"french": "fr", "francais": "fr", "english": "en", "anglais": "en"}.get(ok.group(1) or "",
                                                                                                      "both")
        found.spans.append(ok.span())
    for language, pattern in (("fr", _FRENCH), ("en", _ENGLISH)):
        match = pattern.search(text)
        if not match:
            continue
        found.spans.append(match.span())
        if _negated(text, match.start()) or _LANGUAGE_SOFT.search(_clause_around(text, match.start(), match.end())):
            continue
        found.language = language
        return
