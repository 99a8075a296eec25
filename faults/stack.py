"""A real cdtt server on loopback for fault and load checks: PostgreSQL, gunicorn, tokens.

Used by the scripts beside it (`make faults`). Each check prepares its own database,
starts gunicorn as a separate process group (so it can be SIGKILLed whole), and talks to it
over HTTP like the offline client does. Traffic goes to 127.0.0.1 only, bounded in count
and time.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(database: str, members: int) -> dict:
    """A fresh database with one village team of `members` members, each with a token."""
    url = f"postgres://postgres@127.0.0.1:5432/{database}"
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-qc",
            f"DROP DATABASE IF EXISTS {database}",
            "-c",
            f"CREATE DATABASE {database}",
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cdtt.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from cdtt.accounts.models import Role
    from cdtt.accounts.tokens import create_token
    from cdtt.factories import make_member, make_team, make_tree, make_user

    tree = make_tree()
    team = make_team(tree["village"])
    crew = []
    for number in range(members):
        user = make_user(Role.MEMBER, tree["village"], f"member{number}")
        member = make_member(f"Thành viên {number}", team, user=user)
        crew.append({"member": member.pk, "token": create_token(user)})
    return {"url": url, "team": team.pk, "village": tree["village"].pk, "crew": crew}


def activity(setup: dict, who: dict, day: date | None = None) -> dict:
    day = day or date.today() - timedelta(days=1)
    return {
        "id": str(uuid.uuid4()),
        "member": who["member"],
        "team": setup["team"],
        "village": setup["village"],
        "date": day.isoformat(),
        "type": "vneid_level2",
        "people_helped": 2,
        "women": 1,
        "source": "offline",
    }


class Server:
    """gunicorn serving cdtt on a free loopback port, killable and restartable."""

    def __init__(self, database_url: str, workers: int = 2, threads: int = 4):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": "faults-" + uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
        }
        self.args = [
            GUNICORN,
            "cdtt.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--graceful-timeout",
            "2",
            "--log-level",
            "warning",
        ]
        self.process = None
        self.collected = False

    def start(self) -> None:
        if not self.collected:  # DEBUG=0 serves the hashed files collectstatic writes
            subprocess.run(
                [PYTHON, "manage.py", "collectstatic", "--noinput", "--clear", "-v0"],
                cwd=ROOT, env=self.env, check=True,
            )  # fmt: skip
            self.collected = True
        self.process = subprocess.Popen(
            self.args,
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.kill()  # not left behind holding the port and the caller's output
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL the whole process group: no graceful shutdown, requests cut mid-way."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)


def post_batch(base: str, token: str, batch: list[dict], timeout: float = 10) -> list[dict]:
    """POST a list; returns per-item results, or raises OSError / HTTPError on failure."""
    request = urllib.request.Request(
        base + "/api/v1/activities/",
        data=json.dumps(batch).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return json.loads(answer.read())


def stored_ids(batch_ids: set[str]) -> tuple[int, set[str]]:
    """How many activities the database holds, and which of the given ids are among them."""
    from django.db import connection

    from cdtt.activities.models import Activity

    connection.close()
    ids = {str(pk) for pk in Activity.objects.values_list("id", flat=True)}
    return len(ids), ids & batch_ids
