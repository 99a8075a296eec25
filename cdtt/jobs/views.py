"""A job's page: its progress while it runs (polled with htmx), its outcome when it ends."""

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from cdtt.accounts.scoping import as_id

from .models import Job

if TYPE_CHECKING:
    from cdtt.accounts.models import User


def access_job(user: "User", job_id: object) -> Job:
    """The user's own job, or 404 exactly as if it did not exist."""
    pk = as_id(job_id)
    job = Job.objects.filter(pk=pk, user=user).defer("payload").first() if pk else None
    if job is None:
        raise Http404
    return job


@login_required
@never_cache
def job_page(request, job_id):
    job = access_job(request.user, job_id)
    template = "jobs/_progress.html" if request.htmx else "jobs/job.html"
    return render(request, template, {"job": job})
