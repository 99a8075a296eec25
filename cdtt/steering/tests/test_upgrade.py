"""A database made before the steering app existed upgrades with its data: the directives,
their teams and readers, the inspections and their tasks, moved from the dashboard's tables
to the steering app's, with the audit history and the content types following them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

LAST_BEFORE = ("dashboard", "0006_no_notice_of_changed_unit_facts")


def _migrate(*, before: bool):
    """Migrate every app to its last migration, or to what main had before the move (the
    dashboard at 0005, no steering app); the models as they were at that point."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    if before:
        state = [n for n in leaves if n[0] not in ("dashboard", "steering")] + [LAST_BEFORE]
        executor.migrate([*state, ("steering", None)])
    else:
        state = leaves
        executor.migrate(state)
    return MigrationExecutor(connection).loader.project_state(state).apps


@pytest.mark.django_db(transaction=True)
def test_directives_and_inspections_survive_the_move():
    old = _migrate(before=True)
    OrgUnit, Team = old.get_model("orgunits", "OrgUnit"), old.get_model("teams", "Team")
    User = old.get_model("accounts", "User")
    Directive = old.get_model("dashboard", "Directive")
    Inspection = old.get_model("dashboard", "Inspection")
    ContentType = old.get_model("contenttypes", "ContentType")
    AuditEntry = old.get_model("audit", "AuditEntry")
    province = OrgUnit.objects.create(code="99", name="Tỉnh Thử", level="province", path="99/")
    team = Team.objects.create(unit=province)
    reader = User.objects.create(username="doc", orgunit=province)
    directive = Directive.objects.create(unit=province, title="Rà soát", text="Chỉ đạo")
    directive.teams.add(team)
    directive.reads.create(user=reader)
    inspection = Inspection.objects.create(team=team, date="2026-10-01", findings="Ổn",
                                           assessment=4)  # fmt: skip
    inspection.follow_ups.create(task="Họp tổ", due_date="2026-10-15")
    ContentType.objects.get_or_create(app_label="dashboard", model="directive")
    AuditEntry.objects.create(action="directive_sent", object_type="dashboard.directive",
                              object_id=str(directive.pk), orgunit_path="99/")  # fmt: skip

    new = _migrate(before=False)

    Directive = new.get_model("steering", "Directive")
    moved = Directive.objects.get(pk=directive.pk)
    assert (moved.title, moved.unit_id) == ("Rà soát", province.pk)
    assert list(moved.teams.values_list("pk", flat=True)) == [team.pk]
    assert list(moved.reads.values_list("user_id", flat=True)) == [reader.pk]
    inspection = new.get_model("steering", "Inspection").objects.get(pk=inspection.pk)
    assert (inspection.assessment, [f.task for f in inspection.follow_ups.all()]) == (4, ["Họp tổ"])
    tables = set(connection.introspection.table_names())
    assert {"steering_directive", "steering_directive_teams", "steering_directiveread",
            "steering_inspection", "steering_followup"} <= tables  # fmt: skip
    assert not {t for t in tables if t.startswith("dashboard_") and "fact" not in t}
    entry = new.get_model("audit", "AuditEntry").objects.get(action="directive_sent")
    assert entry.object_type == "steering.directive"
    types = new.get_model("contenttypes", "ContentType").objects
    assert types.filter(app_label="steering", model="directive").exists()
    assert not types.filter(app_label="dashboard", model="directive").exists()
    # The keys still hold: a new task on the moved inspection, a cascade from it.
    inspection.follow_ups.create(task="Báo cáo", due_date="2026-10-20")
    inspection.delete()
    assert not new.get_model("steering", "FollowUp").objects.exists()
