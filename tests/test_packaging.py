"""The package's extras list the same pins as the requirements files pip installs from."""
import tomllib

from tests.conftest import ROOT


def pins(name: str) -> set[str]:
    """The pins of one requirements file and of those it includes (``-r``), less requirements.txt's."""
    found: set[str] = set()
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            included = line.removeprefix("-r ").strip()
            found |= set() if included == "requirements.txt" else pins(included)
        elif line:
            found.add(line)
    return found


def test_the_extras_are_the_requirements_files():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert set(extras["llm"]) == pins("requirements-llm.txt")
    assert set(extras["bench"]) == pins("requirements-bench.txt")
    assert set(extras["dev"]) == pins("requirements-dev.txt")
