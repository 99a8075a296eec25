"""20 clients post 50 activities each over real HTTP, at the same time, with random resends
and connections dropped before the answer is read (then retried): exactly 1,000 stored.

On PostgreSQL the server is pytest-django's live_server (threaded; each request thread has
its own connection). On SQLite the test database lives in memory, and live_server would
share one connection between all request threads, which is not how SQLite runs here in
production; so the prepared database is copied to a file and served by `manage.py
runserver` in its WAL mode, as `make run` serves it. There a writer that waited too long
for SQLite's write lock gets 503 "busy" (nothing written), and the client sends it again,
as the offline client does; no answer may be a server error.
"""

import http.client
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.utils import timezone

from cdtt.accounts.models import Role
from cdtt.accounts.tokens import create_token
from cdtt.activities.models import Activity
from cdtt.audit.models import AuditEntry
from cdtt.factories import make_user
from cdtt.teams.models import Member, Membership, Team

from .catalog import seed_catalog

# serialized_rollback: the catalog rows seeded by the data migration are put back after an
# earlier transactional test flushed the database.
pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]
CLIENTS, EACH = 20, 50
PATH = "/api/v1/activities/"
TYPES = ["vneid_level2", "vneid_features", "vssid", "public_services", "cashless"]


def prepare(tree) -> list[tuple[str, dict]]:
    """One team, 20 members with accounts and tokens; each client's 50 activities."""
    seed_catalog()
    team = Team.objects.create(unit=tree["village"])
    today = timezone.localdate()
    plans = []
    for n in range(CLIENTS):
        user = make_user(Role.MEMBER, tree["village"], f"client{n}")
        member = Member.objects.create(full_name=f"Thành viên {n}", user=user)
        Membership.objects.create(team=team, member=member, start=today - timedelta(days=400))
        rng = random.Random(n)
        activities = []
        for _ in range(EACH):
            people = rng.randint(1, 6)
            activities.append({
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "member": member.pk, "team": team.pk, "village": tree["village"].pk,
                "date": (today - timedelta(days=rng.randint(0, 20))).isoformat(),
                "type": rng.choice(TYPES), "people_helped": people,
                "women": rng.randint(0, people), "ethnic_minority": rng.randint(0, people),
                "elderly": 0, "households_without_smartphone": rng.randint(0, 2),
                "note": "", "source": "offline",
            })  # fmt: skip
        plans.append((create_token(user), activities))
    return plans


def request_bytes(host: str, port: int, token: str, body: bytes) -> bytes:
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Token {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode() + body


def abandon(host: str, port: int, token: str, body: bytes, rng: random.Random) -> None:
    """Send the request (whole, or cut in the middle of the body) and hang up unread."""
    data = request_bytes(host, port, token, body)
    if rng.random() < 0.3:
        data = data[: len(data) - len(body) // 2 - 1]
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(data)
        time.sleep(rng.random() * 0.01)


def post(host: str, port: int, token: str, body: bytes) -> tuple[int, object]:
    """Send and read the answer; a refused or reset connection is retried."""
    for attempt in range(20):
        conn = http.client.HTTPConnection(host, port, timeout=60)
        try:
            conn.request("POST", PATH, body=body, headers={
                "Authorization": f"Token {token}", "Content-Type": "application/json"})  # fmt: skip
            answer = conn.getresponse()
            content = answer.read()
            try:
                return answer.status, json.loads(content or b"null")
            except ValueError:  # not JSON: an error page; kept for the failure message
                return answer.status, content[:2000].decode(errors="replace")
        except (ConnectionError, http.client.HTTPException, TimeoutError):
            time.sleep(0.05 * (attempt + 1))
        finally:
            conn.close()
    raise AssertionError("the server never answered")


def answered(host, port, token, body: bytes, busy: list) -> tuple[int, object]:
    """Post until the server answers for every item; 503 (SQLite busy) means send again, as
    the offline client does."""
    while True:
        status, answer = post(host, port, token, body)
        items = answer if isinstance(answer, list) else [{"status": status}]
        if not any(isinstance(i, dict) and i.get("status") == 503 for i in items):
            return status, answer
        busy.append(1)
        time.sleep(0.2)


def run_client(host, port, token, activities, seed, problems, replays, busy) -> None:
    rng = random.Random(1000 + seed)
    sent: list[dict] = []
    queue = list(activities)

    def expect(status, answer, items, allowed):
        if not isinstance(answer, (dict, list)):  # an error page: nothing more to compare
            problems.append((status, answer))
            return
        if isinstance(items, dict):
            ok = status in allowed and answer["id"] == items["id"]
        else:
            ok = status == 200 and [r["status"] in allowed for r in answer] == [True] * len(items)
        if not ok:
            problems.append((status, answer))

    while queue:
        size = rng.randint(1, 4)
        batch, queue = queue[:size], queue[size:]
        items = batch[0] if len(batch) == 1 and rng.random() < 0.5 else batch
        body = json.dumps(items).encode()
        dropped = rng.random() < 0.25
        if dropped:
            abandon(host, port, token, body, rng)
        status, answer = answered(host, port, token, body, busy)
        if dropped and isinstance(answer, (dict, list)):  # stored before the retry came?
            answers = [answer] if isinstance(items, dict) else answer
            replays.append(any(a.get("status", status) == 200 for a in answers))
        # After a dropped connection the first copy may already be stored: 200 is fine.
        expect(status, answer, items, {200, 201})
        sent.extend(batch)
        if rng.random() < 0.3:  # a resend of something already answered
            again = rng.sample(sent, k=min(len(sent), rng.randint(1, 3)))
            status, answer = answered(host, port, token, json.dumps(again).encode(), busy)
            expect(status, answer, again, {200})


def hammer(url: str, plans) -> list:
    parts = urlsplit(url)
    problems: list = []
    replays: list = []
    busy: list = []
    threads = [
        threading.Thread(
            target=run_client,
            args=(parts.hostname, parts.port, token, activities, n, problems, replays, busy),
        )
        for n, (token, activities) in enumerate(plans)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{len(replays)} dropped connections, {sum(replays)} of them stored before the retry;"
          f" {len(busy)} answers 'busy, send again'")  # fmt: skip
    # The drops really happened, and some reached the database before the client gave up.
    assert len(replays) > 50 and sum(replays) > 0
    return problems


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_sqlite_copy(tmp_path: Path):
    """Copy the in-memory test database to a file and serve it with runserver (WAL)."""
    connection.ensure_connection()
    target = sqlite3.connect(tmp_path / "cdtt.sqlite3")
    connection.connection.backup(target)
    target.close()
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(CDTT_VAR_DIR=str(tmp_path), DEBUG="1", PYTHONUNBUFFERED="1")
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks",
         f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return server, f"http://127.0.0.1:{port}", log


def test_exactly_one_thousand_stored(tree, request, tmp_path):
    plans = prepare(tree)
    expected = {a["id"] for _token, activities in plans for a in activities}
    assert len(expected) == CLIENTS * EACH == 1000
    if connection.vendor == "sqlite":
        server, url, log = serve_sqlite_copy(tmp_path)
        try:
            problems = hammer(url, plans)
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
        with sqlite3.connect(tmp_path / "cdtt.sqlite3") as db:
            stored = {row[0] for row in db.execute("SELECT id FROM activities_activity")}
            created = db.execute(
                "SELECT count(*) FROM audit_auditentry WHERE action = 'activity_created'"
            ).fetchone()[0]
        stored = {str(uuid.UUID(value)) for value in stored}
        if problems:  # the server's own account of its errors, before tmp_path is recycled
            problems.append((tmp_path / "server.log").read_text(errors="replace")[-4000:])
    else:
        problems = hammer(request.getfixturevalue("live_server").url, plans)
        stored = {str(pk) for pk in Activity.objects.values_list("pk", flat=True)}
        created = AuditEntry.objects.filter(action="activity_created").count()
    assert problems == [], [problems[0], problems[-1]]
    assert len(stored) == 1000 and stored == expected
    assert created == 1000  # each stored once: one creation, never two
