"""Who may manage which account: every actor role × target role × inside or outside the
actor's subtree × issuing a code, resetting, unlocking, closing and granting a role, on the
pages and in the API alike. Outside the subtree: 404; inside without the right: 403.

The rule, as the issue states it: province officers manage the commune officers (and below)
of their province; commune officers the leaders and members of their commune; a leader may
give a member of their own unit a code and unlock them; members manage nobody;
administrators everyone but administrators.
"""

import pytest
from rest_framework.test import APIClient

from cdtt.accounts.models import ActivationCode, LoginLock, Role, User
from cdtt.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

A, P, C, L, M = Role.ADMIN, Role.PROVINCE, Role.COMMUNE, Role.LEADER, Role.MEMBER
ACTIONS = ["issue", "reset", "unlock", "deactivate", "grant"]
# Where a target of each role sits inside (or beside) each actor's subtree; None: impossible.
INSIDE = {
    A: {P: "province", C: "commune", L: "village", M: "village"},
    P: {P: "province", C: "commune", L: "village", M: "village"},
    C: {C: "commune", L: "village", M: "village"},
    L: {L: "village", M: "village"},
    M: {L: "village", M: "village"},
}
OUTSIDE = {
    P: {P: "other_province", C: "other_commune", L: "other_village", M: "other_village"},
    C: {C: "sibling_commune", L: "cousin_village", M: "cousin_village"},
    L: {L: "sibling_village", M: "sibling_village"},
    M: {L: "sibling_village", M: "sibling_village"},
}


def allowed(actor: str, target: str, action: str) -> bool:
    """The rule, written out independently of the code."""
    if actor == A:
        return True
    if actor in (P, C):
        rank = [M, L, C, P]
        return rank.index(target) < rank.index(actor)
    if actor == L:
        return target == M and action in ("issue", "reset", "unlock")
    return False


def cases():
    for actor in (A, P, C, L, M):
        for target in (P, C, L, M):
            for where, table in (("in", INSIDE), ("out", OUTSIDE)):
                unit = table.get(actor, {}).get(target)
                if unit is None:
                    continue
                for action in ACTIONS:
                    for channel in ("page", "api"):
                        name = f"{actor}-{target}-{where}-{action}-{channel}"
                        yield pytest.param(actor, target, where, unit, action, channel, id=name)


def prepared(target: User, action: str) -> None:
    if action == "issue":
        target.set_unusable_password()
        target.save()
    elif action == "unlock":
        LoginLock.objects.create(user=target, address="", until="2100-01-01T00:00:00Z")


def call(client, channel: str, target: User, action: str):
    verb = {"issue": "code", "reset": "code", "grant": "role"}.get(action, action)
    if channel == "page":
        if action == "grant":
            data = {"role": target.role, "orgunit": target.orgunit_id}
            return client.post(f"/accounts/users/{target.pk}/role/", data)
        page_verb = {"issue": "issue", "reset": "issue"}.get(action, action)
        return client.post(f"/accounts/users/{target.pk}/{page_verb}/")
    data = {"role": target.role, "orgunit": target.orgunit_id} if action == "grant" else {}
    return client.post(f"/api/v1/users/{target.pk}/{verb}/", data, format="json")


def effect(target: User, action: str) -> bool:
    """Whether the action left its mark on the target."""
    target.refresh_from_db()
    if action == "issue":
        return ActivationCode.objects.filter(user=target).exists()
    if action == "reset":
        return not target.check_password(PASSWORD)
    if action == "unlock":
        return not LoginLock.objects.filter(user=target).exists()
    if action == "deactivate":
        return not target.is_active
    return True  # granting the same role changes nothing visible; the status says it all


@pytest.mark.parametrize(("actor", "target", "where", "unit", "action", "channel"), list(cases()))
def test_managing_accounts(tree, users, actor, target, where, unit, action, channel):
    person = make_user(target, tree[unit], f"target-{target}", phone="0987000111",
                       last_name="Lò Văn", first_name="Ún")  # fmt: skip
    prepared(person, action)
    client = APIClient()
    client.force_login(users[actor])
    status = call(client, channel, person, action).status_code
    if where == "out":
        assert status == 404
        assert not (action in ("reset", "deactivate", "unlock") and effect(person, action))
    elif allowed(actor, target, action):
        assert status == (302 if channel == "page" else 200)
        assert effect(person, action)
    else:
        assert status == 403
        if action != "grant":
            assert not effect(person, action)


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize(("actor", "role"), [(P, P), (P, A), (C, C), (C, P), (L, L), (L, M)])
def test_nobody_grants_a_role_above_the_ones_they_manage(tree, users, actor, role, channel):
    member = make_user(M, tree["village"], "thanh-vien-x")
    unit = {A: None, P: tree["province"], C: tree["commune"], L: tree["village"],
            M: tree["village"]}[role]  # fmt: skip
    client = APIClient()
    client.force_login(users[actor])
    data = {"role": role, "orgunit": unit.pk if unit else None}
    if channel == "page":
        answer = client.post(f"/accounts/users/{member.pk}/role/",
                             {k: v for k, v in data.items() if v is not None})  # fmt: skip
        refused = answer.status_code == 403 or (
            answer.status_code == 200 and "errorlist" in answer.content.decode()
        )
    else:
        answer = client.post(f"/api/v1/users/{member.pk}/role/", data, format="json")
        refused = answer.status_code in (400, 403)
    assert refused
    member.refresh_from_db()
    assert member.role == M


@pytest.mark.parametrize("channel", ["page", "api"])
def test_nobody_binds_an_account_outside_their_subtree(tree, users, channel):
    member = make_user(M, tree["village"], "thanh-vien-y")
    client = APIClient()
    client.force_login(users[C])
    data = {"role": L, "orgunit": tree["cousin_village"].pk}
    if channel == "page":
        client.post(f"/accounts/users/{member.pk}/role/", data)
    else:
        assert (
            client.post(f"/api/v1/users/{member.pk}/role/", data, format="json").status_code == 400
        )
    member.refresh_from_db()
    assert (member.role, member.orgunit_id) == (M, tree["village"].pk)
    client.post(f"/accounts/users/{member.pk}/role/", {"role": L, "orgunit": tree["village"].pk})
    member.refresh_from_db()
    assert member.role == L


def test_every_action_is_in_the_audit_log(tree, users):
    from cdtt.audit.models import AuditEntry

    member = make_user(M, tree["village"], "thanh-vien-z")
    client = APIClient()
    client.force_login(users[C])
    for verb in ["issue", "unlock", "deactivate", "reactivate"]:
        client.post(f"/accounts/users/{member.pk}/{verb}/")
    client.post(f"/accounts/users/{member.pk}/role/", {"role": L, "orgunit": tree["village"].pk})
    entries = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(member.pk))
    assert sorted(entries.values_list("action", flat=True)) == sorted(
        ["reset", "unlock", "deactivate", "reactivate", "change_role"]
    )
    assert {e.actor_id for e in entries} == {users[C].pk}
