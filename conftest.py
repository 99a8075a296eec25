"""Fixtures shared by every app's tests."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis

from cdtt.accounts.models import Role
from cdtt.factories import make_tree, make_user

# Property tests that write to the database (facts against activities, the API fuzzed) run
# under the profile "database": fewer examples on SQLite, the quick local run, than on
# PostgreSQL, which CI runs after it with the full count. Pure functions keep Hypothesis'
# default (100) on both.
DATABASE_EXAMPLES = {"postgresql": 30, "sqlite": 10}
hypothesis.register_profile(
    "database",
    max_examples=DATABASE_EXAMPLES.get(connection.vendor, 30),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture,
    ],
)  # fmt: skip


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.fixture
def users(tree):
    """One user per role, each bound where that role lives in the home branch."""
    return {
        Role.ADMIN: make_user(Role.ADMIN, None, "admin"),
        Role.PROVINCE: make_user(Role.PROVINCE, tree["province"], "province"),
        Role.COMMUNE: make_user(Role.COMMUNE, tree["commune"], "commune"),
        Role.LEADER: make_user(Role.LEADER, tree["village"], "leader", phone="0912345678"),
        Role.MEMBER: make_user(Role.MEMBER, tree["village"], "member"),
    }


@pytest.fixture(scope="session", autouse=True)
def tasks_run_at_once():
    """Huey's immediate mode: a task queued after commit (cdtt.jobs, notify) runs at once in
    this process, in memory, instead of waiting for a consumer."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


# `make test` runs the tests in one process per core (pytest-xdist). pytest-django gives
# each its own test database (var/test.sqlite3_gw0, test_cdtt_gw0…); the fixtures below give
# each its own uploads and Redis database. Every server a test starts listens on a free port;
# the task queue's var/huey.sqlite3 is only opened at start-up (tasks run at once, in memory).
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))


@pytest.fixture(scope="session", autouse=True)
def media_of_this_process(tmp_path_factory):
    """Uploads go to a temporary folder of this process, never to var/media: two processes
    saving a file of the same name would rename each other's."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="session", autouse=True)
def redis_of_this_process():
    """With REDIS_URL, each process after the first uses the next Redis database (/1 after
    /0): a test empties the cache with FLUSHDB, which would empty another process's rate-limit
    counters in the middle of its test. The servers a test starts inherit the URL."""
    from django.conf import settings
    from django.test import override_settings

    if not settings.REDIS_URL or WORKER == 0:
        yield
        return
    url = urlsplit(settings.REDIS_URL)
    own = urlunsplit(url._replace(path=f"/{int(url.path.strip('/') or 0) + WORKER}"))
    cache = {**settings.CACHES["default"], "LOCATION": own}
    os.environ["REDIS_URL"] = own
    with override_settings(REDIS_URL=own, CACHES={**settings.CACHES, "default": cache}):
        yield


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language (Vietnamese): a request made in English leaves
    its thread in English (the middleware activates the chosen language), and the tests of a
    process share one thread."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users: hash their passwords cheaply (never in production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache(request):
    """Each test starts with an empty cache: no dashboard figures or rate limits of another,
    and no catalog a worker held from another test's rows. The cache is the configured one
    (a database table, or Redis with REDIS_URL): a test without the database cannot reach
    it, nor leave anything in it."""
    from django.core.cache import cache, caches

    from cdtt.activities import catalog

    if _uses_database(request):
        cache.clear()
        caches["parts"].clear()  # the pages' kept parts (cdtt.parts)
    catalog.changed()


def _uses_database(request) -> bool:
    fixtures = set(request.fixturenames)
    if request.node.get_closest_marker("django_db") is None and not fixtures & {
        "db", "transactional_db", "live_server", "django_db_reset_sequences",
    }:  # fmt: skip
        return False
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if transactional or fixtures & {"transactional_db", "live_server"}:
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    return True


@pytest.fixture(scope="session", autouse=True)
def notices_listener(django_db_setup):
    """The thread that listens for changes (PostgreSQL, cdtt.notices) has its own
    connection to the test database: closed before the database is dropped."""
    from cdtt.notices import listener

    yield
    listener.stop()


class Notices:
    """Waits on this process's listening thread (cdtt.notices), as a worker hears."""

    def __init__(self):
        from cdtt.notices import listener

        self.listener = listener

    def until(self, condition, failure: str, seconds: float = 10.0) -> None:
        import time

        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, failure
            time.sleep(0.01)

    def listening(self, seconds: float = 10.0) -> None:
        self.until(self.listener.listening, "the worker never listened", seconds)

    def after(self, channel: str, write) -> None:
        """Run `write`, then wait until the worker has heard every notice of its commits:
        a notice sent after them (a unit id that no unit has) reaches it after them."""
        import time

        from django.db import connection

        write()
        token = str(time.time_ns())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [channel, token])
        self.until(lambda: self.listener.last.get(channel) == token,
                   f"no notice on {channel} reached the worker")  # fmt: skip


@pytest.fixture
def notices(transactional_db):
    """The worker's notices (PostgreSQL's LISTEN/NOTIFY, so the test commits for real),
    listening once the test starts; skips on SQLite, which sends none."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("notices come from PostgreSQL (LISTEN/NOTIFY)")
    waiter = Notices()
    waiter.listening()
    return waiter


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd); e-mail settings point at it.

    Yields the list of received messages (email.message.Message objects).
    """
    import email
    import email.policy
    import socket

    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            received.append(message)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    yield received
    controller.stop()


def seed_activity_catalog() -> None:
    """Put back the activity catalog that the data migrations seed (idempotent).

    Transactional tests end with a flush that empties every table, data-migration rows
    included; the tests after them need the catalog like any fresh installation has it.
    """
    import importlib

    from django.apps import apps

    for name, function in [
        ("0002_seed_activity_catalog", "seed"),
        ("0003_activity_type_descriptions", "describe"),
    ]:
        module = importlib.import_module(f"cdtt.activities.migrations.{name}")
        getattr(module, function)(apps, None)


@pytest.fixture(autouse=True)
def activity_catalog_after_flush(request):
    """Every test that uses the database finds the activity catalog, as after migrate."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    seed_activity_catalog()


# A page's kept part that reads a table it does not declare fails the test that built it
# (cdtt.parts): the declarations that renew kept parts cannot fall behind the code.
settings.PARTS_CHECK_READS = True
