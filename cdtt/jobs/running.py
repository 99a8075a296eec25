"""Starting a job after commit, and reporting its progress from the worker.

`start` records the job and queues the owning app's Huey task with the job's id once the
current transaction commits (a rolled-back request queues nothing). The task wraps its
work in `run(job_id)`, which marks the job running, records progress as it goes, and ends
it as done, or failed with a message the starter can act on.

Progress is written in its own statement outside any transaction the work holds, so that
the page polling it sees it. A step that must be all-or-nothing (writing an import) runs
in one transaction and shows as one step.
"""

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job, State

if TYPE_CHECKING:
    from cdtt.accounts.models import User

log = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between two progress writes


class JobFailed(Exception):
    """Raised by a task to end its job with a message for the person who started it."""


def start(
    user: "User",
    kind: str,
    title: str,
    task: Callable[[int], object],
    *,
    payload: bytes | None = None,
    params: dict[str, Any] | None = None,
    total: int = 0,
) -> Job:
    """Record a job and queue `task(job_id)` after the current transaction commits."""
    job = Job.objects.create(
        user=user,
        kind=kind,
        title=str(title)[:200],
        payload=payload,
        params=params or {},
        total=total,
    )
    transaction.on_commit(lambda: task(job.pk))
    return job


class Running:
    """The handle a task reports through."""

    def __init__(self, job: Job):
        self.job = job
        self._written = 0.0

    def progress(self, done: int, total: int | None = None, step: str = "") -> None:
        """Record how far the job is; written at most every PROGRESS_EVERY seconds."""
        self.job.done = done
        if total is not None:
            self.job.total = total
        if step:
            self.job.step = str(step)[:200]
        now = time.monotonic()
        if now - self._written >= PROGRESS_EVERY or done == self.job.total:
            self._written = now
            Job.objects.filter(pk=self.job.pk).update(
                done=self.job.done, total=self.job.total, step=self.job.step
            )

    def finish(
        self, *, summary: Iterable[str] = (), result: dict[str, Any] | None = None, url: str = ""
    ) -> None:
        """End the job as done, with the lines to show and where to go next."""
        self.job.summary = [str(line) for line in summary]
        if result is not None:
            self.job.result = result
        self.job.result_url = url
        self.job.state = State.DONE


@contextmanager
def run(job_id: int) -> Iterator[Running]:
    """Run a job's work: running → done, or failed with a message (JobFailed's, or a
    general one when the work broke, the error being logged for the administrator)."""
    job = Job.objects.get(pk=job_id)
    job.state, job.started_at = State.RUNNING, timezone.now()
    job.save(update_fields=["state", "started_at"])
    handle = Running(job)
    try:
        yield handle
    except JobFailed as error:
        job.state, job.error = State.FAILED, str(error)
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        job.state = State.FAILED
        job.error = _(
            "The work stopped because of an error on the server. Nothing was half-written; "
            "try again, and tell the administrator if it happens again."
        )
    else:
        if job.state != State.FAILED:
            job.state = State.DONE
    job.finished_at = timezone.now()
    if job.state == State.DONE and job.total:
        job.done = job.total
    job.save()


def purge(days: int) -> int:
    """Forget jobs finished more than `days` ago (their files and results hold personal data)."""
    limit = timezone.now() - timedelta(days=days)
    deleted, _counts = Job.objects.filter(finished_at__lt=limit).delete()
    return deleted
