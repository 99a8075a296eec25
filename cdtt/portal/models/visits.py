"""Visit counters kept without addresses: a visitor is a keyed hash that changes every day.

The key (salt) of a day is random and is deleted once the day is over, so yesterday's
hashes can no longer be linked to anyone, not even by us.
"""

from django.db import models


class VisitSalt(models.Model):
    """The secret of one day; only today's row exists."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)


class VisitorDay(models.Model):
    """One visitor on one day (HMAC of address and browser with the day's salt)."""

    day = models.DateField()
    visitor = models.CharField(max_length=64)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "visitor"], name="portal_visitor_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.visitor[:8]}"


class DailyVisits(models.Model):
    """How many visitors a day had: the only thing kept once the day is over."""

    day = models.DateField(unique=True)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.visitors}"
