"""The pages of help sessions: the public page and its poster (no account needed), the
planning form, the buttons of members and leaders, and the session's photos (inside the app
only). Views parse, call `actions`, render."""

import json
import uuid

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cdtt.accounts.scoping import as_id
from cdtt.accounts.slips import draw_qr
from cdtt.activities.models import ActivityType, Source
from cdtt.teams.models import Member

from . import actions
from .actions import photos as photo_actions
from .actions import results as result_actions
from .forms import PlanForm, plannable_teams
from .models import Session, SessionPhoto
from .rules import SessionError, can_manage, member_of, visible_sessions


def _public(pk: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("unit", "village").prefetch_related(
            "activity_types", "teams__unit"
        ),
        pk=pk,
    )


def detail(request, pk: int):
    """The session as residents read it (no account), with the buttons of members and
    leaders under it when they are logged in."""
    session = _public(pk)
    context = {"session": session, "address": request.build_absolute_uri(session_url(session))}
    user = request.user
    if user.is_authenticated and visible_sessions(user, Session.objects.filter(pk=pk)).exists():
        member = member_of(user)
        seats = list(session.seats.select_related("member", "team__unit"))
        context.update(
            staff=True,
            seats=sorted(seats, key=lambda s: s.member.name_sort),
            manages=can_manage(user, session),
            my_seat=next((s for s in seats if member and s.member_id == member.pk), None),
            is_member=member is not None,
            can_record=session.date <= timezone.localdate()
            and result_actions.can_record_results(user, session),
            photos=[
                (photo, photo_actions.can_remove_photo(user, photo))
                for photo in session.photos.select_related("session__unit")
            ],
        )
        if context["manages"]:
            team_ids = [t.pk for t in session.teams.all()]
            context["assignable"] = (
                Member.objects.filter(memberships__team_id__in=team_ids)
                .exclude(pk__in=[s.member_id for s in seats])
                .distinct()
                .vietnamese_order()
            )
    return render(request, "helpsessions/detail.html", context)


def session_url(session: Session) -> str:
    return reverse("helpsessions:detail", args=[session.pk])


def poster(request, pk: int):
    """The A4 poster for the village notice board, with the QR code of the session's page."""
    session = _public(pk)
    address = request.build_absolute_uri(session_url(session))
    qr = draw_qr(segno.make_qr(address, error="m", boost_error=False), address)
    return render(
        request, "helpsessions/poster.html", {"session": session, "address": address, "qr": qr}
    )


@login_required
def mine(request):
    """The sessions the user reads: upcoming first, then the recent ones."""
    sessions = (
        visible_sessions(request.user)
        .select_related("unit", "village")
        .prefetch_related("seats")
        .order_by("-date", "-start")[:60]
    )
    return render(
        request,
        "helpsessions/list.html",
        {"sessions": sessions, "can_plan": plannable_teams(request.user).exists()},
    )


@login_required
def plan(request):
    if not (request.user.is_officer or plannable_teams(request.user).exists()):
        raise PermissionDenied
    form = PlanForm(request.user, request.POST or None, initial={"client_id": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = actions.plan_session(
                request.user,
                unit=form.unit(),
                teams=list(data["teams"]),
                village=data["village"],
                day=data["date"],
                start=data["start"],
                end=data["end"],
                place=data["place"],
                address=data["address"],
                types=list(data["types"]),
                bring=form.bring_lines(),
                members_needed=data["members_needed"],
                weeks=data["weeks"],
                client_id=data["client_id"],
            )
        except SessionError as error:
            for field, problems in error.errors.items():
                form.add_error(field if field in form.fields else None, " ".join(problems))
        else:
            messages.success(
                request,
                _("%(n)s session(s) planned, the first on %(day)s.")
                % {"n": len(made), "day": made[0].date.strftime("%d/%m/%Y")},
            )
            return redirect("helpsessions:detail", pk=made[0].pk)
    status = 400 if form.errors else 200
    return render(request, "helpsessions/plan.html", {"form": form}, status=status)


def _visible(request, pk: int) -> Session:
    found = visible_sessions(request.user, Session.objects.filter(pk=pk)).first()
    if found is None:
        raise Http404
    return found


def _act(request, pk: int, do) -> object:
    session = _visible(request, pk)
    try:
        message = do(session)
    except SessionError as error:
        for problems in error.errors.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        if message:
            messages.success(request, message)
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("helpsessions:detail", pk=pk)


@login_required
@require_POST
def sign_up(request, pk: int):
    def do(session):
        actions.sign_up(request.user, session)
        return _("You are signed up. Thank you!")

    return _act(request, pk, do)


@login_required
@require_POST
def withdraw(request, pk: int):
    def do(session):
        actions.withdraw(request.user, session)
        return _("You are no longer signed up.")

    return _act(request, pk, do)


@login_required
@require_POST
def assign(request, pk: int):
    def do(session):
        member_id = as_id(request.POST.get("member"))
        member = Member.objects.filter(pk=member_id).first() if member_id else None
        if member is None:
            raise SessionError({"member": [_("Choose a member.")]})
        actions.assign(request.user, session, member)
        return _("%(member)s is on the session.") % {"member": member.full_name}

    return _act(request, pk, do)


@login_required
@require_POST
def attendance(request, pk: int):
    def do(session):
        present = {as_id(v) for v in request.POST.getlist("present")} - {None}
        actions.take_attendance(request.user, session, present)
        return _("Attendance saved.")

    return _act(request, pk, do)


@login_required
@require_POST
def cancel(request, pk: int):
    def do(session):
        actions.cancel_session(request.user, session)
        return _("The session is cancelled.")

    return _act(request, pk, do)


@login_required
def results(request, pk: int):
    """The results form: residents helped per type and who gave the help. Works offline:
    session-results.js keeps what is sent in a queue and posts it when back online."""
    session = _visible(request, pk)
    if not result_actions.can_record_results(request.user, session):
        raise Http404
    seats = sorted(
        session.seats.select_related("member").exclude(present=False),
        key=lambda s: s.member.name_sort,
    )
    offered = list(session.activity_types.all()) or list(ActivityType.objects.active())
    if request.method == "POST":
        items = []
        for kind in offered:
            count = as_id(request.POST.get(f"{kind.code}-people_helped"))
            if not count:
                continue
            items.append(
                {
                    "type": kind.code,
                    "people_helped": count,
                    **{
                        name: as_id(request.POST.get(f"{kind.code}-{name}")) or 0
                        for name in (
                            "women",
                            "ethnic_minority",
                            "elderly",
                            "households_without_smartphone",
                        )
                    },
                    "givers": [
                        as_id(v) for v in request.POST.getlist(f"{kind.code}-givers") if as_id(v)
                    ],
                }
            )
        try:
            client_id = uuid.UUID(request.POST.get("client_id", ""))
        except ValueError:
            client_id = None
        try:
            result_actions.record_results(request.user, session, items, client_id, Source.WEB)
        except SessionError as error:
            for where, problems in error.errors.items():
                messages.error(request, f"{where}: {' '.join(problems)}")
        else:
            messages.success(request, _("The results are recorded."))
            _add_photos(request, session, client_id or uuid.uuid4())
            return redirect("helpsessions:detail", pk=pk)
    stored = {
        r.type.code: r for r in session.results.select_related("type").prefetch_related("givers")
    }
    rows = [
        {
            "type": kind,
            "result": stored.get(kind.code),
            "givers": {m.pk for m in stored[kind.code].givers.all()}
            if kind.code in stored
            else set(),
        }
        for kind in offered
    ]
    left = max(0, photo_actions.MAX_PHOTOS - session.photos.count())
    context = {
        "session": session,
        "seats": seats,
        "rows": rows,
        "client_id": uuid.uuid4(),
        "api": reverse("session-results", args=[session.pk]),
        "photos_api": reverse("session-photos", args=[session.pk]),
        "photos_left": left,
        "max_photos": photo_actions.MAX_PHOTOS,
        "labels": json.dumps(
            {
                "queued": _(
                    "No connection: the results are kept on this phone and sent when back online."
                ),
                "sent": _("The results are recorded."),
                "photo_queued": _(
                    "No connection: the photo is kept on this phone and sent when back online."
                ),
                "photo_sent": _("Photo sent."),
                "photo_refused": _("Photo refused:"),
                "photo_too_many": _("Only %(n)s photo(s) can be added: the first ones are kept.")
                % {"n": left},
            }
        ),
    }
    return render(request, "helpsessions/results.html", context)


def _add_photos(request, session: Session, client_id: uuid.UUID) -> None:
    """The photos of the results form sent without its script (the plain form post); their
    ids follow the form's, so sending the form again adds none twice."""
    for number, upload in enumerate(request.FILES.getlist("photos")):
        try:
            photo_actions.add_photo(
                request.user, session, upload, uuid.uuid5(client_id, f"photo:{number}")
            )
        except SessionError as error:
            for problems in error.errors.values():
                messages.error(request, f"{upload.name[:60]}: {' '.join(problems)}")


def _photo(request, pk: int, photo_pk: int) -> SessionPhoto:
    session = _visible(request, pk)
    return get_object_or_404(
        SessionPhoto.objects.select_related("session__unit"), session=session, pk=photo_pk
    )


@login_required
def photo(request, pk: int, photo_pk: int):
    """A session's photo, served only to those who read the session inside the app (404 to
    anyone else): residents' faces are not for the portal, so no public address has them."""
    found = _photo(request, pk, photo_pk)
    try:
        handle = found.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def photo_delete(request, pk: int, photo_pk: int):
    """Remove a photo, after a page that asks (the leader, an officer over the session, or
    the member who sent it)."""
    found = _photo(request, pk, photo_pk)
    if not photo_actions.can_remove_photo(request.user, found):
        raise PermissionDenied
    if request.method == "POST":
        photo_actions.remove_photo(request.user, found)
        messages.success(request, _("The photo was removed."))
        return redirect("helpsessions:detail", pk=pk)
    return render(
        request, "helpsessions/photo_delete.html", {"photo": found, "session": found.session}
    )
