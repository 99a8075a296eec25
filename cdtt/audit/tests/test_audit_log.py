"""The audit log: officers see the changes of their subtree only; nobody edits it in the app."""

import pytest

from cdtt.accounts.models import Role
from cdtt.orgunits.actions import create_village

pytestmark = pytest.mark.django_db


def test_officers_see_changes_in_their_subtree_only(client, tree, users):
    create_village(users[Role.COMMUNE], tree["commune"], "Bản Hua Ca", "ban")
    create_village(users[Role.ADMIN], tree["other_commune"], "Bản Xa Lắc", "ban")
    client.force_login(users[Role.COMMUNE])
    page = client.get("/audit/").content.decode()
    assert "Bản Hua Ca" in page and "Bản Xa Lắc" not in page
    assert "orgunits.orgunit" in page
    client.force_login(users[Role.ADMIN])
    page = client.get("/audit/").content.decode()
    assert "Bản Hua Ca" in page and "Bản Xa Lắc" in page


def test_the_admin_cannot_edit_or_delete_entries(client, tree, users):
    create_village(users[Role.COMMUNE], tree["commune"], "Bản Hua Ca", "ban")
    from cdtt.audit.models import AuditEntry

    entry = AuditEntry.objects.get()
    client.force_login(users[Role.ADMIN])
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"action": "forged"})
    entry.refresh_from_db()
    assert entry.action == "create"


def test_the_log_has_one_writer():
    """Every audit entry is written by `cdtt.audit.log` (record, record_many): no other module
    creates entries itself (tests and migrations aside)."""
    import re
    from pathlib import Path

    cdtt = Path(__file__).resolve().parents[2]
    writer = cdtt / "audit" / "log.py"
    found = [
        f"{path.relative_to(cdtt)}:{n}"
        for path in cdtt.rglob("*.py")
        if path != writer and "tests" not in path.parts and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"(?<!class )AuditEntry\(|AuditEntry\.objects\.(bulk_)?create", line)
    ]
    assert found == []
