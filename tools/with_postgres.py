#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL primary and its streaming replica.

    python tools/with_postgres.py -- pytest -m "not browser"
    python tools/with_postgres.py --no-replica -- pytest gongkai/search

initdb's a primary on a free port, copies it with pg_basebackup -R into a hot standby on
another port that streams from it, sets DATABASE_URL (the primary) and DATABASE_REPLICA_URL
(the standby) for the command, then stops both and removes the folder. PostgreSQL refuses to
run as root, so as root its tools run as the `postgres` system user. Without pg_ctl the
command is not run: that is a failure when CI=true, and a notice otherwise.
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


# Speed over durability: the clusters are thrown away after the run.
FAST = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def main(argv: list[str]) -> int:
    with_replica = True
    if argv and argv[0] == "--no-replica":
        with_replica, argv = False, argv[1:]
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
    primary, replica = folder / "primary", folder / "replica"
    port = replica_port = free_port()
    while replica_port == port:
        replica_port = free_port()

    def pg(tool: str, *args: str) -> None:
        command = [str(bindir / tool), *args]
        if as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def start(data: Path, port: int, options: str) -> None:
        pg(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(folder / f"{data.name}.log"),
            "-w",
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 {FAST} {options}",
            "start",
        )

    if as_root:
        shutil.chown(folder, "postgres")
    started: list[Path] = []
    try:
        pg(
            "initdb",
            "-D",
            str(primary),
            "-A",
            "trust",  # initdb's pg_hba.conf then also trusts local replication connections
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "-U",
            "postgres",
        )
        start(primary, port, "-c wal_level=replica -c max_wal_senders=4")
        started.append(primary)
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/gongkai"}
        env.pop("DATABASE_REPLICA_URL", None)
        if with_replica:
            # A copy of the primary that keeps streaming its changes (-R writes the standby
            # signal and the primary's address), open for reads (hot_standby). Feedback keeps
            # the primary's vacuum from cancelling the standby's longer reads.
            pg(
                "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-D",
                str(replica),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            )
            start(replica, replica_port, "-c hot_standby=on -c hot_standby_feedback=on")
            started.append(replica)
            env["DATABASE_REPLICA_URL"] = f"postgres://postgres@127.0.0.1:{replica_port}/gongkai"
        names = "primary" + (f", replica on 127.0.0.1:{replica_port}" if with_replica else "")
        print(f"PostgreSQL {names}; primary on 127.0.0.1:{port}, in {folder}", flush=True)
        return subprocess.run(argv, env=env).returncode
    finally:
        for data in reversed(started):  # the standby first, so it does not chase its primary
            pg("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
