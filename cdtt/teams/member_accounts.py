"""Accounts for the members of teams: issued in bulk from the teams' lists, and following
the memberships (no team today, no login).

The accounts themselves are the accounts app's (`cdtt.accounts.lifecycle`); this module
knows who is on which team, links each member to their account, and runs the issuing as a
background job (`cdtt.jobs`) whose outcome leads to the printable slips.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cdtt.accounts.lifecycle import Person, follow_memberships, issue_accounts
from cdtt.accounts.models import Deactivation, Role, User
from cdtt.jobs.running import run, start

from .models import Member, Membership, Team, TeamRole

KIND = "issue_accounts"
BATCH = 200  # people written per transaction (and per step of the progress bar)
LISTED = 50  # skipped people named in the outcome; the rest counted
# The team's leader manages the team's accounts; the deputy records for the team as a member
# account may (cdtt.activities.rules), and stays printable by the leader who issues codes.
ROLE_OF = {TeamRole.LEADER: Role.LEADER, TeamRole.DEPUTY: Role.MEMBER, TeamRole.MEMBER: Role.MEMBER}
FOLLOWED_ROLES = (Role.LEADER, Role.MEMBER)  # officers' accounts do not follow team lists


def in_force(day: date | None = None) -> Q:
    """Memberships that keep an account open on `day`: begun, and not ended by that day
    (a membership ended today has ended: its account closes today)."""
    day = day or timezone.localdate()
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gt=day))


def follow(member: Member, day: date | None = None) -> bool:
    """Keep the member's account in step with their memberships (the writers call this
    after every change): closed on the day the last one ends, reopened when they join again.
    """
    if member.user_id is None:
        return False
    user = User.objects.filter(pk=member.user_id, role__in=FOLLOWED_ROLES).first()
    if user is None:
        return False
    on_a_team = member.memberships.filter(in_force(day)).exists()
    return follow_memberships(user, on_a_team=on_a_team)


def follow_many(members: list[Member], day: date | None = None) -> int:
    """`follow` for many members at once (the writers of many memberships call this, since
    a bulk write sends no signal): a statement for the accounts, one for who is on a team,
    then only the accounts that change. Returns how many changed."""
    linked = {m.user_id: m.pk for m in members if m.user_id is not None}
    if not linked:
        return 0
    users = User.objects.filter(pk__in=linked, role__in=FOLLOWED_ROLES)
    on_a_team = set(
        Membership.objects.filter(in_force(day), member__in=linked.values()).values_list(
            "member_id", flat=True
        )
    )
    return sum(follow_memberships(u, on_a_team=linked[u.pk] in on_a_team) for u in users)


def follow_everyone(day: date | None = None) -> tuple[int, int]:
    """The nightly pass: close the accounts of members on no team, reopen those closed for
    that reason whose member is on a team again. Returns (closed, reopened)."""
    current = Exists(Membership.objects.filter(in_force(day), member=OuterRef("pk")))
    members = Member.objects.select_related("user").filter(user__role__in=FOLLOWED_ROLES)
    closed = reopened = 0
    for member in members.filter(user__is_active=True).exclude(current):
        closed += follow_memberships(member.user, on_a_team=False)
    for member in members.filter(
        current, user__is_active=False, user__deactivated=Deactivation.MEMBERSHIP
    ):
        reopened += follow_memberships(member.user, on_a_team=True)
    return closed, reopened


@db_periodic_task(crontab(hour="0", minute="20"))
def follow_memberships_nightly():
    """Every night, shortly after midnight: memberships that ended yesterday close their
    accounts, those that begin today reopen them."""
    return follow_everyone()


@dataclass
class TeamAccounts:
    """A team's current members, as the issuing page counts them."""

    team: Team
    members: int = 0
    active: int = 0  # activated and open
    pending: int = 0  # issued, not yet activated
    without: int = 0  # no account, or closed

    @property
    def to_issue(self) -> int:
        return self.pending + self.without


def count_accounts(teams: list[Team], day: date | None = None) -> list[TeamAccounts]:
    """For each team: its current members, and how many have a working account."""
    rows = {t.pk: TeamAccounts(t) for t in teams}
    memberships = Membership.objects.filter(in_force(day), team__in=teams).select_related(
        "member__user"
    )
    for membership in memberships:
        row, user = rows[membership.team_id], membership.member.user
        row.members += 1
        if user is None or not user.is_active:
            row.without += 1
        elif user.has_usable_password():
            row.active += 1
        else:
            row.pending += 1
    return list(rows.values())


def people_of(teams: list[Team], day: date | None = None) -> list[Person]:
    """Everyone on these teams today, once each (on the first of the teams they are on),
    with the account already theirs: linked, or an unlinked account with their phone."""
    order = {t.pk: i for i, t in enumerate(teams)}
    memberships = sorted(
        Membership.objects.filter(in_force(day), team__in=teams).select_related(
            "member__user", "team__unit"
        ),
        key=lambda m: (order[m.team_id], m.member.name_sort),
    )
    phones = {m.member.phone for m in memberships if m.member.user_id is None and m.member.phone}
    unlinked = {u.phone: u for u in User.objects.filter(phone__in=phones, member__isnull=True)}
    people, seen = [], set()
    for membership in memberships:
        member = membership.member
        if member.pk in seen:
            continue
        seen.add(member.pk)
        people.append(
            Person(
                key=member.pk,
                full_name=member.full_name,
                phone=member.phone,
                orgunit=membership.team.unit,
                role=ROLE_OF[membership.role],
                user=member.user or unlinked.get(member.phone),
            )
        )
    return people


def issue_for_teams(actor, teams: list[Team], *, batch: str, progress=None) -> dict:
    """Accounts and codes for everyone on these teams without a working account; each member
    linked to their account. Written BATCH people per transaction."""
    people = people_of(teams)
    issued, skipped = 0, []
    for first in range(0, len(people), BATCH):
        chunk = people[first : first + BATCH]
        with transaction.atomic():
            done = issue_accounts(actor, chunk, batch=batch)
            # Every account given here carries its member's phone: one UPDATE links them.
            linked = [p.key for p in chunk if p.user is not None]
            linked += [person.key for person, _user in done.created]
            theirs = User.objects.filter(phone=OuterRef("phone")).values("pk")[:1]
            Member.objects.filter(pk__in=linked, user__isnull=True).update(user=Subquery(theirs))
        issued += len(done.codes)
        skipped += [(person.full_name, str(reason)) for person, reason in done.skipped]
        if progress is not None:
            progress(min(first + BATCH, len(people)), len(people))
    return {"people": len(people), "issued": issued, "skipped": skipped}


@db_task()
def issue_accounts_task(job_id: int) -> None:
    """The job behind the issuing page: progress as it goes, the slips at the end."""
    with run(job_id) as job:
        params, actor = job.job.params, job.job.user
        teams = manageable_teams(actor, Team.objects.filter(pk__in=params["teams"]))
        job.progress(0, 0, _("Reading the teams' lists"))
        outcome = issue_for_teams(
            actor,
            teams,
            batch=params["batch"],
            progress=lambda done, total: job.progress(done, total, _("Issuing codes")),
        )
        job.finish(
            summary=summary(outcome),
            result={"issued": outcome["issued"], "skipped": outcome["skipped"]},
            url=reverse("accounts:slips", args=[params["batch"]]) if outcome["issued"] else "",
        )


def summary(outcome: dict) -> list[str]:
    """The lines the job's page shows when it ends."""
    lines = [
        ngettext(
            "%(n)d member got a code: print the slips.",
            "%(n)d members got a code: print the slips.",
            outcome["issued"],
        )
        % {"n": outcome["issued"]}
    ]
    skipped = outcome["skipped"]
    if skipped:
        lines.append(
            ngettext(
                "%(n)d member skipped:", "%(n)d members skipped:", len(skipped)
            ) % {"n": len(skipped)}
        )  # fmt: skip
        lines += [f"{name} ({reason})" for name, reason in skipped[:LISTED]]
        if len(skipped) > LISTED:
            lines.append(_("and %(n)d more.") % {"n": len(skipped) - LISTED})
    return lines


def manageable_teams(actor, teams) -> list[Team]:
    """The teams among these whose members the actor may issue accounts to."""
    from cdtt.accounts.scoping import scope

    from .access import can_manage_team

    found = scope(actor, teams.select_related("unit")).order_by("unit__level", "unit__name_sort")
    return [t for t in found if can_manage_team(actor, t)]


def start_issuing(actor, teams: list[Team]):
    """Queue the issuing job for these teams (after commit); returns the job."""
    title = ngettext(
        "Accounts for the members of %(n)d team", "Accounts for the members of %(n)d teams",
        len(teams),
    ) % {"n": len(teams)}  # fmt: skip
    params = {"teams": [t.pk for t in teams], "batch": uuid.uuid4().hex}
    return start(actor, KIND, title, issue_accounts_task, params=params)
