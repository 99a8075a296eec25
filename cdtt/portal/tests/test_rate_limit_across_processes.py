"""The code lookup's limit (20 per address per 10 minutes) holds across server processes.

Two gunicorn processes serve the same database and the configured cache (a table of the
database by default, Redis when REDIS_URL is set), as two workers of one server do. An
address that spreads its guesses over both, one after the other and then forty at once,
gets exactly twenty answers; the rest are 429. With a cache kept per process (the old
LocMem default) it got twenty from each (issue 18, finding 4).

On PostgreSQL both processes open the test database; on SQLite the test database, which
lives in memory, is copied to a file first and served in WAL mode, as `make run` serves it.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]
LIMIT = 20  # ratelimit.LIMITS["help_lookup"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(tmp_path: Path) -> dict:
    """What both server processes run with: the test's database, the configured cache."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(CDTT_VAR_DIR=str(tmp_path), DEBUG="1", PYTHONUNBUFFERED="1")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(tmp_path / "cdtt.sqlite3")
        connection.connection.backup(target)
        target.close()
        env.pop("DATABASE_URL", None)
    else:
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    return env


def start(env: dict, tmp_path: Path, name: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(  # noqa: S603 - our own WSGI application, fixed arguments
        [sys.executable, "-m", "gunicorn", "cdtt.wsgi:application", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    server.log = log
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return server, f"http://127.0.0.1:{port}"


def guess(base: str, number: int) -> int:
    url = f"{base}/help/track/?code=AAAA{number:04d}"
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - loopback
            return answer.status
    except urllib.error.HTTPError as answer:
        return answer.code


@pytest.fixture
def two_servers(tmp_path):
    env = environment(tmp_path)
    servers = [start(env, tmp_path, f"server{n}") for n in (1, 2)]
    yield [url for _server, url in servers]
    for server, _url in servers:
        server.terminate()
        server.wait(timeout=30)
        server.log.close()


def test_two_processes_share_one_limit(two_servers, tmp_path):
    first, second = two_servers
    # One after the other, alternating: the twenty-first guess is refused, by either.
    answers = [guess(two_servers[n % 2], n) for n in range(LIMIT + 4)]
    logs = "".join(p.read_text(errors="replace") for p in tmp_path.glob("server*.log"))
    assert answers == [200] * LIMIT + [429] * 4, logs[-3000:]
    assert guess(first, 99) == guess(second, 98) == 429


def test_requests_arriving_together_cannot_slip_past_the_limit(two_servers, tmp_path):
    answers: list[int] = []
    lock = threading.Lock()

    def send(number: int) -> None:
        status = guess(two_servers[number % 2], number)
        with lock:
            answers.append(status)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(2 * LIMIT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    logs = "".join(p.read_text(errors="replace") for p in tmp_path.glob("server*.log"))
    assert sorted(answers) == [200] * LIMIT + [429] * LIMIT, logs[-3000:]
