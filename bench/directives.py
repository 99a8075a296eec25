"""A directive to a whole province: the officer's request (the directive written, the audit
entry, the task queued after the commit) against the time of sending ONE message
(in the app and by e-mail to a real SMTP server on loopback, aiosmtpd); then the queued task
is taken from the queue and run (it links the province's teams, then tells their members),
and every member's message is counted as it arrives.

Every member of the province gets an account (with an e-mail address) for the measurement;
everything is written in one transaction rolled back at the end, so a kept database is left
as it was (the queued task, taken from the queue, is not left in it either).
"""

import socket
import statistics
import time
from contextlib import contextmanager

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import TestCase
from django.test.utils import override_settings

from cdtt.steering.actions import send_directive
from cdtt.steering.tasks import send_directive_notices

from .data import Dataset
from .table import Row

SAMPLES = 5  # single messages, and requests, timed


class RolledBack(Exception):
    """Leaves the measurement's transaction, undoing everything it wrote."""


@contextmanager
def smtp_server():
    """aiosmtpd on loopback, counting the messages it receives; e-mail settings point at it."""
    from aiosmtpd.controller import Controller

    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
            received.append(envelope.content)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1", EMAIL_PORT=port, EMAIL_USE_TLS=False, SMS_ENABLED=False,
        ):  # fmt: skip
            yield received
    finally:
        controller.stop()


def _accounts_for_every_member(province) -> int:
    """Every current member of the province without an account gets one (no usable password:
    nobody logs in with it) with an e-mail address; returns how many members have one now."""
    from cdtt.accounts.models import Role, User
    from cdtt.teams.models import Member, Membership

    members = (
        Membership.objects.current()
        .in_subtree(province)
        .filter(member__user__isnull=True)
        .values_list("member_id", "team__unit_id")
        .distinct()
    )
    seats = dict(members)  # member → one of their units
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-directive-{member}",
                role=Role.MEMBER,
                orgunit_id=unit,
                password=password,
                email=f"member-{member}@bench.invalid",
                last_name="Bench",
            )
            for member, unit in seats.items()
        ],  # fmt: skip
        batch_size=2000,
    )
    for user, member in zip(users, seats, strict=True):
        Member.objects.filter(pk=member).update(user=user)
    User.objects.filter(username__startswith="bench-", email="").update(email="bench@bench.invalid")
    return (
        Membership.objects.current()
        .in_subtree(province)
        .filter(member__user__isnull=False)
        .values("member_id")
        .distinct()
        .count()
    )


def measure(data: Dataset, log=print) -> list[Row]:
    from huey.contrib.djhuey import HUEY

    from cdtt.accounts.models import User
    from cdtt.notify.actions import send_now
    from cdtt.orgunits.models import OrgUnit

    province = OrgUnit.objects.get(pk=data.province_id)
    officer = User.objects.get(username=data.accounts["province"])
    rows: list[Row] = []
    HUEY.flush()  # the bench's own queue: nothing left by an earlier run
    log("  a directive to the whole province")
    with smtp_server() as received:
        try:
            with transaction.atomic():
                members = _accounts_for_every_member(province)
                one = []
                for n in range(SAMPLES):
                    start = time.perf_counter()
                    send_now(officer, f"bench:one:{n}:{time.time_ns()}", "Một tin", "Nội dung")
                    one.append((time.perf_counter() - start) * 1000)
                received_before = len(received)
                # The request: the writer, then what its commit sets off (queueing the task),
                # timed SAMPLES times like the message; all but the last are undone (their
                # savepoint and their queued task), the last one is delivered below.
                requests = []
                for n in range(SAMPLES):
                    try:
                        with transaction.atomic():
                            start = time.perf_counter()
                            with TestCase.captureOnCommitCallbacks() as on_commit:
                                directive = send_directive(
                                    officer, province, title="Rà soát VNeID mức 2",
                                    text="Các tổ rà soát và báo cáo trước ngày 15.",
                                )  # fmt: skip
                            for callback in on_commit:
                                callback()
                            requests.append((time.perf_counter() - start) * 1000)
                            if n < SAMPLES - 1:
                                raise RolledBack
                    except RolledBack:
                        HUEY.flush()
                request = statistics.median(requests)
                linked_in_request = directive.teams.count()
                sent_before = len(received)
                sent_in_request = sent_before - received_before
                queued = HUEY.pending_count()
                start = time.perf_counter()
                while (task := HUEY.dequeue()) is not None:
                    # As the consumer runs it, minus its closing of the connection (which
                    # would end this transaction): the task's own function, its arguments
                    # as read back from the queue.
                    assert isinstance(task, send_directive_notices.task_class), task.name
                    send_directive_notices.call_local(*task.args, **task.kwargs)
                delivered = time.perf_counter() - start
                teams = directive.teams.count()
                emails = len(received) - sent_before
                raise RolledBack
        except RolledBack:
            pass
    rows.append(
        Row(
            "Directive to a whole province: the request",
            request,
            "ms",
            floor=statistics.median(one),
            target="< one message",
            ok=request < statistics.median(one),
            note=f"{teams:,} teams, {members:,} members with an account; "
            f"median of {SAMPLES} ({min(requests):.1f}–{max(requests):.1f} ms); floor: one "
            f"message (in the app and e-mail to loopback SMTP), median of {SAMPLES}; "
            f"{sent_in_request} sent and {linked_in_request} teams linked inside the "
            f"request, {queued} task queued",
        )  # fmt: skip
    )
    rows.append(
        Row(
            "Directive to a whole province: its teams linked and messages sent, from the queue",
            delivered,
            "s",
            note=f"{teams:,} teams linked, {emails:,} e-mails received by the SMTP server "
            f"({emails / delivered:,.0f}/s)",
        )  # fmt: skip
    )
    return rows
