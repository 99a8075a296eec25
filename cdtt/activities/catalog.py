"""The activity catalog, read once and shared.

A dozen rows that every dashboard figure and report needs, and that administrators change a
few times a year: reading them at each figure was one more database round trip than the
figure itself. They are kept in the cache (Redis in production, so every worker sees a
change at once) until a type is saved or deleted; CATALOG_SECONDS bounds how long a change
made without the model's signals (a data migration) can go unseen.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import ActivityType

KEY = "activity-catalog:1"
CATALOG_SECONDS = 300


def catalog() -> list[ActivityType]:
    """Every activity type, active or not, in catalog order."""
    found = cache.get(KEY)
    if found is None:
        found = list(ActivityType.objects.all())
        cache.set(KEY, found, CATALOG_SECONDS)
    return found


@receiver([post_save, post_delete], sender=ActivityType)
def _forget(**_kwargs) -> None:
    # Now, and again once the change is committed: a reader between the two would have
    # put the old catalog back.
    cache.delete(KEY)
    transaction.on_commit(lambda: cache.delete(KEY))
