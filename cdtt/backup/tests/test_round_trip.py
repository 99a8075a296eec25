"""A backup and a restore give back every row, on SQLite and on PostgreSQL."""

import pytest
from django.core.management import CommandError, call_command

from cdtt.accounts.models import Role, User
from cdtt.audit.models import AuditEntry
from cdtt.backup.archive import restore, row_counts
from cdtt.factories import make_tree, make_user
from cdtt.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db(transaction=True)


def test_round_trip_keeps_every_row(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "news").mkdir(parents=True)
    (tmp_path / "media" / "news" / "anh.txt").write_text("ảnh bản Huổi Lóng")
    tree = make_tree()
    make_user(Role.COMMUNE, tree["commune"], "can-bo")
    before = row_counts()
    names = sorted(OrgUnit.objects.values_list("name", flat=True))
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))

    # Damage: delete and add rows, lose the media.
    User.objects.filter(username="can-bo").delete()
    OrgUnit.objects.filter(name="Bản Phiêng Pi").delete()
    make_user(Role.MEMBER, tree["village"], "new-after-backup")
    (tmp_path / "media" / "news" / "anh.txt").unlink()

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), "--yes")
    assert row_counts() == before
    assert sorted(OrgUnit.objects.values_list("name", flat=True)) == names
    assert User.objects.filter(username="can-bo").exists()
    assert not User.objects.filter(username="new-after-backup").exists()
    assert (tmp_path / "media" / "news" / "anh.txt").read_text() == "ảnh bản Huổi Lóng"
    assert AuditEntry.objects.count() == before["audit_auditentry"]


def test_an_archive_from_the_other_engine_is_refused(tmp_path):
    import json
    import tarfile

    from django.db import connection

    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"engine": other, "created": "x", "tables": {}}))
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(manifest, "manifest.json")
    from cdtt.backup.archive import BackupError

    with pytest.raises(BackupError, match=other):
        restore(archive)


def test_after_a_restore_the_figures_are_the_restored_ones(tmp_path, transactional_db):
    """The dashboard reads the restored facts, not those written after the backup."""
    import uuid
    from datetime import date

    from cdtt.activities.actions import record_activity
    from cdtt.dashboard.figures import Figures
    from cdtt.factories import make_member, make_team
    from cdtt.periods import Period

    tree = make_tree()
    admin = make_user(Role.ADMIN, None, "restore-admin")
    team = make_team(tree["village"])
    member = make_member("Lường Thị Mai", team)
    may = Period.of(date(2025, 5, 1))

    def record() -> None:
        record_activity(admin, {"id": str(uuid.uuid4()), "member": member.pk, "team": team.pk,
                                "village": tree["village"].pk, "date": "2025-05-03",
                                "type": "vneid_level2", "people_helped": 1})  # fmt: skip

    def activities() -> int:
        return sum(line.activities for line in Figures(tree["commune"], may, may).by_type())

    record()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    record()
    assert activities() == 2

    call_command("restore", str(archive), "--yes")
    assert activities() == 1
