"""Vietnamese first: every message the code and templates hold has its Vietnamese text."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_in_the_code_is_translated_to_vietnamese(tmp_path):
    """Extract the messages afresh (as `make messages` does) from a copy of the tree, and
    check that none is missing from the Vietnamese catalogue, untranslated or fuzzy."""
    shutil.copytree(ROOT / "cdtt", tmp_path / "cdtt", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copy(ROOT / "manage.py", tmp_path)
    extract = [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete"]
    subprocess.run([*extract, "--add-location=file"], cwd=tmp_path, check=True, capture_output=True)
    po = tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert stats.returncode == 0, stats.stderr
    assert "fuzzy" not in stats.stderr and "untranslated" not in stats.stderr, (
        f"{stats.stderr.strip()} — run `make messages` and translate the new messages in "
        "locale/vi/LC_MESSAGES/django.po"
    )
