"""The layers the folders show: core at the bottom, domain apps on it, portal and api on top.

Every module's imports are read (module-level and inside functions alike) and checked:

- `core` imports no other gongkai app;
- a domain app (every app but `portal` and `api`) never imports `portal` or `api`, and
  imports another domain app only in a direction listed in `DOMAIN_IMPORTS`;
- tests, migrations and the project's own modules (settings, urls, conftest) may import
  anything.

A new import between domain apps is a design decision: add its direction here, on purpose,
or reach the other app through a signal or a registry in core (`core.panels`, the search
index's sources) instead.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
TOP = {"portal", "api"}

# Which domain app may import which: (importer, imported).
DOMAIN_IMPORTS = {
    # The assessment measures every other app's records.
    ("assessment", "catalog"),
    ("assessment", "evaluation"),
    ("assessment", "info_requests"),
    ("assessment", "obligations"),
    ("assessment", "publishing"),
    ("assessment", "reports"),
    ("assessment", "villages"),
    ("bulletins", "catalog"),
    ("bulletins", "publishing"),
    ("evaluation", "info_requests"),
    ("evaluation", "publishing"),
    ("guides", "publishing"),
    # A reply's files are checked and screened as publications' attachments are; information
    # asked for by many becomes a draft item of the unit's catalog (Art. 44).
    # Open meetings: the decisions are a publication under one of the unit's catalog items.
    ("meetings", "catalog"),
    ("meetings", "publishing"),
    ("info_requests", "catalog"),
    ("info_requests", "publishing"),
    ("obligations", "catalog"),
    ("obligations", "info_requests"),
    ("obligations", "publishing"),
    ("publishing", "catalog"),
    ("publishing", "search"),
    ("reports", "catalog"),
    ("reports", "evaluation"),
    ("reports", "info_requests"),
    ("reports", "publishing"),
    ("villages", "catalog"),
    # An overdue village statement is told to the township on the staff's to-do page.
    ("villages", "obligations"),
    ("villages", "publishing"),
}


def apps() -> list[str]:
    return sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


def modules(app: str) -> list[Path]:
    found = []
    for path in sorted((PACKAGE / app).rglob("*.py")):
        parts = path.relative_to(PACKAGE / app).parts
        if parts[0] in ("tests", "migrations") or path.name == "conftest.py":
            continue
        found.append(path)
    return found


def imported_apps(path: Path, app: str) -> set[str]:
    """The gongkai apps a module imports, at any depth of the module (functions too)."""
    package = ["gongkai", app, *path.relative_to(PACKAGE / app).parts[:-1]]
    return apps_in(path.read_text("utf-8"), package)


def apps_in(source: str, package: list[str]) -> set[str]:
    """The gongkai apps `source` imports, for a module in `package` (["gongkai", app, …])."""
    app = package[1]
    tree = ast.parse(source)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            if module == "gongkai":
                names.update(f"gongkai.{alias.name}" for alias in node.names)
    found = set()
    for name in names:
        parts = name.split(".")
        if parts[0] != "gongkai" or len(parts) < 2:
            continue
        if (PACKAGE / parts[1] / "apps.py").exists() or parts[1] in TOP:
            found.add(parts[1])
    return found - {app}


@cache  # the source tree does not change during a run; four tests read it
def edges() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for app in apps():
        for path in modules(app):
            for other in imported_apps(path, app):
                found.setdefault((app, other), []).append(str(path.relative_to(PACKAGE)))
    return found


def test_core_imports_no_other_app():
    upward = {edge: where for edge, where in edges().items() if edge[0] == "core"}
    assert upward == {}


def test_domain_apps_never_import_the_portal_or_the_api():
    upward = {
        edge: where
        for edge, where in edges().items()
        if edge[0] not in TOP | {"core"} and edge[1] in TOP
    }
    assert upward == {}


def test_domain_apps_import_each_other_only_in_the_listed_directions():
    between = {
        edge: where
        for edge, where in edges().items()
        if edge[0] not in TOP | {"core"} and edge[1] not in TOP | {"core"}
    }
    unlisted = {edge: where for edge, where in between.items() if edge not in DOMAIN_IMPORTS}
    assert unlisted == {}, "a new import between domain apps: list it or use a hook"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from gongkai.portal import column\n", {"portal"}),
        ("def f():\n    from gongkai.api.main import api\n", {"api"}),
        ("import gongkai.search.index\n", {"search"}),
        ("from gongkai import reports\n", {"reports"}),
        ("from ..publishing import access\n", {"publishing"}),
        ("from . import access\n", set()),
    ],
)
def test_every_kind_of_import_is_seen(source, expected):
    assert apps_in(source, ["gongkai", "catalog"]) == expected


def test_every_listed_direction_is_still_used():
    assert {edge for edge in DOMAIN_IMPORTS if edge not in edges()} == set()
