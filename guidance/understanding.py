"""Reading a learner's message: constraints, goal, background, named programs and intent."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import Program
from knowledge_base.search import ANY_FUNDING
from knowledge_base.text import STOPWORDS, fold, terms, words

from .profile import Profile


class Intent(StrEnum):
    SEARCH = "search"  # recommend programs for a goal
    DEFINITION = "definition"  # a question about concepts, answered from documents
    COMPARE = "compare"  # two or more named programs side by side
    PROGRAM = "program"  # a question about one named program (prerequisites, stacking, details)
    STACK = "stack"  # how a program stacks into larger credentials
    REQUIREMENTS = "requirements"  # what a credential requires
    PROGRESS = "progress"  # what is left after completed programs
    PREREQUISITES = "prerequisites"  # what to take before a program
    RESET = "reset"  # start over
    GREETING = "greeting"


@dataclass
class Reading:
    """Everything read from one message."""

    intent: Intent
    profile: Profile
    topic: str  # the message with constraint and background phrases removed
    named: list[Program] = field(default_factory=list)
    refines_only: bool = False  # states constraints and nothing else ("only online please")
    scope: object | None = None  # the conversation's centre scope (a CentreScope), set by the responder
    language: str = "en"  # the language the message is written in


# ---- vocabulary ------------------------------------------------------------------------

PROVINCES: dict[str, tuple[str, ...]] = {
    "Ontario": ("ontario", "toronto", "ottawa", "hamilton", "mississauga", "london ontario", "kitchener",
                "waterloo", "windsor", "sudbury", "thunder bay", "kingston", "barrie", "brampton"),
    "Quebec": ("quebec", "montreal", "laval", "gatineau", "sherbrooke", "trois rivieres", "saguenay"),
    "British Columbia": ("british columbia", "colombie britannique", "vancouver", "victoria bc", "surrey",
                         "burnaby", "kelowna", "kamloops", "prince george", "nanaimo", "bc"),
    "Alberta": ("alberta", "calgary", "edmonton", "red deer", "lethbridge", "fort mcmurray"),
    "Saskatchewan": ("saskatchewan", "saskatoon", "regina"),
    "Manitoba": ("manitoba", "winnipeg", "brandon"),
    "Nova Scotia": ("nova scotia", "nouvelle ecosse", "halifax", "dartmouth", "sydney ns", "truro"),
    "New Brunswick": ("new brunswick", "nouveau brunswick", "moncton", "fredericton", "saint john"),
    "Newfoundland and Labrador": ("newfoundland", "labrador", "terre neuve", "st john's", "st johns"),
    "Prince Edward Island": ("prince edward island", "pei", "ile du prince edouard", "charlottetown"),
    "Yukon": ("yukon", "whitehorse"),
    "Northwest Territories": ("northwest territories", "yellowknife"),
    "Nunavut": ("nunavut", "iqaluit"),
}

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "a": 1, "an": 1,
                 "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six_": 6, "dix": 10}
_NUM = r"(\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|a|an|un|une|deux|trois|quatre|cinq|dix)"

_MONEY = re.compile(
    r"(?P<cmp>under|below|less than|lower than|cheaper than|no more than|not more than|at most|max(?:imum)?|"
    r"up to|within|budget(?: of| is)?|afford|spend|moins de|sous|maximum|jusqu'a|budget de|<)?\s*"
    r"(?:(?:ca)?\$|cad\s*)\s*(?P<a>\d[\d,\s]*(?:\.\d+)?)\s*(?P<k>k\b)?"
    r"|(?P<cmp2>under|below|less than|no more than|at most|up to|budget of|moins de|sous|jusqu'a)?\s*"
    r"(?P<b>\d[\d,\s]*(?:\.\d+)?)\s*(?P<k2>k\b)?\s*(?:\$|dollars|cad\b|bucks)",
)
_FREE = re.compile(r"\b(?:free(?! time)(?! of)|no[- ]cost|without cost|at no charge|gratuite?s?|sans frais|zero cost)\b")
_CHEAPER = re.compile(r"\b(?:cheaper|less expensive|lower[- ]cost|more affordable|moins chere?s?|plus abordables?)\b")
_DURATION = re.compile(
    r"\b(?:under|less than|within|in|no more than|at most|max(?:imum)?|up to|shorter than|only|en|moins de)\s+"
    + _NUM + r"\s*(?:-\s*)?(weeks?|wks?|months?|mois|semaines?|days?|jours?|years?|ans?)\b"
)
_HOURS = re.compile(
    r"\b(?:(?:only|just|about|around|max(?:imum)?|at most|up to|under|less than|no more than)\s+)?"
    + _NUM + r"\s*(?:-|to|or|a|à)?\s*(?:\d+\s*)?(?:hours?|hrs?|h|heures?)\s*"
    r"(?:a|an|per|each|every|/|par)\s*(?:week|wk|semaine)\b"
)
_A_FEW_HOURS = re.compile(r"\b(?:a few|few|couple of|quelques) (?:hours|heures) (?:a|per|each|par) (?:week|semaine)\b")

_DELIVERY = {
    "online": re.compile(r"\b(?:online|on-line|remote(?:ly)?|virtual(?:ly)?|from home|distance learning|"
                         r"e-learning|en ligne|a distance)\b"),
    "in-person": re.compile(r"\b(?:in[- ]person|on[- ]campus|in a classroom|in class|classroom|face[- ]to[- ]face|"
                            r"en personne|en presentiel|presentiel)\b"),
    "hybrid": re.compile(r"\b(?:hybrid|blended|hybride)\b"),
}
_PACE = {
    "self-paced": re.compile(r"\b(?:self[- ]?paced|my own pace|own schedule|on my own time|any ?time|"
                             r"a mon rythme|a mon propre rythme)\b"),
    "cohort": re.compile(r"\b(?:cohort|instructor[- ]led|live classes|scheduled classes|with classmates|"
                         r"with a group|en groupe)\b"),
}
_LEVEL = {
    "introductory": re.compile(r"\b(?:beginners?|beginner[- ]level|introductory|entry[- ]level|for novices|"
                               r"debutants?|niveau debutant|initiation)\b"),
    "intermediate": re.compile(r"\bintermediate(?:[- ]level)?\b|\bintermediaire\b"),
    "advanced": re.compile(r"\badvanced(?:[- ]level)? (?:programs?|courses?|training|level|options?)\b|"
                           r"\bsomething advanced\b|\bavance\b"),
}
_BEGINNER_HINT = re.compile(
    r"\b(?:where (?:do|should|can) i (?:start|begin)|new to|no experience|never (?:done|worked|studied)|"
    r"from scratch|get started|starting out|first step|career chang\w+|switch careers?|change careers?|"
    r"ou commencer|par ou commencer|sans experience)\b")
_FRENCH = re.compile(r"\b(?:in french|en francais|french[- ]language|francophone|taught in french)\b")
_ENGLISH = re.compile(r"\b(?:in english|en anglais|english[- ]language|taught in english)\b")
_ANY_FUNDING = re.compile(r"\b(?:funded|funding|financial aid|student aid|grants?|bursar(?:y|ies)|subsidi[sz]ed|"
                          r"tax credit|aide financiere)\b")
_COMPLETED = re.compile(
    r"\b(?:i(?:'ve| have)? (?:already )?(?:finished|completed|done|taken|took|passed|earned|got)|"
    r"already (?:have|hold|did|took|completed|finished|done)|i hold|j'ai (?:termine|complete|suivi|reussi))\b")
_RESET = re.compile(r"\b(?:start over|start again|restart|reset|new search|forget (?:everything|all that)|"
                    r"clear (?:everything|all|the conversation)|recommencer|on recommence)\b")
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|bonjour|salut|good (?:morning|afternoon|evening))\b[\s!.,]*$")
_BACKGROUND = re.compile(
    r"\b(?:i (?:currently |now )?(?:work|worked|have worked|ve worked|am working|'m working) (?:in|at|as|for)|"
    r"i(?:'m| am) (?:currently |now )?(?:a|an) (?=\w+ ?\w* (?:and|but|,|who|looking|wanting|trying))|"
    r"je travaille (?:dans|en|comme|chez))\s+(?P<bg>[^,.;!?]+?)(?=\s*(?:,|\.|;|!|\?|\band\b|\bbut\b|\bmais\b|\bet\b|$))"
)
_GOAL = re.compile(
    r"\b(?:become|becoming|be|work as|working as|job as|role as|career as|devenir)\s+(?:(?:a|an|un|une)\s+)?(?P<g1>[^,.;!?]+)"
    r"|\b(?:move|moving|switch|switching|transition|transitioning|pivot|pivoting|get|getting|break|breaking|go|going)"
    r"\s+into\s+(?P<g2>[^,.;!?]+)"
    r"|\b(?:career|careers|job|jobs|work|role|roles)\s+in\s+(?P<g3>[^,.;!?]+)"
    r"|\b(?:interested in|learn|learning|study|studying|training in|trained in|skills in|courses? (?:in|on)|"
    r"programs? (?:in|on|for)|programmes? (?:in|on|for)|options (?:in|for)|something in|upskill in|"
    r"formation (?:en|sur)|cours (?:de|en|sur))\s+(?P<g4>[^,.;!?]+)"
)
# Words that end a goal phrase: what follows them is a constraint, not the goal.
_GOAL_END = re.compile(
    r"\s+(?:online|on-line|remote|in[- ]person|hybrid|under|below|less than|for less|within|in (?:under|less)|"
    r"with(?:out)?|that|which|where|near|close to|around|from|by|before|starting|so|because|while|"
    r"but|and i|i(?:'m| am)|please|en ligne|a distance|pour|moins|dans|en \d)\b.*$"
)
_DEFINITION = re.compile(
    r"^\s*(?:what(?:'s| is| are| does| do)|whats|how (?:do|does|can|should|would|much do)|why|is it|are they|"
    r"can i|could i|should i|do i|do employers|does it|is there|explain|define|tell me (?:about|what)|difference|meaning of|"
    r"qu'est[- ]ce|c'est quoi|quelle est la difference|comment|pourquoi)\b"
)
_CONCEPTS = re.compile(
    r"\b(?:micro-?credentials?|microcredentials?|micro-?certifications?|badges?|stack(?:ing|able|s)?|ladder(?:ing)?|"
    r"recognition of prior learning|prior learning|rpl|plar|credits?|certificates?|diplomas?|degrees?|"
    r"osap|canada training credit|funding|pay for|grants?|employers?|choose|bootcamps?|licen[cs]es?|"
    r"already know|experience counts?|what i know|"
    r"microprogrammes?|attestations?|reconnaissance des acquis|financement)\b"
)
_PROGRAM_SEEKING = re.compile(
    r"\b(?:programs?|programmes?|courses?|options|recommend|suggest|show me|find me|looking for|where (?:do|should|can) i|"
    r"which (?:ones?|programs?|courses?|micro-?credentials?)|any (?:programs?|courses?|micro-?credentials?)|"
    r"do you have|are there|i want|i'd like|i would like|help me|formations?|cours|je cherche)\b"
)
_STACKING = re.compile(
    r"\b(?:stack\w*|leads? to|lead into|counts? (?:towards?|for)|ladder\w*|pathways?|build (?:up )?(?:to|into)|"
    r"bigger credential|larger credential|next (?:step|credential|level)|go on to|s'empile\w*|menent? a|cheminement)\b")
_REQUIREMENTS = re.compile(
    r"\b(?:what (?:do|would|will|should) i (?:need|have to take|have to do|take)|"
    r"what(?:'s| is| are) (?:required|needed|the requirements)|requirements?|required for|"
    r"how (?:do|can|would) i (?:get|earn|complete|finish|obtain)|what does it take|components?|made up of|"
    r"(?:what|which) (?:courses|programs|micro-?credentials) (?:are )?(?:in|for|make up)|que dois-je|exigences)\b")
_PROGRESS = re.compile(
    r"\b(?:what(?:'s| is) left|what else|what remains|remaining|still need|how many more|left to (?:do|take|finish)|"
    r"how close|what next|what now|next step|il (?:me )?reste|ce qui reste)\b")
_PREREQUISITES = re.compile(
    r"\b(?:right away|straight away|prerequisites?|prereqs?|(?:need|take|do) (?:anything|something) (?:first|before)|"
    r"before (?:i take|taking|i start|starting|i enrol|enrolling)|can i (?:take|start|enrol|enroll|register|sign up)|"
    r"am i ready|ready for|prealables?)\b")
_REFERENCE = re.compile(r"\b(?:those|these|they|them|it|this one|that one|the first one|ceux-ci|ces programmes)\b")
_COMPARE = re.compile(r"\b(?:compare|comparison|versus|vs\.?|difference between|better|comparer)\b")
_FRENCH_WORDS = frozenset("je tu il nous vous une des les est sont dans pour avec sans cherche formation "
                          "veux voudrais quelle quel quels quelles comment pourquoi ou en ligne moins cours".split())
_ENGLISH_WORDS = frozenset("i you the a an is are in for with without want looking what how which where "
                           "online under and or my me".split())

_FILLER = frozenset("ones one them those these that this ok okay thanks thank yes no sure also just only maybe "
                    "about around something anything options please cheaper expensive affordable instead else "
                    "other another any some more less bit little lot rather prefer preferably hands on hands-on "
                    "practical live living located based reside residing moved moving near stuff kind sort type "
                    "currently right now today soon".split())


def message_language(text: str) -> str:
    """``fr`` when the message reads as French, else ``en``."""
    tokens = words(text)
    french = sum(t in _FRENCH_WORDS for t in tokens) + 2 * bool(re.search(r"[éèêàçùâîôû]", text.lower()))
    english = sum(t in _ENGLISH_WORDS for t in tokens)
    return "fr" if french > english else "en"


def _number(text: str) -> float:
    text = text.strip().lower()
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    return float(text.replace(",", ".").replace(" ", ""))


def _money_amount(raw: str, thousands: bool) -> float:
    cleaned = raw.strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    value = float(cleaned)
    return value * 1000 if thousands else value


class MessageReader:
    """Reads messages against one catalogue's vocabulary (regions, funding, titles)."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        vocabulary = catalogue.vocabulary
        self.regions = {fold(r): r for r in vocabulary.regions}
        self.funding = sorted(vocabulary.funding, key=len, reverse=True)

    # ---- pieces -------------------------------------------------------------------

    def _region(self, folded: str) -> tuple[str | None, list[tuple[int, int]]]:
        found: list[tuple[int, str, tuple[int, int]]] = []
        for province, names in PROVINCES.items():
            for name in names:
                pattern = r"\bbc\b" if name == "bc" else r"\b" + re.escape(name) + r"\b"
                for match in re.finditer(pattern, folded):
                    found.append((match.start(), province, match.span()))
        if not found:
            return None, []
        found.sort()
        province = found[-1][1]  # the last place named wins ("from Ontario, moving to Alberta")
        # Use the catalogue's own spelling of the province when it has one.
        return self.regions.get(fold(province), province), [span for _, _, span in found]

    def _funding(self, text: str, folded: str) -> tuple[str | None, list[tuple[int, int]]]:
        for name in self.funding:
            folded_name = fold(name)
            index = folded.find(folded_name)
            if index >= 0:
                return name, [(index, index + len(folded_name))]
        for name in self.funding:  # acronyms such as OSAP stand for the whole family of names
            for acronym in re.findall(r"\b[A-Z]{3,}[A-Za-z]*\b", name):
                match = re.search(r"\b" + re.escape(acronym) + r"\b", text, flags=re.IGNORECASE)
                if match:
                    return acronym, [match.span()]
        match = _ANY_FUNDING.search(folded)
        if match and re.search(r"\b(?:eligible|qualif\w+|with|has|have|offer\w*|covered|use)\b", folded):
            return ANY_FUNDING, [match.span()]
        return None, []

    # ---- the whole message ----------------------------------------------------------

    def read(self, message: str, previous: Profile, last_costs: list[float] | None = None) -> Reading:
        text = message.strip()
        folded = fold(text)
        language = message_language(text)
        spans: list[tuple[int, int]] = []

        if _RESET.search(folded):
            return Reading(Intent.RESET, Profile(), "", language=language)

        profile = previous.model_copy(deep=True)
        named = self.catalogue.programs_named_in(text)
        # "the data analytics certificate" names a credential loosely, and "how do those stack?"
        # points at earlier results; a message that states a goal of its own ("move into data
        # analysis") is a search, whatever words it shares with them.
        goal_stated = bool(_GOAL.search(folded))
        if not named and not goal_stated and (
                _STACKING.search(folded) or _REQUIREMENTS.search(folded) or _PREREQUISITES.search(folded)
                or _PROGRESS.search(folded)):
            named = self.catalogue.programs_partly_named_in(text)[:1]

        funding, funding_spans = self._funding(text, folded)
        if funding:
            profile.funding = funding
            spans += funding_spans
        masked = _mask(folded, funding_spans)
        region, region_spans = self._region(masked)
        if region:
            profile.region = region
            spans += region_spans

        for match in _MONEY.finditer(folded):
            amount = match.group("a") or match.group("b")
            if amount and amount.strip():
                thousands = bool(match.group("k") or match.group("k2"))
                profile.max_cost = _money_amount(amount, thousands)
                spans.append(match.span())
        if _FREE.search(folded):
            profile.max_cost = 0.0
            spans.append(_FREE.search(folded).span())
        elif _CHEAPER.search(folded):
            spans.append(_CHEAPER.search(folded).span())
            if last_costs:
                profile.max_cost = _cheaper_than(last_costs)

        for match in _DURATION.finditer(folded):
            amount, unit = _number(match.group(1)), match.group(2)
            per_unit = 4.345 if unit.startswith(("month", "mois")) else 52 if unit.startswith(("year", "an")) \
                else 1 / 7 if unit.startswith(("day", "jour")) else 1
            profile.max_weeks = round(amount * per_unit, 1)
            spans.append(match.span())
        hours = _HOURS.search(folded)
        if hours:
            profile.max_hours = _number(hours.group(1))
            spans.append(hours.span())
        elif _A_FEW_HOURS.search(folded):
            profile.max_hours = 5.0
            spans.append(_A_FEW_HOURS.search(folded).span())

        deliveries = [mode for mode, pattern in _DELIVERY.items() if pattern.search(folded)]
        if deliveries:
            profile.delivery = deliveries
            spans += [m.span() for p in _DELIVERY.values() for m in p.finditer(folded)]
        for pace, pattern in _PACE.items():
            if pattern.search(folded):
                profile.pace = pace
                spans += [m.span() for m in pattern.finditer(folded)]
        levels = [level for level, pattern in _LEVEL.items() if pattern.search(folded)]
        if levels:
            profile.level = levels
            spans += [m.span() for p in _LEVEL.values() for m in p.finditer(folded)]
        if _BEGINNER_HINT.search(folded) or "introductory" in levels:
            profile.beginner = True

        if _FRENCH.search(folded):
            profile.language = "fr"
            spans.append(_FRENCH.search(folded).span())
        elif _ENGLISH.search(folded):
            profile.language = "en"
            spans.append(_ENGLISH.search(folded).span())
        elif language == "fr":
            profile.language = "fr"

        if named and _COMPLETED.search(folded):
            profile.completed = sorted(set(profile.completed) | {p.id for p in named})

        background = _BACKGROUND.search(folded)
        if background:
            profile.background = background.group("bg").strip()
            spans.append(background.span())

        intent = self._intent(folded, named, profile, goal_stated)
        # Spans were found on the folded text; they line up with the original whenever folding
        # kept the length (it does for accents), so the goal keeps the learner's own spelling.
        display = text.lower() if len(text.lower()) == len(folded) else folded
        topic = _topic(display, spans, named if intent not in (Intent.SEARCH, Intent.DEFINITION) or profile.completed else [])
        goal = _goal_phrase(topic)
        topic_terms = [t for t in terms(topic) if t not in _FILLER]
        if intent == Intent.SEARCH and (goal or topic_terms):
            candidate = goal or " ".join(_content_words(topic))
            if candidate and candidate != profile.goal:
                if profile.goal and re.match(r"^\s*(?:with|and|also|including|especially|plus|avec)\b", folded):
                    candidate = f"{profile.goal} {candidate}"
                profile.goal = candidate
                profile.skills, profile.occupations = self._goal_vocabulary(candidate)
        refines_only = intent == Intent.SEARCH and not topic_terms and profile != previous
        return Reading(intent, profile, topic, named=named, language=language, refines_only=refines_only)

    def _intent(self, folded: str, named: list[Program], profile: Profile, goal_stated: bool) -> Intent:
        if _GREETING.match(folded):
            return Intent.GREETING
        completed_now = bool(_COMPLETED.search(folded)) and bool(named)
        if completed_now and (_PROGRESS.search(folded) or _STACKING.search(folded) or _REQUIREMENTS.search(folded)):
            return Intent.PROGRESS
        if _PREREQUISITES.search(folded) and named and not completed_now:
            return Intent.PREREQUISITES
        if _STACKING.search(folded) and (named or (_REFERENCE.search(folded) and not goal_stated)):
            return Intent.STACK
        if _REQUIREMENTS.search(folded) and named:
            return Intent.REQUIREMENTS
        if _PROGRESS.search(folded) and profile.completed:
            return Intent.PROGRESS
        if len(named) >= 2 and (_COMPARE.search(folded) or " and " in folded or " or " in folded) \
                and not _COMPLETED.search(folded):
            return Intent.COMPARE
        if len(named) == 1 and not _COMPLETED.search(folded):
            return Intent.PROGRAM
        if _DEFINITION.search(folded) and _CONCEPTS.search(folded) and not _asks_for_programs(folded):
            return Intent.DEFINITION
        return Intent.SEARCH

    def _goal_vocabulary(self, goal: str) -> tuple[list[str], list[str]]:
        """Catalogue skills and occupations that the goal names or closely echoes."""
        vocabulary = self.catalogue.vocabulary
        close = vocabulary.phrases_close_to(goal)
        skills = [s for s in close if s in vocabulary.skills]
        occupations = [o for o in close if o in vocabulary.occupations]
        return skills[:12], occupations[:12]


def _cheaper_than(costs: list[float]) -> float:
    """A budget below the dearest program just shown: their median, or just under the dearest."""
    ordered = sorted(costs)
    median = ordered[len(ordered) // 2]
    return median if median < ordered[-1] else max(ordered[-1] - 1, 0.0)


def _asks_for_programs(folded: str) -> bool:
    return bool(_PROGRAM_SEEKING.search(folded)) and not re.search(
        r"\b(?:what(?:'s| is| are)|difference between|qu'est)\b.*\b(?:micro-?credentials?|badges?)\b", folded)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _topic(text: str, spans: list[tuple[int, int]], named: list[Program]) -> str:
    topic = _mask(text, spans)
    for program in named:
        topic = topic.replace(program.title.lower(), " ").replace(fold(program.title), " ").replace(program.id.lower(), " ")
    return re.sub(r"\s+", " ", topic).strip()


def _tokens(text: str) -> list[str]:
    """Words as written (accents kept); French elisions such as l' and d' are split off."""
    return re.findall(r"[^\W_][\w+#-]*", text.replace("'", " ").replace("’", " "))


def _content_words(text: str) -> list[str]:
    return [w for w in _tokens(text) if fold(w) not in STOPWORDS and fold(w) not in _FILLER]


def _goal_phrase(topic: str) -> str | None:
    # Match on the folded topic, cut the same span from the topic as written.
    match = _GOAL.search(fold(topic)) if len(fold(topic)) == len(topic) else _GOAL.search(topic)
    if not match:
        return None
    group = next(name for name in ("g1", "g2", "g3", "g4") if match.group(name))
    start = match.start(group)
    phrase = topic[start:start + len(_GOAL_END.sub("", match.group(group)))]
    kept = [w for w in _tokens(phrase) if fold(w) not in _FILLER]
    while kept and fold(kept[0]) in STOPWORDS:
        kept.pop(0)
    while kept and fold(kept[-1]) in STOPWORDS:
        kept.pop()
    return " ".join(kept) or None
