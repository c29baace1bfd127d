"""`make lint` audits the pinned dependencies for known vulnerabilities."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_make_lint_audits_every_pinned_dependency():
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "tools/audit_dependencies.py" in lint
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "pip-audit" in " ".join(project["optional-dependencies"]["dev"])
