"""Parts of the busiest pages kept between the changes that concern them.

A member's entry page and the homes are opened again and again between two changes of what
they show; reading and rendering their pieces each time is most of their cost. `remember`
keeps a piece in the shared cache under the **stamps** of the tables it reads, and every
write to a table renews that table's stamp, so a kept piece is never served after a change
of what it was built from:

- Every SQL statement that writes (INSERT, UPDATE, DELETE, on any connection, from the ORM,
  a bulk path or hand-written SQL) is seen by a wrapper on the connection (`_watch`), which
  renews the stamps of the tables it names once the write is committed. Nothing depends on
  a writer remembering to say so.
- A piece declares the tables it reads (`Part.reads`). With PARTS_CHECK_READS on (the tests),
  each piece built is watched as it reads, and a table it reads without declaring it is an
  error: the declaration cannot fall behind the code.
- A table written all day is stamped per key as well (the activity log per member, the
  audit log per action, the monthly reports per unit): its writers say whose rows they
  write (`writing(Activity, member_ids)`), and only those keys' pieces are renewed. A write
  outside `writing` renews the whole table's stamp.
- Inside a transaction that has written a table a piece reads, the piece is built afresh
  and not kept (what it reads is not committed yet). The stamps are renewed after the
  commit, so a reader elsewhere never keeps what the transaction had not yet committed
  under a stamp that outlives it.

Every piece also reads the stamp "*", renewed after `migrate` (which is not watched: the
cache may not exist yet) and when a table is emptied (TRUNCATE). Stamps are random tokens.
A stamp missing from the cache (never set, expired, evicted) is set anew before anything
is kept under it, so a piece kept before cannot be found again.

What a database write cannot tell: the clock. Pieces are keyed by the day (the banner's
"late" starts at midnight) or the hour (a to-do item overdue after some days), and none is
kept longer than an hour. And a worker's copy of the activity catalog follows a change of
the catalog within a moment (cdtt.notices); a piece built in that moment keeps the old
names until its hour is up or the member writes again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import Model
from django.db.models.signals import post_migrate, pre_migrate
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

T = TypeVar("T")
log = logging.getLogger(__name__)

KEPT_SECONDS = 3600  # a piece; bounds what a change outside the database (the clock) can leave
STAMP_SECONDS = 2 * 86400  # longer than a piece: a stamp outlives what was kept under it
PREFIX = "part:"

_WRITES = re.compile(r'\b(?:insert\s+into|update|delete\s+from)\s+"?(\w+)"?', re.IGNORECASE)
_READS = re.compile(r'\b(?:from|join)\s+"?(\w+)"?', re.IGNORECASE)


def _table(model: type[Model] | str) -> str:
    return model if isinstance(model, str) else model._meta.db_table


@dataclass(frozen=True)
class Part:
    """A kept piece: its name, the tables it reads, and the tables stamped per key (a
    member) among them."""

    name: str
    reads: frozenset[str]
    keyed: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        name: str,
        reads: Iterable[type[Model] | str],
        keyed: Iterable[type[Model] | str] = (),
    ) -> Part:
        """`reads`: models, or the table names of apps above the caller's."""
        keyed_tables = frozenset(_table(m) for m in keyed)
        tables = frozenset(_table(m) for m in reads) | keyed_tables
        return cls(name, tables, keyed_tables)


def viewer(user) -> tuple:
    """What of the user a piece's reads depend on (scoping): part of its arguments."""
    return (user.pk, user.role, user.orgunit_id, user.is_active)


def remember(
    part: Part,
    args: tuple,
    compute: Callable[[], T],
    key: int | Mapping[type[Model] | str, Iterable[int | str]] | None = None,
) -> T:
    """`compute()`, or what it gave last time for these `args` (and the page's language) if
    no table `part` reads has been written since. `key`: whose rows of the keyed tables it
    reads (one key for all of them, or the keys of each)."""
    stamp_keys = [f"{PREFIX}*", *(f"{PREFIX}{t}" for t in sorted(part.reads))]
    if part.keyed:
        if key is None:
            raise ValueError(f"{part.name}: a keyed part needs its keys")
        keys = (
            {_table(m): sorted(set(ids)) for m, ids in key.items()}
            if isinstance(key, Mapping)
            else dict.fromkeys(part.keyed, [key])
        )
        if set(keys) != part.keyed:
            raise ValueError(f"{part.name}: keys for {sorted(part.keyed)}, not {sorted(keys)}")
        stamp_keys += [f"{PREFIX}{t}:{k}" for t in sorted(keys) for k in keys[t]]
    _send_all()
    if _written_here(stamp_keys):
        return _computed(part, compute)
    try:
        stamps = _stamps(stamp_keys)
        kept_key = kept = None
        if stamps is not None:
            digest = hashlib.sha256(
                repr((part.name, args, translation.get_language(), stamps, code_version())).encode()
            ).hexdigest()
            kept_key = f"{PREFIX}{part.name}:{digest}"
            kept = _cache().get(kept_key)
    except Exception:  # the cache is unreachable: the page is built, not refused
        log.exception("kept parts: %s built without the cache", part.name)
        return _computed(part, compute)
    if kept_key is None:
        return _computed(part, compute)
    if kept is not None:
        return kept[0]
    value = _computed(part, compute)
    try:
        _cache().set(kept_key, (value,), KEPT_SECONDS)
    except Exception:
        log.exception("kept parts: %s not kept", part.name)
    return value


@functools.cache
def code_version() -> str:
    """What this process's code is (its Python, templates and compiled translations): part
    of every piece's key, so that after an upgrade a piece kept by the old code (another
    shape, other words) is not served to the new one. Read once per process."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for pattern in ("cdtt/**/*.py", "cdtt/**/*.html", "locale/**/*.mo"):
        for path in sorted(root.glob(pattern)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _stamps(keys: list[str]) -> list[str] | None:
    found = _cache().get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        for k in missing:
            _cache().add(k, secrets.token_hex(8), STAMP_SECONDS)
        found = _cache().get_many(keys)
        if len(found) < len(keys):  # the cache keeps nothing (full, or a dummy cache)
            return None
    return [found[k] for k in keys]


def renew(keys: Iterable[str]) -> None:
    """New stamps for `keys` (table names, or "table:key"): what was kept under the old ones
    is not served again. Only stamps that exist are renewed (a table no piece reads has
    none): one that is missing is set anew by the next reader, after this write's commit,
    so whatever it keeps was read after the write."""
    wanted = [f"{PREFIX}{k}" for k in keys]
    if not wanted:
        return
    try:
        present = _cache().get_many(wanted)
        if present:
            _cache().set_many({k: secrets.token_hex(8) for k in present}, STAMP_SECONDS)
    except Exception:  # the write is committed: it must not fail because the cache did
        log.exception("kept parts: stamps not renewed for %s", wanted)


def renew_all() -> None:
    """Nothing kept before is served again: after a restore, which writes the database
    without passing through this process."""
    _cache().set(f"{PREFIX}*", secrets.token_hex(8), STAMP_SECONDS)


def _cache():
    return caches["parts"]


# Forms in a kept piece: rendered with a placeholder for the CSRF token (as the context's
# `csrf_token`), filled with the request's own token each time the piece is served.
TOKEN_TO_FILL = "cdtt-csrf-token-to-fill"  # noqa: S105 - a placeholder, no secret


def with_form_token(request, html: str) -> SafeString:
    """The kept `html` with this request's CSRF token in its forms' token fields."""
    field = f'name="csrfmiddlewaretoken" value="{TOKEN_TO_FILL}"'
    filled = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    # the token is letters and digits: the kept HTML stays as safe as it was rendered
    return mark_safe(html.replace(field, filled))  # noqa: S308  # nosec B308 B703


# Writes


_local = threading.local()


@contextmanager
def writing(models: type[Model] | Iterable[type[Model]], keys: Iterable[int | str]):
    """The writes to these models' tables in this block are rows of these keys only (a
    member; a unit and those above it): only their stamps are renewed, not the tables'."""
    tables = [_table(m) for m in ([models] if isinstance(models, type) else models)]
    stack = getattr(_local, "writing", None)
    if stack is None:
        stack = _local.writing = []
    said = frozenset(keys)
    stack.extend((table, said) for table in tables)
    try:
        yield
    finally:
        del stack[-len(tables) :]


class _Pending:
    """Stamps to renew when the connection's transaction commits."""

    def __init__(self, connection):
        self.keys: set[str] = set()
        self.tables: set[str] = set()  # tables written, keyed or not (the block's own reads)
        connection.on_commit(self.commit, robust=True)

    def commit(self) -> None:
        renew(self.keys)


def _pending(connection, create: bool) -> _Pending | None:
    """The current transaction's pending stamps. A transaction rolled back drops its
    on_commit callbacks (Django's `run_on_commit`), which ends its pending stamps too."""
    pending = getattr(connection, "cdtt_parts_pending", None)
    if pending is not None and not any(
        item[1] == pending.commit for item in connection.run_on_commit
    ):
        pending = None
    if pending is None and create:
        pending = connection.cdtt_parts_pending = _Pending(connection)
    return pending


def _keys_written(tables: set[str]) -> set[str]:
    keys = set()
    announced = getattr(_local, "writing", None) or []
    for table in tables:
        said = [k for t, k in announced if t == table]
        if said:
            keys |= {f"{table}:{k}" for k in frozenset().union(*said)}
        else:
            keys.add(table)
    return keys


_OURS: frozenset[str] | None = None


def _our_tables() -> frozenset[str]:
    global _OURS
    if _OURS is None:
        _OURS = frozenset(
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m.__module__.startswith("cdtt.")
        )
    return _OURS


_migrating = False


@receiver(pre_migrate, dispatch_uid="cdtt.parts.pre_migrate")
def _migration_starts(sender, **kwargs) -> None:
    global _migrating
    _migrating = True


@receiver(post_migrate, dispatch_uid="cdtt.parts.post_migrate")
def _migration_ends(sender, **kwargs) -> None:
    global _migrating
    if _migrating:
        _migrating = False
        renew(["*"])


def _watch(execute, sql, params, many, context):
    connection = context["connection"]
    if getattr(connection, "cdtt_parts_unsent", None):
        _send(connection)
    result = execute(sql, params, many, context)
    if _migrating:
        return result
    head = sql.lstrip()[:6].lower()
    if head == "trunca":
        tables = {"*"}
    elif head in ("insert", "update", "delete") or head.startswith("with"):
        tables = {t.lower() for t in _WRITES.findall(sql)} & _our_tables()
    else:
        return result
    if tables:
        keys = _keys_written(tables)
        if connection.in_atomic_block:
            pending = _pending(connection, create=True)
            pending.keys |= keys
            pending.tables |= tables
        elif connection.vendor == "sqlite" and "returning" in sql.lower():
            # SQLite runs an INSERT … RETURNING as its rows are fetched, after this returns:
            # the cache (a table of the same database) is written before the next statement
            # on this connection, at the end of the request, or when this thread reads a part.
            unsent = getattr(connection, "cdtt_parts_unsent", None)
            if unsent is None:
                unsent = connection.cdtt_parts_unsent = set()
            unsent |= keys
        else:  # committed as it ran
            renew(keys)
    return result


def _send(connection) -> None:
    keys, connection.cdtt_parts_unsent = connection.cdtt_parts_unsent, set()
    renew(keys)


@receiver(request_finished, dispatch_uid="cdtt.parts.request_finished")
def _send_all(**kwargs) -> None:
    for connection in connections.all(initialized_only=True):
        if getattr(connection, "cdtt_parts_unsent", None):
            _send(connection)


def _written_here(stamp_keys: list[str]) -> bool:
    """Has this thread's open transaction written a table (or a key of it) the part reads?"""
    tables = {k.removeprefix(PREFIX).split(":")[0] for k in stamp_keys}
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            pending = _pending(connection, create=False)
            if pending is not None and pending.tables & tables:  # "*" is among both
                return True
    return False


@receiver(connection_created, dispatch_uid="cdtt.parts.watch")
def _install(sender, connection, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def install() -> None:
    """Watch every connection's writes: those opened from now on (each thread opens its
    own), and this thread's already open. Called from an app's ready(), in every process
    (web, queue, commands)."""
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
    code_version()  # read now, not in the first request


# The declaration kept true (tests)


class UndeclaredRead(AssertionError):
    pass


def _computed(part: Part, compute: Callable[[], T]) -> T:
    if not getattr(settings, "PARTS_CHECK_READS", False):
        return compute()
    read: set[str] = set()

    def note(execute, sql, params, many, context):
        read.update(t.lower() for t in _READS.findall(sql))
        return execute(sql, params, many, context)

    wrapped = [c for c in connections.all() if note not in c.execute_wrappers]
    for connection in wrapped:
        connection.execute_wrappers.append(note)
    try:
        value = compute()
    finally:
        for connection in wrapped:
            connection.execute_wrappers.remove(note)
    undeclared = (read & _our_tables()) - part.reads
    if undeclared:
        raise UndeclaredRead(f"part {part.name!r} reads {sorted(undeclared)} undeclared")
    return value
