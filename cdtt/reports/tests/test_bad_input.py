"""Bodies of the wrong shape to the monthly cycle's API and pages: 400 naming the field,
never a 500, nothing stored (issue 18, findings 2 and 3)."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from cdtt.accounts.models import Role
from cdtt.reports.actions import approve_month, confirm_report, get_or_start_report, submit_report
from cdtt.reports.models import MonthlyReport, Status, TeamMonth, Transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    client = APIClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def report(crew, last_month):
    return get_or_start_report(crew["team"], crew["mai"], last_month)


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("submit", {"difficulties": 123}, "difficulties"),
        ("submit", {"proposals": ["x"]}, "proposals"),
        ("submit", {"difficulties": "Khó khăn\x01"}, "difficulties"),
        ("submit", {"difficulties": "x" * 4001}, "difficulties"),
        ("return", {"comment": 5}, "comment"),
        ("confirm", {"comment": {"a": 1}}, "comment"),
    ],
)
def test_report_actions_check_their_documented_body(api, users, report, action, body, field):
    if action != "submit":
        submit_report(users[Role.MEMBER], report)
    api.force_authenticate(users[Role.LEADER])
    answer = api.post(f"/api/v1/reports/{report.pk}/{action}/", body, format="json")
    assert answer.status_code == 400 and list(answer.json()) == [field], answer.json()
    report.refresh_from_db()
    assert report.difficulties == report.proposals == ""
    assert not Transition.objects.filter(comment__contains="{").exists()


def test_a_comment_is_stored_as_sent(api, users, report):
    submit_report(users[Role.MEMBER], report)
    api.force_authenticate(users[Role.LEADER])
    answer = api.post(f"/api/v1/reports/{report.pk}/confirm/", {"comment": " Tốt\r\nlắm "},
                      format="json")  # fmt: skip
    assert answer.status_code == 200
    assert Transition.objects.get(to_status=Status.CONFIRMED).comment == "Tốt\nlắm"


def test_unlock_checks_its_reason(api, users, crew, report, last_month):
    submit_report(users[Role.MEMBER], report)
    confirm_report(users[Role.LEADER], report)
    approve_month(users[Role.COMMUNE], crew["team"], last_month)
    api.force_authenticate(users[Role.PROVINCE])
    url = f"/api/v1/teams/{crew['team'].pk}/months/{last_month}/unlock/"
    for body in ({"reason": ["x"]}, {"reason": 7}, {}, {"reason": "a\x00b"}, {"reason": " "}):
        answer = api.post(url, body, format="json")
        assert answer.status_code == 400, body
    assert TeamMonth.objects.get(team=crew["team"]).approved
    assert api.post(url, {"reason": "Sai số liệu"}, format="json").status_code == 200


def test_the_pages_refuse_bad_words_with_the_field_and_keep_the_typed_text(
    client, users, crew, report, last_month
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(users[Role.MEMBER])
    url = f"/reports/my/{last_month}/"
    for words in ("Khó khăn\x01 ở bản", "x" * 100_000):
        answer = client.post(url, {"team": crew["team"].pk, "difficulties": words,
                                   "proposals": "", "save": "1"})  # fmt: skip
        page = answer.content.decode()
        assert answer.status_code == 400 and "Difficulties:" in page
    assert (
        "not allowed (U+0001, position 9)"
        in client.post(
            url, {"team": crew["team"].pk, "difficulties": "Khó khăn\x01", "submit": "1"}
        ).content.decode()
    )
    assert not MonthlyReport.objects.filter(pk=report.pk).exclude(difficulties="").exists()
    client.force_login(users[Role.LEADER])
    team_url = f"/reports/team/{crew['team'].pk}/{last_month}/"
    answer = client.post(team_url, {"action": "assessment", "assessment": "y" * 4001})
    assert answer.status_code == 400 and "Leader&#x27;s assessment:" in answer.content.decode()
    answer = client.post(team_url, {"action": "assessment", "assessment": "Tổ\tlàm tốt\r\n"})
    assert answer.status_code == 302
    assert TeamMonth.objects.get(team=crew["team"]).assessment == "Tổ\tlàm tốt"


def test_nul_in_a_form_post_or_a_json_body_is_refused_before_any_view(
    api, client, users, crew, report, last_month
):
    client.force_login(users[Role.LEADER])
    team_url = f"/reports/team/{crew['team'].pk}/{last_month}/"
    answer = client.post(team_url, {"action": "assessment", "assessment": "tốt\x00"})
    assert answer.status_code == 400 and "assessment" in answer.content.decode()
    submit_report(users[Role.MEMBER], report)
    api.force_authenticate(users[Role.LEADER])
    answer = api.post(f"/api/v1/reports/{report.pk}/return/", {"comment": "sửa\x00"},
                      format="json")  # fmt: skip
    assert answer.status_code == 400 and "comment" in answer.json()["detail"]
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and not TeamMonth.objects.exclude(assessment="")
