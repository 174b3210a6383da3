"""Import throughput on X/Twitter API v2 (twarc JSONL) and Mastodon (API statuses, JSONL), in items per
second, against two baselines measured on the same files in the same run:

- twarc-csv converting the twarc file to CSV (what researchers use today); goal: passaparola >= 5x faster;
- DuckDB's own ``read_json`` scan of the file, materialised into a table (the practical limit for any
  JSON reader); goal: passaparola within 3x of it.

Run: ``make bench`` (or ``python bench/import_throughput.py --items 200000``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from passaparola.demo.simulation import Simulation
from passaparola.demo.writers import Mastodon, TwitterV2
from passaparola.ingest import run_import
from passaparola.store import Store


def make_files(folder: Path, items: int) -> dict[str, Path]:
    """Twitter v2 and Mastodon files of about ``items`` items each, from the demo simulation."""
    twitter, mastodon = TwitterV2(folder, 10**9), Mastodon(folder, 10**9)
    produced = {"twitter": 0, "mastodon": 0}
    for events in Simulation(items * 3, seed=11).conversations():
        for name, writer in (("twitter", twitter), ("mastodon", mastodon)):
            if produced[name] < items:
                writer.add(events)
                produced[name] += len(events)
        if min(produced.values()) >= items:
            break
    return {"twitter": twitter.close()[0], "mastodon": mastodon.close()[0]}


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def passaparola_import(path: Path, folder: Path) -> tuple[float, int]:
    db = folder / "bench.duckdb"
    db.unlink(missing_ok=True)
    with Store.open(db) as store:
        seconds = timed(lambda: run_import(store, [path]))
        items = store.scalar("SELECT count(*) FROM items")
    return seconds, int(items)


def duckdb_scan(path: Path) -> float:
    con = duckdb.connect()
    seconds = timed(
        lambda: con.execute(
            f"CREATE TABLE scan AS SELECT * FROM read_json('{path}', maximum_object_size=1000000000)"
        )
    )
    con.close()
    return seconds


BASELINE_VENV = Path(tempfile.gettempdir()) / "passaparola-bench-twarc-csv"
TWARC_CSV = """
import sys, time
from twarc_csv import CSVConverter
started = time.perf_counter()
with open(sys.argv[1]) as infile, open(sys.argv[2], "w") as outfile:
    CSVConverter(infile, outfile, hide_progress=True).process()
print(time.perf_counter() - started)
"""


def twarc_csv(path: Path, folder: Path) -> float:
    """twarc-csv's own conversion time, in its own virtualenv (it needs pandas < 3)."""
    python = BASELINE_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BASELINE_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "twarc-csv==0.7.2", "pandas<3"], check=True
        )
    result = subprocess.run(
        [str(python), "-c", TWARC_CSV, str(path), str(folder / "twarc.csv")],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=100_000, help="items per file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pp-bench-"))
    try:
        files = make_files(folder, args.items)
        print(
            f"{'file':<10} {'items':>9} {'MB':>7}  {'passaparola':>14}  {'baseline':<22} {'items/s':>10}  ratio"
        )
        for name, path in files.items():
            size = path.stat().st_size / 1e6
            ours, items = passaparola_import(path, folder)
            rate = items / ours
            print(f"{name:<10} {items:>9,} {size:>7.1f}  {rate:>10,.0f} it/s")
            scan = duckdb_scan(path)
            print(f"{'':<10} {'':>9} {'':>7}  {'':>14}  {'duckdb read_json':<22} {items / scan:>10,.0f}  "
                  f"passaparola takes {ours / scan:.1f}x DuckDB's time (goal <= 3x)")  # fmt: skip
            if name == "twitter":
                baseline = twarc_csv(path, folder)
                if baseline:
                    print(f"{'':<10} {'':>9} {'':>7}  {'':>14}  {'twarc-csv':<22} {items / baseline:>10,.0f}  "
                          f"passaparola is {baseline / ours:.1f}x faster (goal >= 5x)")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
