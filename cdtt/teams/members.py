"""Writing teams, members, memberships and training: the one place with the rules.

Pages, the API, the Excel import and commands all call these functions; each validates,
writes in a transaction and leaves an audit entry. A person is one Member whatever the
number of teams they sit on; their phone number identifies them (one phone per person).
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cdtt.audit.log import record
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.vietnamese import clean_name, fold

from . import member_accounts, rules
from .models import Member, Membership, Team, TeamRole, Training

FOUNDED = date(2022, 1, 1)  # the teams were founded in 2022 (Công văn 793/BTTTT-THH)
PLANNING_DAYS = 366  # a membership may be entered up to a year before it starts
TOPIC_LENGTH = 200
PERSON_FIELDS = ("full_name", "phone", "birth_year", "gender", "ethnicity", "affiliation",
                 "affiliation_note", "skills", "phone_public")  # fmt: skip
GENERAL = "__all__"


class MemberError(ValueError):
    """A write that cannot be done; `errors` maps each field (or "__all__") to messages."""

    def __init__(self, errors: dict[str, list[str]] | str):
        if isinstance(errors, str):
            errors = {GENERAL: [errors]}
        super().__init__("; ".join(" ".join(v) for v in errors.values()))
        self.errors = errors


def ensure_team(unit: OrgUnit) -> Team:
    """The team of a commune or village, created the first time it is needed."""
    if unit.level not in (Level.COMMUNE, Level.VILLAGE):
        raise ValueError(_("Only communes and villages have a team."))
    try:
        team, _created = Team.objects.get_or_create(unit=unit)
    except IntegrityError:  # created meanwhile by another request
        team = Team.objects.get(unit=unit)
    return team


_PARSERS = {
    "full_name": rules.parse_name,
    "phone": rules.parse_phone,
    "birth_year": rules.parse_birth_year,
    "gender": rules.parse_gender,
    "ethnicity": rules.parse_ethnicity,
    "affiliation": rules.parse_affiliation,
    "affiliation_note": rules.parse_note,
    "skills": rules.parse_skills,
    "phone_public": bool,
}


def clean_person(fields: dict) -> dict:
    """The given person fields in stored form; MemberError listing every bad one."""
    cleaned, errors = {}, {}
    for name, value in fields.items():
        if name not in _PARSERS:
            raise TypeError(f"not a member field: {name}")
        try:
            cleaned[name] = _PARSERS[name](value)
        except ValueError as error:
            errors[name] = [str(error)]
    if errors:
        raise MemberError(errors)
    return cleaned


def snapshot(member: Member) -> dict:
    """The member's person fields, for audit entries."""
    return {name: getattr(member, name) for name in PERSON_FIELDS}


def member_path(member: Member) -> str:
    """The deepest unit holding all of the member's teams: where their audit entries go."""
    paths = [m.team.unit.path for m in member.memberships.select_related("team__unit")]
    if not paths:
        return ""
    parts = [p.strip("/").split("/") for p in paths]
    common = []
    for segment in zip(*parts, strict=False):
        if len(set(segment)) != 1:
            break
        common.append(segment[0])
    return "/".join(common) + "/" if common else ""


def same_person(member: Member, full_name: str) -> bool:
    return fold(member.full_name) == fold(full_name)


def member_with_phone(phone: str | None, full_name: str) -> Member | None:
    """The member who already has this phone, if it is the same person; else MemberError."""
    if not phone:
        return None
    member = Member.objects.filter(phone=phone).first()
    if member is not None and not same_person(member, full_name):
        raise MemberError({"phone": [_("This phone number belongs to another member.")]})
    return member


def _check_day(day: date, field: str) -> None:
    today = timezone.localdate()
    if day < FOUNDED:
        raise MemberError(
            {field: [_("The teams were founded in 2022; %(day)s is earlier.") % {"day": day}]}
        )
    if day > today + timedelta(days=PLANNING_DAYS):
        raise MemberError({field: [_("More than a year ahead.")]})


def _check_no_overlap(team: Team, member: Member, start: date) -> None:
    """A member's memberships of one team never overlap: who comes back starts after the
    last day of the earlier membership (the database refuses an overlap too)."""
    last = (
        Membership.objects.filter(team=team, member=member, end__gte=start)
        .order_by("-end")
        .values_list("end", flat=True)
        .first()
    )
    if last is not None:
        raise MemberError(
            {
                "start": [
                    _(
                        "%(name)s was on this team until %(end)s; the new membership can "
                        "start on %(next)s at the earliest."
                    )
                    % {
                        "name": member.full_name,
                        "end": formats.date_format(last, "d/m/Y"),
                        "next": formats.date_format(last + timedelta(days=1), "d/m/Y"),
                    }
                ]
            }
        )


def _check_leader(team: Team, role: str, start: date, exclude: Membership | None = None) -> None:
    """One leader at a time: another leader must have left before this one starts."""
    if role != TeamRole.LEADER:
        return
    others = Membership.objects.filter(team=team, role=TeamRole.LEADER).filter(
        Q(end__isnull=True) | Q(end__gt=start)
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    leader = others.select_related("member").first()
    if leader is not None:
        raise MemberError(
            {
                "role": [
                    _("%(name)s is the leader of this team; end that membership first.")
                    % {"name": leader.member.full_name}
                ]
            }
        )


@transaction.atomic
def add_member(
    actor, team: Team, *, role: str = TeamRole.MEMBER, start: date | None = None, **person
) -> Membership:
    """Put a person on a team: a new member, or the member who already has this phone.

    When the phone is known, the existing member joins (details left blank on them are
    filled in, nothing is overwritten); a phone of someone with another name is refused.
    """
    if not person.get("full_name"):
        person["full_name"] = ""  # the name is required here: parsed and refused below
    try:
        data = clean_person(person)
    except MemberError as error:
        _add_phone_conflict(error, person)
        raise
    member = member_with_phone(data.get("phone"), data["full_name"])
    if member is None:
        member = Member(**data)
        member.save()
        record(actor, "create", member, orgunit_path=team.unit.path, after=snapshot(member))
    else:
        fill_blanks(actor, member, data, team.unit.path)
    return add_membership(actor, team, member, role=role, start=start)


def _add_phone_conflict(error: MemberError, person: dict) -> None:
    """Report a taken phone together with the other bad fields, when the phone is valid."""
    if "phone" in error.errors or "full_name" in error.errors:
        return
    try:
        member_with_phone(rules.parse_phone(person.get("phone")), person["full_name"])
    except MemberError as conflict:
        error.errors.update(conflict.errors)


def fill_blanks(actor, member: Member, data: dict, path: str) -> None:
    """Complete an existing member with details they lack; never overwrite."""
    before = snapshot(member)
    changed = []
    for name, value in data.items():
        if name in ("full_name", "phone") or value in (None, "", []):
            continue
        if getattr(member, name) in (None, "", []):
            setattr(member, name, value)
            changed.append(name)
    if changed:
        member.save()
        record(actor, "update", member, orgunit_path=path, before=before, after=snapshot(member))


def _check_may_join(team: Team, member: Member, role: str, start: date) -> None:
    if Membership.objects.filter(team=team, member=member, end__isnull=True).exists():
        raise MemberError(
            _("%(name)s is already a member of this team.") % {"name": member.full_name}
        )
    _check_no_overlap(team, member, start)
    _check_leader(team, role, start)


@transaction.atomic
def add_membership(
    actor, team: Team, member: Member, *, role: str = TeamRole.MEMBER, start: date | None = None
) -> Membership:
    """A member joins a team in a role; one open membership per team, one leader at a time."""
    if role not in TeamRole.values:
        raise MemberError({"role": [_("Unknown role.")]})
    start = start or timezone.localdate()
    _check_day(start, "start")
    _check_may_join(team, member, role, start)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(team=team, member=member, role=role, start=start)
    except IntegrityError:
        # Another request added them (or a leader) since the checks; now the checks see it
        # and say why. Anything else the database refused is not ours to explain.
        _check_may_join(team, member, role, start)
        raise
    record(
        actor,
        "create",
        membership,
        orgunit_path=team.unit.path,
        after={"team": team.pk, "member": member.pk, "role": role, "start": str(start)},
    )
    member_accounts.follow(member)  # joining again reopens an account closed for leaving
    return membership


@transaction.atomic
def update_member(actor, member: Member, **fields) -> Member:
    """Change a member's own details (name, phone, year, skills…); audited field by field."""
    data = clean_person(fields)
    if "full_name" in data and not data["full_name"]:
        raise MemberError({"full_name": [_("the name is missing")]})
    phone = data.get("phone")
    if phone and Member.objects.filter(phone=phone).exclude(pk=member.pk).exists():
        raise MemberError({"phone": [_("This phone number belongs to another member.")]})
    before = snapshot(member)
    for name, value in data.items():
        setattr(member, name, value)
    after = snapshot(member)
    if after != before:
        member.save()
        changed = [k for k in PERSON_FIELDS if before[k] != after[k]]
        record(
            actor,
            "update",
            member,
            orgunit_path=member_path(member),
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return member


@transaction.atomic
def change_role(actor, membership: Membership, role: str) -> Membership:
    if role not in TeamRole.values:
        raise MemberError({"role": [_("Unknown role.")]})
    if membership.end is not None:
        raise MemberError(_("This membership has ended."))
    if role == membership.role:
        return membership
    _check_leader(membership.team, role, timezone.localdate(), exclude=membership)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        actor,
        "update",
        membership,
        orgunit_path=membership.team.unit.path,
        before={"role": before},
        after={"role": role},
    )
    return membership


@transaction.atomic
def end_membership(actor, membership: Membership, end: date | None = None) -> Membership:
    """The member leaves the team on `end` (today by default); the membership is kept."""
    end = end or timezone.localdate()
    if membership.end is not None:
        raise MemberError(_("This membership has already ended."))
    if end < membership.start:
        raise MemberError(
            {
                "end": [
                    _("The end cannot be before the start (%(start)s).")
                    % {"start": membership.start}
                ]
            }
        )
    _check_day(end, "end")
    membership.end = end
    membership.save(update_fields=["end"])
    record(
        actor,
        "end",
        membership,
        orgunit_path=membership.team.unit.path,
        before={"end": None},
        after={"end": str(end), "role": membership.role, "member": membership.member_id},
    )
    member_accounts.follow(membership.member)  # the last membership ended: account closed
    return membership


def deletion_refusal(member: Member) -> str:
    """Why the member cannot be deleted ("" when they can).

    A member stays once any of their memberships has begun: from then on they may have
    activities and reports, which are evidence. End the membership instead.
    """
    if member.memberships.filter(start__lte=timezone.localdate()).exists():
        return _("A member who has served on a team is never deleted; end the membership.")
    return ""


@transaction.atomic
def delete_member(actor, member: Member) -> None:
    """Remove a member entered by mistake whose memberships have not yet begun."""
    refusal = deletion_refusal(member)
    if refusal:
        raise MemberError(refusal)
    path, before, pk = member_path(member), snapshot(member), member.pk
    try:
        with transaction.atomic():
            member.memberships.all().delete()
            member.delete()
    except ProtectedError as error:  # activities or reports point at them
        raise MemberError(
            _("A member with activities or reports is never deleted; end the membership.")
        ) from error
    member.pk = pk
    record(actor, "delete", member, orgunit_path=path, before=before)
    member_accounts.follow(member)  # no team any more: the account, if any, is closed


@transaction.atomic
def add_training(actor, member: Member, *, day: date, topic: str, organiser: str = "") -> Training:
    """A training session the member attended."""
    topic, organiser = clean_name(topic or ""), clean_name(organiser or "")
    errors = {}
    if not topic:
        errors["topic"] = [_("What was the training about?")]
    elif len(topic) > TOPIC_LENGTH:
        errors["topic"] = [_("At most %(n)s characters.") % {"n": TOPIC_LENGTH}]
    if len(organiser) > TOPIC_LENGTH:
        errors["organiser"] = [_("At most %(n)s characters.") % {"n": TOPIC_LENGTH}]
    if day > timezone.localdate():
        errors["day"] = [_("A training attended cannot be in the future.")]
    elif day.year < 2000:
        errors["day"] = [_("Too long ago.")]
    if errors:
        raise MemberError(errors)
    training = Training.objects.create(member=member, date=day, topic=topic, organiser=organiser)
    record(
        actor,
        "create",
        training,
        orgunit_path=member_path(member),
        after={"member": member.pk, "date": str(day), "topic": topic, "organiser": organiser},
    )
    return training


def current_leader(team: Team) -> Membership | None:
    return (
        Membership.objects.current()
        .filter(team=team, role=TeamRole.LEADER)
        .select_related("member")
        .first()
    )
