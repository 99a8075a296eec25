"""Planning, the public page and poster, signing up from home, assigning, reminders, results."""

import uuid
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cdtt.activities.actions import delete_activity, update_activity
from cdtt.activities.locks import lock_month
from cdtt.activities.models import Activity, ActivityType
from cdtt.activities.rules import ActivityError
from cdtt.audit.models import AuditEntry
from cdtt.helpsessions.actions import assign, plan_session, sign_up
from cdtt.helpsessions.actions.results import record_results
from cdtt.helpsessions.models import Seat, Session, Status
from cdtt.helpsessions.reminders import send_reminders
from cdtt.helpsessions.rules import SessionError
from cdtt.notify.models import Notification
from cdtt.periods import Period

pytestmark = pytest.mark.django_db


def test_a_leader_plans_every_sunday_for_four_weeks(client, crew, tree):
    client.force_login(crew["leader"])
    page = client.get(reverse("home:todo"))
    assert reverse("helpsessions:plan") in page.content.decode()
    today = timezone.localdate()
    sunday = today + timedelta(days=(6 - today.weekday()) % 7 or 7)
    vneid = ActivityType.objects.get(code="vneid_level2")
    answer = client.post(
        reverse("helpsessions:plan"),
        {
            "teams": [crew["team"].pk],
            "village": tree["village"].pk,
            "date": sunday.isoformat(),
            "start": "07:30",
            "end": "11:00",
            "place": "Nhà văn hóa bản Huổi Lóng",
            "types": [vneid.pk],
            "bring": "CCCD\nĐiện thoại",
            "members_needed": 3,
            "weeks": 4,
            "client_id": str(uuid.uuid4()),
        },
    )
    assert answer.status_code == 302
    sessions = list(Session.objects.order_by("date"))
    assert [s.date for s in sessions] == [sunday + timedelta(days=7 * n) for n in range(4)]
    assert all(s.date.weekday() == 6 and s.bring == ["CCCD", "Điện thoại"] for s in sessions)
    assert AuditEntry.objects.filter(action="session_planned").count() == 4


def test_planning_twice_under_one_id_makes_one_session(crew, tree):
    day = timezone.localdate() + timedelta(days=3)
    client_id = uuid.uuid4()
    kwargs = dict(
        unit=tree["village"], teams=[crew["team"]], village=tree["village"], day=day,
        start=time(8), end=time(10), place="Nhà văn hóa", weeks=2, client_id=client_id,
    )  # fmt: skip
    first = plan_session(crew["leader"], **kwargs)
    again = plan_session(crew["leader"], **kwargs)
    assert [s.pk for s in first] == [s.pk for s in again]
    assert Session.objects.count() == 2


def test_a_member_cannot_plan_and_other_communes_cannot_see(crew, tree, users):
    with pytest.raises(SessionError) as refused:
        plan_session(
            crew["lan_user"], unit=tree["village"], teams=[crew["team"]], village=tree["village"],
            day=timezone.localdate(), start=time(8), end=time(10), place="Nhà văn hóa",
        )  # fmt: skip
    assert "teams" in refused.value.errors


def test_the_public_page_and_poster_need_no_account(client, planned):
    page = client.get(reverse("helpsessions:detail", args=[planned.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Nhà văn hóa bản Huổi Lóng" in text
    assert "Thông báo:" in text  # the loudspeaker's text
    assert "Căn cước công dân" in text
    assert len(page.content) < 60_000
    poster = client.get(reverse("helpsessions:poster", args=[planned.pk]))
    assert poster.status_code == 200
    assert '<svg viewBox="0 0' in poster.content.decode()
    assert f"/sessions/{planned.pk}/" in poster.content.decode()
    home = client.get("/")
    assert reverse("helpsessions:detail", args=[planned.pk]) in home.content.decode()


def test_the_directory_shows_the_village_s_sessions(client, planned, tree):
    village = client.get(reverse("portal:directory_unit", args=[tree["village"].pk]))
    assert "Nhà văn hóa bản Huổi Lóng" in village.content.decode()
    other = client.get(reverse("portal:directory_unit", args=[tree["sibling_village"].pk]))
    assert "Nhà văn hóa bản Huổi Lóng" not in other.content.decode()


def test_members_sign_up_from_home_and_are_reminded_once(
    client, crew, planned, django_capture_on_commit_callbacks
):
    client.force_login(crew["lan_user"])
    entry = client.get(reverse("activities:entry"))
    assert reverse("helpsessions:sign_up", args=[planned.pk]) in entry.content.decode()
    client.post(reverse("helpsessions:sign_up", args=[planned.pk]), {"next": "/activities/"})
    client.post(reverse("helpsessions:sign_up", args=[planned.pk]))
    client.force_login(crew["minh_user"])
    client.post(reverse("helpsessions:sign_up", args=[planned.pk]))
    assert Seat.objects.filter(session=planned).count() == 2
    client.force_login(crew["leader"])
    page = client.get(reverse("helpsessions:detail", args=[planned.pk])).content.decode()
    assert "Quàng Thị Lan" in page and "Lường Văn Minh" in page
    day_before = planned.date - timedelta(days=1)
    for _ in range(2):  # the periodic task may run twice: one message each
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders(day_before)
    for user in (crew["lan_user"], crew["minh_user"]):
        assert Notification.objects.filter(user=user).count() == 1


def test_results_replace_never_add_and_respect_locks(crew, tree, users):
    today = timezone.localdate()
    (session,) = plan_session(
        crew["leader"], unit=tree["village"], teams=[crew["team"]], village=tree["village"],
        day=today, start=time(8), end=time(10), place="Nhà văn hóa",
    )  # fmt: skip
    sign_up(crew["lan_user"], session)
    assign(crew["leader"], session, crew["minh"])
    givers = [crew["lan"].pk, crew["minh"].pk]
    results = [{"type": "vneid_level2", "people_helped": 41, "women": 20, "givers": givers}]
    record_results(crew["lan_user"], session, results, uuid.uuid4())
    shares = sorted(Activity.objects.values_list("people_helped", "women"))
    assert shares == [(20, 10), (21, 10)]
    record_results(crew["leader"], session, [{**results[0], "people_helped": 40}], uuid.uuid4())
    assert sum(Activity.objects.values_list("people_helped", flat=True)) == 40
    assert Session.objects.get(pk=session.pk).status == Status.HELD
    lock_month(users["commune"], crew["team"], Period.of(today))
    with pytest.raises(SessionError):
        record_results(crew["leader"], session, [{**results[0], "people_helped": 7}], uuid.uuid4())
    assert sum(Activity.objects.values_list("people_helped", flat=True)) == 40


def test_a_member_s_share_is_changed_with_the_session_not_on_its_own(client, crew, tree):
    """Her share of the session's result is listed on her entry page with a link to the
    session; its edit and delete pages send her there, and the writers refuse both (the API
    has neither)."""
    (session,) = plan_session(
        crew["leader"], unit=tree["village"], teams=[crew["team"]], village=tree["village"],
        day=timezone.localdate(), start=time(8), end=time(10), place="Nhà văn hóa",
    )  # fmt: skip
    sign_up(crew["lan_user"], session)
    results = [{"type": "vneid_level2", "people_helped": 12, "givers": [crew["lan"].pk]}]
    record_results(crew["leader"], session, results, uuid.uuid4())
    share = Activity.objects.get(member=crew["lan"])
    client.force_login(crew["lan_user"])
    entry = client.get(reverse("activities:entry")).content.decode()
    assert reverse("helpsessions:detail", args=[session.pk]) in entry
    assert reverse("activities:edit", args=[share.pk]) not in entry
    for name in ("activities:edit", "activities:delete"):
        answer = client.post(reverse(name, args=[share.pk]), {"people_helped": 99}, follow=True)
        assert answer.redirect_chain[-1][0] == reverse("helpsessions:detail", args=[session.pk])
        assert "ghi lại kết quả của buổi" in answer.content.decode()
    for write in (lambda: update_activity(crew["lan_user"], share, {"people_helped": 99}),
                  lambda: delete_activity(crew["lan_user"], share)):  # fmt: skip
        with pytest.raises(ActivityError) as refused:
            write()
        assert f"{session.date:%d/%m/%Y}" in str(refused.value)
    assert Activity.objects.get(pk=share.pk).people_helped == 12


def test_a_member_not_on_the_session_cannot_record(crew, tree):
    (session,) = plan_session(
        crew["leader"], unit=tree["village"], teams=[crew["team"]], village=tree["village"],
        day=timezone.localdate(), start=time(8), end=time(10), place="Nhà văn hóa",
    )  # fmt: skip
    results = [{"type": "vneid_level2", "people_helped": 3, "givers": [crew["lan"].pk]}]
    with pytest.raises(SessionError):
        record_results(crew["lan_user"], session, results)


def test_the_results_form_without_script_and_the_leader_s_buttons(client, crew, tree):
    (session,) = plan_session(
        crew["leader"], unit=tree["village"], teams=[crew["team"]], village=tree["village"],
        day=timezone.localdate(), start=time(8), end=time(10), place="Nhà văn hóa",
        types=ActivityType.objects.filter(code="vssid"),
    )  # fmt: skip
    client.force_login(crew["leader"])
    detail = reverse("helpsessions:detail", args=[session.pk])
    client.post(reverse("helpsessions:assign", args=[session.pk]), {"member": crew["lan"].pk})
    client.post(reverse("helpsessions:assign", args=[session.pk]), {"member": crew["minh"].pk})
    client.post(
        reverse("helpsessions:attendance", args=[session.pk]), {"present": [crew["lan"].pk]}
    )
    assert dict(Seat.objects.values_list("member_id", "present")) == {
        crew["lan"].pk: True, crew["minh"].pk: False,
    }  # fmt: skip
    form = client.get(reverse("helpsessions:results", args=[session.pk])).content.decode()
    box = 'name="vssid-givers" value="{}"'
    assert box.format(crew["lan"].pk) in form
    assert box.format(crew["minh"].pk) not in form  # who did not come gave no help
    answer = client.post(
        reverse("helpsessions:results", args=[session.pk]),
        {"client_id": str(uuid.uuid4()), "vssid-people_helped": "9", "vssid-women": "4",
         "vssid-givers": [crew["lan"].pk]},
    )  # fmt: skip
    assert answer.status_code == 302 and answer["Location"] == detail
    assert list(Activity.objects.values_list("member_id", "people_helped", "women")) == [
        (crew["lan"].pk, 9, 4)
    ]
    assert "Kết quả" in client.get(detail).content.decode()


def test_a_member_withdraws_and_the_leader_cancels(client, crew, planned):
    client.force_login(crew["lan_user"])
    client.post(reverse("helpsessions:sign_up", args=[planned.pk]))
    client.post(reverse("helpsessions:withdraw", args=[planned.pk]))
    assert not Seat.objects.exists()
    client.force_login(crew["leader"])
    client.post(reverse("helpsessions:cancel", args=[planned.pk]))
    assert Session.objects.get(pk=planned.pk).status == Status.CANCELLED
    assert planned.pk not in [s.pk for s in Session.objects.upcoming()]
    page = client.get(reverse("helpsessions:poster", args=[planned.pk])).content.decode()
    assert "Buổi hướng dẫn này đã bị hủy." in page


def test_a_commune_officer_plans_for_several_teams(client, crew, tree):
    from cdtt.factories import make_team

    sibling = make_team(tree["sibling_village"])
    client.force_login(crew["officer"])
    day = timezone.localdate() + timedelta(days=5)
    answer = client.post(
        reverse("helpsessions:plan"),
        {"teams": [crew["team"].pk, sibling.pk], "village": tree["commune"].pk,
         "date": day.isoformat(), "start": "13:30", "end": "16:30",
         "place": "Bộ phận một cửa xã", "bring": "", "members_needed": 6, "weeks": 1,
         "client_id": str(uuid.uuid4())},
    )  # fmt: skip
    assert answer.status_code == 302
    session = Session.objects.get()
    assert session.unit == tree["commune"] and session.teams.count() == 2
    # A member of either team sees it on her home and may sign up.
    client.force_login(crew["lan_user"])
    assert "Bộ phận một cửa xã" in client.get(reverse("activities:entry")).content.decode()
