#!/usr/bin/env python3
"""Type-check the project with mypy, holding each file to its baseline number of errors.

    python tools/typecheck.py           # fails when a file has more errors than its baseline
    python tools/typecheck.py --update  # writes the lower counts after errors were fixed

The baseline (tools/mypy-baseline.json) only shrinks: `--update` refuses to raise a count or
to add a file, so new code is typed cleanly and old code is mended file by file.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tools" / "mypy-baseline.json"
ERROR = re.compile(r"^(?P<path>[^:\s]+\.py):\d+: error: ")


def errors_per_file() -> tuple[Counter[str], str]:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "gongkai"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in (0, 1):  # 2 is mypy's own failure (a crash, a bad config)
        sys.exit(f"mypy failed:\n{run.stdout}{run.stderr}")
    found = Counter(m["path"] for m in map(ERROR.match, run.stdout.splitlines()) if m)
    return found, run.stdout


def main(argv: list[str]) -> int:
    found, output = errors_per_file()
    if "--update" in argv and not BASELINE.exists():  # the first baseline: what there is
        BASELINE.write_text(json.dumps(dict(sorted(found.items())), indent=1) + "\n")
        print(f"baseline: {sum(found.values())} errors in {len(found)} files")
        return 0
    baseline: dict[str, int] = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    worse = {path: n for path, n in found.items() if n > baseline.get(path, 0)}
    if worse:
        print(output, end="")
        for path, n in sorted(worse.items()):
            print(f"{path}: {n} type errors, baseline {baseline.get(path, 0)}")
        print("Fix the new type errors: the baseline only shrinks.")
        return 1
    better = {path for path, n in baseline.items() if found.get(path, 0) < n}
    if "--update" in argv:
        BASELINE.write_text(json.dumps(dict(sorted(found.items())), indent=1) + "\n")
        print(f"baseline: {sum(found.values())} errors in {len(found)} files")
    elif better:
        print(f"{len(better)} files have fewer type errors than the baseline; run with --update.")
    print(f"mypy: {sum(found.values())} errors, none beyond the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
