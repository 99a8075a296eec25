"""Backup and restore of the whole installation: the database and uploaded files.

An archive is a .tar.gz holding the database (SQLite online backup, or pg_dump's custom
format for PostgreSQL), the media folder and a manifest with the row count of every table,
which a restore checks before it reports success.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

from cdtt import parts
from cdtt.notices import listener

MANIFEST = "manifest.json"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why."""


def row_counts() -> dict[str, int]:
    """Rows per table of every model (and auto-created join tables)."""
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if model._meta.managed and not model._meta.proxy and table not in counts:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608  # nosec B608 - table names come from our models
                counts[table] = cursor.fetchone()[0]
    return counts


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, var in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD")]:  # fmt: skip
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run_pg(tool: str, *args: str) -> None:
    """Run a PostgreSQL client tool against our database; raise BackupError if it fails."""
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed (Debian package postgresql-client)")
    done = subprocess.run(  # noqa: S603 - fixed tool, arguments built here
        [executable, *args], env=_pg_env(), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BackupError(f"{tool} failed: {done.stderr.strip()}")


def backup(output: Path | None = None) -> Path:
    """Write an archive of the database and media; returns its path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    output = output or Path(settings.VAR_DIR) / "backups" / f"cdtt-{stamp}.tar.gz"
    output.parent.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if engine == "sqlite":
            dump = work / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            with target:
                connection.connection.backup(target)
            target.close()
        else:
            dump = work / "database.pgdump"
            _run_pg("pg_dump", "-Fc", "--no-owner", "-f", str(dump))
        manifest = {"engine": engine, "created": stamp, "tables": row_counts()}
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        with tarfile.open(output, "w:gz") as archive:
            archive.add(work / MANIFEST, MANIFEST)
            archive.add(dump, dump.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, "media")
    return output


def restore(path: Path) -> dict[str, int]:
    """Replace the database and media with an archive's; returns the restored row counts.

    Refuses an archive made on another database engine. Fails loudly if any table's row
    count differs from the manifest after the restore.
    """
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        manifest = json.loads((work / MANIFEST).read_text())
        engine = _engine()
        if manifest["engine"] != engine:
            raise BackupError(
                f"this archive holds a {manifest['engine']} database, "
                f"but this installation runs on {engine}"
            )
        connections.close_all()
        if engine == "sqlite":
            source = sqlite3.connect(work / "database.sqlite3")
            connection.ensure_connection()
            with connection.connection:
                source.backup(connection.connection)
            source.close()
        else:
            _run_pg(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                settings.DATABASES["default"]["NAME"],
                str(work / "database.pgdump"),
            )
            listener.announce_everything()  # the workers' copies: the tables were replaced
        parts.renew_all()  # the pages' kept parts: written without passing through the watcher
        media = Path(settings.MEDIA_ROOT)
        if (work / "media").is_dir():
            shutil.rmtree(media, ignore_errors=True)
            shutil.copytree(work / "media", media)
    counts = row_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"restored row counts differ from the archive: {wrong}")
    return counts
