"""Redaction under hostile input and by kind of detail: time and recall.

    python -m benchmarks.redaction [--chars 50000]

Prints how long the patterns take on each adversarial input (the whole input, without the
length cap ``redact`` applies, so a pattern that is slow shows), then the share of each kind of
detail taken out of a set of phrasings written as learners write them, and the sentences that
must come back unchanged. Ends in one SUMMARY line. The phrasing set is also the test's.
"""
from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

# Each shape repeated to the benchmark's length: the worst case of one or more patterns.
ADVERSARIAL_SHAPES = [
    "a-", "a.", "a@", "1 ", "1-", "a ", "A ", "x.com/", "@a", "rue ", "12 ", "my name is ",
    "1.2-3/", "1 (2) 3-", "1.", "a", "1", "a1", "A1A ", "a at b dot ", "jo (at) ", "123 rue ", "12 Main ",
    "born ", "dob 1 ", "née le 3 mars ", "AB 1", "fr76 1234 ", "TREM 8503 ", "+1 ", "linkedin.com/in/a-",
    "Ab Cd ", "call me ", "je m'appelle ", "a.b@c", "'a ", "a' ", "- ", "1 a ", "1 A B ", "ab12 ", "AB12",
    "name:", "I'm Ab ", "thanks Ab ", "dob 1/", "12 rue de ", "1 Main St ", "1 2 3 4 5 6 7 8 9 0 a ", "a_", "1,",
    "passport A", "1234-", "Ab-", "12 Ab. ",
]

# Each kind of detail, as (sentence, the detail in it). Half of each kind in French, worded as a
# learner would write it, in any case and with any separators.
PHRASINGS: dict[str, list[tuple[str, str]]] = {
    "name": [
        ("hi my name is jane doe, looking for a nursing program", "jane doe"),
        ("Name: kevin o'brien", "kevin o'brien"),
        ("i'm called Aiko Tanaka and I want to code", "Aiko Tanaka"),
        ("you can call me raj patel if that helps", "raj patel"),
        ("My name's Sofia Rossi, I work in retail", "Sofia Rossi"),
        ("I'm Dmitri Volkov, 34, looking to switch careers", "Dmitri Volkov"),
        ("bonjour je m'appelle marie tremblay et je cherche une formation", "marie tremblay"),
        ("mon nom est Jean-François Gagnon", "Jean-François Gagnon"),
        ("moi c'est amélie roy, j'aimerais devenir infirmière", "amélie roy"),
        ("Nom : lucie bergeron", "lucie bergeron"),
        ("allo, je m’appelle Karim Benali, je suis soudeur", "Karim Benali"),
        ("MON NOM EST PIERRE LAVOIE", "PIERRE LAVOIE"),
    ],
    "date of birth": [
        ("Date of birth is 03/03/1985", "03/03/1985"),
        ("DOB 1985-03-03, if you need it", "1985-03-03"),
        ("I was born March 3rd, 1985 in Halifax", "March 3rd, 1985"),
        ("my birthday is 3 March 1985", "3 March 1985"),
        ("born on the 14th of July 1990, is that too old?", "14th of July 1990"),
        ("d.o.b.: 7-11-92", "7-11-92"),
        ("ma date de naissance est le 3 mars 1985", "3 mars 1985"),
        ("née le 3 mars 85", "3 mars 85"),
        ("je suis né le 22/06/1979 à Laval", "22/06/1979"),
        ("date de naissance: 1er avril 1990", "1er avril 1990"),
        ("je suis née le 12 janvier 2001, j'ai le droit?", "12 janvier 2001"),
        ("Naissance : 1979.06.22", "1979.06.22"),
    ],
    "health card": [
        ("my health card is TREM 8503 0312", "TREM 8503 0312"),
        ("RAMQ: GAGJ85030312", "GAGJ85030312"),
        ("health card number trem-8503-0312", "trem-8503-0312"),
        ("OHIP 1234-567-890-AB for the subsidy", "1234-567-890-AB"),
        ("ma carte soleil: ROYA 9012 2514", "ROYA 9012 2514"),
        ("numéro d'assurance maladie TREM.8503.0312", "TREM.8503.0312"),
        ("carte RAMQ bouc 7705 1599, ça marche?", "bouc 7705 1599"),
        ("NAM : LAVM 6512 3108", "LAVM 6512 3108"),
    ],
    "passport": [
        ("passport AB 123456", "AB 123456"),
        ("my passport number is gk482913", "gk482913"),
        ("Passport no. HN-703214, expires soon", "HN-703214"),
        ("I have passport ZX 550 912 from Canada", "ZX 550 912"),
        ("numéro de passeport GK 482913", "GK 482913"),
        ("passeport n° hn703214", "hn703214"),
        ("mon passeport c'est le ZX 550912", "ZX 550912"),
        ("passeport français 18AV12345", "18AV12345"),
    ],
    "SIN": [
        ("SIN 123 456 789", "123 456 789"),
        ("my social insurance number is 046-454-286", "046-454-286"),
        ("sin: 046.454.286", "046.454.286"),
        ("S.I.N. 046454286 if needed", "046454286"),
        ("NAS : 123 456 789", "123 456 789"),
        ("mon numéro d'assurance sociale est le 046-454-286", "046-454-286"),
        ("nas 046 454 286 svp", "046 454 286"),
        ("N.A.S. 046.454.286", "046.454.286"),
    ],
    "IBAN": [
        ("IBAN fr76 3000 6000 0112 3456 7890 189", "fr76 3000 6000 0112 3456 7890 189"),
        ("my iban is DE89370400440532013000", "DE89370400440532013000"),
        ("pay to GB29 NWBK 6016 1331 9268 19 please", "GB29 NWBK 6016 1331 9268 19"),
        ("iban: gb29nwbk60161331926819", "gb29nwbk60161331926819"),
        ("mon IBAN: FR76 3000 6000 0112 3456 7890 189", "FR76 3000 6000 0112 3456 7890 189"),
        ("iban be71 0961 2345 6769", "be71 0961 2345 6769"),
        ("IBAN : CH93-0076-2011-6238-5295-7", "CH93-0076-2011-6238-5295-7"),
        ("voici mon rib Fr7630006000011234567890189", "Fr7630006000011234567890189"),
    ],
    "address": [
        ("I live at 42 Maple Grove", "42 Maple Grove"),
        ("12 Wellington Street West, Ottawa", "12 Wellington Street West"),
        ("55 Rideau Terrace apt 4 is my place", "55 Rideau Terrace apt 4"),
        ("88 Queen's Quay, Toronto", "88 Queen's Quay"),
        ("send it to 10 Downing St", "10 Downing St"),
        ("my address is 1560 pine ridge road", "1560 pine ridge road"),
        ("1200 boul. René-Lévesque Ouest", "1200 boul. René-Lévesque Ouest"),
        ("j'habite au 7 chemin du Lac", "7 chemin du Lac"),
        ("3450 rue Saint-Urbain, Montréal", "3450 rue Saint-Urbain"),
        ("mon adresse: 221 avenue des Pins", "221 avenue des Pins"),
        ("je reste au 640 côte Sainte-Catherine", "640 côte Sainte-Catherine"),
        ("25 impasse des Lilas, app. 3", "25 impasse des Lilas, app. 3"),
    ],
    "email": [
        ("reach me at jo.smith+jobs@example.co.uk", "jo.smith+jobs@example.co.uk"),
        ("email: sam at example dot org", "sam at example dot org"),
        ("my email is jo (at) example (dot) com", "jo (at) example (dot) com"),
        ("Write to PRIYA_K@MAIL.EXAMPLE.CA", "PRIYA_K@MAIL.EXAMPLE.CA"),
        ("mon courriel: marie[at]gmail[dot]ca", "marie[at]gmail[dot]ca"),
        ("écrivez-moi à luc.gagnon@videotron.qc.ca", "luc.gagnon@videotron.qc.ca"),
        ("courriel : julie arobase exemple point com", "julie arobase exemple point com"),
        ("mon adresse c'est karim.b{at}hotmail{point}fr", "karim.b{at}hotmail{point}fr"),
    ],
    "phone": [
        ("call me at 416-555-1234", "416-555-1234"),
        ("my cell is (902) 555-0142", "(902) 555-0142"),
        ("phone: +44 20 7946 0958", "+44 20 7946 0958"),
        ("work number 416 555 1234 ext. 22", "416 555 1234 ext. 22"),
        ("mon cell: 514.555.0199", "514.555.0199"),
        ("appelez-moi au 1 (819) 555-0111", "1 (819) 555-0111"),
        ("tél. : +33 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("mon numéro 438 555 0123 poste 4", "438 555 0123 poste 4"),
    ],
}

# Sentences that must come back unchanged: what the assistant needs to read.
NEGATIVES = [
    "I have a budget of $1,250 for the whole program",
    "mon budget est de 1 500 $ maximum",
    "around 2k is fine",
    "I want to start in 2027",
    "je veux commencer en janvier 2027",
    "something that takes 12 weeks or less",
    "une formation de 6 mois, 10 heures par semaine",
    "I'm interested in HV-DAT101 and FV-CERT-CLOUD",
    "Python 3.11, Excel 365 and Power BI",
    "I live in Toronto and work nights",
    "j'habite à Montréal depuis 2019",
    "I was born in 1985 and want a career change",
    "je suis né en 1985",
    "I worked 5 years on the road as a trucker",
    "je veux suivre 2 cours de comptabilité",
    "my name is not important, I just want welding",
    "call me back about the data analytics course",
    "I'm looking for a nursing course in Ottawa",
    "moi c'est plutôt la comptabilité qui m'intéresse",
    "between 1000 and 2000 dollars, 3-6 months",
    "Is the Cloud Computing Fundamentals course online?",
    "from 2024-09-01 to 2025-06-30 I was in school",
]


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in re.findall(r"[^\W_]{2,}", text)]


def leaked(sentence: str, detail: str, redacted: str) -> list[str]:
    """The words of ``detail`` still in ``redacted`` (more often than the rest of the sentence has them)."""
    rest, left = _tokens(sentence.replace(detail, " ")), _tokens(re.sub(r"\[[a-z ]+\]", " ", redacted))
    return sorted({t for t in _tokens(detail) if left.count(t) > rest.count(t)})


def recall_by_kind(redact: Callable[[str], str]) -> dict[str, float]:
    """The share of each kind's phrasings from which no word of the detail is left."""
    return {kind: sum(not leaked(s, d, redact(s)) for s, d in cases) / len(cases) for kind, cases in PHRASINGS.items()}


def adversarial(shape: str, chars: int) -> str:
    return (shape * (chars // len(shape) + 1))[:chars]


def main() -> None:
    from guidance import redaction

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=50_000)
    args = parser.parse_args()
    worst, worst_shape = 0.0, ""
    for shape in ADVERSARIAL_SHAPES:
        text = adversarial(shape, args.chars)
        started = time.perf_counter()
        redaction._scrub(text)  # the patterns without the length cap
        elapsed = time.perf_counter() - started
        print(f"{shape!r:>22} x {args.chars}: {elapsed:.3f} s", flush=True)
        if elapsed > worst:
            worst, worst_shape = elapsed, shape
    started = time.perf_counter()
    redaction.redact(adversarial(worst_shape, args.chars))
    capped = time.perf_counter() - started
    recall = recall_by_kind(redaction.redact)
    for kind, share in recall.items():
        print(f"recall {kind:>14}: {share:.2f}")
        for sentence, detail in PHRASINGS[kind]:
            if left := leaked(sentence, detail, redaction.redact(sentence)):
                print(f"    missed {left} in {redaction.redact(sentence)!r}")
    changed = [s for s in NEGATIVES if redaction.redact(s) != s]
    for sentence in changed:
        print(f"    changed {sentence!r} -> {redaction.redact(sentence)!r}")
    print(f"SUMMARY redaction worst={worst:.3f}s ({worst_shape!r} x {args.chars}, uncapped) capped={capped:.4f}s "
          f"recall_min={min(recall.values()):.2f} recall_mean={sum(recall.values()) / len(recall):.2f} "
          f"negatives_changed={len(changed)}/{len(NEGATIVES)}")


if __name__ == "__main__":
    main()
