"""Kept parts of pages (cdtt.parts): served again while nothing they read changed, built
afresh after any committed write to what they read, whoever wrote it and however (a writer,
a bulk update, hand-written SQL), and never kept from a transaction not yet committed.

These tests commit (transaction=True): the stamps are renewed after a commit."""

import uuid

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from cdtt import parts
from cdtt.accounts.models import Role
from cdtt.activities.actions import record_activity
from cdtt.activities.models import Activity, ActivityType
from cdtt.factories import make_member, make_team, make_user
from cdtt.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db(transaction=True)

PART = parts.Part.of("test-month", reads=[ActivityType, OrgUnit], keyed=[Activity])


@pytest.fixture
def two(tree):
    team = make_team(tree["village"])
    leader = make_user(Role.LEADER, tree["village"], "leader-parts")
    users = [make_user(Role.MEMBER, tree["village"], f"member-parts-{n}") for n in (1, 2)]
    members = [make_member(f"Lò Thị {n}", team, user=u) for n, u in zip("AB", users, strict=True)]
    make_member("Quàng Văn Dũng", team, role="leader", user=leader)
    return team, members, users, leader


def counted(member):
    """A part over the member's activities, and how many times it was built."""
    built = []

    def compute():
        built.append(1)
        return Activity.objects.filter(member=member).count()

    return (lambda: parts.remember(PART, (member.pk,), compute, key=member.pk)), built


def record(user, team, village, day=None) -> None:
    record_activity(
        user,
        {"id": str(uuid.uuid4()), "member": user.member.pk, "team": team.pk, "village": village.pk,
         "date": (day or timezone.localdate()).isoformat(),
         "type": ActivityType.objects.filter(active=True).first().code, "people_helped": 2},
    )  # fmt: skip


def test_a_part_is_served_again_until_what_it_reads_is_written(two, tree):
    team, (mai, _lan), (mai_user, _), _leader = two
    read, built = counted(mai)
    assert read() == 0 and read() == 0
    assert len(built) == 1
    record(mai_user, team, tree["village"])  # the writer, in its transaction
    assert read() == 1 and len(built) == 2
    assert read() == 1 and len(built) == 2


def test_a_members_write_renews_her_parts_only(two, tree):
    team, (mai, lan), (mai_user, _), _leader = two
    read_mai, built_mai = counted(mai)
    read_lan, built_lan = counted(lan)
    read_mai(), read_lan()
    record(mai_user, team, tree["village"])
    assert read_mai() == 1 and read_lan() == 0
    assert (len(built_mai), len(built_lan)) == (2, 1)


def test_writes_outside_the_writers_renew_every_part_of_the_table(two, tree):
    """A bulk update, a delete of many, hand-written SQL: no writer said whose rows they
    were, so the whole table's parts are built again."""
    team, (mai, lan), (mai_user, _), _leader = two
    record(mai_user, team, tree["village"])
    read_mai, built_mai = counted(mai)
    read_lan, built_lan = counted(lan)
    read_mai(), read_lan()
    Activity.objects.filter(member=mai).update(member=lan)
    assert read_mai() == 0 and read_lan() == 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE activities_activity SET member_id = %s", [mai.pk])
    assert read_mai() == 1 and read_lan() == 0
    Activity.objects.all().delete()
    assert read_mai() == 0
    assert (len(built_mai), len(built_lan)) == (4, 3)


def test_a_table_it_reads_unkeyed_renews_it_for_everyone(two, tree):
    _team, (mai, _lan), _users, _leader = two
    read, built = counted(mai)
    read()
    OrgUnit.objects.filter(pk=tree["village"].pk).update(name="Bản Mới")
    read()
    assert len(built) == 2


def test_inside_an_open_transaction_a_written_part_is_built_and_not_kept(two, tree):
    team, (mai, _lan), (mai_user, _), _leader = two
    read, built = counted(mai)
    read()
    with transaction.atomic():
        record(mai_user, team, tree["village"])
        assert read() == 1 and read() == 1  # its own write, not yet committed
        assert len(built) == 3
    assert read() == 1 and len(built) == 4  # committed: renewed, then kept
    assert read() == 1 and len(built) == 4


def test_a_rolled_back_write_leaves_what_was_kept(two, tree):
    team, (mai, _lan), (mai_user, _), _leader = two
    read, built = counted(mai)
    read()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(mai_user, team, tree["village"])
        raise RuntimeError
    assert read() == 0 and len(built) == 1


def test_a_part_that_reads_a_table_it_does_not_declare_is_refused(two):
    _team, (mai, _lan), _users, _leader = two
    narrow = parts.Part.of("test-narrow", reads=[OrgUnit])
    with pytest.raises(parts.UndeclaredRead, match="activities_activity"):
        parts.remember(narrow, (1,), lambda: Activity.objects.filter(member=mai).count())


def test_a_lost_stamp_is_never_taken_for_the_old_one(two, tree):
    """The cache dropped a stamp (evicted, expired): what was kept under it is not found
    again, even if the piece itself survived."""
    from django.core.cache import caches

    team, (mai, _lan), (mai_user, _), _leader = two
    read, built = counted(mai)
    read()
    caches["parts"].delete(f"{parts.PREFIX}{Activity._meta.db_table}:{mai.pk}")
    read()
    assert len(built) == 2


# As the users see it: pages opened again after someone else's change


def test_the_entry_page_shows_an_entry_sent_from_the_phone_at_once(two, tree, client):
    team, (mai, _lan), (mai_user, _), _leader = two
    client.force_login(mai_user)
    before = client.get(reverse("activities:entry")).content.decode()
    answer = client.post(
        reverse("activity-list"),
        {"id": "6b1f0c1e-6a0f-4d4e-9a59-4f1c2b9d7e01", "member": mai.pk, "team": team.pk,
         "village": tree["village"].pk, "date": timezone.localdate().isoformat(),
         "type": ActivityType.objects.filter(active=True).first().code, "people_helped": 7},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 201, answer.content
    after = client.get(reverse("activities:entry")).content.decode()
    assert ": 7<br>" not in before and ": 7<br>" in after


def test_the_leaders_to_do_follows_a_report_sent_and_a_reminder(two, client):
    """The leader's to-do is kept: a member's report sent elsewhere takes her off his "not
    reported" list at once, and his reminder to the other shows as sent."""
    from cdtt.home.todo import due_period
    from cdtt.reports.actions import get_or_start_report, submit_report

    team, (mai, lan), (mai_user, _), leader = two
    period = due_period()
    client.force_login(leader)
    todo = reverse("home:todo")
    before = client.get(todo).content.decode()
    assert mai.full_name in before and lan.full_name in before
    submit_report(mai_user, get_or_start_report(team, mai, period))
    after = client.get(todo).content.decode()
    assert mai.full_name not in after and lan.full_name in after
    assert "Reminded today" not in after and "Đã nhắc hôm nay" not in after
    client.post(reverse("reports:remind", args=[team.pk, str(period)]),
                {"member": lan.pk, "next": todo})  # fmt: skip
    reminded = client.get(todo).content.decode()
    assert "Reminded today" in reminded or "Đã nhắc hôm nay" in reminded


def test_a_report_sent_in_another_commune_leaves_the_communes_to_do_kept(two, tree, client):
    """Reports are stamped per unit: a member of another commune sending hers does not make
    this commune's to-do be read again; one of this commune's does."""
    from django.test.utils import CaptureQueriesContext

    from cdtt.home.todo import due_period
    from cdtt.reports.actions import get_or_start_report, submit_report

    team, (mai, _lan), (mai_user, _), _leader = two
    elsewhere = make_team(tree["sibling_commune"])
    far_user = make_user(Role.MEMBER, tree["sibling_commune"], "member-far")
    far = make_member("Lò Văn Xa", elsewhere, user=far_user)
    client.force_login(make_user(Role.COMMUNE, tree["commune"], "commune-parts"))
    todo = reverse("home:todo")

    def statements() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(todo).status_code == 200
        return len(queries)

    statements()
    kept = statements()
    submit_report(far_user, get_or_start_report(elsewhere, far, due_period()))
    assert statements() == kept
    submit_report(mai_user, get_or_start_report(team, mai, due_period()))
    assert statements() > kept + 5  # the teams' months read again


def test_a_piece_kept_by_other_code_is_not_served(two, monkeypatch):
    """After an upgrade the cache still holds what the old code kept, perhaps in another
    shape: the new code does not find it."""
    _team, (mai, _lan), _users, _leader = two
    assert parts.remember(PART, (mai.pk,), lambda: "old shape", key=mai.pk) == "old shape"
    monkeypatch.setattr(parts, "code_version", lambda: "the next release")
    assert parts.remember(PART, (mai.pk,), lambda: ["new", "shape"], key=mai.pk) == [
        "new",
        "shape",
    ]


def test_the_leaders_kept_to_do_carries_each_session_its_own_form_token(two):
    """The to-do's remind buttons are forms: a kept to-do is served with the token of the
    session that opens it, and the reminder is accepted with CSRF checks on."""
    import re

    from django.test import Client

    _team, (_mai, lan), _users, leader = two
    todo = reverse("home:todo")
    pages = []
    for _ in range(2):  # two sessions of the same leader: the second is served the kept to-do
        client = Client(enforce_csrf_checks=True)
        client.force_login(leader)
        page = client.get(todo).content.decode()
        assert parts.TOKEN_TO_FILL not in page
        pages.append((client, page))
    client, page = pages[1]
    form = re.search(r'<form method="post" action="([^"]+remind[^"]*)".*?</form>', page, re.S)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form[0])[1]
    answer = client.post(form[1], {"csrfmiddlewaretoken": token, "member": lan.pk, "next": todo})
    assert answer.status_code == 302
    assert "Đã nhắc hôm nay" in client.get(todo).content.decode()


def test_with_the_cache_unreachable_writes_hold_and_pages_are_built(two, tree, client, settings):
    """Redis down (nothing listens on the port): a member's entry is stored, not refused
    because its stamps could not be renewed, and her page is built without the cache."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "parts": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
            "OPTIONS": {"socket_connect_timeout": 0.2},
        },
    }
    assert caches["parts"] is not None
    team, (mai, _lan), (mai_user, _), _leader = two
    record(mai_user, team, tree["village"])
    assert Activity.objects.filter(member=mai).count() == 1
    client.force_login(mai_user)
    page = client.get(reverse("activities:entry"))
    assert page.status_code == 200 and '<section id="month"' in page.content.decode()


def test_after_a_restore_nothing_kept_before_is_served(two):
    _team, (mai, _lan), _users, _leader = two
    read, built = counted(mai)
    read(), read()
    parts.renew_all()
    read()
    assert len(built) == 2
