"""A member's levels: set by herself, raised by the check, confirmed by a leader or an
officer (who and when kept, audited); who can guide a task near her."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.audit.models import AuditEntry
from cdtt.factories import PASSWORD, make_member, make_team, make_tree, make_user
from cdtt.skills.models import Level, SkillLevel, Task, TrainingSession
from cdtt.teams.models import Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    tree = make_tree()
    team = make_team(tree["village"])
    mai_user = make_user(Role.MEMBER, tree["village"], "mai")
    mai = make_member("Lò Thị Mai", team, user=mai_user, phone="0912345678")
    lan = make_member("Quàng Văn Lan", team, phone="0987654321", phone_public=True)
    hoa = make_member("Cà Thị Hoa", team, phone="0911111111")  # did not agree to show it
    leader_user = make_user(Role.MEMBER, tree["village"], "truong")
    leader = make_member("Lường Văn Trưởng", team, role="leader", user=leader_user)
    return {"tree": tree, "team": team, "mai": mai, "lan": lan, "hoa": hoa, "leader": leader}


def test_the_seeded_catalogue_holds_real_tasks_of_the_five_apps():
    tasks = Task.objects.active()
    assert tasks.count() >= 20
    assert set(tasks.values_list("app", flat=True)) == {
        "vneid", "vssid", "public_services", "cashless", "scams"
    }  # fmt: skip
    for task in tasks:
        assert task.guide is not None and task.guide.steps.count() >= 3, task.code
        questions = list(task.questions.all())
        assert 3 <= len(questions) <= 5, task.code
        for q in questions:
            q.full_clean()  # options and the right one hold together
        assert not task.course_url or task.course_url.startswith("https://binhdanhocvuso.gov.vn/")


def test_passing_the_check_moves_her_to_can_do(client, team):
    task = Task.objects.get(code="vneid-muc-2")
    client.login(username="mai", password=PASSWORD)
    page = client.get(f"/skills/learn/{task.code}/")
    assert page.status_code == 200 and "Đến công an cấp xã" in page.content.decode()
    assert len(page.content) < 100 * 1024
    wrong = {f"q{q.pk}": 1 if q.answer != 1 else 2 for q in task.questions.all()}
    answer = client.post(f"/skills/learn/{task.code}/check/", wrong)
    assert "chưa đúng" in answer.content.decode()
    assert not SkillLevel.objects.filter(member=team["mai"], task=task).exists()
    right = {f"q{q.pk}": q.answer for q in task.questions.all()}
    answer = client.post(f"/skills/learn/{task.code}/check/", right)
    assert "Tự làm được" in answer.content.decode()
    level = SkillLevel.objects.get(member=team["mai"], task=task)
    assert (level.level, level.source) == (Level.CAN_DO, "check")
    assert AuditEntry.objects.filter(action="skill_check", object_id=str(level.pk)).exists()


def test_a_leader_confirms_and_who_and_when_are_kept(client, team):
    task = Task.objects.get(code="vssid-the-bhyt")
    client.login(username="mai", password=PASSWORD)
    client.post(f"/skills/level/{task.code}/", {"level": "can_guide"})
    claim = SkillLevel.objects.get(member=team["mai"], task=task)
    assert claim.level == Level.CAN_GUIDE and claim.confirmed_at is None
    # She cannot confirm herself.
    assert client.post(f"/skills/members/{team['mai'].pk}/confirm/{task.code}/").status_code == 302
    assert SkillLevel.objects.get(pk=claim.pk).confirmed_at is None

    client.login(username="truong", password=PASSWORD)
    page = client.get(f"/skills/members/{team['mai'].pk}/")
    assert "Xác nhận: hướng dẫn được" in page.content.decode()
    client.post(f"/skills/members/{team['mai'].pk}/confirm/{task.code}/")
    level = SkillLevel.objects.get(pk=claim.pk)
    assert level.confirmed_by.username == "truong" and level.confirmed_at is not None
    entry = AuditEntry.objects.get(action="skill_confirm", object_id=str(level.pk))
    assert (
        entry.before["confirmed_at"] is None
        and entry.after["confirmed_by"] == level.confirmed_by_id
    )


def test_a_plain_member_or_another_commune_cannot_confirm(client, team):
    task = Task.objects.first()
    other = make_user(Role.COMMUNE, team["tree"]["other_commune"], "xa-khac")
    client.login(username="mai", password=PASSWORD)
    client.post(f"/skills/members/{team['lan'].pk}/confirm/{task.code}/")
    client.force_login(other)
    assert client.get(f"/skills/members/{team['lan'].pk}/").status_code == 404
    client.post(f"/skills/members/{team['lan'].pk}/confirm/{task.code}/")
    assert not SkillLevel.objects.filter(member=team["lan"]).exists()


def test_who_can_guide_lists_confirmed_teammates_with_the_phones_they_agreed_to_show(client, team):
    task = Task.objects.get(code="ttkdtm-vietqr")
    officer = make_user(Role.COMMUNE, team["tree"]["commune"], "xa")
    client.force_login(officer)
    for member in (team["lan"], team["hoa"]):
        client.post(f"/skills/members/{member.pk}/confirm/{task.code}/")
    client.login(username="mai", password=PASSWORD)
    page = client.get(f"/skills/?who={task.code}", follow=True).content.decode()
    assert "Quàng Văn Lan" in page and "0987654321" in page
    assert "Cà Thị Hoa" in page and "0911111111" not in page


def test_training_attendance_records_each_members_training(client, team):
    officer = make_user(Role.COMMUNE, team["tree"]["commune"], "xa")
    client.force_login(officer)
    day = timezone.localdate() - timedelta(days=1)
    answer = client.post("/skills/trainings/new/", {
        "unit": team["tree"]["commune"].pk, "title": "Tập huấn VNeID mức 2",
        "date": day.isoformat(), "place": "Hội trường UBND xã",
        "tasks": [Task.objects.get(code="vneid-muc-2").pk],
    })  # fmt: skip
    session = TrainingSession.objects.get()
    assert answer.status_code == 302
    client.post(f"/skills/trainings/{session.pk}/", {"member": [team["mai"].pk, team["lan"].pk]})
    assert set(session.attendance.values_list("member__full_name", flat=True)) == {
        "Lò Thị Mai", "Quàng Văn Lan"
    }  # fmt: skip
    assert Training.objects.filter(member=team["mai"], topic="Tập huấn VNeID mức 2").exists()
    client.post(f"/skills/trainings/{session.pk}/", {"member": [team["mai"].pk]})  # again
    assert Training.objects.filter(member=team["mai"]).count() == 1


def test_a_course_is_recorded_with_its_certificate(client, team):
    client.login(username="mai", password=PASSWORD)
    day = timezone.localdate() - timedelta(days=5)
    client.post("/skills/courses/new/", {
        "course_title": "Kỹ năng số cơ bản", "certificate_number": "BDHVS-000123",
        "completed_on": day.isoformat(),
    })  # fmt: skip
    course = team["mai"].courses.get()
    assert (course.certificate_number, course.completed_on) == ("BDHVS-000123", day)
    answer = client.post("/skills/courses/new/", {
        "course_title": "Kỹ năng số cơ bản", "certificate_number": "BDHVS-000123",
        "completed_on": day.isoformat(),
    })  # fmt: skip
    assert answer.status_code == 400 and team["mai"].courses.count() == 1


def test_the_entry_page_suggests_the_guide_of_a_task_she_does_not_know(client, team):
    client.login(username="mai", password=PASSWORD)
    page = client.get("/activities/").content.decode()
    assert 'data-suggest-type="vneid_level2"' in page
    assert "/skills/learn/vneid-cai-dat-muc-1/" in page
    SkillLevel.objects.create(member=team["mai"], task=Task.objects.get(code="vneid-cai-dat-muc-1"),
                              level="can_do", source="self", changed_at=timezone.now())  # fmt: skip
    page = client.get("/activities/").content.decode()
    assert "/skills/learn/vneid-cai-dat-muc-1/" not in page
    assert "/skills/learn/vneid-muc-2/" in page  # the next task of the type
