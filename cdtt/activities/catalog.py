"""The activity catalog, read once and shared.

A dozen rows that every dashboard figure and report needs, and that administrators change a
few times a year: reading them at each figure was one more database round trip than the
figure itself, and unpickling them from the cache at each figure cost a third of the
fastest figures. So each worker keeps the catalog it read, with the stamp the cache held
for it (Redis in production, so every worker sees a change at once): as long as the cache
holds the same stamp, the worker's copy is current. Saving or deleting a type removes the
stamp; CATALOG_SECONDS bounds how long a change made without the model's signals (a data
migration) can go unseen.

The types handed out are shared by the requests of a worker: read them, never change them.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import ActivityType

STAMP = "activity-catalog-stamp:1"
CATALOG_SECONDS = 300

_held: tuple[str, list[ActivityType]] | None = None  # (stamp, types) read by this worker


def catalog() -> list[ActivityType]:
    """Every activity type, active or not, in catalog order."""
    global _held
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
    cache.delete(STAMP)
    transaction.on_commit(lambda: cache.delete(STAMP))
