"""Adding a measure is a one-file change: with one more `Measure` in the declaration (and the
column a migration would add), the API schema, the entry's check, the facts, the dashboard's
table and the report's columns all carry it. Run in a process of its own (added_measure.py),
since every module derives its shapes from the declaration when it is imported."""

import json
import os
import subprocess  # nosec B404 - runs our own script
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("added_measure.py")


def test_one_more_measure_in_the_declaration_reaches_api_facts_table_and_report(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cdtt.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CDTT_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(SCRIPT.parents[2]),
    }
    done = subprocess.run(  # noqa: S603  # nosec B603 - our own script, no shell
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])

    assert "disabled" in seen["activity_in"]
    assert seen["stats_type_line"][-1] == "disabled"
    assert "disabled" in seen["stats_totals"]
    assert list(seen["refused"]) == ["disabled"]  # a part of the count, never more than it
    assert seen["facts_in_step"] == seen["facts"] == [[2], [2], [2]]
    assert seen["table_value"] == 2
    assert seen["table_columns"][-1] in ("With a disability", "with a disability")
    assert seen["report_columns"][-1] == "Người khuyết tật"
    assert seen["report_total"][-1] == 2
