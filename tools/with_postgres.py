#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster in a temporary folder.

    python tools/with_postgres.py -- pytest -m "not browser"

initdb's a cluster on a free port, sets DATABASE_URL for the command, then stops the cluster
and removes the folder. PostgreSQL refuses to run as root, so as root its tools run as the
`postgres` system user. Without pg_ctl the command is not run: that is a failure when
CI=true, and a notice otherwise.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def find_bindir() -> Path | None:
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(os.path.realpath(pg_ctl)).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    return candidates[0].parent if candidates else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            print("CI=true and PostgreSQL (pg_ctl) is not installed: failing", file=sys.stderr)
            return 1
        print("pg_ctl not found: the PostgreSQL run is skipped (install postgresql to run it)")
        return 0

    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="gongkai-pg-"))
    data, port = folder / "data", free_port()

    def pg(tool: str, *args: str) -> None:
        command = [str(bindir / tool), *args]
        if as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    if as_root:
        shutil.chown(folder, "postgres")
    started = False
    try:
        pg(
            "initdb",
            "-D",
            str(data),
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "-U",
            "postgres",
        )
        pg(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(folder / "log"),
            "-w",
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off",
            "start",
        )
        started = True
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/gongkai"}
        print(f"PostgreSQL cluster on 127.0.0.1:{port} in {folder}", flush=True)
        return subprocess.run(argv, env=env).returncode
    finally:
        if started:
            pg("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
