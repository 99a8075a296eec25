"""Every rule of record_activity, each with the message the user reads (field and value);
a refused activity stores nothing and writes no audit entry."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.activities.actions import ActivityError, record_activity
from cdtt.activities.locks import lock_month
from cdtt.activities.models import Activity, ActivityType
from cdtt.audit.models import AuditEntry
from cdtt.factories import make_user
from cdtt.periods import Period
from cdtt.teams.models import Membership

pytestmark = pytest.mark.django_db


def refused(actor, data) -> dict:
    with pytest.raises(ActivityError) as caught:
        record_activity(actor, data, "api")
    assert not Activity.objects.exists() and not AuditEntry.objects.exists()
    return caught.value.errors


def test_a_valid_activity_is_stored_with_who_and_how(world):
    actor = world.users[Role.MEMBER]
    activity, created = record_activity(actor, world.payload(note="  ba  cụ  "), "api")
    assert created and activity.recorded_by == actor and activity.source == "offline"
    assert (activity.type.code, activity.people_helped, activity.women) == ("vneid_level2", 3, 1)
    assert activity.note == "ba cụ"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id, entry.actor) == (
        "activity_created",
        str(activity.pk),
        actor,
    )
    assert (
        entry.after["type"] == "vneid_level2" and entry.orgunit_path == world.tree["village"].path
    )


def test_no_future_date(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = refused(world.users[Role.MEMBER], world.payload(date=tomorrow.isoformat()))
    assert errors == {"date": [f"{tomorrow:%d/%m/%Y} is in the future."]}


def test_today_is_accepted(world):
    today = timezone.localdate().isoformat()
    activity, _ = record_activity(world.users[Role.MEMBER], world.payload(date=today), "web")
    assert activity.date.isoformat() == today


@pytest.mark.parametrize("bad", ["2026-02-30", "20/11/2026", "", None, 20261120])
def test_dates_that_are_not_dates(world, bad):
    errors = refused(world.users[Role.MEMBER], world.payload(date=bad))
    assert list(errors) == ["date"] and "is not a date (YYYY-MM-DD)" in errors["date"][0]


def test_no_date_before_the_teams_existed(world):
    errors = refused(world.users[Role.MEMBER], world.payload(date="2021-12-31"))
    assert errors == {"date": ["31/12/2021 is before 01/01/2022, when the teams were founded."]}


def test_no_date_in_a_locked_month_and_the_message_says_who_locked_it(world):
    officer = world.users[Role.COMMUNE]
    officer.last_name, officer.first_name = "Lò Văn", "Thanh"
    officer.save()
    data = world.payload()
    lock_month(officer, world.teams["village"], Period.of(date.fromisoformat(data["date"])))
    AuditEntry.objects.all().delete()
    errors = refused(world.users[Role.MEMBER], data)
    (message,) = errors["date"]
    assert Period.of(date.fromisoformat(data["date"])).label in message
    assert "approved and locked by Lò Văn Thanh" in message


def test_a_lock_of_another_team_or_month_does_not_matter(world):
    data = world.payload()
    period = Period.of(date.fromisoformat(data["date"]))
    lock_month(world.users[Role.COMMUNE], world.teams["sibling_village"], period)
    lock_month(world.users[Role.COMMUNE], world.teams["village"], period.previous())
    assert record_activity(world.users[Role.MEMBER], data, "api")[1]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("people_helped", 0, "0 is out of bounds: between 1 and 1000."),
        ("people_helped", 1001, "1001 is out of bounds: between 1 and 1000."),
        ("people_helped", -3, "-3 is out of bounds: between 1 and 1000."),
        ("people_helped", None, "This field is required."),
        ("people_helped", "ba", "“ba” is not a whole number."),
        ("people_helped", 2.5, "“2.5” is not a whole number."),
        ("people_helped", True, "“True” is not a whole number."),
        ("households_without_smartphone", 1001, "1001 is out of bounds: between 0 and 1000."),
        ("elderly", -1, "-1 is out of bounds: between 0 and 1000."),
    ],
)
def test_counts_within_sane_bounds(world, field, value, message):
    errors = refused(world.users[Role.MEMBER], world.payload(**{field: value}))
    assert errors == {field: [message]}


def test_counts_given_as_digit_strings_are_read(world):
    activity, _ = record_activity(
        world.users[Role.MEMBER], world.payload(people_helped="4", women="2"), "api"
    )
    assert (activity.people_helped, activity.women) == (4, 2)


@pytest.mark.parametrize("field", ["women", "ethnic_minority", "elderly"])
def test_breakdown_not_above_the_count(world, field):
    errors = refused(world.users[Role.MEMBER], world.payload(people_helped=2, **{field: 3}))
    assert errors == {field: ["3 is more than the count (2)."]}


def test_missing_breakdown_counts_are_zero(world):
    data = world.payload()
    for field in ["women", "ethnic_minority", "elderly", "households_without_smartphone", "note"]:
        del data[field]
    activity, _ = record_activity(world.users[Role.MEMBER], data, "api")
    assert (activity.women, activity.elderly, activity.note) == (0, 0, "")


@pytest.mark.parametrize("where", ["sibling_village", "other_village", "commune", "province"])
def test_village_must_be_the_village_teams_own_unit(world, where):
    errors = refused(world.users[Role.MEMBER], world.payload(village=world.tree[where].pk))
    assert errors == {
        "village": [f"Unit {world.tree[where].pk} is not Bản Huổi Lóng nor one of its villages."]
    }


def test_a_commune_team_works_in_the_commune_and_its_villages_only(world):
    officer = world.users[Role.COMMUNE]
    Membership.objects.create(
        team=world.teams["commune"], member=world.mate, start=date(2023, 1, 1)
    )
    for where in ["commune", "village", "sibling_village"]:
        data = world.payload(member=world.mate.pk, team=world.teams["commune"].pk,
                             village=world.tree[where].pk)  # fmt: skip
        assert record_activity(officer, data, "web")[1]
    outside = world.payload(
        member=world.mate.pk,
        team=world.teams["commune"].pk,
        village=world.tree["cousin_village"].pk,
    )
    with pytest.raises(ActivityError) as caught:
        record_activity(officer, outside, "web")
    errors = caught.value.errors
    assert list(errors) == ["village"]
    assert "Xã Mường Mùn Thử" in errors["village"][0]


def test_member_must_belong_to_the_team_on_that_day(world):
    data = world.payload()
    day = date.fromisoformat(data["date"])
    Membership.objects.filter(member=world.member).update(start=day + timedelta(days=1))
    errors = refused(world.users[Role.MEMBER], data)
    assert errors == {"member": [f"Lường Thị Mai was not a member of this team on {day:%d/%m/%Y}."]}
    Membership.objects.filter(member=world.member).update(
        start=date(2023, 1, 1), end=day - timedelta(days=1)
    )
    assert refused(world.users[Role.MEMBER], data) == errors


def test_a_member_records_for_themself_only(world):
    errors = refused(world.users[Role.MEMBER], world.payload(member=world.mate.pk))
    assert errors == {"member": ["You may not record activities for Lò Văn Páo in this team."]}


def test_leaders_and_officers_record_for_the_members_of_their_teams(world):
    for role in [Role.LEADER, Role.COMMUNE, Role.PROVINCE, Role.ADMIN]:
        activity, created = record_activity(
            world.users[role], world.payload(member=world.mate.pk), "web"
        )
        assert created and activity.recorded_by == world.users[role]


def test_a_deputy_by_membership_records_for_the_team(world):
    from cdtt.teams.models import Member, TeamRole

    deputy_user = make_user(Role.MEMBER, world.tree["village"], "pho-to")
    deputy = Member.objects.create(full_name="Cà Văn Định", user=deputy_user)
    Membership.objects.create(team=world.teams["village"], member=deputy, start=date(2023, 1, 1),
                              role=TeamRole.DEPUTY)  # fmt: skip
    assert record_activity(deputy_user, world.payload(member=world.mate.pk), "web")[1]


def test_outside_the_subtree_team_and_member_do_not_exist(world):
    leader = make_user(Role.LEADER, world.tree["sibling_village"], "sibling-leader")
    errors = refused(leader, world.payload())
    assert errors["member"] == [f"There is no member {world.member.pk}."]
    assert errors["team"] == [f"There is no team {world.teams['village'].pk}."]
    sibling_officer = make_user(Role.COMMUNE, world.tree["sibling_commune"], "sibling-commune")
    assert "team" in refused(sibling_officer, world.payload())


def test_a_leader_of_another_village_may_not_record_for_this_team(world):
    errors = refused(
        world.users[Role.LEADER],
        world.payload(member=world.stranger.pk, team=world.teams["sibling_village"].pk,
                      village=world.tree["sibling_village"].pk),
    )  # fmt: skip
    assert "team" in errors


@pytest.mark.parametrize("code", ["vneid", "", None, 7])
def test_type_must_be_a_code_in_the_catalog(world, code):
    errors = refused(world.users[Role.MEMBER], world.payload(type=code))
    assert list(errors) == ["type"] and "is not an activity type in use" in errors["type"][0]


def test_an_inactive_type_is_refused(world):
    ActivityType.objects.filter(code="cashless").update(active=False)
    errors = refused(world.users[Role.MEMBER], world.payload(type="cashless"))
    assert errors == {"type": ["“cashless” is not an activity type in use."]}


def test_note_is_short_text(world):
    errors = refused(world.users[Role.MEMBER], world.payload(note="x" * 201))
    assert errors == {"note": ["The note has 201 characters; at most 200."]}
    assert refused(world.users[Role.MEMBER], world.payload(note=["a"])) == {
        "note": ["The note must be text."]
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "The activity's id (a UUID made by the client) is missing."),
        ("abc", "“abc” is not a UUID."),
    ],
)
def test_the_client_uuid_is_required(world, value, message):
    assert refused(world.users[Role.MEMBER], world.payload(id=value)) == {"id": [message]}


def test_source_must_be_known(world):
    errors = refused(world.users[Role.MEMBER], world.payload(source="fax"))
    assert errors == {"source": ["“fax” is not a known source."]}


def test_all_problems_are_reported_at_once(world):
    errors = refused(
        world.users[Role.MEMBER],
        world.payload(date="2099-01-01", people_helped=0, type="nope", note="x" * 300),
    )
    assert set(errors) == {"date", "people_helped", "type", "note"}


def test_not_an_object(world):
    assert refused(world.users[Role.MEMBER], ["a", "list"]) == {
        "non_field_errors": ["An activity must be an object."]
    }
