#!/usr/bin/env python3
"""Translations: every app keeps its own locale/ folder, and so does the project (gongkai/).

    python tools/i18n.py update [APP]   collect new strings into each .po (or APP's), compile .mo
    python tools/i18n.py check [APP]    fail unless every string in the code is in a .po, every
                                  entry has a Chinese translation (none fuzzy), and every
                                  committed .mo is what its .po compiles to

Needs GNU gettext (msgfmt, xgettext): `apt-get install gettext`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gongkai"
LANGUAGE = "zh_Hans"
PO = Path("locale") / LANGUAGE / "LC_MESSAGES" / "django.po"


def apps() -> list[Path]:
    return sorted(path.parent for path in PACKAGE.glob("*/apps.py"))


def domains(only: str | None = None) -> list[tuple[Path, list[str]]]:
    """(folder, folders to ignore) for each translation domain: the project and each app.

    `only` names one app (e.g. "core"), or "gongkai" for the project's own templates.
    """
    ignore = [f"{app.name}/*" for app in apps()]
    every = [(PACKAGE, ignore), *[(app, []) for app in apps()]]
    return [pair for pair in every if only is None or pair[0].name == only]


def has_strings(folder: Path, ignore: list[str]) -> bool:
    skip = {PACKAGE / pattern.rstrip("/*") for pattern in ignore}
    for path in folder.rglob("*"):
        if path.suffix in {".py", ".html", ".txt"} and not any(s in path.parents for s in skip):
            if re.search(
                r"gettext|\{% *(translate|trans|blocktranslate|blocktrans)\b",
                path.read_text("utf-8", "ignore"),
            ):
                return True
    return False


def makemessages(folder: Path, ignore: list[str]) -> None:
    (folder / PO).parent.mkdir(parents=True, exist_ok=True)
    args = [
        sys.executable,
        "-m",
        "gongkai",
        "makemessages",
        "-l",
        LANGUAGE,
        "--no-location",
        "--no-obsolete",
        "-i",
        "tests/*",
        "-i",
        "migrations/*",
    ]
    for pattern in ignore:
        args += ["-i", pattern]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    subprocess.run(args, cwd=folder, check=True, env=env, stdout=subprocess.DEVNULL)


def msgfmt(po: Path, mo: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", str(mo), str(po)],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stderr.strip()


def entries(po: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """{(msgctxt, msgid): (first msgstr, fuzzy)} from a .po file, header excluded."""
    found: dict[tuple[str, str], tuple[str, bool]] = {}
    fields: dict[str, str] = {}
    current, fuzzy = None, False

    def flush() -> None:
        nonlocal fields, fuzzy
        if fields.get("msgid"):
            found[(fields.get("msgctxt", ""), fields["msgid"])] = (
                fields.get("msgstr", fields.get("msgstr[0]", "")),
                fuzzy,
            )
        fields, fuzzy = {}, False

    for line in po.read_text("utf-8").splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            flush()
            fuzzy = True
        elif line.startswith("#") or not line.strip():
            if fields.get("msgstr") is not None or "msgstr[0]" in fields:
                flush()
        else:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                if match.group(1) in ("msgctxt", "msgid") and (
                    "msgstr" in fields or "msgstr[0]" in fields
                ):
                    keep = fuzzy
                    flush()
                    fuzzy = keep
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
    flush()
    return found


def update(only: str | None = None) -> int:
    for folder, ignore in domains(only):
        if not has_strings(folder, ignore):
            continue
        makemessages(folder, ignore)
        print(folder.relative_to(ROOT), msgfmt(folder / PO, (folder / PO).with_suffix(".mo")))
    return 0


def check(only: str | None = None) -> int:
    problems = []
    for folder, ignore in domains(only):
        po = folder / PO
        name = folder.relative_to(ROOT)
        if not has_strings(folder, ignore):
            continue
        if not po.exists():
            problems.append(f"{name}: no {PO}; run `make messages`")
            continue
        committed = entries(po)
        for (_context, msgid), (msgstr, fuzzy) in committed.items():
            if fuzzy or not msgstr:
                problems.append(f"{name}: untranslated or fuzzy: {msgid!r}")
        with tempfile.TemporaryDirectory() as tmp:
            mo = Path(tmp) / "django.mo"
            msgfmt(po, mo)
            if (
                not po.with_suffix(".mo").exists()
                or mo.read_bytes() != po.with_suffix(".mo").read_bytes()
            ):
                problems.append(
                    f"{name}: django.mo is not compiled from django.po; run `make messages`"
                )
            copy = Path(tmp) / "src"
            shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__", "locale"))
            makemessages(copy, ignore)
            current = entries(copy / PO)
        for key in current.keys() - committed.keys():
            problems.append(f"{name}: string not in django.po: {key[1]!r}; run `make messages`")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit({"update": update, "check": check}[command](*sys.argv[2:3]))
