"""Career centre profiles: branding, welcome, starters, catalogue scope, advisor hand-off, privacy.

One TOML file per centre in the centres folder; the file name (or ``id``) is what
``?centre=ID`` selects. Profiles are validated one by one when loaded: a malformed one is
reported with its file and key and left out, and every other centre keeps working. A logo is
a small image file inside the centres folder or an https:// address, never any other file. A
``[staff] password_hash`` gives the centre's staff their own sign-in to its insights alone.
"""
from __future__ import annotations

import logging
import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from stackwise.errors import StackwiseError

from .constraints import ProgramFilter
from .i18n import N_, text
from .signin import hash_problem

DEFAULT_CENTRE = "default"
log = logging.getLogger("stackwise.centres")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class CentreError(StackwiseError):
    """A centre profile that cannot be used."""


class MalformedCentre(CentreError):
    def __init__(self, file: str, key: str, reason: str):
        self.file, self.key, self.reason = file, key, reason
        super().__init__(f"{file}: {key}: {reason}")


class UnknownCentre(CentreError):
    """An address that names no centre. The message repeats nothing of the address (it is shown
    to whoever follows the link) and lists no other centre."""

    def __init__(self, centre_id: str):
        self.centre_id = centre_id
        super().__init__("There is no career centre at this address. Check the link you followed.")


class UnavailableCentre(CentreError):
    """A centre whose profile could not be loaded; the details are for staff, not visitors."""

    def __init__(self, problem: MalformedCentre):
        self.problem = problem
        super().__init__("This career centre's page is not available right now. Please try again later.")


MAX_PROFILE_BYTES = 64 * 1024
MAX_LOGO_BYTES = 512 * 1024
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CentreTheme(_Strict):
    """Colours as Streamlit theme options (``--theme.primaryColor`` and so on)."""

    primary_color: str = "#1f5f8b"
    background_color: str = "#ffffff"
    secondary_background_color: str = "#f2f5f8"
    text_color: str = "#1d2329"
    font: Literal["sans serif", "serif", "monospace"] = "sans serif"

    @field_validator("primary_color", "background_color", "secondary_background_color", "text_color")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        if not _COLOUR.match(value):
            raise ValueError("must be a hex colour such as #1f5f8b")
        return value

    def streamlit_flags(self) -> list[str]:
        return [f"--theme.primaryColor={self.primary_color}", f"--theme.backgroundColor={self.background_color}",
                f"--theme.secondaryBackgroundColor={self.secondary_background_color}",
                f"--theme.textColor={self.text_color}", f"--theme.font={self.font}"]


class CentreScope(_Strict):
    """The part of the catalogue a centre recommends from (empty lists: no limit)."""

    providers: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)

    @field_validator("languages")
    @classmethod
    def _iso_codes(cls, value: list[str]) -> list[str]:
        for code in value:
            if not re.fullmatch(r"[a-z]{2}", code):
                raise ValueError(f"{code!r} is not a two-letter ISO 639-1 code")
        return value

    def narrow(self, flt: ProgramFilter) -> ProgramFilter:
        return flt.replace(providers=self.providers, scope_regions=self.regions, scope_languages=self.languages)

    def describe(self, language: str = "en") -> str:
        """The scope in words, in ``language``: "programs from A, B; in Ontario; taught in English"."""
        t = text(language)
        names = {"en": t("English"), "fr": t("French")}
        parts = []
        if self.providers:
            parts.append(t("programs from {providers}", providers=", ".join(self.providers)))
        if self.regions:
            parts.append(t("in {regions}", regions=", ".join(self.regions)))
        if self.languages:
            parts.append(t("taught in {languages}", languages=t.join([names.get(x, x) for x in self.languages])))
        return "; ".join(parts)


class CentreAdvisor(_Strict):
    url: str
    label: str = "Talk to an advisor"

    @field_validator("url")
    @classmethod
    def _address(cls, value: str) -> str:
        if not re.match(r"^(https?://|mailto:)\S+$", value):
            raise ValueError("must start with https://, http:// or mailto:")
        return value


class CentreStaff(_Strict):
    """The centre's own staff account: signing in with it shows this centre's insights alone."""

    password_hash: str  # made by `python -m guidance.signin hash`; never the password itself

    @field_validator("password_hash")
    @classmethod
    def _a_hash(cls, value: str) -> str:
        problem = hash_problem(value)
        if problem:
            raise ValueError(problem)
        return value


class CentreProfile(_Strict):
    id: str
    name: str = Field(min_length=1)
    logo: str | None = None  # a path relative to the centres folder, or a web address
    # The defaults are messages of the catalogue (N_), so a French page shows them in French; a
    # centre's own text is shown as the centre wrote it.
    welcome: str = N_("Tell me the work you are aiming for and what fits your life, and I will suggest programs "
                      "and show how they stack into larger credentials.")
    starters: list[str] = Field(default_factory=list, max_length=6)
    privacy: str = N_("Your questions, the topic understood and any feedback you give are kept to improve this "
                      "service, with emails, phone numbers, addresses, postal codes, identity and card numbers, "
                      "dates of birth and the names you give taken out first. Nothing else about you is stored.")
    theme: CentreTheme = Field(default_factory=CentreTheme)
    scope: CentreScope = Field(default_factory=CentreScope)
    advisor: CentreAdvisor | None = None
    staff: CentreStaff | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("use lower-case letters, digits, '-' and '_'")
        return value


def load_profile(path: Path) -> CentreProfile:
    try:
        if path.stat().st_size > MAX_PROFILE_BYTES:
            raise MalformedCentre(str(path), "file", f"is larger than {MAX_PROFILE_BYTES // 1024} KB")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MalformedCentre(str(path), "file", f"is not valid TOML ({exc})") from None
    except RecursionError:
        raise MalformedCentre(str(path), "file", "is nested too deeply") from None
    except UnicodeDecodeError:
        raise MalformedCentre(str(path), "file", "is not UTF-8 text") from None
    except OSError as exc:
        raise MalformedCentre(str(path), "file", f"cannot be read ({exc.strerror})") from None
    data.setdefault("id", path.stem)
    try:
        profile = CentreProfile.model_validate(data)
    except RecursionError:
        raise MalformedCentre(str(path), "file", "is nested too deeply") from None
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"]) or "file"
        reason = "is not a profile setting" if error["type"] == "extra_forbidden" else \
            error["msg"].removeprefix("Value error, ")
        raise MalformedCentre(str(path), key, reason) from None
    if profile.logo:
        _check_logo(path, profile.logo)
    return profile


def _check_logo(path: Path, logo: str) -> None:
    """A logo is an https:// address, or an image file inside the centres folder: no other
    file of the server can be sent to visitors through it."""
    if re.match(r"^https://[^\s\"'<>]+$", logo):
        return
    if re.match(r"^[a-z][a-z0-9+.-]*:", logo, re.I):
        raise MalformedCentre(str(path), "logo", "must be an https:// address or a file in the centres folder")
    folder = path.parent.resolve()
    target = (path.parent / logo).resolve()
    if not target.is_relative_to(folder):
        raise MalformedCentre(str(path), "logo", f"file {logo!r} is outside the centres folder")
    if target.suffix.lower() not in LOGO_TYPES:
        raise MalformedCentre(str(path), "logo", f"must be an image ({', '.join(LOGO_TYPES)})")
    if not target.is_file():
        raise MalformedCentre(str(path), "logo", f"file {logo!r} does not exist next to the profile")
    if target.stat().st_size > MAX_LOGO_BYTES:
        raise MalformedCentre(str(path), "logo", f"is larger than {MAX_LOGO_BYTES // 1024} KB")


class Centres:
    """Every centre profile of a folder. A profile that cannot be used is left out and kept
    in ``problems``, so one broken file never takes the other centres down."""

    def __init__(self, folder: Path, profiles: dict[str, CentreProfile],
                 problems: dict[str, MalformedCentre] | None = None):
        self.folder = folder
        self.profiles = profiles
        self.problems = problems or {}  # centre id (the file name) -> what is wrong with its profile

    @classmethod
    def load(cls, folder: Path) -> Centres:
        profiles: dict[str, CentreProfile] = {}
        problems: dict[str, MalformedCentre] = {}
        for path in sorted(Path(folder).glob("*.toml")):
            try:
                profile = load_profile(path)
                if profile.id in profiles:
                    raise MalformedCentre(str(path), "id", f"'{profile.id}' is already used by another profile")
            except MalformedCentre as problem:
                log.warning("centre profile left out: %s", problem)
                problems[path.stem.lower()] = problem
                continue
            profiles[profile.id] = profile
        if DEFAULT_CENTRE not in profiles:
            profiles[DEFAULT_CENTRE] = CentreProfile(id=DEFAULT_CENTRE, name="Stackwise")
        return cls(Path(folder), profiles, problems)

    def get(self, centre_id: str | None) -> CentreProfile:
        """The profile for ``?centre=ID`` (the default one when absent)."""
        if not centre_id:
            return self.profiles[DEFAULT_CENTRE]
        key = centre_id.strip().lower()
        profile = self.profiles.get(key)
        if profile is None:
            if key in self.problems:
                raise UnavailableCentre(self.problems[key])
            raise UnknownCentre(centre_id)
        return profile

    def logo_path(self, profile: CentreProfile) -> str | None:
        if profile.logo is None or profile.logo.startswith("https://"):
            return profile.logo
        return str(self.folder / profile.logo)
