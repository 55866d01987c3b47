"""What the learner wants to study or become, from the meaning of their own clauses.

The message is cut into clauses, and each clause gets a role from how it is said: an aim
("I want...", "looking for...", "j'aimerais...", or a bare fragment), a story about the past
or the current job ("I was an accountant for 6 years"), or a refusal ("no sales jobs"). Each aim
clause is embedded and placed among the fields of work (``knowledge_base.fields``): it is a
topic when its nearest field is one the catalogue covers, or when it names a skill or title
the catalogue itself uses. Leftover words never become a goal: a clause near no covered
field, or nearest a "no field" row ("is it worth it", "what have you got"), adds nothing.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np

from knowledge_base.catalogue import Catalogue
from knowledge_base.fields import FieldMatch
from knowledge_base.text import STOPWORDS, blanked, fold, keys

VALUE_QUESTIONS = "none: questions about credentials"
LABEL_CHARS = 60  # the aim said back is at most this long
ROLE_WEIGHT = {"aim": 1.0, "whole": 0.7, "neutral": 0.5, "background": 0.3}  # how much a clause's meaning counts
GROUP_SHARE = 0.8  # a broad area ("skilled trades") counts less than a field named as such
FIELD_SHARE = 0.6  # fields with this share of the winner's votes are part of the topic too
AIM_FOCUS = 0.6  # an aim decides the topic when it is at least this focused, relative to the sharpest clause

_CLAUSE_BREAK = re.compile(
    r"[.!?;\n]+|,\s*(?=(?:but|mais|so|and i|because|cause|i|i'm|im|i've|i'd|we|we're|je|j'|chu|my|mon|ma|mes|"
    r"honestly|ideally|also|what|which|how|where|any|is|are|can|could|do|does|qu'|quel|quelle|est-ce|y a)\b)|"
    r"\s+(?:and|et|pis)\s+(?=(?:i\s+|je\s+|j')?(?:want|would like|'d like|need|hope|wish|plan|veux|voudrais|"
    r"aimerais)\b)|\s+(?:but|mais|because|cause|so that|so i|parce que)\s+|\s+-\s+|\s+—\s+|\s+–\s+")
_DESIRE = re.compile(
    r"\b(?:want|wanna|would like|i'?d like|like to|looking (?:for|at|to|into)|interested|hoping|hope to|"
    r"thinking (?:about|of)|considering|need (?:a|an|to|some|something|the|it|help|training)|get (?:into|back)|"
    r"getting into|move (?:into|up|to)|moving into|switch|transition|become|becoming|learn (?:to|how|about|more)|"
    r"study|find me|show me|"
    r"something (?:in|with|for|about|like|where)|anything (?:in|for|with|about|like)|dream|goal|eventually|"
    r"rather|prefer|enjoy|i like|i love|love to|into\b|j'?aimerais|je veux|j'?veux|veux|je voudrais|je cherche|"
    # what money or time is for: "$1,500 for a welding course", "5k for cdl training"
    r"for (?:a|an|the|some|my) (?:[\w'+#/-]+ ){1,4}(?:course|courses|class|classes|program|programme|training|"
    r"certificate|cert|certification|licen[cs]e|school|diploma)|"
    r"cherche|besoin|"
    r"faut que|devenir|apprendre|interesse|ameliorer|partir|travailler dans|"
    # a gap is an aim: "never properly learned InDesign", "every job ad asks for Excel"
    r"never (?:properly |really |actually |formally )?(?:learned|learnt|studied)|"
    r"(?:ads?|postings?|employers?|jobs?) (?:all |always |now )?(?:ask|want|require|need)s?|"
    r"jamais appris|(?:offres?|employeurs?) (?:demandent|exigent|veulent))\b")
_BACKGROUND = re.compile(
    r"\b(?:i was|i used to|used to|i worked|worked|i'?ve been|i have been|been (?:doing|working|on|at|a|an|the)|"
    r"i'?ve worked|back home|before (?:kids|that|the kids)|years? ago|for \d+ years|for (?:many|a few|several) years|"
    r"i'?m (?:a|an) [\w -]+ (?:at|in|for|with)|i am (?:a|an) [\w -]+ (?:at|in|for|with)|i work (?:at|in|as|for|"
    r"nights|days|full|part)|i work like|we have run|we'?ve run|i did|i have done|ran|j'?ai (?:travaille|ete)|"
    r"j'?etais|chu \w+ (?:chez|a|au)|je suis \w+ (?:chez|a|au)|je travaille|my job is|currently|"
    r"right now i|i'?m currently|i came|we came|i moved|we moved|i arrived|i stayed|"
    r"i'?m \d+|i am \d+|years of experience|ans d'?experience|"
    # where they are: "I live in Round Rock", "j'habite à Laval"
    r"(?:i|we) (?:live|lived|stay|reside)|i'?m (?:living|based|staying) in|j'?habite|"
    r"je (?:vis|demeure|reste) (?:a|au|en|dans))\b")
_REFUSAL = re.compile(
    r"\b(?:not|don'?t want(?: to (?:do|be))?|do not want|never again|no more(?! than)|hate[ds]?|hated|anything but|"
    r"nothing (?:with|involving|to do with|in)|"
    r"definitely not|rather not|pas)\s+(?:(?:interested|into|in|a|an|the|any|to be|doing|more|just|really|at all|"
    r"un|une|de|du|des|le|la|les)\s+)*(?P<refused>[a-z][a-z' /-]{2,60})")
_SUBJECT = re.compile(r"\b(?:i|i'?m|i'?ve|i'?d|im|me|my|we|our|us|he|she|they|it'?s|you|there|je|j'|j|chu|on|nous|"
                      r"mon|ma|mes|il|elle|is|are|was|were|has|have|had|does|did|do|am|est|sont|suis|ai)\b")
_QUESTION_START = re.compile(
    r"^\s*(?:what|whats|how|why|is|are|will|would|can|could|should|do|does|did|which|where|who|c'?est|est-ce|"
    r"comment|pourquoi|quoi|c koi|ca vaut|est ce|y a|qu'?est)\b")
_FILLER = frozenset(fold(w) for w in """
ok okay hi hello hey so um uh lol haha honestly like really actually basically literally maybe just kind sort
thanks thank please pls plz svp salut bonjour yeah yes no sure well stuff thing things something anything whatever
somewhere anywhere someplace elsewhere actually total totally complete completely absolute pretty quite
someone somebody guy person people me myself pis ca ben toute fait genre la job wanna gonna gotta want need
do get go make take find show help start begin one ones though just really faut soit toute tout tous quoi c'est
y'a-tu y a-tu chu
away ideally preferably idealement preferablement possible fully entirely entierement idea clue
hm hmm hmmm mm mmm uhh umm erm er eh ah oh ahh ohh meh alright euh bah ouais bon oups oops
evening evenings night nights weekend weekends soir soirs soiree soirees nuit week-end week-ends
""".split())
# Words of asking that say nothing about the field: left out of what is embedded, so that "any AI
# course" means AI, and a clause made only of them ("anything I can finish") has no topic.
_GENERIC = frozenset(fold(w) for w in """
any anything something course courses program programs programme class classes training option options
certificate cert certs credential credentials micro-credential micro-credentials badge badges free cheap
finish complete serious good best quick short long fast soon asap online cours formation formations programme
learn study studying learning work working job jobs career careers field area best right way fit fits fitting
suit suits whatever available offered offer offers list show have got sorts kinds stuff things substantial real
proper easy new different interesting useful legit worthwhile decent solid college colleges school schools
university universities institute cegep provider providers institution institutions everything money
spare budget afford broke expensive cost costs price pay paying moins
grad graduate postgrad postgraduate
""".split())


# Nouns for credentials in general: a question whose whole wording is about them ("do employers
# care about micro-credentials?") asks about credentials, whatever its other words suggest.
_CREDENTIAL_NOUN = re.compile(
    r"\b(?:micro-?credentials?|microcredentials?|credentials?|badges?|certificates?|certs?|diplomas?|"
    r"micro-?certifications?|microcertifications?|microprogrammes?|attestations?|certificats?|diplomes?|"
    r"bootcamps?|short courses?|these (?:things|courses|programs))\b")


@dataclass
class Topic:
    """What the learner's aim is about, as the catalogue can answer it."""

    text: str  # the aim's own words (constraints and places taken out)
    fields: list[str]  # covered fields of work it is about, nearest first
    vector: np.ndarray | None  # the meaning of the aim clauses
    matched: list[str] = field(default_factory=list)  # catalogue skills and titles it names
    avoid: list[str] = field(default_factory=list)  # fields the learner refused ("no sales jobs")
    label: str = ""  # how to name it back to the learner
    avoid_vector: np.ndarray | None = None  # the meaning of what the learner refused
    avoid_words: list[str] = field(default_factory=list)  # the words of what they refused ("wordpress")


@dataclass
class TopicReading:
    topic: Topic | None
    value_question: bool  # a clause asks about credentials themselves (worth, legit, paying)
    background: str = ""
    from_aim: bool = False  # the topic comes from a clause that states an aim, or names catalogue skills
    question: str = ""  # the clauses that ask something (for answering a concept question)
    strong_aim: bool = True  # said as a wish ("I want to...", or a whole request), not a passing word


@dataclass
class _Clause:
    text: str
    role: str  # aim, background, neutral
    question: bool
    content: int = 0  # words that say something about a field
    said: str = ""  # the clause as written, every word kept


def clauses(masked: str, original: str, display: str | None = None) -> list[_Clause]:
    """Clauses of the masked text with their roles; ``original`` is the same text unmasked,
    so that a clause keeps its question mark and its role words; ``display``, the masked text
    as written (accents kept, same length), is what each clause's text is taken from."""
    display = display if display is not None and len(display) == len(masked) else masked
    found = []
    position = 0
    for piece in _CLAUSE_BREAK.split(masked):
        start = masked.find(piece, position)
        position = start + len(piece) if start >= 0 else position
        shown = display[start:start + len(piece)] if start >= 0 else piece
        words = [w for w in re.findall(r"[^\W_][\w+#'/-]*", shown) if _base(w) not in _FILLER]
        content = [w for w in words if (_base(w) not in STOPWORDS or w.isupper()) and _base(w) not in _GENERIC
                   and len(w) > 1]
        if not content:
            continue
        words = [w for w in words if _base(w) not in _GENERIC]
        whole = original[start:position + 2] if start >= 0 else piece
        # A bare fragment ("IT security, but...", "cyber sec cert onlne") names what is wanted
        # when it opens the message or the message is short.
        fragment = not _SUBJECT.search(whole) and (start <= 2 or len(masked.split()) <= 15)
        desire = bool(_DESIRE.search(whole)) or fragment
        story = bool(_BACKGROUND.search(whole))
        role = "aim" if desire and not (story and not _strong_desire(whole)) else "background" if story else "neutral"
        found.append(_Clause(" ".join(words), role, "?" in whole or bool(_QUESTION_START.search(whole)), len(content),
                             whole.strip()))
    return found


def _base(word: str) -> str:
    """A word folded, without its possessive ("money's" is "money")."""
    folded = fold(word)
    return folded[:-2] if folded.endswith("'s") else folded


def says_a_wish(text: str) -> bool:
    """Whether ``text`` (folded) says what the learner wants ("I'd like", "looking for", "je veux")."""
    return bool(_DESIRE.search(text))


def _strong_desire(text: str) -> bool:
    return bool(re.search(r"\b(?:want|wanna|would like|i'?d like|looking for|hoping|need to|need a|get into|become|"
                          r"j'?aimerais|je veux|j'?veux|devenir|cherche|switch|move into|move up|besoin|ameliorer|"
                          r"faut que|j'?voudrais)\b", text))


class TopicReader:
    """Reads topics against one catalogue's fields and vocabulary."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.fields = catalogue.fields
        self.vocabulary = catalogue.vocabulary

    def read(self, masked: str, original: str, display: str | None = None) -> TopicReading:
        """``masked``: the folded message with constraints, places and named programs blanked;
        ``original``: the folded message; ``display``: ``masked`` with the learner's accents.

        Every clause votes for the fields nearest it, with the weight of its role (an aim
        counts more than a story about the past); the field with the most votes is the topic. A
        "none" row winning means there is no topic; whether the catalogue has anything about a
        topic is the search's to say (``Catalogue.covers``), not the list's."""
        offered = self._refused_offers(original)
        parts = clauses(_without_refusals(masked, offered), original,
                        _without_refusals(display, offered) if display else None)
        question = " ".join(c.said for c in parts if c.question and c.role != "background")
        refused = self._refused(original) + [phrase for _, _, phrase in offered]
        about_credentials = [i for i, c in enumerate(parts) if c.question and _CREDENTIAL_NOUN.search(c.said)]
        texts = [c.text for c in parts] + refused + [parts[i].said for i in about_credentials]
        if not parts and not refused:
            return TopicReading(None, False)
        vectors = self.catalogue.embed_queries(texts)
        asked_whole = vectors[len(vectors) - len(about_credentials):]
        vectors = vectors[:len(vectors) - len(about_credentials)]
        # A question is about credentials themselves when its whole wording, credential nouns
        # included, is nearest the questions about credentials; its other words then name no field.
        value_clauses = {i for i, vector in zip(about_credentials, asked_whole)
                         if (near := self.fields.nearest(vector)) and near[0].name == VALUE_QUESTIONS}
        if len(parts) > 1:
            # The whole message votes too: a life story's meaning is often in no one clause. Its
            # vector is the clauses' mean, weighted by their length, rather than a second pass of
            # the model over every word (which doubled the cost of a long message; the four
            # question sets read the same either way, README "Performance").
            whole = " ".join(c.text for c in parts)
            weights = np.array([[len(c.text)] for c in parts], dtype=np.float32)
            mean = (vectors[:len(parts)] * weights).sum(axis=0)
            mean /= np.linalg.norm(mean) or 1.0
            vectors = np.vstack([vectors[:len(parts)], mean[None, :], vectors[len(parts):]])
            parts.append(_Clause(whole, "whole", "?" in original, sum(c.content for c in parts)))
        reading = self._vote(parts, vectors, value_clauses)
        reading.question = question
        if reading.topic is not None:  # "NOT squarespace": programs named by those words are out
            reading.topic.avoid_words = sorted({w for phrase in refused for w in aim_words(phrase)})
        return reading

    def _vote(self, parts: list[_Clause], vectors: np.ndarray, value_clauses: Collection[int] = ()) -> TopicReading:
        """The topic from the clauses' votes; ``vectors`` holds the clauses' vectors, then the
        refusals'; ``value_clauses``: the clauses that ask about credentials themselves, which
        vote only for the catalogue skills and occupations they name."""
        votes: dict[str, float] = {}
        voters: dict[str, list[int]] = {}
        nears: list[list[FieldMatch]] = []
        named = [self._named_phrases(c.text) for c in parts]
        value_question = bool(value_clauses)
        for index, (clause, vector) in enumerate(zip(parts, vectors)):
            # The catalogue's own fields are reached by what the learner wants, not by their story
            # ("laid off from a print shop" names no aim of "print").
            wanted = " ".join(c.text for c in parts if c.role not in ("background", "whole")) \
                if clause.role == "whole" else None if clause.role == "background" else clause.text
            near = self.fields.nearest(vector, wanted)
            if index in value_clauses and not named[index]["all"]:
                near = []
            if near and near[0].name == VALUE_QUESTIONS and clause.role not in ("background", "whole"):
                value_question = True
                if named[index]["all"]:  # "is a welding micro-credential worth it?" is about welding too
                    near = [m for m in near if not m.name.startswith("none:")]
            nears.append(near)
            if not near or near[0].name.startswith("none:"):
                continue  # a clause about nothing in particular ("what would you suggest?") abstains
            weight = ROLE_WEIGHT[clause.role]
            for match in near:
                share = GROUP_SHARE if match.members else 1.0
                votes[match.name] = votes.get(match.name, 0.0) + weight * share
                voters.setdefault(match.name, []).append(index)
        avoid = []
        for vector in vectors[len(parts):]:
            avoid += [f for m in self.fields.nearest(vector)[:2] if m.covered for f in m.fields]
        refused = vectors[len(parts):]
        avoid_vector = None
        if len(refused):
            avoid_vector = refused.mean(axis=0)
            avoid_vector = (avoid_vector / (np.linalg.norm(avoid_vector) or 1.0)).astype(np.float32)
        background = " ".join(c.text for c in parts if c.role == "background")
        named_skills = [p for c, near, phrases in zip(parts, nears, named) if c.role != "background"
                        and not (near and near[0].name.startswith("none:")) for p in phrases["skills"]]
        # Clauses whose every word the catalogue's own titles use ("sommelier", "blockchain"): a
        # subject of this catalogue, wherever the list of fields places it.
        titled = [i for i, c in enumerate(parts) if c.role not in ("background", "whole") and i not in value_clauses
                  and (said := aim_words(c.text)) and all(self.catalogue.coverage.titles.names(w) for w in said)]
        if not votes and not named_skills and not titled:
            return TopicReading(None, value_question, background=background)
        if not votes:
            votes = {name: 0.0 for near in nears for name in [m.name for m in near]}
        matches = {m.name: m for near in nears for m in near}
        # What the learner says they want decides when it is something the catalogue covers;
        # the rest of the message (their past, the whole story) decides only when it is not.
        # An aim counts when its meaning is focused (its nearest field stands out about as much
        # as in the message's most focused clause): "practise on real people" is no field.
        sharpest = max((near[0].focus for near in nears if near), default=0.0)
        aimed = {m.name for c, near in zip(parts, nears) if c.role == "aim" and near
                 and not near[0].name.startswith("none:") and near[0].focus >= AIM_FOCUS * sharpest
                 for m in near if m.covered}
        candidates = [name for name in votes if name in aimed] or list(votes)
        winner = max(candidates, key=lambda name: (votes[name], name in self.fields.covered))
        best = matches[winner]
        if not best.covered and not named_skills and not titled:
            if winner.startswith("none:"):
                return TopicReading(None, value_question, background=background)
            strong = any(parts[i].role == "aim" for i in voters[winner]) or (
                len(parts) == 1 and parts[0].role != "background" and parts[0].content >= 2)
            content = max(parts[i].content for i in voters[winner])
            if not strong and content < 2:
                return TopicReading(None, value_question, background=background)
            # A field this catalogue has no program in, by the list's reckoning: the search, not
            # the list, decides whether the catalogue has anything about it (Catalogue.covers).
        else:
            strong = True
        chosen = [name for name in votes if matches[name].covered and votes[name] >= FIELD_SHARE * votes[winner]]
        chosen.sort(key=lambda name: -votes[name])
        if not best.covered:  # named skills only ("python"): the fields of the programs that teach them
            chosen = []
        fields: list[str] = []
        for name in chosen:
            fields += [f for f in matches[name].fields if f not in fields and f not in avoid]
        used = sorted({i for name in chosen for i in voters.get(name, [])} or
                      {i for i, c in enumerate(parts) if c.role != "background" and named[i]["skills"]}
                      or set(titled) or set(voters.get(winner, [])))
        weights = np.array([ROLE_WEIGHT[parts[i].role] for i in used])[:, None]
        mean = (vectors[used] * weights).sum(axis=0)
        mean = mean / (np.linalg.norm(mean) or 1.0)
        text = " ".join(_content(parts[i].text) for i in used
                        if parts[i].role not in ("background", "whole") or len(used) == 1)
        text = text.strip() or " ".join(_content(parts[i].text) for i in used)
        matched = sorted({p for i in used for p in named[i]["all"]})
        from_aim = any(parts[i].role == "aim" for i in used) or bool(named_skills) or bool(titled)
        label = _label(text, matched, fields, [f for f in fields if f in self.fields.derived])
        return TopicReading(Topic(text, fields, mean.astype(np.float32), matched, avoid, label, avoid_vector),
                            value_question,
                            background=background, from_aim=from_aim, strong_aim=strong)

    def _named_phrases(self, text: str) -> dict[str, list[str]]:
        close = self.vocabulary.phrases_close_to(text)
        words = set(keys(text))
        named = [p for p in close if keys(p) <= words]
        return {"all": named, "skills": [p for p in named if p in self.vocabulary.skills]}

    def _refused_offers(self, original: str) -> list[tuple[int, int, str]]:
        """"no X" where X is something this catalogue's titles offer ("so no phlebotomy and no
        nursing"): a refusal, with its span; "no idea", "no car", "no experience" name nothing
        the titles do, and are no refusal."""
        found = []
        position = 0
        while match := _NO_OFFER.search(original, position):
            phrase = re.split(r"\b(?:and|or|but|so|because|mais|ou|et)\b|[,.;!?]", match.group("refused"))[0].strip()
            end = match.start("refused") + len(phrase)
            position = max(end, match.start("refused"))  # "no phlebotomy and no nursing": both
            said = [w for w in phrase.split() if w not in STOPWORDS]
            if said and all(w in self.catalogue.title_vocabulary for w in said[:2]) \
                    and not _NOT_REFUSED.match(phrase):
                found.append((match.start(), end, phrase))
        return found

    @staticmethod
    def _refused(original: str) -> list[str]:
        found = []
        for match in _REFUSAL.finditer(original):
            refused = re.split(r"\b(?:but|and i|i |so |because|mais|,|\.)", match.group("refused"))[0].strip()
            if refused and not _NOT_REFUSED.match(refused):
                found.append(refused)
        return found


# Words after a negation that refuse nothing ("not too long", "no more than", "no experience").
_NOT_REFUSED = re.compile(r"(?:than|too|very|sure|great|good|much|many|working|the student|recognis|recogniz|yet|long|"
                          r"expensive|cher|trop|experience|a lot|more|longer|less|later|matter|problem|idea|"
                          r"worries|clue|rush)\b")
# "no X" after a pause or a conjunction: a refusal when X is something the catalogue offers.
# (Not after a comma: "learn drums, no drum kit at home" says what they lack, not what they refuse.)
_NO_OFFER = re.compile(r"(?:^|[.;:!?]|\b(?:so|and|but|also|definitely|absolutely|et|mais|donc))\s*"
                       r"(?:no|pas de|aucun\w*)\s+(?P<refused>[a-z][a-z' -]{2,50})")
_PLACE_AFTER = re.compile(r"\b(?:near|around|close to|outside|pres de|proche de)\s+\S+")
# When and how often, not what: "part time", "evenings", "weekends", "le soir".
_SCHEDULE = frozenset("""part full time part-time full-time evening evenings night nights weekend weekends morning
mornings daytime days day week weeks month months year years hour hours soir soirs fin semaine semaines jour jours
heures temps partiel plein""".split())
# Kinds of learning, not subjects: "guitar lessons", "forklift certification".
_KINDS = frozenset("""certification certifications certified lesson lessons tutorial tutorials workshop workshops
seminar seminars qualification qualifications licence license licences licenses licensing diploma diplomas degree
degrees masters master bachelor lecons atelier ateliers""".split())  # (grad, graduate, cours: in _GENERIC)


def aim_words(aim: str, *, as_written: bool = False) -> list[str]:
    """The words of an aim that say what it is about: not common words, words of asking
    ("course", "certification"), numbers, or a place after "near"; folded, or ``as_written``.
    A French elision is read without its article or pronoun ("j'aimerais" is "aimerais", "l'infographie"
    is "infographie"), and a hyphenated run of common words ("est-ce") is a common word."""
    found = []
    for word in re.findall(r"[^\W_][\w+#'/-]*", _PLACE_AFTER.sub(" ", aim)):
        elided = re.match(r"(?i)(?:qu|[cdjlmnst])'(?=\w)", word)
        if elided:
            word = word[elided.end():]
        if "-" in word and all(_base(part) in STOPWORDS for part in word.split("-") if part):
            continue
        w = _base(word)
        if w not in STOPWORDS and w not in _GENERIC and w not in _FILLER and w not in _SCHEDULE and w not in _KINDS \
                and not w.isdigit() and len(w) > 1:
            found.append(word if as_written else w)
    return found


# A word of wanting that opens the aim's words ("love scuba diving instructor" from "I'd love to
# become..."): part of the wish, not of its name.
_WISH_FIRST = re.compile(r"(?i)^\s*(?:love|like|want|wish|hope|dream|enjoy|adore|aimerais|aime|veux|voudrais)\s+"
                         r"(?:to\s+)?(?=\S)")


def _label(text: str, matched: list[str], fields: list[str], own: list[str]) -> str:
    """A short name for the topic, in the learner's words: their own when every one of a few says
    what it is about ("cyber security"); else the catalogue's own fields they named ("indesign",
    "phlebotomy"); else the few words of theirs that say what; else the catalogue phrases they
    named, else the nearest fields. A word of wanting that opens them is left out of the name."""
    text = _WISH_FIRST.sub("", text)
    said = aim_words(text, as_written=True)
    if 0 < len(text.split()) <= 4 and len(said) == len(text.split()):
        return _short(text)
    if own:
        return " and ".join(own[:2])
    if 0 < len(said) <= 3:  # "falconry certification near albany": "falconry"
        return _short(" ".join(said))
    if matched:
        return " and ".join(sorted(matched, key=len, reverse=True)[:2])
    if fields:  # one field when its name is already two ("truck driving and transportation")
        return fields[0] if " and " in fields[0] else " and ".join(fields[:2])
    return _short(" ".join(text.split()[:6]))


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS].rstrip() + "…"


def _without_refusals(text: str, offered: Sequence[tuple[int, int, str]] = ()) -> str:
    """The text with refusals ("definitely not an office", and ``offered``: "no phlebotomy")
    blanked, so they do not pull a clause's meaning towards what the learner refused."""
    spans = [m.span() for m in _REFUSAL.finditer(fold(text) if len(fold(text)) == len(text) else text)]
    return blanked(text, spans + [(start, end) for start, end, _ in offered])


def _content(text: str) -> str:
    return " ".join(w for w in text.split() if fold(w) not in STOPWORDS or (w.isupper() and len(w) > 1))
