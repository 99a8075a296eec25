"""Screenshots of each role's home, the team page, the team's month, the commune dashboard,
the team composition, a help session's public page and its A4 poster, a member's skills and
a skill's guide, at 360 px (phones), 794 px (an A4 sheet) and 1280 px (office PCs).

    .venv/bin/python e2e/screenshots.py [--out docs/screenshots] [--translations FILE]

Builds the demo district in a scratch SQLite database (migrate, load_units, seed_demo),
serves it in this process and photographs it with Debian's chromium through Playwright, as
the demo account of the role each screen is for. `--translations` takes a Python file
defining T = {msgid: text} for strings not yet in the .po file, so that new screens are seen
in Vietnamese.
Not a test: it writes the PNG files that docs and reviews look at.
"""

import argparse
import os
import runpy
import sys
import tempfile
import threading
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
SHOTS = [  # (name, path given the ids, width, the demo account that opens it)
    ("home-member", "/home/", 360, "demo-member"),
    ("home-leader", "/home/", 360, "demo-leader"),
    ("home-commune", "/home/", 1280, "demo-commune"),
    ("home-province", "/home/", 1280, "demo-province"),
    ("report-team-month", "/home/team-month/", 360, "demo-leader"),
    ("dashboard-commune", "/dashboard/", 1280, "demo-commune"),
    ("dashboard-commune", "/dashboard/", 360, "demo-commune"),
    ("team", "/teams/{team}/", 360, "demo-commune"),
    ("team", "/teams/{team}/", 1280, "demo-commune"),
    ("composition", "/teams/composition/?sort=leader_age&order=desc", 360, "demo-commune"),
    ("composition", "/teams/composition/?sort=leader_age&order=desc", 1280, "demo-commune"),
    ("session", "/sessions/{session}/", 360, None),  # a resident: no account
    ("session-poster", "/sessions/{session}/poster/", 794, None),
    ("skills", "/skills/", 360, "demo-member"),
    ("skill-guide", "/skills/learn/{task}/", 360, "demo-member"),
]


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _setup(var_dir: Path) -> None:
    os.environ["CDTT_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cdtt.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_units", verbosity=0)
    call_command("seed_demo", verbosity=0)


def _add_translations(path: Path) -> None:
    """Put T's strings into the Vietnamese catalogue of this process (not into the .po)."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("vi")._catalog
    for msgid, text in runpy.run_path(str(path))["T"].items():
        catalog[msgid] = text
        catalog[(msgid, 0)] = text  # plural entries: Vietnamese has one form


def _serve():
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    server = make_server(
        "127.0.0.1", 0, StaticFilesHandler(get_wsgi_application()), _Server, _QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def _team_to_show() -> int:
    """A team of the demo commune with what the story complains about: an elderly leader
    and members never trained (the demo leader's own team when none fits)."""
    from cdtt.accounts.models import User
    from cdtt.teams.composition import compose
    from cdtt.teams.models import Member, Team

    commune = User.objects.get(username="demo-commune").orgunit
    rows = compose(Team.objects.filter(unit__path__startswith=commune.path))
    telling = [r for r in rows if r.leader_elderly and r.untrained]
    if telling:
        return max(telling, key=lambda r: (r.untrained, r.size)).team.pk
    return Member.objects.get(user__username="demo-leader").memberships.get().team_id


def _session_to_show() -> int:
    """The demo's next planned session (the latest one when none is planned)."""
    from cdtt.helpsessions.models import Session

    upcoming = Session.objects.upcoming().order_by("date", "start").first()
    return (upcoming or Session.objects.order_by("-date").first()).pk


def _task_to_show() -> str:
    """The first task of the skills catalogue."""
    from cdtt.skills.models import Task

    return Task.objects.order_by("pk").values_list("code", flat=True).first()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--translations", type=Path)
    parser.add_argument("--var", type=Path, help="scratch directory (default: a new temp dir)")
    args = parser.parse_args()
    var_dir = args.var or Path(tempfile.mkdtemp(prefix="cdtt-shots-"))
    _setup(var_dir)
    if args.translations:
        _add_translations(args.translations)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    from django.conf import settings
    from playwright.sync_api import sync_playwright

    from e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    ids = {"team": _team_to_show(), "session": _session_to_show(), "task": _task_to_show()}
    server, base_url = _serve()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path, width, username in SHOTS:
            context = browser.new_context(
                viewport={"width": width, "height": 800}, base_url=base_url
            )
            page = context.new_page()
            if username is not None:
                page.goto("/accounts/login/")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", settings.DEMO_PASSWORD)
                page.click("main button[type=submit]")
                page.wait_for_load_state()
            page.goto(path.format(**ids))
            target = args.out / f"{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
