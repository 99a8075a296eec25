"""CPU time one page costs: the Django process's and its PostgreSQL backend's, per request.

On a machine shared with other work, wall times under load move with the neighbours; the
CPU a request burns moves much less, and a page's share of it against the public home page
(measured in the same run) says how far it is from a page the server answers quickly. A
page whose CPU is N times the home page's answers about N times fewer users.

    python -m bench.cpu [--requests 60] USER:PATH [USER:PATH ...]   (":PATH": no login)

Runs against the kept bench database (`make bench … KEEP=1`), DEBUG off, through Django's
test client in this process, after eight warm-up requests; each figure is the lowest of
three rounds of `--requests` requests.
"""

import argparse
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
WARM = 8
ROUNDS = 3


def _backend_cpu(pid: int) -> float:
    """Seconds of CPU (user + system) the PostgreSQL backend `pid` has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", help="USER:PATH")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cdtt.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cdtt_bench")
    os.environ.setdefault("CDTT_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from cdtt.accounts.models import User

    for spec in args.pages:
        username, path = spec.split(":", 1)
        client = Client(HTTP_HOST="127.0.0.1")
        if username:
            client.force_login(User.objects.get(username=username))
        for _ in range(WARM):
            answer = client.get(path, secure=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        best: tuple[float, float] | None = None
        for _round in range(ROUNDS):
            python, database = time.process_time(), _backend_cpu(backend)
            for _ in range(args.requests):
                client.get(path, secure=True)
            python = (time.process_time() - python) * 1000 / args.requests
            database = (_backend_cpu(backend) - database) * 1000 / args.requests
            if best is None or python + database < sum(best):
                best = (python, database)
        python, database = best
        print(
            f"{path:16} {username:20} {answer.status_code}  Python {python:5.1f} ms"
            f" + PostgreSQL {database:4.1f} ms = {python + database:5.1f} ms CPU a request",
            flush=True,
        )


if __name__ == "__main__":
    main()
