"""notify(): queued after commit; each message once per channel, e-mail through a real SMTP
server, SMS through a real HTTP gateway, failures logged and retried."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cdtt.accounts.models import Role
from cdtt.factories import make_user
from cdtt.notify.actions import notify, send_now
from cdtt.notify.models import Channel, Delivery, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_gateway(settings):
    """A real HTTP server standing in for the province's SMS gateway; records what it got."""
    received = []
    state = {"status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server API
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Authorization"], json.loads(body)))
            self.send_response(state["status"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SMS_ENABLED = True
    settings.SMS_BACKEND = "cdtt.notify.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_GATEWAY_TOKEN = "secret-token"
    yield received, state
    server.shutdown()


def test_each_message_is_sent_once_on_every_channel(tree, smtp_server, sms_gateway):
    sms, _state = sms_gateway
    user = make_user(Role.MEMBER, tree["village"], email="mai@example.vn", phone="0912000111")
    for _run in range(2):
        send_now(
            user,
            "reminder:2026-11",
            "Nhắc nộp báo cáo tháng 11/2026",
            "Hạn cuối: 05/12/2026",
            url="/reports/",
        )
    assert len(smtp_server) == 1
    assert smtp_server[0]["Subject"] == "Nhắc nộp báo cáo tháng 11/2026"
    assert smtp_server[0]["To"] == "mai@example.vn"
    assert "Hạn cuối: 05/12/2026" in smtp_server[0].get_content()
    assert sms == [
        (
            "Bearer secret-token",
            {"to": "0912000111", "text": "Nhắc nộp báo cáo tháng 11/2026. Hạn cuối: 05/12/2026"},
        )
    ]
    assert Notification.objects.filter(user=user).count() == 1
    assert sorted(Delivery.objects.values_list("channel", "status")) == [
        (Channel.EMAIL, "sent"), (Channel.IN_APP, "sent"), (Channel.SMS, "sent"),
    ]  # fmt: skip


def test_a_failed_sms_is_logged_and_retried_on_the_next_run(tree, sms_gateway):
    sms, state = sms_gateway
    user = make_user(Role.MEMBER, tree["village"], phone="0912000222")
    state["status"] = 500
    send_now(user, "overdue:2026-11", "Quá hạn báo cáo", "Vui lòng nộp báo cáo.")
    failed = Delivery.objects.get(channel=Channel.SMS)
    assert failed.status == "failed" and "500" in failed.error
    state["status"] = 200
    send_now(user, "overdue:2026-11", "Quá hạn báo cáo", "Vui lòng nộp báo cáo.")
    send_now(user, "overdue:2026-11", "Quá hạn báo cáo", "Vui lòng nộp báo cáo.")
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("sent", 2)
    assert len(sms) == 2  # the refused attempt and the one that went through
    assert Notification.objects.filter(user=user).count() == 1


def test_notify_sends_from_the_queue_only_after_the_commit(
    tree, smtp_server, django_capture_on_commit_callbacks
):
    user = make_user(Role.MEMBER, tree["village"], email="mai@example.vn")
    with django_capture_on_commit_callbacks() as queued:
        notify(user, "returned:1", "Báo cáo bị trả lại", "Bổ sung ngày 15", url="/reports/")
        assert not smtp_server and not Notification.objects.exists()  # not inside the request
    assert len(queued) == 1
    queued[0]()  # the commit: the task runs (at once, Huey's immediate mode in tests)
    queued[0]()  # the task run again sends nothing twice
    assert [m["To"] for m in smtp_server] == ["mai@example.vn"]
    assert Notification.objects.get(user=user).url == "/reports/"


def test_a_rolled_back_action_tells_nobody(tree, smtp_server, django_capture_on_commit_callbacks):
    from django.db import transaction

    user = make_user(Role.MEMBER, tree["village"], email="mai@example.vn")
    with django_capture_on_commit_callbacks(execute=True) as queued:
        try:
            with transaction.atomic():
                notify(user, "returned:2", "Báo cáo bị trả lại", "")
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass
    assert queued == [] and smtp_server == [] and not Delivery.objects.exists()


def test_the_inbox_shows_only_ones_own_notifications(client, tree, users):
    send_now(users[Role.MEMBER], "k1", "Chỉ đạo mới của xã", "Đọc kỹ", channels=[Channel.IN_APP])
    send_now(users[Role.LEADER], "k2", "Riêng tổ trưởng", "", channels=[Channel.IN_APP])
    client.force_login(users[Role.MEMBER])
    page = client.get("/notifications/").content.decode()
    assert "Chỉ đạo mới của xã" in page and "Riêng tổ trưởng" not in page
    assert 'class="badge">1<' in client.get("/").content.decode()
    client.post("/notifications/read/")
    assert 'class="badge"' not in client.get("/").content.decode()
