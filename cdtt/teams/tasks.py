"""Member imports run off the request (a 5,000-row list takes a minute): checking the file,
then, once the officer has reviewed the preview, writing it. Both are `cdtt.jobs` jobs."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from cdtt.jobs.running import JobFailed, run
from cdtt.orgunits.models import OrgUnit

from .imports import import_members
from .imports.preview import as_preview, summary
from .imports.write import write_import

CHECK = "member_import_check"
WRITE = "member_import_write"


def _arguments(job) -> dict:
    params = job.params
    within = OrgUnit.objects.filter(pk=params["within"]).first() if params.get("within") else None
    return {
        "within": within,
        "filename": params.get("filename", ""),
        "day": date.fromisoformat(params["day"]),
        "replace": bool(params.get("replace")),
    }


@db_task()
def check_member_import(job_id: int) -> None:
    """Read and check the list; the preview is the job's result."""
    with run(job_id) as job:
        result = import_members(
            bytes(job.job.payload or b""),
            job.job.user,
            dry_run=True,
            progress=job.progress,
            **_arguments(job.job),
        )
        preview = as_preview(result)
        job.finish(
            summary=summary(preview, written=False),
            result=preview,
            url=reverse("teams:import_job", args=[job_id]),
        )


@db_task()
def write_member_import(job_id: int) -> None:
    """Write the reviewed list in one transaction, if it still makes the reviewed changes."""
    with run(job_id) as job:
        arguments = _arguments(job.job)
        result = import_members(
            bytes(job.job.payload or b""),
            job.job.user,
            dry_run=True,
            progress=job.progress,
            **arguments,
        )
        if not result.ok or result.digest() != job.job.params.get("digest"):
            raise JobFailed(
                _(
                    "The teams changed since the list was checked, so nothing was written. "
                    "Upload the file again to see the changes as they are now."
                )
            )
        job.progress(0, 1, _("Writing the changes (all or nothing)"))
        write_import(result, job.job.user)
        if not result.ok:
            raise JobFailed(
                _("Nothing was written: %(error)s") % {"error": "; ".join(map(str, result.errors))}
            )
        preview = as_preview(result)
        job.finish(
            summary=summary(preview, written=True),
            result=preview,
            url=reverse("teams:import_job", args=[job_id]),
        )
