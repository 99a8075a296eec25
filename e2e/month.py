"""A commune's month as the end-to-end tests find it: two village teams and the commune's own,
an account for every role, activities, reports at every stage, a directive, an inspection
with a task overdue, a resident's help request. Built through the apps' own write functions.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.activities.tests.catalog import seed_catalog
from cdtt.factories import make_member, make_team, make_tree, make_user
from cdtt.periods import Period
from cdtt.portal.actions.help_requests import submit_help_request
from cdtt.reports.actions import confirm_report, get_or_start_report, submit_report
from cdtt.steering.actions import record_inspection, send_directive

USERS = {
    Role.ADMIN: "quan-tri",
    Role.PROVINCE: "can-bo-tinh",
    Role.COMMUNE: "can-bo-xa",
    Role.LEADER: "to-truong",
    Role.MEMBER: "thanh-vien",
}


@dataclass
class Month:
    period: Period
    tree: dict
    users: dict
    team: object  # the leader's village team
    ready: object  # the sibling village's team: every report confirmed
    commune_team: object
    members: dict = field(default_factory=dict)


def build_month(reports: bool = True) -> Month:
    """The due month of a commune; with `reports`, Páo has sent his and the sibling team's
    are all confirmed (Mai's is hers to send)."""
    seed_catalog()
    tree = make_tree()
    period = Period.of(timezone.localdate()).previous()
    users = {
        role: make_user(role, tree[unit], name, email=f"{name}@example.vn")
        for role, unit, name in [
            (Role.PROVINCE, "province", USERS[Role.PROVINCE]),
            (Role.COMMUNE, "commune", USERS[Role.COMMUNE]),
            (Role.LEADER, "village", USERS[Role.LEADER]),
            (Role.MEMBER, "village", USERS[Role.MEMBER]),
        ]
    }
    users[Role.ADMIN] = make_user(Role.ADMIN, None, USERS[Role.ADMIN])
    team, ready = make_team(tree["village"]), make_team(tree["sibling_village"])
    commune_team = make_team(tree["commune"])
    members = {
        "pieng": make_member("Quàng Văn Piếng", team, "leader", user=users[Role.LEADER],
                             birth_year=1958, phone="0912000003"),
        "mai": make_member("Lường Thị Mai", team, user=users[Role.MEMBER], birth_year=2000,
                           phone="0912000004"),
        "pao": make_member("Giàng A Páo", team, birth_year=1990,
                           user=make_user(Role.MEMBER, tree["village"], "giang-a-pao")),
        "pao2": make_member("Giàng A Páo", team, birth_year=1975),
        "thang": make_member("Lò Văn Thắng", ready, "leader", birth_year=1980),
        "hoa": make_member("Tòng Thị Hoa", ready, birth_year=1995),
        "tuan": make_member("Điêu Chính Tuấn", commune_team, "leader", birth_year=1985),
    }  # fmt: skip
    admin = users[Role.ADMIN]
    worked = [("mai", team, 3, 3), ("pao", team, 5, 2), ("hoa", ready, 8, 2),
              ("tuan", commune_team, 9, 1)]  # fmt: skip
    for key, team_of, day, times in worked:
        for n in range(times):
            record_activity(admin, {
                "id": str(uuid.uuid4()), "member": members[key].pk, "team": team_of.pk,
                "village": team_of.unit.pk, "date": period.first_day.replace(day=day + n)
                .isoformat(), "type": "vneid_level2", "people_helped": 2 + n,
            })  # fmt: skip
    record_activity(users[Role.MEMBER], {  # one of this month, still hers to change
        "id": str(uuid.uuid4()), "member": members["mai"].pk, "team": team.pk,
        "village": team.unit.pk, "date": timezone.localdate().replace(day=1).isoformat(),
        "type": "vssid", "people_helped": 1, "note": "Hướng dẫn bà Lò Thị Hoa",
    })  # fmt: skip
    if reports:
        submit_report(users[Role.LEADER], get_or_start_report(team, members["pao"], period))
        for key in ("thang", "hoa"):
            report = get_or_start_report(ready, members[key], period)
            submit_report(admin, report)
            confirm_report(admin, report)
    today = timezone.localdate()
    task = ("Họp tổ, phân công theo bản", today - timedelta(days=3))
    record_inspection(users[Role.COMMUNE], team, day=today - timedelta(days=40),
                      findings="Tổ chưa họp định kỳ.", assessment=3, follow_ups=[task])  # fmt: skip
    send_directive(users[Role.COMMUNE], tree["commune"], title="Rà soát VNeID mức 2",
                   text="Các tổ rà soát số người chưa kích hoạt VNeID mức 2.",
                   due_date=today + timedelta(days=10))  # fmt: skip
    submit_help_request(village=tree["village"], name="Lò Thị Hoa", phone="0912345679",
                        topic="vneid", need="Cài VNeID cho mẹ")  # fmt: skip
    return Month(period, tree, users, team, ready, commune_team, members)
