"""The skills figures of a unit, one row builder per figure (page, API and report alike).

Every builder takes a unit the caller has already reached through `scope` and counts only
what lies in its subtree: members on a team of the subtree today, sessions organised in it.
"Hướng dẫn được" counts only once confirmed; a member's own claim is shown apart.
"""

from datetime import date, timedelta

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt.orgunits.models import OrgUnit
from cdtt.teams.models import Affiliation, Membership, Team

from .models import App, Attendance, Level, SkillLevel, Task, TrainingSession

STALLED_MONTHS = 3
TRAINING_DAYS = 365


def _memberships(unit: OrgUnit):
    return Membership.objects.current().in_subtree(unit)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def skill_matrix(unit: OrgUnit) -> list[dict]:
    """Tasks × levels: per active task, how many of the unit's members are at each level
    (no row counts as "chưa biết") and the share of each."""
    member_ids = _memberships(unit).values("member_id")
    members = _memberships(unit).values("member_id").distinct().count()
    counts = (
        SkillLevel.objects.filter(member_id__in=member_ids, task__is_active=True)
        .values("task_id")
        .annotate(
            can_do=Count("member_id", filter=Q(level=Level.CAN_DO), distinct=True),
            claimed=Count(
                "member_id",
                filter=Q(level=Level.CAN_GUIDE, confirmed_at__isnull=True),
                distinct=True,
            ),
            can_guide=Count(
                "member_id",
                filter=Q(level=Level.CAN_GUIDE, confirmed_at__isnull=False),
                distinct=True,
            ),
        )
    )
    by_task = {row["task_id"]: row for row in counts}
    apps = dict(App.choices)
    rows = []
    for task in Task.objects.active():
        found = by_task.get(task.pk, {})
        can_do, claimed, guide = (found.get(k, 0) for k in ("can_do", "claimed", "can_guide"))
        unknown = members - can_do - claimed - guide
        rows.append(
            {
                "task": task.code,
                "title": task.title,
                "app": str(apps.get(task.app, task.app)),
                "members": members,
                "unknown": unknown,
                "can_do": can_do,
                "claimed": claimed,
                "can_guide": guide,
                "unknown_pct": _pct(unknown, members),
                "can_do_pct": _pct(can_do, members),
                "claimed_pct": _pct(claimed, members),
                "can_guide_pct": _pct(guide, members),
            }
        )
    return rows


def unguided_tasks(unit: OrgUnit) -> list[dict]:
    """Per team of the unit with members today: the active tasks no member of that team can
    guide (confirmed) — what the commune should train first. Teams where every task has a
    guide are left out."""
    memberships = _memberships(unit)
    teams: dict[int, Team] = {}
    for m in memberships.select_related("team__unit").order_by(
        "team__unit__name_sort", "team__unit__name"
    ):
        teams.setdefault(m.team_id, m.team)
    guided = set(
        memberships.filter(
            member__skill_levels__level=Level.CAN_GUIDE,
            member__skill_levels__confirmed_at__isnull=False,
        ).values_list("team_id", "member__skill_levels__task_id")
    )
    tasks = list(Task.objects.active())
    rows = []
    for team_id, team in teams.items():
        missing = [t for t in tasks if (team_id, t.pk) not in guided]
        if missing:
            rows.append(
                {
                    "team": team_id,
                    "unit": team.unit.name,
                    "count": len(missing),
                    "tasks": [t.code for t in missing],
                    "titles": [t.title for t in missing],
                }
            )
    return rows


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def stalled_members(unit: OrgUnit, months: int = STALLED_MONTHS, today=None) -> list[dict]:
    """Members of the unit who have not progressed (no level raised) in `months` months,
    among those on a team for that long, in Vietnamese order."""
    today = today or timezone.localdate()
    cutoff = months_before(today, months)
    tz = timezone.get_current_timezone()
    from datetime import datetime, time

    cutoff_at = datetime.combine(cutoff, time.min, tzinfo=tz)
    members = (
        _memberships(unit)
        .values("member_id", "member__full_name", "member__name_sort")
        .annotate(since=Min("start"))
        .filter(since__lte=cutoff)
    )
    last = dict(
        SkillLevel.objects.filter(member_id__in=[m["member_id"] for m in members])
        .values("member_id")
        .annotate(last=Max("raised_at"))
        .values_list("member_id", "last")
    )
    guides = dict(
        SkillLevel.objects.filter(
            member_id__in=[m["member_id"] for m in members],
            level=Level.CAN_GUIDE,
            confirmed_at__isnull=False,
        )
        .values("member_id")
        .annotate(n=Count("task_id"))
        .values_list("member_id", "n")
    )
    rows, seen = [], set()
    for m in sorted(members, key=lambda m: (m["member__name_sort"], m["member_id"])):
        pk = m["member_id"]
        if pk in seen:
            continue
        seen.add(pk)
        progressed = last.get(pk)
        if progressed is not None and progressed >= cutoff_at:
            continue
        rows.append(
            {
                "member": pk,
                "name": m["member__full_name"],
                "last_progress": timezone.localtime(progressed).date() if progressed else None,
                "can_guide": guides.get(pk, 0),
            }
        )
    return rows


def _training_range(first_day, last_day) -> tuple[date, date]:
    last_day = last_day or timezone.localdate()
    return first_day or last_day - timedelta(days=TRAINING_DAYS - 1), last_day


def trainings_held(unit: OrgUnit, first_day=None, last_day=None) -> list[dict]:
    """Training sessions organised in the unit's subtree in the range (a year to today by
    default), each with how many of the unit's members attended."""
    first_day, last_day = _training_range(first_day, last_day)
    member_ids = _memberships(unit).values("member_id")
    sessions = (
        TrainingSession.objects.in_subtree(unit)
        .filter(date__gte=first_day, date__lte=last_day)
        .select_related("unit")
        .annotate(present=Count("attendance", filter=Q(attendance__member_id__in=member_ids)))
        .order_by("-date", "-id")
    )
    return [
        {
            "session": s.pk,
            "date": s.date,
            "title": s.title,
            "place": s.place,
            "organiser": s.unit.name,
            "present": s.present,
        }
        for s in sessions
    ]


def trainings_by_affiliation(unit: OrgUnit, first_day=None, last_day=None) -> list[dict]:
    """Per affiliation (đoàn thể), the unit's members and how many attended at least one
    training in the range (wherever it was organised), with the number of attendances; a
    total row last."""
    first_day, last_day = _training_range(first_day, last_day)
    members = {}
    for pk, affiliation in _memberships(unit).values_list("member_id", "member__affiliation"):
        members[pk] = affiliation or ""
    attended = (
        Attendance.objects.filter(member_id__in=list(members))
        .filter(session__date__gte=first_day, session__date__lte=last_day)
        .values_list("member_id", flat=True)
    )
    per_member: dict[int, int] = {}
    for pk in attended:
        per_member[pk] = per_member.get(pk, 0) + 1
    labels = dict(Affiliation.choices)
    order = [*Affiliation.values, ""]
    rows = []
    for key in order:
        ids = [pk for pk, a in members.items() if a == key]
        if not ids:
            continue
        went = [pk for pk in ids if pk in per_member]
        rows.append(
            {
                "affiliation": key,
                "label": str(labels.get(key, _("Not given"))),
                "members": len(ids),
                "attended": len(went),
                "attendances": sum(per_member[pk] for pk in went),
                "attended_pct": _pct(len(went), len(ids)),
            }
        )
    total_went = len(per_member)
    rows.append(
        {
            "affiliation": "total",
            "label": str(_("Total")),
            "members": len(members),
            "attended": total_went,
            "attendances": sum(per_member.values()),
            "attended_pct": _pct(total_went, len(members)),
        }
    )
    return rows


def skills_stats(unit: OrgUnit) -> dict:
    """Every skills figure of the unit, for the stats API and the report."""
    return {
        "matrix": skill_matrix(unit),
        "unguided": unguided_tasks(unit),
        "stalled": stalled_members(unit),
        "stalled_months": STALLED_MONTHS,
        "trainings": trainings_held(unit),
        "training_by_affiliation": trainings_by_affiliation(unit),
    }


def report_tables(unit: OrgUnit) -> list[tuple[str, list[str], list[list]]]:
    """The skills part of the monthly report (official Vietnamese headings): (title, columns,
    rows) for the matrix, the tasks no one in a team can guide, and trainings by affiliation."""
    matrix = [
        [n, r["title"], r["unknown"], r["can_do"], r["can_guide"], r["can_guide_pct"] or 0]
        for n, r in enumerate(skill_matrix(unit), start=1)
    ]
    unguided = [
        [n, r["unit"], r["count"], "; ".join(r["titles"])]
        for n, r in enumerate(unguided_tasks(unit), start=1)
    ]
    trainings = [
        [r["label"], r["members"], r["attended"], r["attendances"]]
        for r in trainings_by_affiliation(unit)
    ]
    return [
        (
            "V. Kỹ năng hướng dẫn của thành viên",
            [
                "STT",
                "Việc",
                "Chưa biết",
                "Tự làm được",
                "Hướng dẫn được (đã xác nhận)",
                "Tỷ lệ hướng dẫn được (%)",
            ],
            matrix,
        ),  # fmt: skip
        ("VI. Việc chưa ai trong tổ hướng dẫn được", ["STT", "Tổ", "Số việc", "Việc"], unguided),
        (
            "VII. Tập huấn trong 12 tháng theo đoàn thể",
            ["Đoàn thể, đơn vị", "Thành viên", "Đã tập huấn", "Lượt tập huấn"],
            trainings,
        ),
    ]
