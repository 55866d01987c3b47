"""Learner-facing text in the learner's language.

Messages are written in English in the code, as gettext message ids, and translated in one
gettext catalogue per language (``guidance/locales/LANG/LC_MESSAGES/stackwise.po``), read with
Babel; numbers, money, durations and dates are formatted per locale by Babel too. English is
the source language: the messages themselves, listed in the template ``locales/stackwise.pot``.

In the code, ``t = text(language)`` and then ``t("Why")``, ``t("{n} credits", n=...)`` or
``t.plural("{n} week", "{n} weeks", n)``: the placeholders are ``str.format`` fields, filled
after translation, so a translation may put them in any order. ``python -m guidance.i18n``
extracts the messages from the code and updates the catalogues (new messages come in
untranslated, and ``tests/guidance/test_i18n.py`` fails until they are translated).
"""
from __future__ import annotations

import gettext
import io
from datetime import date
from functools import lru_cache
from pathlib import Path

import pycountry
from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from babel.support import NullTranslations, Translations

from knowledge_base.languages import ANSWERED

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "stackwise"
LANGUAGES = ANSWERED  # English first: the language of the messages in the code
_LOCALES = {"en": "en_CA", "fr": "fr_CA"}
# How the code marks a message for extraction: t("..."), t.plural("...", "...", n), and N_("...")
# for a message kept in a table and translated where it is shown.
KEYWORDS = {"t": None, "plural": (1, 2), "N_": None}


def N_(message: str) -> str:
    """Marks ``message`` for translation without translating it (it is translated when shown)."""
    return message


# The catalogue's vocabulary (delivery, pace, credential type, level) and a plan step's status.
VALUE_LABELS = {
    "online": N_("online"), "in-person": N_("in-person"), "hybrid": N_("hybrid"),
    "self-paced": N_("self-paced"), "cohort": N_("cohort"), "part-time": N_("part-time"), "full-time": N_("full-time"),
    "micro-credential": N_("micro-credential"), "digital-badge": N_("digital badge"),
    "short-course": N_("short course"),
    "bootcamp": N_("bootcamp"), "certificate": N_("certificate"), "diploma": N_("diploma"), "degree": N_("degree"),
    "licence": N_("licence"), "introductory": N_("introductory"), "intermediate": N_("intermediate"),
    "advanced": N_("advanced"), "done": N_("done"), "needed": N_("needed"), "option": N_("option"),
}


def catalogue_path(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def _translations(language: str) -> NullTranslations:
    path = catalogue_path(language)
    if not path.exists():
        return NullTranslations()
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=_LOCALES.get(language, language))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


class Text:
    """Messages and formats of one language."""

    def __init__(self, language: str):
        self.language = language if language in LANGUAGES else "en"
        self.locale = Locale.parse(_LOCALES[self.language])
        self._translations = _translations(self.language)

    def __call__(self, message: str, **values: object) -> str:
        translated = self._translations.gettext(message)
        return translated.format(**values) if values else translated

    def plural(self, singular: str, plural: str, n: float, **values: object) -> str:
        """The form of the message for ``n`` (``{n}`` in it is ``n`` written per locale)."""
        # CLDR's rule for the number as written (French "1,5 semaine", English "1.5 weeks");
        # English and French have two forms, so gettext's count only has to pick one of them.
        count = 1 if self.locale.plural_form(n) == "one" else 2
        translated = self._translations.ngettext(singular, plural, count)
        return translated.format(n=self.number(n), **values)

    def label(self, value: str | None) -> str:
        """A vocabulary value ("in-person", "digital-badge") in this language."""
        if not value:
            return ""
        return self(VALUE_LABELS[value]) if value in VALUE_LABELS else value

    def place(self, region: str | None) -> str:
        """A region as the catalogue writes it, in this language where it is a state, province or
        territory (ISO 3166-2, pycountry's translations): "Quebec" is "Québec" in French, "Nova
        Scotia" "Nouvelle-Écosse"; a county or a city stays as written."""
        if not region or self.language == "en":
            return region or ""
        return _place_names(self.language).get(region, region)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale, decimal_quantization=False)

    def money(self, amount: float | None, currency: str | None) -> str:
        """``$1,845 CAD`` in English, ``1 845 $`` in French; cents only when there are any. An
        amount whose record gives no currency is shown as a number, never in an assumed one."""
        t = self  # the name the message extractor looks for
        if amount is None:
            return t("cost not listed")
        if amount == 0:
            return t("free")
        cents = not float(amount).is_integer()
        if currency is None:
            number = format_decimal(amount, format="#,##0.00" if cents else "#,##0", locale=self.locale)
            return t("{amount} (currency not given)", amount=number)
        # "$1,845 CAD": a bare "$" needs its code; "US$", "€" and "£" say it already.
        bare = get_currency_symbol(currency, locale=self.locale) == "$"
        pattern = ("¤#,##0.## ¤¤" if bare else "¤#,##0.##") if self.language == "en" else "#,##0.## ¤"
        if cents:
            pattern = pattern.replace("0.##", "0.00")
        return format_currency(amount, currency, format=pattern, locale=self.locale, currency_digits=False)

    def amount(self, value: float) -> str:
        """A budget as the learner says it: ``$1,000`` in English, ``1 000 $`` in French (no code)."""
        pattern = "¤#,##0.##" if self.language == "en" else "#,##0.## ¤"
        if not float(value).is_integer():
            pattern = pattern.replace("0.##", "0.00")
        return format_currency(value, "CAD", format=pattern, locale=self.locale, currency_digits=False)

    def weeks(self, n: float) -> str:
        return self.plural("{n} week", "{n} weeks", n)

    def hours_per_week(self, n: float) -> str:
        t = self
        return t("{n} h/week", n=self.number(n))

    def date(self, value: date) -> str:
        return format_date(value, format="medium", locale=self.locale)

    def join(self, items: list[str]) -> str:
        """``a, b and c`` / ``a, b et c``."""
        if len(items) <= 1:
            return "".join(items)
        t = self
        return t("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])

    def either(self, items: list[str]) -> str:
        """``a or b`` / ``a ou b``."""
        if len(items) <= 1:
            return "".join(items)
        t = self
        return t("{items} or {last}", items=", ".join(items[:-1]), last=items[-1])


# The kinds of subdivision whose names are translated: a county or a unitary authority that shares
# a name with a place elsewhere ("Cornwall") is left as the catalogue writes it.
_REGION_TYPES = {"Province", "State", "Territory"}


@lru_cache(maxsize=len(LANGUAGES))
def _place_names(language: str) -> dict[str, str]:
    """States, provinces and territories by their English name (and code), in ``language``."""
    names = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True)
    return {sub.name: names.gettext(sub.name) for sub in pycountry.subdivisions if sub.type in _REGION_TYPES}


@lru_cache(maxsize=len(LANGUAGES) + 1)
def text(language: str | None) -> Text:
    """The messages of ``language`` (English for a language learners are not answered in)."""
    return Text(language or "en")


def update_catalogues(root: Path | None = None) -> dict[str, int]:
    """Extract the messages from the packages and the app into the template
    (``locales/stackwise.pot``) and merge them into each translation: returns, per language,
    how many messages still need a translation."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    root = root or Path(__file__).resolve().parent.parent
    template = extract(root)
    with open(LOCALES_DIR / f"{DOMAIN}.pot", "wb") as handle:
        write_po(handle, template, width=100, include_lineno=False)
    missing = {}
    for language in LANGUAGES[1:]:
        path = catalogue_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with open(path, "rb") as handle:
                catalog = read_po(handle, locale=_LOCALES[language])
        else:
            catalog = Catalog(locale=_LOCALES[language], domain=DOMAIN, project="Stackwise", version="1",
                              copyright_holder="Stackwise", msgid_bugs_address="")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False  # the header: a fuzzy header is left out of the compiled catalogue
        with open(path, "wb") as handle:
            write_po(handle, catalog, width=100, include_lineno=False)
        missing[language] = sum(1 for m in catalog if m.id and not _translated(m))
    _translations.cache_clear()
    text.cache_clear()
    return missing


def extract(root: Path):
    """The messages the code marks, as a Babel catalogue (the packages and the two apps, not
    the virtual environment)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    template = Catalog(domain=DOMAIN, project="Stackwise", version="1", copyright_holder="Stackwise",
                       msgid_bugs_address="", fuzzy=False)
    paths = [*sorted((root / "guidance").rglob("*.py")), *sorted((root / "knowledge_base").rglob("*.py")),
             root / "app.py", root / "staff.py"]
    for path in paths:
        if not path.exists():
            continue
        for line, message, comments, context in extract_from_file("python", path, keywords=KEYWORDS):
            template.add(message, locations=[(str(path.relative_to(root)), line)], auto_comments=comments,
                         context=context)
    return template


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


if __name__ == "__main__":
    for language, count in update_catalogues().items():
        print(f"{catalogue_path(language)}: {count} message(s) to translate")
