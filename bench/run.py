"""make bench SCALE=N [DB=postgresql|sqlite]: load the synthetic dataset, measure every figure
against its floor in one run, print the table and write it into bench/RESULTS.md.

    python -m bench.run --scale 1 --db postgresql [--keep] [--skip server,pages]

The database is created for the run (cdtt_bench on the local PostgreSQL, or
var/bench/cdtt.sqlite3) and dropped at the start of the next one; --keep reuses it when it
holds the same scale and seed (handy at scale 34, where loading takes a while).
"""

import argparse
import json
import os
import platform
import secrets
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAME = os.environ.get("BENCH_DB_NAME", "cdtt_bench")
SQLITE_DIR = ROOT / "var" / "bench"
# --skip all: only load
SECTIONS = [
    "figures", "accounts", "partitions", "imports", "directives", "server", "pages",
]  # fmt: skip


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="reuse a loaded database")
    parser.add_argument("--skip", default="", help=f"comma-separated: {', '.join(SECTIONS)}")
    parser.add_argument("--results", default=str(ROOT / "bench" / "RESULTS.md"))
    return parser.parse_args()


def environment(args) -> dict:
    """The environment the run (and the server it starts) uses."""
    env = {
        "DJANGO_SETTINGS_MODULE": "cdtt.settings",
        "DEBUG": "0",  # as production runs: no SQL kept per query
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CDTT_VAR_DIR": str(SQLITE_DIR),
        "LOG_LEVEL": "WARNING",
    }
    if args.db == "postgresql":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
    return env


def marker_path(args) -> Path:
    return SQLITE_DIR / f"loaded-{args.db}-{PG_NAME}.json"


def fresh_database(args) -> None:
    SQLITE_DIR.mkdir(parents=True, exist_ok=True)
    marker_path(args).unlink(missing_ok=True)
    if args.db == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
    else:
        for suffix in ("", "-wal", "-shm"):
            (SQLITE_DIR / f"cdtt.sqlite3{suffix}").unlink(missing_ok=True)


def machine() -> str:
    cores = os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cores} cores ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.release()}"


def main() -> int:
    args = parse()
    skip = {s for s in args.skip.split(",") if s}
    os.environ.update(environment(args))
    sys.path.insert(0, str(ROOT))
    wanted = {"scale": args.scale, "seed": args.seed, "day": str(date.today())}
    reuse = (
        args.keep
        and marker_path(args).exists()
        and json.loads(marker_path(args).read_text()) == wanted
    )
    if not reuse:
        fresh_database(args)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import data, figures
    from bench.table import Row, render, write_results

    started = time.perf_counter()
    call_command("migrate", verbosity=0)  # a kept database follows the code's migrations
    if not reuse:
        print(f"Loading scale {args.scale:g} on {args.db}…")
        call_command("load_units", verbosity=0)
        data.load(args.scale, args.seed)
        marker_path(args).write_text(json.dumps(wanted))
        print(f"Loaded in {time.perf_counter() - started:.0f} s.")
    if skip >= set(SECTIONS):
        return 0
    dataset = data.describe(args.scale, args.seed)
    rows: list[Row] = []
    if "figures" not in skip:
        rows += figures.measure(dataset)
    if "accounts" not in skip:
        from bench import accounts

        rows += accounts.measure(dataset)
    if "partitions" not in skip:
        from bench import partitions

        rows += partitions.measure(dataset)
    if "imports" not in skip:
        from bench import imports

        rows += imports.measure(dataset)
    if "directives" not in skip:
        from bench import directives

        rows += directives.measure(dataset)
    connection.close()
    if "server" not in skip or "pages" not in skip:
        from bench import server

        rows += server.measure(dataset, environment(args), skip)
    version = (
        connection.cursor().connection.info.server_version if args.db == "postgresql" else None
    )
    header = {
        "date": str(date.today()),
        "machine": machine(),
        "database": _database_name(args, version),
        "scale": args.scale,
        "dataset": dataset.summary(),
        "command": f"make bench SCALE={args.scale:g} DB={args.db}",
        "seconds": round(time.perf_counter() - started),
    }
    print(render(header, rows))
    write_results(Path(args.results), header, rows)
    print(f"Written to {args.results}.")
    return 0


def _database_name(args, version) -> str:
    if args.db == "postgresql":
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (WAL)"


if __name__ == "__main__":
    sys.exit(main())
