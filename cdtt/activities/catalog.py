"""The activity catalog, read once and shared.

A dozen rows that every dashboard figure and report needs, and that administrators change a
few times a year: reading them at each figure was one more database round trip than the
figure itself, and unpickling them from the cache at each figure cost a third of the
fastest figures. So each worker keeps the catalog it read.

- On PostgreSQL, while the worker listens (`cdtt.notices`) and outside a transaction, its
  copy is current until a notice on `cdtt_catalog` (a trigger, migration 0004) says a
  statement changed the catalog: no round trip at all, not even to the cache.
- Otherwise (SQLite; inside a transaction, which may see its own uncommitted changes; or
  while the worker does not listen), its copy goes with the stamp the cache held for it
  (Redis in production, so every worker sees a change at once): as long as the cache holds
  the same stamp, the copy is current. Saving or deleting a type removes the stamp;
  CATALOG_SECONDS bounds how long a change made without the model's signals (a data
  migration) can go unseen.

The types handed out are shared by the requests of a worker: read them, never change them.
"""

import threading
import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cdtt.notices import listener

from .models import ActivityType

STAMP = "activity-catalog-stamp:1"
CATALOG_SECONDS = 300
CHANNEL = "cdtt_catalog"  # as in migration 0004

_held: tuple[str, list[ActivityType]] | None = None  # (stamp, types) read by this worker
_heard: tuple[int, list[ActivityType]] | None = None  # (generation, types), while listening
_generation = 0  # a new one at each notice, and when listening starts or stops
_changing = threading.Lock()  # notices come on the listening thread, saves on requests


def catalog() -> list[ActivityType]:
    """Every activity type, active or not, in catalog order."""
    global _held, _heard
    if not connection.in_atomic_block and listener.listening():
        generation, heard = _generation, _heard
        if heard is not None and heard[0] == generation:
            return heard[1]
        found = list(ActivityType.objects.all())
        _heard = (generation, found)  # a notice since `generation` makes it stale at once
        return found
    stamp, held = cache.get(STAMP), _held
    if stamp is not None and held is not None and held[0] == stamp:
        return held[1]
    found = list(ActivityType.objects.all())
    if stamp is None:
        stamp = uuid.uuid4().hex
        if not cache.add(STAMP, stamp, CATALOG_SECONDS):  # another worker stamped it first
            stamp = cache.get(STAMP) or stamp
    _held = (stamp, found)
    return found


@receiver([post_save, post_delete], sender=ActivityType)
def _forget(**_kwargs) -> None:
    # Now, and again once the change is committed: a reader between the two would have
    # stamped the old catalog again.
    global _held
    _held = None
    changed()
    cache.delete(STAMP)
    transaction.on_commit(lambda: (changed(), cache.delete(STAMP)))


def changed(_payload: str = "") -> None:
    """A notice that the catalog changed, or listening started or stopped: the copy made
    while listening is stale."""
    global _generation, _heard
    with _changing:
        _generation += 1
        _heard = None
