"""Back up and restore the whole site: the database and the media folder (attachments).

A backup is a folder:

    manifest.json     what was backed up, from which kind of database, when
    database.sqlite3  SQLite: a consistent copy made with SQLite's online backup API,
                      taken while the site keeps running
    database.dump     PostgreSQL: `pg_dump -Fc` (restored with `pg_restore`)
    media.tar         the media folder (published attachments and every uploaded file)

Restoring replaces the database's content and the media folder with the backup's. The
seals of published versions travel with the database and the files they cover travel in
the tar, so `verify_seals` holds after a restore exactly as it did at the backup.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


class BackupError(Exception):
    """Why a backup or a restore cannot be made; the message is for the operator."""


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE:
        raise BackupError(
            _("Backups are made of SQLite and PostgreSQL databases, not of %(vendor)s.")
            % {"vendor": vendor}
        )
    return vendor


def _postgres_tool(name: str) -> str:
    """The PostgreSQL client program: on PATH, or Debian's newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if candidates:
        return str(candidates[0])
    raise BackupError(
        _("%(tool)s is not installed (it comes with the PostgreSQL client package).")
        % {"tool": name}
    )


def _postgres_command(alias: str, tool: str) -> tuple[list[str], str, dict[str, str]]:
    """The tool with the connection's options, the database name, and the environment
    (password, SSL) Django's own `dbshell` would use."""
    connection = connections[alias]
    args, env = connection.client.settings_to_cmd_args_env(connection.settings_dict, [])
    return [_postgres_tool(tool), *args[1:-1]], args[-1], {**os.environ, **(env or {})}


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(command[0]).name, "error": done.stderr.strip()}
        )


def back_up(folder: Path, *, alias: str = "default") -> dict:
    """Write a backup of the database `alias` and of the media folder into `folder` (new or
    empty). Returns the manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(
            _("%(folder)s is not empty: back up into a new folder.") % {"folder": folder}
        )
    folder.mkdir(parents=True, exist_ok=True)
    vendor = _vendor(alias)
    target = folder / DATABASE[vendor]
    connection = connections[alias]
    if vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        command, name, env = _postgres_command(alias, "pg_dump")
        _run([*command, "--format=custom", f"--file={target}", name], env)
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA, "w") as tar:
        if media.is_dir():
            tar.add(media, arcname=".")
    manifest = {
        "format": FORMAT,
        "vendor": vendor,
        "database": target.name,
        "media": MEDIA,
        "made_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(
            _("%(folder)s holds no readable backup: %(error)s") % {"folder": folder, "error": error}
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This backup was made by another version of the backup format."))
    return manifest


def restore(folder: Path, *, alias: str = "default") -> dict:
    """Replace the database `alias` and the media folder with the backup in `folder`.
    Stop the site first: requests during a restore would see half of it."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    vendor = _vendor(alias)
    if manifest["vendor"] != vendor:
        raise BackupError(
            _("The backup is of a %(backup)s database; this site runs on %(site)s.")
            % {"backup": manifest["vendor"], "site": vendor}
        )
    source = folder / manifest["database"]
    connection = connections[alias]
    if vendor == "sqlite":
        copy = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            copy.backup(connection.connection)
        finally:
            copy.close()
        connection.close()
    else:
        connection.close()
        command, name, env = _postgres_command(alias, "pg_restore")
        _run(
            [
                *command,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={name}",
                str(source),
            ],
            env,
        )
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    media.mkdir(parents=True)
    with tarfile.open(folder / manifest["media"]) as tar:
        tar.extractall(media, filter="data")
    return manifest
