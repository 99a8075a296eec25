"""Do the workers' held sums by type (cdtt/dashboard/held.py) show on a page? The commune's and
province's dashboards under 20 users, served by two gunicorns side by side on the same
database, one with the held sums and one without (CDTT_HELD_SUMS=0), measured in turn; with the
figures shared between officers for a minute (the default) and computed at every view
(DASHBOARD_CACHE_SECONDS=0, the held sums' best case)."""

import statistics

from .data import Dataset
from .server import PORT, SESSIONS, USERS, Server, cold_request, session_cookie, wrk
from .table import Row

ROUNDS = 3
VARIANTS = [  # label, environment
    ("held sums, figures shared 60 s", {}),
    ("no held sums, figures shared 60 s", {"CDTT_HELD_SUMS": "0"}),
    ("held sums, figures at every view", {"DASHBOARD_CACHE_SECONDS": "0"}),
    ("no held sums, figures at every view",
     {"CDTT_HELD_SUMS": "0", "DASHBOARD_CACHE_SECONDS": "0"}),
]  # fmt: skip


def measure(data: Dataset, env: dict, log=print) -> list[Row]:
    from django.urls import reverse

    dashboards = [
        ("Commune dashboard", data.accounts["commune"], data.commune_id),
        ("Province dashboard", data.accounts["province"], data.province_id),
    ]
    servers = [Server({**env, **extra}, port=PORT + 1 + n) for n, (_, extra) in enumerate(VARIANTS)]
    p95: dict[tuple[str, str], list[float]] = {}
    cold: dict[tuple[str, str], list[float]] = {}
    try:
        for server in servers:
            server.__enter__()
        cookies = {
            (label, n): [session_cookie(s.url, user) for _ in range(SESSIONS)]
            for label, user, _unit in dashboards
            for n, s in enumerate(servers)
        }
        for round_ in range(ROUNDS):
            for label, _user, unit in dashboards:
                path = reverse("dashboard:unit", args=[unit])
                for n, (variant, _extra) in enumerate(VARIANTS):
                    log(f"  held sums: {label}, {variant}, round {round_ + 1}")
                    server, jar = servers[n], cookies[(label, n)]
                    server.warm(path, jar[0])
                    cold.setdefault((label, variant), []).append(
                        cold_request(server.url + path + "?recompute=1", jar[0])
                    )
                    _p50, p, _requests, _failed = wrk(server.url + path, jar)
                    server.drain()
                    p95.setdefault((label, variant), []).append(p)
    finally:
        for server in servers:
            if hasattr(server, "process"):
                server.__exit__()
    rows = []
    for (label, variant), values in p95.items():
        spread = ", ".join(f"{v:,.0f}" for v in values)
        rows.append(
            Row(f"{label}, {variant}: p95 with {USERS} users", statistics.median(values), "ms",
                note=f"median of {ROUNDS} rounds in turn: {spread} ms")
        )  # fmt: skip
        alone = cold[(label, variant)]
        rows.append(
            Row(f"{label}, {variant}: one request, figures recomputed",
                statistics.median(alone), "ms",
                note="median of " + ", ".join(f"{v:,.0f}" for v in alone) + " ms")
        )  # fmt: skip
    return rows
