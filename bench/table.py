"""The benchmark's rows, the printed table and bench/RESULTS.md."""

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Row:
    figure: str
    value: float
    unit: str
    floor: float | None = None  # the same answer by one hand-written SQL statement
    raw: float | None = None  # the same answer aggregated from the raw activities
    target: str = ""
    ok: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """How many times the floor's time (≥ 1 is slower than the floor)."""
        if not self.floor:
            return None
        if self.unit.endswith("/s"):  # a rate: the floor is the higher one
            return self.floor / self.value if self.value else None
        return self.value / self.floor

    @property
    def speedup(self) -> float | None:
        """How many times faster than aggregating the raw activities."""
        return self.raw / self.value if self.raw and self.value else None

    @classmethod
    def of(cls, data: dict) -> "Row":
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__ if k in data})


def _number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) < 1:  # a figure of a few microseconds still shows
        digits = max(digits, 3)
    return f"{value:,.{digits}f}"


COLUMNS = [
    "Figure",
    "Value",
    "Unit",
    "Floor",
    "× floor",
    "Raw",
    "raw ÷ value",
    "Target",
    "Met",
    "Note",
]


def cells(row: Row) -> list[str]:
    met = "" if row.ok is None else ("yes" if row.ok else "**no**")
    return [
        row.figure,
        _number(row.value),
        row.unit,
        _number(row.floor),
        _number(row.ratio, 2),
        _number(row.raw),
        _number(row.speedup),
        row.target,
        met,
        row.note,
    ]


def markdown(header: dict, rows: list) -> str:
    lines = [
        f"## {header['database']}, scale {header['scale']:g}",
        "",
        f"- Date: {header['date']}; run took {header['seconds']} s",
        f"- Machine: {header['machine']}",
        f"- Database: {header['database']}",
        f"- Dataset: {header['dataset']}",
        f"- Reproduce: `{header['command']}`",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---" for _ in COLUMNS) + "|",
    ]
    lines += [
        "| " + " | ".join(cells(Row.of(r) if isinstance(r, dict) else r)) + " |" for r in rows
    ]
    return "\n".join(lines) + "\n"


def render(header: dict, rows: list) -> str:
    table = [COLUMNS] + [cells(Row.of(r) if isinstance(r, dict) else r) for r in rows]
    widths = [min(60, max(len(line[i]) for line in table)) for i in range(len(COLUMNS))]
    out = [f"{header['database']}, scale {header['scale']:g}: {header['dataset']}"]
    for line in table:
        out.append("  ".join(cell[:60].ljust(w) for cell, w in zip(line, widths, strict=True)))
    return "\n".join(out)


def write_results(path: Path, header: dict, rows: list) -> None:
    """Replace this database and scale's section of RESULTS.md (other runs are kept)."""
    key = f"<!-- run: {header['database'].split()[0]} scale {header['scale']:g} -->"
    section = f"{key}\n{markdown(header, rows)}<!-- end -->\n"
    text = path.read_text() if path.exists() else RESULTS_INTRO
    pattern = re.compile(re.escape(key) + r".*?<!-- end -->\n", re.S)
    text = pattern.sub(lambda _m: section, text) if pattern.search(text) else text + "\n" + section
    path.write_text(text)


RESULTS_INTRO = """# Benchmark results

Written by `make bench SCALE=N DB=…` (bench/run.py): each run replaces its own section.
Times are medians of repeated runs, alternating each selector with its floor in the same run;
"× floor" is the selector's time over the floor's (1.00 = as fast as one hand-written SQL
statement), "raw ÷ value" how many times faster than aggregating the raw activities.
"""
