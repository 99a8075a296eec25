"""Writing members: one person per phone, one leader per team, history kept, audited."""

import threading
import time
from datetime import date, timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from cdtt.audit.models import AuditEntry
from cdtt.factories import make_member
from cdtt.orgunits.actions import create_village
from cdtt.orgunits.models import Kind
from cdtt.teams.actions import (
    MemberError,
    add_member,
    add_membership,
    add_training,
    change_role,
    delete_member,
    end_membership,
    ensure_team,
    update_member,
)
from cdtt.teams.models import Member, Membership, Team, TeamRole, Training

pytestmark = pytest.mark.django_db
MERGE = import_module("cdtt.teams.migrations.0004_membership_spans_do_not_overlap")


def today():
    return timezone.localdate()


def test_one_team_per_commune_and_village_created_on_demand(tree):
    team = ensure_team(tree["village"])
    assert ensure_team(tree["village"]) == team
    assert ensure_team(tree["commune"]).unit == tree["commune"]
    assert Team.objects.filter(unit=tree["village"]).count() == 1
    with pytest.raises(ValueError):
        ensure_team(tree["province"])


def test_a_new_village_has_its_team(tree, users):
    village = create_village(users["commune"], tree["commune"], "Bản Mới", Kind.BAN)
    assert Team.objects.filter(unit=village).exists()


def test_adding_a_member_normalises_phone_and_name_and_audits(tree, users):
    team = ensure_team(tree["village"])
    membership = add_member(
        users["leader"], team, full_name="  lò  Văn  Thanh ", phone="+84 912 000 111",
        birth_year="1961", gender="NAM", role=TeamRole.LEADER,
    )  # fmt: skip
    member = membership.member
    assert (member.full_name, member.phone, member.birth_year, member.gender) == (
        "lò Văn Thanh", "0912000111", 1961, "male",
    )  # fmt: skip
    assert (membership.role, membership.start, membership.end) == (TeamRole.LEADER, today(), None)
    entries = AuditEntry.objects.filter(actor=users["leader"])
    assert {(e.object_type, e.action) for e in entries} == {
        ("teams.member", "create"), ("teams.membership", "create"),
    }  # fmt: skip
    assert all(e.orgunit_path == tree["village"].path for e in entries)


def test_every_bad_field_is_reported_at_once(tree):
    team = ensure_team(tree["village"])
    with pytest.raises(MemberError) as error:
        add_member(None, team, full_name="", phone="0212345678", birth_year=1900, gender="x")
    assert set(error.value.errors) == {"full_name", "phone", "birth_year", "gender"}
    assert not Member.objects.exists()


def test_one_phone_per_person_the_same_person_joins_another_team(tree):
    village_team, commune_team = ensure_team(tree["village"]), ensure_team(tree["commune"])
    first = add_member(None, village_team, full_name="Lường Thị Mai", phone="0912000222")
    again = add_member(
        None, commune_team, full_name="LƯỜNG THỊ MAI", phone="0912.000.222", birth_year=1990
    )
    assert again.member == first.member and Member.objects.count() == 1
    assert again.member.birth_year == 1990  # a blank filled in, nothing overwritten
    with pytest.raises(MemberError) as error:
        add_member(None, commune_team, full_name="Cà Văn Ơn", phone="0912000222")
    assert "phone" in error.value.errors
    with pytest.raises(MemberError):
        add_member(None, village_team, full_name="Lường Thị Mai", phone="0912000222")
    assert Membership.objects.count() == 2


def test_updating_a_phone_to_someone_elses_is_refused(tree):
    team = ensure_team(tree["village"])
    add_member(None, team, full_name="Quàng Văn Piếng", phone="0912000333")
    other = add_member(None, team, full_name="Vì Thị Hoa", phone="0912000444").member
    with pytest.raises(MemberError):
        update_member(None, other, phone="0912 000 333")
    update_member(None, other, phone="84 912 000 555".replace(" ", ""), skills=["scams", "vneid"])
    other.refresh_from_db()
    assert (other.phone, other.skills) == ("0912000555", ["vneid", "scams"])
    entry = AuditEntry.objects.filter(object_type="teams.member", action="update").get()
    assert entry.before == {"phone": "0912000444", "skills": []}
    assert entry.after == {"phone": "0912000555", "skills": ["vneid", "scams"]}


def test_one_leader_at_a_time(tree):
    team = ensure_team(tree["village"])
    add_member(None, team, full_name="Quàng Văn Piếng", role=TeamRole.LEADER)
    with pytest.raises(MemberError) as error:
        add_member(None, team, full_name="Lò Văn Inh", role=TeamRole.LEADER)
    assert "Quàng Văn Piếng" in str(error.value)
    deputy = add_member(None, team, full_name="Lò Văn Inh", role=TeamRole.DEPUTY)
    with pytest.raises(MemberError):
        change_role(None, deputy, TeamRole.LEADER)
    with pytest.raises(IntegrityError):  # the database refuses it too
        Membership.objects.create(
            team=team, member=deputy.member, role=TeamRole.LEADER, start=today()
        )


def test_a_new_leader_after_the_old_one_left(tree):
    team = ensure_team(tree["village"])
    old = add_member(None, team, full_name="Quàng Văn Piếng", role=TeamRole.LEADER,
                     start=date(2023, 1, 1))  # fmt: skip
    deputy = add_member(None, team, full_name="Lò Văn Inh", role=TeamRole.DEPUTY)
    end_membership(None, old, today() - timedelta(days=1))
    change_role(None, deputy, TeamRole.LEADER)
    assert Membership.objects.get(pk=deputy.pk).role == TeamRole.LEADER


def test_ending_a_membership_keeps_it_with_its_dates(tree):
    team = ensure_team(tree["village"])
    membership = add_member(None, team, full_name="Tòng Văn Ún", start=date(2023, 5, 1))
    with pytest.raises(MemberError):
        end_membership(None, membership, date(2023, 4, 30))
    end_membership(None, membership, date(2025, 6, 30))
    membership.refresh_from_db()
    assert membership.end == date(2025, 6, 30)
    assert not Membership.objects.current().filter(pk=membership.pk).exists()
    with pytest.raises(MemberError):
        end_membership(None, membership)
    with pytest.raises(MemberError):
        change_role(None, membership, TeamRole.DEPUTY)
    assert AuditEntry.objects.filter(object_type="teams.membership", action="end").exists()
    # The person may join again later: a new membership, the old one kept.
    add_membership(None, team, membership.member)
    assert membership.member.memberships.count() == 2


def test_a_member_comes_back_only_after_the_last_day_on_the_team(tree):
    team = ensure_team(tree["village"])
    first = add_member(None, team, full_name="Tòng Văn Ún", start=date(2025, 1, 1))
    end_membership(None, first, date(2025, 6, 30))
    for start in (date(2025, 6, 30), date(2024, 12, 1)):
        with pytest.raises(MemberError) as error:
            add_membership(None, team, first.member, start=start)
        [message] = error.value.errors["start"]
        assert "Tòng Văn Ún" in message and "30/06/2025" in message and "01/07/2025" in message
    assert first.member.memberships.count() == 1
    again = add_membership(None, team, first.member, start=date(2025, 7, 1))
    assert [(m.start, m.end) for m in first.member.memberships.order_by("start")] == [
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), None),
    ]
    assert again.pk


def test_the_database_refuses_overlapping_spans_on_postgresql(tree):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint is PostgreSQL's; add_membership guards SQLite")
    team, other = ensure_team(tree["village"]), ensure_team(tree["commune"])
    member = Member.objects.create(full_name="Lò Văn Inh")
    Membership.objects.create(team=team, member=member, start=date(2025, 1, 1),
                              end=date(2025, 6, 30))  # fmt: skip
    # The day after, and another team on the same days, are allowed.
    Membership.objects.create(team=team, member=member, start=date(2025, 7, 1),
                              end=date(2025, 8, 31))  # fmt: skip
    Membership.objects.create(team=other, member=member, start=date(2025, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(team=team, member=member, start=date(2025, 8, 31))
    assert Membership.objects.filter(member=member).count() == 3


def test_the_migration_merges_stored_overlapping_spans(tree):
    """Spans stored before overlaps were refused are merged: no day is lost, the role is the
    one of the membership that ends last, and each merge is in the audit log."""
    if connection.vendor == "postgresql":  # undone with the test's transaction
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE teams_membership DROP CONSTRAINT {MERGE.CONSTRAINT}")
    team = ensure_team(tree["village"])
    spans = {
        "Quàng Văn Một": [(date(2025, 1, 1), date(2025, 6, 20), TeamRole.MEMBER),
                          (date(2025, 6, 11), None, TeamRole.DEPUTY)],
        "Lò Thị Hai": [(date(2025, 1, 1), date(2025, 3, 31), TeamRole.MEMBER),
                       (date(2025, 5, 1), None, TeamRole.MEMBER)],
        "Tòng Văn Ba": [(date(2025, 1, 1), None, TeamRole.LEADER),
                        (date(2025, 2, 1), date(2025, 2, 10), TeamRole.MEMBER),
                        (date(2024, 3, 1), date(2025, 1, 1), TeamRole.MEMBER)],
    }  # fmt: skip
    for name, rows in spans.items():
        member = Member.objects.create(full_name=name)
        for start, end, role in rows:
            Membership.objects.create(team=team, member=member, start=start, end=end, role=role)
    MERGE.merge_overlaps(django_apps, None)
    stored = {
        name: [(m.start, m.end, m.role) for m in Membership.objects.filter(
            member__full_name=name).order_by("start")]
        for name in spans
    }  # fmt: skip
    assert stored == {
        "Quàng Văn Một": [(date(2025, 1, 1), None, TeamRole.DEPUTY)],
        "Lò Thị Hai": spans["Lò Thị Hai"],
        "Tòng Văn Ba": [(date(2024, 3, 1), None, TeamRole.LEADER)],
    }
    entries = AuditEntry.objects.filter(object_type="teams.membership", actor=None)
    assert sorted(entries.values_list("action", flat=True)) == ["delete"] * 3 + ["update"] * 3
    assert all(e.orgunit_path == tree["village"].path for e in entries)


def test_start_dates_before_the_teams_or_far_ahead_are_refused(tree):
    team = ensure_team(tree["village"])
    with pytest.raises(MemberError) as error:
        add_member(None, team, full_name="Lò Văn Xuân", start=date(2021, 12, 31))
    assert "start" in error.value.errors
    with pytest.raises(MemberError):
        add_member(None, team, full_name="Lò Văn Xuân", start=today() + timedelta(days=400))
    with pytest.raises(MemberError):
        add_member(None, team, full_name="Lò Văn Xuân", role="chief")
    assert not Member.objects.exists()


def test_a_member_who_served_is_never_deleted(tree):
    team = ensure_team(tree["village"])
    served = add_member(None, team, full_name="Điêu Chính Tiến").member
    with pytest.raises(MemberError):
        delete_member(None, served)
    assert Member.objects.filter(pk=served.pk).exists()
    old = make_member("Lò Thị Ơn", team, start=date(2022, 3, 1), end=date(2023, 3, 1))
    with pytest.raises(MemberError):
        delete_member(None, old)


def test_a_member_entered_for_a_future_start_may_be_deleted(tree):
    team = ensure_team(tree["village"])
    planned = add_member(
        None, team, full_name="Mùa A Sềnh", start=today() + timedelta(days=10)
    ).member
    add_training(None, planned, day=today(), topic="Kỹ năng số cơ bản")
    delete_member(None, planned)
    assert not Member.objects.filter(pk=planned.pk).exists()
    assert not Training.objects.exists()
    entry = AuditEntry.objects.get(object_type="teams.member", action="delete")
    assert entry.before["full_name"] == "Mùa A Sềnh"
    assert entry.orgunit_path == tree["village"].path


def test_a_member_with_activities_is_never_deleted(tree):
    from cdtt.activities.models import Activity, ActivityType

    team = ensure_team(tree["village"])
    planned = add_member(
        None, team, full_name="Mùa A Sềnh", start=today() + timedelta(days=10)
    ).member
    Activity.objects.create(
        member=planned, team=team, village=tree["village"], date=today(),
        type=ActivityType.objects.first(), people_helped=1, source="web",
    )  # fmt: skip
    with pytest.raises(MemberError):
        delete_member(None, planned)
    assert Member.objects.filter(pk=planned.pk).exists()
    assert planned.memberships.count() == 1


def test_training_sessions_need_a_topic_and_a_past_date(tree):
    team = ensure_team(tree["village"])
    member = add_member(None, team, full_name="Lò Văn Thanh").member
    training = add_training(
        None, member, day=date(2024, 9, 12), topic=" Kích hoạt VNeID mức 2 ", organiser="UBND xã"
    )
    assert (training.topic, training.organiser) == ("Kích hoạt VNeID mức 2", "UBND xã")
    with pytest.raises(MemberError) as error:
        add_training(None, member, day=today() + timedelta(days=1), topic="")
    assert set(error.value.errors) == {"day", "topic"}
    assert AuditEntry.objects.filter(object_type="teams.training").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_officers_adding_one_person_at_once_both_get_an_answer(tree):
    """The second insert waits for the first officer's transaction, then the database refuses
    it: the officer reads why, as if they had come second, not a server error."""
    if connection.vendor != "postgresql":
        pytest.skip("two transactions at once: SQLite takes one writer at a time")
    team = ensure_team(tree["village"])
    member = Member.objects.create(full_name="Lò Văn Đua")
    inserted, failures = threading.Event(), []

    def first_officer():
        try:
            with transaction.atomic():
                Membership.objects.create(team=team, member=member, start=date(2025, 1, 1))
                inserted.set()
                with connection.cursor() as cursor:  # commit once the other insert waits
                    for _poll in range(500):
                        cursor.execute(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                            "'Lock' AND datname = current_database()"
                        )
                        if cursor.fetchone()[0]:
                            break
                        time.sleep(0.01)
                    else:
                        failures.append("the second insert never waited")
        finally:
            connection.close()

    thread = threading.Thread(target=first_officer)
    thread.start()
    assert inserted.wait(10)
    with pytest.raises(MemberError) as error:
        add_membership(None, team, member, start=date(2025, 2, 1))
    thread.join(10)
    assert failures == []
    assert "Lò Văn Đua" in str(error.value)
    assert Membership.objects.filter(member=member).count() == 1
