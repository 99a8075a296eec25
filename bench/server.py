"""The served side: gunicorn on loopback against the bench database, then
- ingestion over HTTP (bench.ingest), 8 clients posting batches, against a direct insert;
- p50/p95 of each page under concurrent users (wrk, one session per page), after a few
  seconds of the same load that are not measured;
- peak memory (VmHWM) of the server's processes after all of it;
- the pages on a throttled phone profile (bench.pages, headless Chromium).
"""

import html
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

from django.db import connection
from django.urls import reverse

from .data import PASSWORD, Dataset
from .table import Row

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8300"))
WORKERS, THREADS = 2, 4
USERS = 20  # concurrent users per page
SECONDS = 15  # of load per page
# Of the same load before, not measured: a page's first requests on each of the server's
# threads (a database connection opened, templates compiled, a home's parts built) belong
# to no steady state, and they fell on whichever page came first.
WARM_SECONDS = 3
P95_TARGET_MS = 300
MEMORY_TARGET_MB = 300
SESSIONS = 5  # logins per page: users do not all share one session row
WRK_SCRIPT = """
local cookies, n = {}, 0
for cookie in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^|]+") do
  table.insert(cookies, cookie)
end
request = function()
  n = n + 1
  if #cookies > 0 then wrk.headers["Cookie"] = cookies[n % #cookies + 1] end
  return wrk.format()
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %d\\n", latency:percentile(50),
    latency:percentile(95), summary.requests, errors, summary.errors.status))
end
"""


def _server_env(base: dict) -> dict:
    env = dict(os.environ)
    env.update(base)
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        LOCKOUT_ACCOUNT_ADDRESS="1000",
        LOCKOUT_ACCOUNT="1000",
        LOCKOUT_ADDRESS="100000",
        LOG_LEVEL="WARNING",
    )
    cli = shutil.which("redis-cli")
    if cli and subprocess.call([cli, "-h", "127.0.0.1", "ping"], stdout=subprocess.DEVNULL) == 0:  # noqa: S603
        env["REDIS_URL"] = "redis://127.0.0.1:6379/14"  # the cache and lockouts, as in production
    return env


class Server:
    """gunicorn (WORKERS × THREADS) on 127.0.0.1:PORT, as production runs it minus nginx."""

    def __init__(self, env: dict):
        self.env = _server_env(env)
        self.url = f"http://127.0.0.1:{PORT}"
        # Kept open for the server's lifetime (its output), named in errors.
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )

    def __enter__(self) -> "Server":
        python = Path(sys.executable)
        subprocess.run(  # noqa: S603
            [python, "manage.py", "collectstatic", "--noinput", "--clear", "-v0"],
            cwd=ROOT, env=self.env, check=True,
        )  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603
            [python.parent / "gunicorn", "cdtt.wsgi", "--bind", f"127.0.0.1:{PORT}",
             "--workers", str(WORKERS), "--threads", str(THREADS), "--worker-class", "gthread",
             "--timeout", "120"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log,
        )  # fmt: skip
        for _try in range(100):
            if self.process.poll() is not None:  # e.g. the port is taken
                break
            try:
                urllib.request.urlopen(self.url + "/", timeout=30)  # noqa: S310
                return self
            except (urllib.error.URLError, OSError):  # not listening yet, or still booting
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not start; see {self.log.name}")

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def drain(self) -> None:
        """Wait until the requests wrk left queued are answered (wrk stops sending, the server
        goes on): as many requests as the server has threads, at once, wait their turn
        behind them in every worker."""

        def one(_n: int) -> None:
            urllib.request.urlopen(self.url + "/", timeout=600).read()  # noqa: S310

        with ThreadPoolExecutor(WORKERS * THREADS) as pool:
            list(pool.map(one, range(WORKERS * THREADS)))

    def warm(self, path: str, cookie: str) -> None:
        """Every worker has answered `path` once (templates compiled, translations read)."""
        n = WORKERS * THREADS
        with ThreadPoolExecutor(n) as pool:
            list(pool.map(lambda _n: cold_request(self.url + path, cookie), range(n)))

    def peak_memory_mb(self) -> tuple[float, float]:
        """Peak resident memory (VmHWM) of the largest worker and of all processes, in MB."""
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids += [int(p) for p in children.read_text().split()]
        peaks = []
        for pid in pids:
            found = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
            if found:  # an exited child has no memory left to report
                peaks.append(int(found.group(1)) / 1024)
        return max(peaks[1:] or peaks), sum(peaks)


def session_cookie(base_url: str, username: str) -> str:
    """Log in through the login form; the Cookie header of the session."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = base_url + reverse("accounts:login")
    page = opener.open(login).read().decode()  # noqa: S310 — our own http URL
    token = html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(login, data=body, headers={"Referer": login})  # noqa: S310
    opener.open(request).read()  # noqa: S310
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"could not log in as {username}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def wrk(url: str, cookies: list[str], seconds: int = SECONDS) -> tuple[float, float, int, int]:
    """p50 and p95 in ms, requests and failed ones (errors and non-2xx/3xx answers); the
    requests take the sessions in `cookies` in turn."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = ["wrk", "-t", "2", "-c", str(USERS), "-d", f"{seconds}s", "--timeout", "30s",
               "-s", script.name, url]  # fmt: skip
    env = dict(os.environ, BENCH_COOKIES="|".join(cookies))
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout  # noqa: S603
    p50, p95, requests, errors, status = map(int, re.search(r"RESULT (.*)", out).group(1).split())
    return p50 / 1000, p95 / 1000, requests, errors + status


def page_body(url: str, cookie: str) -> str:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request, timeout=600) as answer:  # noqa: S310
        return answer.read().decode()


def cold_request(url: str, cookie: str) -> float:
    """Milliseconds for one request of `url` with the session `cookie`, read to the end."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as answer:  # noqa: S310
        answer.read()
    return (time.perf_counter() - start) * 1000


PAGE_MEMBER = "bench-page-member"


def page_member(data: Dataset) -> str:
    """The account whose member's pages are measured: a member of the first commune who is
    no ingestion client, so that their month stays one member's month however many runs
    posted before (made once, on a later team of the commune than any client's)."""
    from django.contrib.auth.hashers import make_password

    from cdtt.accounts.models import Role, User
    from cdtt.teams.models import Member, Membership, TeamRole

    if not User.objects.filter(username=PAGE_MEMBER).exists():
        membership = (
            Membership.objects.current()
            .filter(team__unit__parent_id=data.commune_id, role=TeamRole.MEMBER, member__user=None)
            .select_related("team")
            .order_by("-team_id", "pk")
            .first()
        )
        user = User.objects.create(
            username=PAGE_MEMBER, role=Role.MEMBER, orgunit_id=membership.team.unit_id,
            password=make_password(PASSWORD), last_name="Bench",
        )  # fmt: skip
        Member.objects.filter(pk=membership.member_id).update(user=user)
    return PAGE_MEMBER


PAGE_LEADER = "bench-page-leader"


def page_leader(data: Dataset) -> str:
    """The account whose to-do is measured: the leader of a village team of the first
    commune (made once, on the same team as the page member's when it has a leader)."""
    from django.contrib.auth.hashers import make_password

    from cdtt.accounts.models import Role, User
    from cdtt.teams.models import Member, Membership, TeamRole

    if not User.objects.filter(username=PAGE_LEADER).exists():
        membership = (
            Membership.objects.current()
            .filter(team__unit__parent_id=data.commune_id, role=TeamRole.LEADER, member__user=None)
            .select_related("team")
            .order_by("-team_id", "pk")
            .first()
        )
        user = User.objects.create(
            username=PAGE_LEADER, role=Role.LEADER, orgunit_id=membership.team.unit_id,
            password=make_password(PASSWORD), last_name="Bench",
        )  # fmt: skip
        Member.objects.filter(pk=membership.member_id).update(user=user)
    return PAGE_LEADER


def pages(data: Dataset) -> list[dict]:
    """The pages a user opens, with who opens them. The homes (each role's landing page after
    login) have the dashboards' target: the member's is the entry page."""
    month = data.periods[-1]
    member = page_member(data)
    todo = reverse("home:todo")
    return [
        {"label": "Activity entry page", "path": reverse("activities:entry"), "user": member,
         "max_kb": 100, "home": True, "shows": '<section id="month"'},  # the member's home
        {"label": "Leader's home: to-do", "path": todo, "user": page_leader(data),
         "max_kb": 100, "home": True, "shows": 'class="card todo-team"'},
        {"label": "Commune's home: to-do", "path": todo, "user": data.accounts["commune"],
         "max_kb": 250, "home": True, "office": True, "shows": 'id="approve"'},
        {"label": "Province's home: to-do", "path": todo, "user": data.accounts["province"],
         "max_kb": 250, "home": True, "office": True},
        {"label": "Member's month", "path": reverse("reports:my", args=[str(month)]),
         "user": member, "max_kb": 250},
        {"label": "Commune dashboard", "user": data.accounts["commune"], "max_kb": 250,
         "path": reverse("dashboard:unit", args=[data.commune_id]), "dashboard": True},
        {"label": "Province dashboard", "user": data.accounts["province"], "max_kb": 250,
         "path": reverse("dashboard:unit", args=[data.province_id]), "dashboard": True},
        {"label": "Public home page", "path": "/", "user": None, "max_kb": 250},
        {"label": "A skill's guide and its check", "user": member, "max_kb": 100,
         "path": reverse("skills:learn", args=[_first_task()])},
    ]  # fmt: skip


def _first_task() -> str:
    """The first guidable task of the catalogue (seeded by the skills app's migration)."""
    from cdtt.skills.models import Task

    return Task.objects.order_by("pk").values_list("code", flat=True).first()


def measure(data: Dataset, env: dict, skip: set, log=print) -> list[Row]:
    rows: list[Row] = []
    connection.close()
    with Server(env) as server:
        if "server" not in skip:
            for page in pages(data):
                log(f"  {page['label']} under {USERS} users")
                user = page["user"]
                cookies = (
                    [session_cookie(server.url, user) for _ in range(SESSIONS)] if user else []
                )
                dashboard = page.get("dashboard", False)
                targeted = dashboard or page.get("home", False)
                if dashboard:
                    # Alone, figures computed afresh: what the first officer waits for once
                    # a minute, or after "Tính lại ngay" (which recomputes, then redirects to
                    # the page: both are timed); the officers after them share these figures
                    # (wrk below).
                    server.warm(page["path"], cookies[0])
                    cold = cold_request(server.url + page["path"] + "?recompute=1", cookies[0])
                    rows.append(
                        Row(f"{page['label']}: one request, figures recomputed", cold, "ms",
                            note="alone on the server; with the redirect to the page")
                    )  # fmt: skip
                wrk(server.url + page["path"], cookies, seconds=WARM_SECONDS)
                server.drain()
                p50, p95, requests, failed = wrk(server.url + page["path"], cookies)
                server.drain()
                if page.get("shows"):  # what was measured is the page, not a broken one
                    body = page_body(server.url + page["path"], cookies[0])
                    if page["shows"] not in body:
                        raise RuntimeError(f"{page['label']}: {page['shows']!r} not on the page")
                rows.append(
                    Row(
                        f"{page['label']}: p50 with {USERS} users",
                        p50,
                        "ms",
                        note=f"{requests:,} requests, {failed} failed",
                    )  # fmt: skip
                )
                rows.append(
                    Row(
                        f"{page['label']}: p95 with {USERS} users",
                        p95,
                        "ms",
                        target=f"< {P95_TARGET_MS} ms" if targeted else "",
                        ok=(p95 < P95_TARGET_MS and not failed) if targeted else None,
                    )  # fmt: skip
                )
        if "pages" not in skip:
            rows += _pages(server, data, log)
        if "server" not in skip:
            # Last: ingestion adds hundreds of entries to the members the pages show.
            rows += _ingestion(server, data, log)
            worker, total = server.peak_memory_mb()
            rows.append(
                Row(
                    f"Peak memory of a server worker ({WORKERS} workers × {THREADS} threads)",
                    worker,
                    "MB",
                    target=f"< {MEMORY_TARGET_MB} MB",
                    ok=worker < MEMORY_TARGET_MB,
                    note=f"all processes: {total:,.0f} MB",
                )  # fmt: skip
            )
    return rows


def _ingestion(server: Server, data: Dataset, log) -> list[Row]:
    from . import ingest

    # In one commune, the clients' writes meet on the commune's facts; each in another commune
    # of one province, on the province's (locked last, for the end of each write). Each is
    # measured three times, alternately, and its median kept: a first run reads the facts of
    # its teams from disk when the month close has just pushed them out of memory.
    spread = ingest.accounts(8, leaders=False, at_least=2)
    scenarios = [
        (" in one commune", ingest.clients_of(data.member_accounts)),
        (f" in {len(spread[0])} communes of one province", spread),
    ]
    runs: dict[str, list[dict]] = {where: [] for where, _clients in scenarios}
    for _round in range(3):
        for where, (tokens, members) in scenarios:
            log(f"  ingestion, {len(tokens)} clients{where}")
            # Fresh UUIDs at each run: a kept database already holds the last run's.
            runs[where] += ingest.measure_ingest(
                server.url, tokens, members, connection, seed=time.time_ns(), log=log,
                where=where,
            )  # fmt: skip
    connection.close()
    rows = []
    for found in runs.values():
        median = sorted(found, key=lambda r: r["value"])[len(found) // 2]
        values = ", ".join(f"{r['value']:,.0f}" for r in found)
        rows.append(Row.of({**median, "note": f"{median['note']}; median of {values} /s"}))
    return rows


def _pages(server: Server, data: Dataset, log) -> list[Row]:
    from . import pages as browser_pages

    log("  pages on a throttled phone profile")
    specs = [
        {"label": p["label"], "path": p["path"], "max_kb": p["max_kb"],
         "login": (p["user"], PASSWORD) if p["user"] else None}
        for p in pages(data)
        if p["label"] != "Province dashboard" and not p.get("office")
    ]  # fmt: skip
    return [Row.of(r) for r in browser_pages.measure_pages(server.url, specs)]
