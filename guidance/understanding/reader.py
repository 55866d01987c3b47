"""Reading one message in its conversation, in three steps: ``MessageReader.observe`` reads what
it says (constraints, places, named programs, the aim, cues) into an ``Observation``;
``decision.decide`` chooses what to answer; ``Profile.apply`` merges it into the profile. The
result is one typed ``Reading``."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from knowledge_base.catalogue import Catalogue
from knowledge_base.schema import Program
from knowledge_base.text import blanked, fold, words

from ..constraints import ANY_FUNDING
from ..profile import Profile
from . import language as languages
from .constraints import Constraints, read_constraints
from .decision import Context, decide
from .observation import Cue, Intent, Observation
from .places import PlaceReader
from .references import ProgramNamer
from .topic import Topic, TopicReader, TopicReading, aim_words, says_a_wish

if TYPE_CHECKING:
    from ..centres import CentreScope

BRIEF_WORDS = 20  # a message this long or shorter is a request, not a story
MAX_MESSAGE_CHARS = 2000  # longer messages are read up to here (every pattern is linear anyway)


@dataclass
class Reading:
    """One message read in its conversation: what it asks (the decision) and the profile it leaves."""

    intent: Intent
    profile: Profile
    topic: str  # the words of the concept question or the aim, for passage search
    named: list[Program] = field(default_factory=list)
    refines_only: bool = False  # states constraints and nothing else ("only online please")
    scope: CentreScope | None = None  # the conversation's centre scope, set by the responder
    language: str = "en"  # the language the message is written in
    new_topic: Topic | None = None  # the topic this message states, if any
    browse: bool = False  # constraints with no field: list what fits
    also_define: bool = False  # a concept question beside a search ("...does my experience count?")
    refers_to_shown: bool = False  # "those", "them", "that": what was just shown
    wants_pathway: bool = False  # a search that also asks how it adds up ("how do I get there from here?")
    read_by: str = "rules"  # "rules", or "model" when a language model's reading was used
    order: str | None = None  # "cost" or "weeks": the cheapest or shortest first ("the least expensive of those")
    unjudged: list[str] = field(default_factory=list)  # constraints the catalogue cannot check (set by the responder)
    previous: Profile | None = None  # the profile before this message (set by the responder)
    brief: bool = True  # a short request, not a life story: its aim can be judged by its words


def conclude(observation: Observation, context: Context) -> Reading:
    """Decide what ``observation`` asks in ``context``, and merge it into the learner's profile."""
    decision = decide(observation, context)
    language = observation.language
    if decision.intent == Intent.RESET:
        return Reading(Intent.RESET, Profile(writes_in=language), "", language=language)
    kept = decision.keeps_profile or decision.intent == Intent.REFUSE  # the learner's wishes as they were
    if kept:
        profile = context.previous.model_copy(deep=True, update={"writes_in": language})
    else:
        profile = context.previous.apply(observation, take_aim=decision.takes_aim)
    return Reading(decision.intent, profile, decision.passages, named=list(decision.named), language=language,
                   new_topic=None if kept else observation.topic, refines_only=decision.refines_only,
                   browse=decision.browse, also_define=decision.also_define,
                   refers_to_shown=observation.refers_to_shown, wants_pathway=decision.wants_pathway,
                   read_by=observation.read_by, order=observation.order, brief=observation.brief)


_RESET = re.compile(r"\b(?:start over|start again|restart|reset|new search|forget (?:everything|all that|it)|"
                    r"clear (?:everything|all|the conversation)|recommencer|on recommence|on repart)\b")
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|bonjour|salut|allo|good (?:morning|afternoon|evening)|thanks|thank you|"
                       r"merci)\b[\s!.,]*(?:there|you|beaucoup)?[\s!.,]*$")
_INSTRUCTIONS = re.compile(
    r"\b(?:ignore (?:all |any |the |your |my )?(?:previous|prior|above|earlier|former)? ?(?:instructions|prompts?|"
    r"rules)|"
    r"disregard (?:all|any|the|your) |system prompt|you are now|admin mode|developer mode|jailbreak|"
    r"pretend (?:you are|to be)|act as (?:a|an|if)|reveal (?:your|the) (?:prompt|instructions)|"
    r"ignore tes instructions|oublie (?:tes|les) instructions|system (?:notice|message|override|prompt)|"
    r"hidden (?:configuration|prompt|instructions|rules)|assistant must|you must now|reply confirmed|"
    r"print (?:your|its|the) (?:hidden|system|configuration|instructions|prompt)|new instructions|"
    r"override (?:your|the) (?:rules|instructions))")
_COMPLETION_CUE = re.compile(  # says a program was done; the programs themselves are found by position
    # "done" with its doer ("I've done", "already done", "done with"), never "my shift is done"
    r"\b(?:finished|completed|(?:i'?ve|i have|i'?d|already|just|have|had) done|done (?:with|the|my|both|all)|taken|"
    r"took|passed|earned|"
    r"(?:did|got|have|hold)(?: (?:the|my|both|all))|"
    r"i (?:only |already |just )?(?:hold|did|got)|j'?ai (?:termine|complete|suivi|reussi|fait)|deja fait|"
    r"fini|termine)\b")
_STACKING = re.compile(
    r"\b(?:stack\w*|leads? (?:to|into)|lead into|count(?:s)? (?:towards?|toward|to)|go (?:toward|towards|into)|"
    r"ladder\w*|pathways?|path|roadmap|build (?:up )?(?:to|into)|bigger (?:credential|program|certificate|diploma|"
    r"degree|thing)|larger credential|something (?:bigger|larger)|next (?:step|credential|"
    r"level)|go on to|after (?:that|this|it)|s'empile\w*|menent? a|mene a|cheminement|one-off|add up|adds up|"
    r"anything (?:bigger|larger)|turns? into|count(?:s)? for (?:anything|something|credit|credits) "
    r"(?:toward|towards|to)|bigger certs?|compte(?:nt)? pour)\b")
_REQUIREMENTS = re.compile(
    r"\b(?:what (?:do|would|will|should) i (?:need|have to take|have to do|take)|what(?:'s| is| are)? in (?:it|the|"
    r"that)|"
    r"whats in|what(?:'s| is| are) (?:required|needed|the requirements)|requirements?|required for|need all|"
    r"how (?:do|can|would) i (?:get|earn|complete|finish|obtain)|what does it take|components?|made up of|"
    r"what order|which order|in what order|what'?s involved|involved in|(?:what|which) (?:courses|programs|"
    r"micro-?credentials) (?:are )?"
    r"(?:in|for|make up)|que dois-je|exigences|qu'?est-ce qu'?il faut|"
    # a plan asked for: "show me the plan for it", "plan pour le certificat" ("I plan to move" is no plan)
    r"(?:the|a|my|your|that|this|le|un|mon|ton|votre|ce) (?:study |game |full )?plan|^\s*plan\b|"
    r"plan (?:for|to (?:get|earn|finish|complete)|pour|du|de)|parcours pour)\b")
# A plan asked for, words that name no aim: "show me the plan for it", "montre-moi le plan pour le certificat".
_PLAN_ASKED = re.compile(
    r"\b(?:(?:show|give|send) me|montre[sz]?[- ]?moi|donne[sz]?[- ]?moi)?\s*"
    r"(?:the|a|my|your|that|this|le|un|mon|ton|votre|ce)?\s*(?:study |game |full )?\bplan\b"
    r"(?:\s*(?:for|to get|to earn|to finish|pour|du|de)\b(?:\s*(?:it|that|this|the|le|la|l'|ce|cette|ca)\b)?)?"
    r"(?:\s*(?:certificates?|certificats?|diplomas?|diplomes?|degrees?|credentials?|badges?|programs?|"
    r"programmes?|one)\b)?")
_PROGRESS = re.compile(
    r"\b(?:what(?:'s| is)? left|whats left|what else|what remains|remaining|still need|how many more|"
    r"left to (?:do|take|finish)|how close|what next|what now|next step|il (?:me )?reste|ce qui reste|"
    r"what do i still)\b")
_PREREQUISITES = re.compile(
    r"\b(?:right away|straight away|skip (?:straight )?to|straight to|prerequisites?|prereqs?|"
    r"(?:need|take|do) (?:anything|something) (?:first|before)|anything before|before (?:i take|taking|i start|"
    r"starting|i enrol|enrolling|the)|can i (?:take|start|enrol|enroll|register|sign up|do)|am i ready|ready for|"
    r"which (?:do|should) i (?:do|take) first|do i do first|prealables?|need both)\b")
_REFERENCE = re.compile(r"\b(?:those|these|they|them|it|this one|that one|that|these ones|which ones|which of them|"
                        r"any of them|ceux-ci|ces programmes|ca|lesquels)\b")
_COMPARE = re.compile(r"\b(?:compare|comparison|versus|vs\.?|difference|diff|better|which (?:one|is|makes|helps|"
                      r"should)|or the|comparer)\b")
_CONCEPTS = re.compile(
    r"\b(?:micro-?credentials?|microcredentials?|micro-?certifications?|badges?|stack(?:ing|able|s)?|ladder(?:ing)?|"
    r"recognition of prior learning|prior learning|rpl|plar|credits?|osap|canada training credit|funding|pay for|"
    r"payer|grants?|employers?|worth|legit|scam|recogni[sz]ed?|reconnus?|count for|experience count|"
    r"microprogrammes?|attestations?|reconnaissance des acquis|financement|vaut|pick one|choose|choosing|decide|"
    r"s'?additionner|additionner|cumuler|empiler|diplomes?|reconnaissance|vaut-tu|ca vaut)\b")
# A question asking what a thing is, and its subject ("what's a bootcamp", "qu'est-ce qu'une AEC",
# "what does laddering mean", "how does stacking work").
_DEFINITIONAL = re.compile(
    r"\b(?:what(?:'s| is| are|s)|c'?est quoi|qu'?est[- ]ce qu(?:e|')(?: c'?est)?|que (?:veut dire|signifie)|"
    r"what does|define|definition of|meaning of|how (?:does|do)|comment (?:fonctionne|marche)(?:nt)?)\s+"
    r"(?:(?:an?|the|un|une|le|la|les|l'|des)\s+)?(?P<subject>[^?.!;]+?)"
    r"\s*(?:\b(?:mean|means|work|works|veut dire|signifie|fonctionne|marche)\b\s*)?(?:[?.!;]|$)")
_QUESTION = re.compile(r"\?|^\s*(?:what|whats|how|why|is|are|will|would|can|could|should|do|does|which|"
                       r"comment|pourquoi|est-ce|c'?est quoi|c koi|qu'?est)\b")
_BROWSE = re.compile(r"\b(?:anything|what'?s|whats|what (?:have|do) you|what can i|show me|list|everything|"
                     r"any(?: programs?| courses?)?|options|whatever|which programs|qu'?est-ce que vous|"
                     r"avez-vous|do you have)\b")
_ASKS_ABOUT_PROGRAM = re.compile(r"\b(?:how much|cost|price|fees?|funding|funded|pay for|how long|when does|start date|"
                                 r"next start|combien|quand|prix|financement)\b")
_ANY_FUNDING = re.compile(r"\b(?:funded|funding|financial aid|student aid|grants?|bursar(?:y|ies)|subsidi[sz]ed|"
                          r"tax credit|aide financiere)\b")
_FUNDING_REQUIRED = re.compile(r"\b(?:cover\w*|pay for|pays for|will pay|eligible|qualif\w*|accept\w*|funded by|"
                               r"use|using|apply|applies|utiliser|"
                               r"through|under|with|has to be|have to be|must be|only)\b")
# A question that checks a fact about a program rather than asking for programs: a tag
# question ("...is $890 yeah?", "it's online, right?", "isn't it?", "n'est-ce pas?"), a request
# to confirm, or a question about it ("is it online?", "c'est en ligne?").
_CLAIM_CHECK = re.compile(
    r"\b(?:right|yeah|yes|correct|true|eh|hein|non|oui|vrai|ok)\s*\?|\b(?:isn'?t|aren'?t|doesn'?t|won'?t) (?:it|that|"
    r"they|there)\b|\bis (?:that|it|this) (?:true|right|correct|so)\b|\bam i right\b|\bn'?est-ce pas\b|"
    r"\bc'?est (?:bien )?vrai\b|\bconfirm\w*\b|\bcan you confirm\b")
_ABOUT_IT = re.compile(r"\b(?:(?:is|was|does|will|would)\s+(?:it|that|this|this one|that one)|est-ce qu'?(?:il|elle)|"
                       r"c'?est|(?:il|elle) est)\b")
_HEARSAY = re.compile(r"\b(?:is (?:that|it) true|right\?|is that right|someone told me|heard|said|c'?est vrai)\b")
_ASKS_FOR_PROGRAMS = re.compile(
    r"\b(?:recommend|suggest|show me|find me|looking for|which (?:ones?|programs?|courses?)|what (?:programs?|"
    r"courses?)|any (?:programs?|courses?)|do you have|je cherche|avez-vous|list|lesquels|quels (?:cours|"
    r"programmes))\b")
_CUES = ((Cue.STACK, _STACKING), (Cue.REQUIREMENTS, _REQUIREMENTS), (Cue.PROGRESS, _PROGRESS),
         (Cue.PREREQUISITES, _PREREQUISITES), (Cue.COMPARE, _COMPARE), (Cue.CONCEPT, _CONCEPTS),
         (Cue.QUESTION, _QUESTION), (Cue.BROWSE, _BROWSE), (Cue.ASKS_FOR_PROGRAMS, _ASKS_FOR_PROGRAMS),
         (Cue.ASKS_ABOUT_PROGRAM, _ASKS_ABOUT_PROGRAM), (Cue.CLAIM_CHECK, _CLAIM_CHECK), (Cue.ABOUT_IT, _ABOUT_IT),
         (Cue.REFERENCE, _REFERENCE))


class MessageReader:
    """Reads messages against one catalogue: its fields, vocabulary, titles and funding."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.topics = TopicReader(catalogue)
        self.namer = ProgramNamer(catalogue)
        self.funding = sorted(catalogue.vocabulary.funding, key=len, reverse=True)
        self.places = PlaceReader(catalogue.vocabulary.regions, catalogue.title_vocabulary)

    def read(self, message: str, previous: Profile, last_costs: list[float] | None = None,
             shown: list[Program] | None = None, plan_target: Program | None = None) -> Reading:
        """Observe ``message``, decide what it asks, and merge it into the profile."""
        context = self.context(previous, shown, plan_target)
        return conclude(self.observe(message, context, last_costs), context)

    def context(self, previous: Profile, shown: list[Program] | None = None,
                plan_target: Program | None = None) -> Context:
        return Context(previous, self.catalogue.graph, tuple(shown or ()), plan_target)

    def observe(self, message: str, context: Context, last_costs: list[float] | None = None) -> Observation:
        """What ``message`` says, in the profile's and the catalogue's terms; nothing decided."""
        text = message.strip()[:MAX_MESSAGE_CHARS]
        folded = fold(text)
        previous, shown = context.previous, list(context.shown)
        language = languages.detect(text, previous.writes_in)
        if _RESET.search(folded):
            return Observation(language, folded, cues=frozenset({Cue.RESET}))
        if _INSTRUCTIONS.search(folded):
            return Observation(language, folded, cues=frozenset({Cue.INSTRUCTIONS}))

        spans: list[tuple[int, int]] = []
        constraints = read_constraints(folded)
        spans += constraints.spans
        funding, funding_spans = self._funding(text, folded)
        spans += funding_spans
        short = len(words(folded)) <= 8
        places = self.places.read(blanked(folded, spans), short_request=short,
                                  original=blanked(text, spans) if len(text) == len(folded) else None)
        spans += places.spans
        sets = _constraint_values(constraints, last_costs, [p.duration_weeks for p in shown if p.duration_weeks])
        if funding:
            sets["funding"] = funding
        if places.required:
            sets["region"] = places.required
        if places.home:
            sets["home_region"] = places.home
        if places.near:
            sets["near"] = places.near

        program_context = list(shown)
        if context.plan_target is not None:
            program_context += [context.plan_target,
                                *(c.program for c in self.catalogue.graph.components(context.plan_target.id))]
        cues = {cue for cue, pattern in _CUES if pattern.search(folded)}
        if _GREETING.match(folded):
            cues.add(Cue.GREETING)
        program_question = bool(cues & {Cue.STACK, Cue.REQUIREMENTS, Cue.PROGRESS, Cue.PREREQUISITES}) \
            or bool(_COMPLETION_CUE.search(folded))
        mentions = self.namer.exact(text, topics_too=program_question or Cue.COMPARE in cues)
        ordinal = self.namer.ordinal(folded, shown)
        mentions += [m for m in ordinal if m.program not in [n.program for n in mentions]]
        bare = program_question and len(words(folded)) <= 30  # short questions about programs name them barely
        if program_question or len(words(folded)) <= 30:
            strict = not (program_question or Cue.COMPARE in cues)
            first = self.namer.loose(blanked(folded, constraints.spans), program_context, require_head=True,
                                     exclude=mentions, bare=bare, strict=strict)
            # Credentials named in the message are context for the rest of it ("the fundamentals
            # one" of the certificate just named).
            targets = [m.program for m in first + mentions if self.catalogue.graph.is_stack_target(m.program.id)]
            extra = [c.program for t in targets for c in self.catalogue.graph.components(t.id)]
            loose = self.namer.loose(blanked(folded, constraints.spans), extra + program_context, require_head=True,
                                     exclude=mentions, bare=bare, strict=strict) if extra else first
            mentions += [m for m in loose if m.program not in [n.program for n in mentions]]
        mentions.sort(key=lambda m: m.start)
        named = [m.program for m in mentions]
        named_spans = [m.span() for p in named for m in re.finditer(re.escape(fold(p.title)), folded)]

        asked = [m.span() for m in _PLAN_ASKED.finditer(folded)] if Cue.REQUIREMENTS in cues else []
        hidden = spans + named_spans + constraints.quiet_spans + asked
        masked = blanked(folded, hidden)
        display = blanked(text, hidden) if len(text) == len(folded) else None
        topic_reading = self.topics.read(masked, folded, display) if not ordinal else TopicReading(None, False)
        if topic_reading.topic is not None and not topic_reading.from_aim and (
                previous.goal or (constraints.any() and Cue.BROWSE in cues)):
            # A follow-up's passing words do not replace the goal, nor does the story around a
            # request to browse ("which programs cost more than $8,000? Got a severance payout...").
            topic_reading.topic = None
        if topic_reading.topic is not None and previous.goal and not topic_reading.topic.fields \
                and not topic_reading.topic.matched and not topic_reading.strong_aim:
            topic_reading.topic = None  # a follow-up's passing words ("something quicker?") keep the aim
        if topic_reading.topic is not None and previous.goal and shown and Cue.REFERENCE in cues and not named \
                and not says_a_wish(folded) and len(aim_words(topic_reading.topic.text)) <= 1:
            topic_reading.topic = None  # "can I use a Pell grant for any of those?": a word in passing
        topic = topic_reading.topic
        if topic_reading.background:  # for the advisor's summary: what they do or did
            sets["background"] = " ".join(topic_reading.background.split()[:12])
        if topic is not None and named and (program_question or not topic.fields or not topic_reading.from_aim
                                            or (topic.matched and set(topic.matched) <= _phrases_of(named))):
            topic = None  # the words named programs, or asked about them, or said no aim beside them

        if self._asks_what_it_is(folded, topic, cues, named, constraints):
            topic = None
            cues.add(Cue.CONCEPT)
        done, experience = self._completed(folded, mentions)
        named = [p for p in named if p not in experience]
        if topic_reading.value_question or (Cue.CONCEPT in cues and Cue.QUESTION in cues):
            cues.add(Cue.CONCEPT)
        else:
            cues.discard(Cue.CONCEPT)
        return Observation(
            language, folded, masked, cues=frozenset(cues), sets=sets, named=tuple(named), done=tuple(done),
            refers_to_shown=bool(shown) and Cue.REFERENCE in cues and not named,
            topic=topic, aim=self.aim_of(topic) if topic is not None else None, from_aim=topic_reading.from_aim,
            question=topic_reading.question, says_constraints=constraints.any(), order=_order(constraints, sets),
            brief=len(words(folded)) <= BRIEF_WORDS)

    def _asks_what_it_is(self, folded: str, topic: Topic | None, cues: set[Cue], named: list[Program],
                         constraints: Constraints) -> bool:
        """Whether a question asks what something the knowledge base's documents explain is:
        "what is a digital badge?", "how does stacking work?", "c'est quoi un microprogramme?".
        Its subject (the aim's words, or what a "what is ..." asks about) names no program and
        no skill of the catalogue, and every term of it is in the documents' headings (or, near
        no field of the catalogue, anywhere in their text)."""
        if named or Cue.QUESTION not in cues or Cue.ASKS_FOR_PROGRAMS in cues or says_a_wish(folded) \
                or (topic is not None and topic.matched):
            return False
        if topic is not None:
            subject = topic.text
        else:
            asked = _DEFINITIONAL.search(folded)
            if asked is None or constraints.any():
                return False
            subject = asked.group("subject")
        return self.catalogue.documents_explain(subject, a_field=topic is not None and bool(topic.fields))

    def _completed(self, folded: str, mentions: list) -> tuple[list[Program], list[Program]]:
        """Programs the learner says they have done: named after a completion verb in the same
        sentence ("took the intro one and the sql one"), except the credential they are done
        *for* ("what's left for the certificate"), a question ("am I finished with...?") and
        work experience ("I've done the bookkeeping for my husband's company"), whose loose
        names are returned second: they name a kind of work, not a program."""
        done: list[Program] = []
        experience: list[Program] = []
        for cue in _COMPLETION_CUE.finditer(folded):
            before = folded[max(0, cue.start() - 12):cue.start()]
            if re.search(r"\b(?:am i|have i|did i|do i|is it|can i|if i|once i|when i|after i)\s*$", before):
                continue
            end = min([i for i in (folded.find(c, cue.end()) for c in ".?!;\n") if i >= 0] or [len(folded)])
            sentence = folded[cue.end():end]
            if re.search(r"\bfor (?:my|our|his|her|a|the|their) [\w' ]{0,20}\b(?:company|business|family|employer|"
                         r"boss|husband|wife|shop|store|firm)\b|\bfor (?:\d+|many|a few|several|years)\b"
                         r"|\bat work\b|\bon the job\b", sentence):
                experience += [m.program for m in mentions if cue.start() <= m.end and m.start <= end
                               and fold(m.program.title) not in folded]
                continue
            for mention in mentions:
                if not (cue.start() < mention.end and mention.start <= end) or mention.program in done:
                    continue
                lead = folded[max(0, mention.start - 14):mention.end]
                if self.catalogue.graph.is_stack_target(mention.program.id) and re.search(
                        r"\b(?:for|toward|towards|into|to|pour|of)\s+(?:the|my|a|that|this|le|la)?\b", lead):
                    continue  # the credential they are working towards
                done.append(mention.program)
        return done, experience

    def _funding(self, text: str, folded: str) -> tuple[str | None, list[tuple[int, int]]]:
        """A funding source the learner requires ("something OSAP covers"); one named in
        hearsay ("my cousin said OSAP pays, is that true?") is a question, not a filter."""
        for name in self.funding:  # as words: a source "1" is not in "under 1500"
            found = re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", folded)
            if found:
                return self._required(name, folded, *found.span())
        for name in self.funding:  # acronyms such as OSAP stand for the whole family of names
            for acronym in re.findall(r"\b[A-Z]{3,}[A-Za-z]*\b", name):
                match = re.search(r"\b" + re.escape(acronym) + r"\b", text, flags=re.IGNORECASE)
                if match:
                    return self._required(acronym, folded, *match.span())
        match = _ANY_FUNDING.search(folded)
        if match and re.search(r"\b(?:eligible|qualif\w+|with|has|have|offer\w*|covered|use)\b", folded) \
                and not _HEARSAY.search(folded) and not re.search(r"\b(?:would be|help|huge|nice)\b", folded):
            return ANY_FUNDING, [match.span()]
        return None, []

    @staticmethod
    def _required(name: str, folded: str, start: int, end: int) -> tuple[str | None, list[tuple[int, int]]]:
        clause = folded[max(0, start - 40):end + 40]
        if _HEARSAY.search(clause) or not _FUNDING_REQUIRED.search(clause):
            return None, [(start, end)]
        return name, [(start, end)]

    def topic_of(self, aim: str) -> TopicReading:
        """The topic of an aim said in a few words ("data analysis"), as the catalogue covers it."""
        folded = fold(aim)
        return self.topics.read(folded, folded, aim if len(aim) == len(folded) else None)

    def aim_of(self, topic: Topic) -> dict[str, Any]:
        """``topic`` as the learner's goal (``Profile.GOAL_FIELDS``): its words, fields, meaning and
        catalogue phrases."""
        skills, occupations = self._goal_vocabulary(topic)
        return {"goal": topic.text, "goal_label": topic.label, "fields": list(topic.fields),
                "avoid_fields": list(topic.avoid),
                "goal_vector": [float(x) for x in topic.vector] if topic.vector is not None else None,
                "avoid_vector": [float(x) for x in topic.avoid_vector] if topic.avoid_vector is not None else None,
                "avoid_words": list(topic.avoid_words), "skills": skills, "occupations": occupations}

    def _goal_vocabulary(self, topic: Topic) -> tuple[list[str], list[str]]:
        vocabulary = self.catalogue.vocabulary
        skills = [s for s in topic.matched if s in vocabulary.skills]
        occupations = [o for o in topic.matched if o in vocabulary.occupations]
        return skills[:12], occupations[:12]


def _constraint_values(found: Constraints, last_costs: list[float] | None,
                       shown_weeks: list[float]) -> dict[str, Any]:
    """One message's constraints as the profile fields they set ("cheaper" and "quicker" against
    what was just shown; "free" clears a minimum)."""
    sets: dict[str, Any] = {}
    if found.max_cost is not None:
        sets["max_cost"] = found.max_cost
    if found.min_cost is not None:
        sets["min_cost"] = found.min_cost
    if found.free:
        sets["max_cost"], sets["min_cost"] = 0.0, None
    elif found.cheaper and found.max_cost is None and last_costs:
        sets["max_cost"] = _cheaper_than(last_costs)
    if found.max_weeks is not None:
        sets["max_weeks"] = found.max_weeks
    elif found.below_weeks is not None:
        sets["below_weeks"] = found.below_weeks
    elif found.shorter and shown_weeks:
        sets["max_weeks"] = _cheaper_than(shown_weeks)  # shorter than most of what was shown
    if found.max_hours is not None:
        sets["max_hours"] = found.max_hours
    for name in ("max_total_hours", "min_total_hours"):
        if (value := getattr(found, name)) is not None:
            sets[name] = value
    for name in ("delivery", "pace", "level", "exclude_types", "prefer_types", "language"):
        if value := getattr(found, name):
            sets[name] = list(value) if isinstance(value, list) else value
    if found.beginner:
        sets["beginner"] = True
    if found.language_ok:
        sets["also_accepts"] = ["en", "fr"] if found.language_ok == "both" else [found.language_ok]
    return sets


def _order(found: Constraints, sets: dict[str, Any]) -> str | None:
    """The order asked for: "the cheapest", or a comparative with nothing to compare with ("a
    shorter postgrad first", "something cheaper" before anything was shown): the shortest or
    cheapest of what fits first, since no limit was said."""
    if found.order:
        return found.order
    if found.shorter and "max_weeks" not in sets and "below_weeks" not in sets:
        return "weeks"
    if found.cheaper and "max_cost" not in sets:
        return "cost"
    return None


def _cheaper_than(costs: list[float]) -> float:
    """A budget below the dearest program just shown: their median, or just under the dearest."""
    ordered = sorted(c for c in costs if c > 0) or sorted(costs)
    median = ordered[len(ordered) // 2]
    return median if median < ordered[-1] else max(ordered[-1] - 1, 0.0)


def _phrases_of(programs: list[Program]) -> set[str]:
    return {fold(x).strip() for p in programs for x in (p.title, *p.skills, *p.occupations)}

