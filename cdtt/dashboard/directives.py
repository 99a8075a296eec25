"""Guiding teams (chỉ đạo, hướng dẫn): a committee sends a directive to the teams of its
subtree, members with an account are notified and read it in the app, and the committee sees
who has read it."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cdtt import text as text_rules
from cdtt.accounts.scoping import scope
from cdtt.audit.log import record
from cdtt.notify.sending import send_now
from cdtt.orgunits.models import OrgUnit
from cdtt.teams.models import Membership, Team

from . import tasks
from .models import Directive, DirectiveRead

BODY_PREVIEW = 300
TITLE_LENGTH, TEXT_LENGTH = 200, 10000  # as the model


class DirectiveError(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(" ".join(v) for v in errors.values()))
        self.errors = errors


def _recipients(directive: Directive):
    """Members with an account on the directive's teams today (one query)."""
    return (
        Membership.objects.current()
        .filter(team__in=directive.teams.all(), member__user__isnull=False)
        .select_related("member__user")
        .order_by("member_id")
    )


def send_directive(
    actor,
    unit: OrgUnit,
    *,
    title: str,
    text: str,
    due_date: date | None = None,
    attachment=None,
) -> Directive:
    """Send a directive to every current team at or under `unit`, and notify their members
    who have an account (once each, whatever the number of their teams), from the queue."""
    errors = {}
    try:
        title = text_rules.line(title, TITLE_LENGTH)
    except text_rules.TextError as error:
        errors["title"], title = [text_rules.sentence(error)], "-"
    try:
        text = text_rules.lines(text, TEXT_LENGTH)
    except text_rules.TextError as error:
        errors["text"], text = [text_rules.sentence(error)], "-"
    if not title:
        errors["title"] = [_("A directive needs a title.")]
    if not text:
        errors["text"] = [_("A directive needs a text.")]
    if due_date is not None and due_date < timezone.localdate():
        errors["due_date"] = [_("The due date has passed.")]
    if errors:
        raise DirectiveError(errors)
    with transaction.atomic():
        directive = Directive.objects.create(
            unit=unit,
            title=title,
            text=text,
            due_date=due_date,
            attachment=attachment or "",
            sent_by=actor if getattr(actor, "pk", None) else None,
        )
        teams = Team.objects.filter(
            unit__path__startswith=unit.path, unit__valid_until__isnull=True
        )
        directive.teams.set(teams)
        record(
            actor,
            "directive_sent",
            directive,
            orgunit_path=unit.path,
            after={"title": title, "unit": unit.pk, "teams": directive.teams.count(),
                   "due_date": due_date.isoformat() if due_date else None},
        )  # fmt: skip
        # Its recipients are found and told by a task after the commit: a directive to a
        # whole province is not sent inside the request.
        pk = directive.pk
        transaction.on_commit(lambda: tasks.send_directive_notices(pk), robust=True)
    return directive


def send_notices(directive: Directive) -> int:
    """Tell every member with an active account on the directive's teams, once each
    (whatever the number of their teams); run in the queue. Returns the deliveries made."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New directive: %(title)s") % {"title": directive.title}
    url = reverse("dashboard:directive", args=[directive.pk])
    told, made = set(), 0
    for membership in _recipients(directive):
        user = membership.member.user
        if user.pk in told or not user.is_active:
            continue
        told.add(user.pk)
        key = f"directive:{directive.pk}:user:{user.pk}"
        made += len(send_now(user, key, subject, directive.text[:BODY_PREVIEW], url))
    return made


def mark_read(user, directive: Directive) -> None:
    """The first opening counts; later ones change nothing."""
    if not user.is_authenticated:
        return
    try:
        with transaction.atomic():
            DirectiveRead.objects.get_or_create(directive=directive, user=user)
    except IntegrityError:
        pass  # opened twice at once


@dataclass
class Reader:
    membership: Membership
    read_at: object = None  # datetime, or None: not read yet

    @property
    def has_account(self) -> bool:
        return self.membership.member.user_id is not None


def read_status(viewer, directive: Directive) -> list[Reader]:
    """Every current member of the directive's teams that the viewer may see, with when they
    read it (members without an account cannot: they are listed as such). Two queries."""
    memberships = (
        Membership.objects.current()
        .filter(team__in=scope(viewer, directive.teams.all()))
        .select_related("member", "team__unit")
        .order_by("team__unit__name_sort", "member__name_sort")
    )
    reads = dict(
        DirectiveRead.objects.filter(directive=directive).values_list("user_id", "read_at")
    )
    return [Reader(m, reads.get(m.member.user_id)) for m in memberships]
