"""What the docs show of the code is the code: the constraint entry in docs/architecture.md, and
every module the module graph names exists."""
import re

from tests.conftest import ROOT


def _squashed(text: str) -> str:
    return " ".join(text.split())


def test_the_minimum_cost_entry_shown_is_the_one_in_the_table():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    shown = re.search(r"The minimum cost is this entry:\n\n```python\n(.*?)```", page, re.S)
    assert shown, "docs/architecture.md no longer shows the minimum-cost entry"
    source = (ROOT / "guidance" / "constraints.py").read_text(encoding="utf-8")
    assert _squashed(shown.group(1)) in _squashed(source)


def test_every_module_of_the_graph_exists():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    graph = re.search(r"## The module graph.*?```\n(.*?)```", page, re.S).group(1)
    package, checked = None, 0
    for line in graph.splitlines():
        top = re.match(r"^(\w+)/\s", line)
        if top:
            package = top.group(1)
            continue
        names = re.match(r"^  (\w+/?(?:, \w+/?)*)(?:\s{2,}|$)", line)
        if package in ("guidance", "knowledge_base", "ingest", "stackwise") and names:
            for name in (n.rstrip("/") for n in names.group(1).split(", ")):
                assert (ROOT / package / f"{name}.py").exists() or (ROOT / package / name).is_dir(), \
                    f"{package}/{name}"
                checked += 1
    assert checked > 40
