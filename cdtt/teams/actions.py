"""Writing teams, members, memberships and training: the one place with the rules.

Pages, the API, the Excel import and commands all call these functions; each validates,
writes in a transaction and leaves an audit entry. A person is one Member whatever the
number of teams they sit on; their phone number identifies them (one phone per person).

A person may sit on teams of two subtrees (a village team and the commune team, or two
communes after a move). So that nobody reaches data held outside their subtree:

- a phone that belongs to someone the actor cannot see is refused with one message that
  says nothing more (not whose, not where, not whether the typed name matches), and no
  field of that person is read, returned or changed (`member_with_phone`);
- the person's own record (name, phone, details, skills, training) is changed only by
  those who manage every team she is on now (`access.can_manage_member`); the others
  change only their own team's membership row (role, end);
- an actor is the system (None: management commands) or a user; the system sees everyone.
- audit entries about the person go to her communes, one entry each (`member_paths`).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cdtt import text
from cdtt.accounts.models import Role
from cdtt.accounts.scoping import scope
from cdtt.audit.log import record, record_many
from cdtt.orgunits.models import Level, OrgUnit
from cdtt.vietnamese import fold, sort_key

from . import member_accounts, rules
from .access import can_manage_member
from .models import Member, Membership, Team, TeamRole, Training

FOUNDED = date(2022, 1, 1)  # the teams were founded in 2022 (Công văn 793/BTTTT-THH)
PLANNING_DAYS = 366  # a membership may be entered up to a year before it starts
TOPIC_LENGTH = 200
PERSON_FIELDS = ("full_name", "phone", "birth_year", "gender", "ethnicity", "affiliation",
                 "affiliation_note", "skills", "phone_public")  # fmt: skip
GENERAL = "__all__"


class MemberError(ValueError):
    """A write that cannot be done; `errors` maps each field (or "__all__") to messages."""

    def __init__(self, errors: dict[str, list[str]] | str, index: int | None = None):
        if isinstance(errors, str):
            errors = {GENERAL: [errors]}
        super().__init__("; ".join(" ".join(v) for v in errors.values()))
        self.errors = errors
        self.index = index  # for a write of many (`add_members`): which one was refused


def ensure_team(unit: OrgUnit) -> Team:
    """The team of a commune or village, created the first time it is needed."""
    if unit.level not in (Level.COMMUNE, Level.VILLAGE):
        raise ValueError(_("Only communes and villages have a team."))
    try:
        team, _created = Team.objects.get_or_create(unit=unit)
    except IntegrityError:  # created meanwhile by another request
        team = Team.objects.get(unit=unit)
    team.unit = unit  # read by the callers' audit entries
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


def member_paths(member: Member) -> list[str]:
    """Where audit entries about the person go: in each commune holding one of her teams
    (her open memberships; all of them once every one has ended), her team's unit, or the
    commune when she is on several of its teams. Each commune's officers read what changed
    on their member; no unit she is not on holds it."""
    memberships = list(member.memberships.select_related("team__unit"))
    today = timezone.localdate()
    open_ones = [m for m in memberships if m.end is None or m.end >= today]
    by_commune: dict[str, set[str]] = {}
    for membership in open_ones or memberships:
        path = membership.team.unit.path
        by_commune.setdefault(_commune_path(path), set()).add(path)
    return sorted(
        next(iter(paths)) if len(paths) == 1 else commune for commune, paths in by_commune.items()
    )


def _commune_path(path: str) -> str:
    """ "12/345/6789/" (a village) -> "12/345/": teams belong to communes and villages."""
    return "/".join(path.strip("/").split("/")[:2]) + "/"


def _record_person(actor, action: str, member: Member, **values) -> None:
    """An audit entry about the person, in each of her communes."""
    for path in member_paths(member) or [""]:
        record(actor, action, member, orgunit_path=path, **values)


def same_person(member: Member, full_name: str) -> bool:
    return fold(member.full_name) == fold(full_name)


def sees_member(actor, member: Member) -> bool:
    """True when the member is inside the actor's subtree (one of her memberships, now or
    before, is); the system (None) sees everyone."""
    if actor is None:
        return True
    return scope(actor, Member.objects.filter(pk=member.pk)).exists()


def phone_taken(actor) -> str:
    """The one answer to a phone held by someone outside the actor's subtree: it says the
    number is taken (one phone, one person) and who can help, nothing about the person."""
    role = getattr(actor, "role", None)
    if role == Role.COMMUNE:
        who = _("the province officer")
    elif role == Role.PROVINCE:
        who = _("an administrator")
    else:
        who = _("the commune officer")
    return _("This phone number is already in use. Ask %(who)s to add this person.") % {"who": who}


def member_with_phone(actor, phone: str | None, full_name: str) -> Member | None:
    """The member who already has this phone, if the actor may see her and it is the same
    person; MemberError otherwise (`phone_taken` for anyone outside the actor's subtree)."""
    if not phone:
        return None
    member = Member.objects.filter(phone=phone).first()
    if member is None:
        return None
    if not sees_member(actor, member):
        raise MemberError({"phone": [phone_taken(actor)]})
    if not same_person(member, full_name):
        raise MemberError({"phone": [_("This phone number belongs to another member.")]})
    return member


def members_with_phones(actor, phones) -> tuple[dict[str, Member], set[str]]:
    """For a list (an import): the members the actor sees, by phone, and the phones held by
    people outside the actor's subtree (to be answered with `phone_taken`)."""
    found = {m.phone: m for m in Member.objects.filter(phone__in=set(phones))}
    if actor is None or not found:
        return found, set()
    seen = set(
        scope(actor, Member.objects.filter(pk__in=[m.pk for m in found.values()])).values_list(
            "pk", flat=True
        )
    )
    return (
        {phone: m for phone, m in found.items() if m.pk in seen},
        {phone for phone, m in found.items() if m.pk not in seen},
    )


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
        _add_phone_conflict(error, person, actor)
        raise
    member = member_with_phone(actor, data.get("phone"), data["full_name"])
    if member is None:
        member = Member(**data)
        member.save()
        record(actor, "create", member, orgunit_path=team.unit.path, after=snapshot(member))
        return add_membership(actor, team, member, role=role, start=start)
    membership = add_membership(actor, team, member, role=role, start=start)
    fill_blanks(actor, member, data)  # now on this team too: audited in its commune as well
    return membership


@dataclass
class Joining:
    """Someone `add_members` puts on a team: the team, their fields, role and first day."""

    team: Team
    person: dict
    role: str = TeamRole.MEMBER
    start: date | None = None


@transaction.atomic
def add_members(actor, joining: list[Joining]) -> list[Membership]:
    """Put many people on teams at once (an import's new people): what `add_member` does
    for each, with the same rules and audit entries, in a few statements.

    Every person is checked first (fields, role, day), then the teams are locked and their
    composition is checked under the lock: one leader at a time, a phone stored meanwhile.
    Someone whose phone is stored already, or given twice here, goes through `add_member`
    once the others are written (they join; a phone of another person or of someone
    outside the actor's subtree is refused as there). A refusal undoes everything; its
    `index` says which one. Returns the memberships, in the order given.
    """
    today, roles = timezone.localdate(), set(TeamRole.values)
    checked: list[tuple[Joining, dict, date]] = []  # the entry, its fields as stored, its day
    for index, entry in enumerate(joining):
        try:
            if entry.role not in roles:
                raise MemberError({"role": [_("Unknown role.")]})
            person = {**entry.person, "full_name": entry.person.get("full_name") or ""}
            try:
                data = clean_person(person)
            except MemberError as error:
                _add_phone_conflict(error, person, actor)
                raise
            start = entry.start or today
            _check_day(start, "start")
        except MemberError as error:
            error.index = index
            raise
        checked.append((entry, data, start))
    _lock_teams({entry.team.pk for entry in joining})
    phones = {data["phone"] for _entry, data, _start in checked if data.get("phone")}
    stored = set(Member.objects.filter(phone__in=phones).values_list("phone", flat=True))
    fresh, later, given = [], [], set()
    for index, (_entry, data, _start) in enumerate(checked):
        phone = data.get("phone")
        if phone and (phone in stored or phone in given):
            later.append(index)
        else:
            given.add(phone)
            fresh.append(index)
    leaders = [(i, checked[i][0].team, checked[i][0].role, checked[i][2],
                checked[i][1]["full_name"]) for i in fresh]  # fmt: skip
    _check_leaders(leaders)
    members = [Member(**checked[i][1]) for i in fresh]
    for member in members:  # bulk_create skips save()
        member.name_folded, member.name_sort = fold(member.full_name), sort_key(member.full_name)
    Member.objects.bulk_create(members, batch_size=1000)
    record_many(actor, "create", [(member, checked[i][0].team.unit.path, snapshot(member))
                                  for i, member in zip(fresh, members, strict=True)])  # fmt: skip
    made = [
        Membership(team=checked[i][0].team, member=member, role=checked[i][0].role,
                   start=checked[i][2])
        for i, member in zip(fresh, members, strict=True)
    ]  # fmt: skip
    try:
        with transaction.atomic():
            Membership.objects.bulk_create(made, batch_size=1000)
    except IntegrityError:
        # Written meanwhile by a writer that does not lock (a leader added one by one):
        # the check now says why. Anything else the database refused is not ours to explain.
        _check_leaders(leaders)
        raise
    record_many(actor, "create", [
        (m, m.team.unit.path, {"team": m.team_id, "member": m.member_id, "role": m.role,
                               "start": str(m.start)})
        for m in made
    ])  # fmt: skip
    member_accounts.follow_many(members)  # accounts follow memberships (new people: none yet)
    memberships = dict(zip(fresh, made, strict=True))
    for index in later:
        entry, _data, start = checked[index]
        try:
            memberships[index] = add_member(actor, entry.team, role=entry.role, start=start,
                                            **entry.person)  # fmt: skip
        except MemberError as error:
            error.index = index
            raise
    return [memberships[i] for i in range(len(joining))]


def _lock_teams(team_ids: set[int]) -> None:
    """Hold these teams until the transaction ends: two lists written at once for one team
    wait for each other, and each checks the composition the other left (PostgreSQL; a
    SQLite write holds the whole database already)."""
    list(Team.objects.select_for_update().filter(pk__in=team_ids).order_by("pk").values("pk"))


def _check_leaders(joining: list[tuple[int, Team, str, date, str]]) -> None:
    """`_check_leader` for many at once (index, team, role, first day, name): a leader
    joins only when no other leader is on the team that day, counting the earlier ones
    of the list."""
    leaders = [j for j in joining if j[2] == TeamRole.LEADER]
    if not leaders:
        return
    first_day = min(start for _index, _team, _role, start, _name in leaders)
    sitting: dict[int, list[Membership]] = {}
    for leader in (
        Membership.objects.filter(team__in={j[1].pk for j in leaders}, role=TeamRole.LEADER)
        .filter(Q(end__isnull=True) | Q(end__gt=first_day))
        .select_related("member")
    ):
        sitting.setdefault(leader.team_id, []).append(leader)
    added: dict[int, str] = {}
    for index, team, _role, start, name in leaders:
        others = [m.member.full_name for m in sitting.get(team.pk, [])
                  if m.end is None or m.end > start]  # fmt: skip
        if team.pk in added:
            others.append(added[team.pk])
        if others:
            message = _("%(name)s is the leader of this team; end that membership first.")
            raise MemberError({"role": [message % {"name": others[0]}]}, index=index)
        added[team.pk] = name


def _add_phone_conflict(error: MemberError, person: dict, actor) -> None:
    """Report a taken phone together with the other bad fields, when the phone is valid."""
    if "phone" in error.errors or "full_name" in error.errors:
        return
    try:
        member_with_phone(actor, rules.parse_phone(person.get("phone")), person["full_name"])
    except MemberError as conflict:
        error.errors.update(conflict.errors)


def fill_blanks(actor, member: Member, data: dict) -> None:
    """Complete an existing member with details they lack; never overwrite. Only those who
    may change her record do it (`access.can_manage_member`); for the others she joins as
    she is."""
    if actor is not None and not can_manage_member(actor, member):
        return
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
        _record_person(actor, "update", member, before=before, after=snapshot(member))


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
    """A member joins a team in a role; one open membership per team, one leader at a time.
    The actor must see the member (she is in their subtree), as `member_with_phone` found
    her; a member outside it is answered like a phone outside it."""
    if member.memberships.exists() and not sees_member(actor, member):  # not one just made
        raise MemberError({"phone": [phone_taken(actor)]})
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
    """Change a member's own details (name, phone, year, skills…); audited field by field, in
    each of her communes. Only for those who manage every team she is on now."""
    if actor is not None and not can_manage_member(actor, member):
        raise MemberError(not_keeper())
    data = clean_person(fields)
    if "full_name" in data and not data["full_name"]:
        raise MemberError({"full_name": [_("the name is missing")]})
    phone = data.get("phone")
    holder = Member.objects.filter(phone=phone).exclude(pk=member.pk).first() if phone else None
    if holder is not None:
        if not sees_member(actor, holder):
            raise MemberError({"phone": [phone_taken(actor)]})
        raise MemberError({"phone": [_("This phone number belongs to another member.")]})
    before = snapshot(member)
    for name, value in data.items():
        setattr(member, name, value)
    after = snapshot(member)
    if after != before:
        member.save()
        changed = [k for k in PERSON_FIELDS if before[k] != after[k]]
        _record_person(
            actor,
            "update",
            member,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return member


def not_keeper() -> str:
    """Why the person's own record cannot be changed by someone who manages only some of the
    teams she is on (they still change their own team's membership: role, end)."""
    return _(
        "This person is also on a team outside your area: only an officer who manages all "
        "of their teams can change their details. You can still change their role in your "
        "team or end their membership."
    )


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
    if actor is not None and not can_manage_member(actor, member):
        raise MemberError(not_keeper())
    refusal = deletion_refusal(member)
    if refusal:
        raise MemberError(refusal)
    paths, before, pk = member_paths(member), snapshot(member), member.pk
    try:
        with transaction.atomic():
            member.memberships.all().delete()
            member.delete()
    except ProtectedError as error:  # activities or reports point at them
        raise MemberError(
            _("A member with activities or reports is never deleted; end the membership.")
        ) from error
    member.pk = pk
    for path in paths or [""]:
        record(actor, "delete", member, orgunit_path=path, before=before)
    member_accounts.follow(member)  # no team any more: the account, if any, is closed


@transaction.atomic
def add_training(actor, member: Member, *, day: date, topic: str, organiser: str = "") -> Training:
    """A training session the member attended (part of her own record: see update_member)."""
    if actor is not None and not can_manage_member(actor, member):
        raise MemberError(not_keeper())
    errors = {}
    try:
        topic = text.line(topic)
    except text.TextError as error:
        errors["topic"], topic = [text.sentence(error)], "-"
    try:
        organiser = text.line(organiser)
    except text.TextError as error:
        errors["organiser"], organiser = [text.sentence(error)], ""
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
    for path in member_paths(member) or [""]:
        record(
            actor,
            "create",
            training,
            orgunit_path=path,
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
