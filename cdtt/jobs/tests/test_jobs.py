"""A job queued after commit runs off the request; its starter, and only they, watch it."""

import pytest
from huey.contrib.djhuey import db_task

from cdtt.accounts.models import Role
from cdtt.jobs.models import Job, State
from cdtt.jobs.running import JobFailed, purge, run, start

pytestmark = pytest.mark.django_db


@db_task()
def count_villages(job_id):
    with run(job_id) as job:
        for done in range(1, 4):
            job.progress(done, 3, step=f"village {done}")
        job.finish(summary=["3 villages counted"], url="/units/")


@db_task()
def refuse(job_id):
    with run(job_id):
        raise JobFailed("The file has no header row.")


@db_task()
def crash(job_id):
    with run(job_id):
        raise RuntimeError("bug")


def test_a_job_runs_after_commit_and_its_page_shows_the_outcome(
    users, client, django_capture_on_commit_callbacks
):
    officer = users[Role.COMMUNE]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = start(officer, "count", "Đếm thôn", count_villages)
    assert Job.objects.get(pk=job.pk).state == State.QUEUED  # nothing ran inside the request
    queued[0]()
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.summary) == (
        State.DONE, 3, 3, ["3 villages counted"]
    )  # fmt: skip
    client.force_login(officer)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "3 villages counted" in page and 'href="/units/"' in page
    assert "hx-trigger" not in page  # no more polling once it ended


def test_a_running_job_is_polled_and_its_progress_shown(users, client):
    officer = users[Role.COMMUNE]
    job = Job.objects.create(
        user=officer, kind="count", title="Đếm", state=State.RUNNING, done=1200, total=5000
    )
    client.force_login(officer)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="1200" max="5000"' in page
    assert "1.200" in page and "5.000" in page and "24%" in page
    assert client.get(f"/jobs/{job.pk}/").headers["Cache-Control"].startswith("max-age=0")


def test_only_the_starter_sees_a_job(users, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(users[Role.COMMUNE], "count", "Đếm", count_villages)
    client.force_login(users[Role.LEADER])
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    client.force_login(users[Role.ADMIN])
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/jobs/{job.pk}/").status_code == 302


def test_a_refused_job_says_why_and_a_broken_one_says_to_try_again(
    users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refused = start(users[Role.COMMUNE], "import", "Nhập", refuse)
        broken = start(users[Role.COMMUNE], "import", "Nhập", crash)
    refused.refresh_from_db()
    broken.refresh_from_db()
    assert (refused.state, refused.error) == (State.FAILED, "The file has no header row.")
    assert broken.state == State.FAILED and "bug" not in broken.error and broken.error


def test_a_rolled_back_request_queues_nothing(users, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as queued:
        try:
            with transaction.atomic():
                start(users[Role.COMMUNE], "count", "Đếm", count_villages)
                raise ValueError
        except ValueError:
            pass
    assert queued == [] and not Job.objects.exists()


def test_old_jobs_are_forgotten(users):
    from django.utils import timezone

    now = timezone.now()
    old = Job.objects.create(user=users[Role.COMMUNE], kind="k", title="t", state=State.DONE)
    Job.objects.filter(pk=old.pk).update(finished_at=now - timezone.timedelta(days=8))
    recent = Job.objects.create(user=users[Role.COMMUNE], kind="k", title="t", finished_at=now)
    running = Job.objects.create(user=users[Role.COMMUNE], kind="k", title="t")
    assert purge(7) == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
