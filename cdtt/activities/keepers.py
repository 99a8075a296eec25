"""Activities another app writes and keeps: changed or deleted there only.

A help session's results are recorded once and shared among the members who gave the help;
each share is an activity written through this app's writer. If a member changed or deleted
her share on the entry page, the session's result and its shares would no longer agree. An
app that keeps activities like this registers a keeper (in its AppConfig.ready): given
activity ids, it answers those it keeps, each with why and where it is changed. This app
never imports the keeping app; its writers refuse to change a kept activity and its pages
send the user to the keeper's page.
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kept:
    """Why an activity cannot be changed here (a sentence for the user) and the page where
    it is changed."""

    message: str
    url: str


Keeper = Callable[[list[uuid.UUID]], dict[uuid.UUID, Kept]]
_keepers: list[Keeper] = []
_reads: set[str] = set()


def register(keeper: Keeper, reads: Iterable[str]) -> None:
    """`reads`: the tables the keeper reads (a page that keeps its answers says so,
    cdtt.parts)."""
    if keeper not in _keepers:
        _keepers.append(keeper)
        _reads.update(reads)


def keepers_reads() -> frozenset[str]:
    return frozenset(_reads)


def kept(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Kept]:
    """The activities among `ids` that another app keeps (one query per keeper)."""
    ids = list(ids)
    found: dict[uuid.UUID, Kept] = {}
    if ids:
        for keeper in _keepers:
            found.update(keeper(ids))
    return found
