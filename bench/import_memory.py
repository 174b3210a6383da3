"""Peak memory of importing a large (about 1 GB) twarc JSONL file, against loading it whole.

Each measurement runs in a fresh process and reports its peak resident set size. The baseline is the
load-everything approach (``json.loads`` of every line into a list, as a notebook would); passaparola
streams, so its peak should stay flat as the file grows.

Run: ``make bench`` (or ``python bench/import_memory.py --megabytes 1000``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from passaparola.demo.simulation import Simulation
from passaparola.demo.writers import TwitterV2

PEAK = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"

OURS = """
import sys
from passaparola.store import Store
from passaparola.ingest import run_import
with Store.open(sys.argv[2]) as store:
    run_import(store, [sys.argv[1]])
"""

NAIVE = """
import json, sys
with open(sys.argv[1]) as handle:
    pages = [json.loads(line) for line in handle]
tweets = [t for page in pages for t in page["data"]]
"""


def make_file(folder: Path, megabytes: int) -> Path:
    writer = TwitterV2(folder, 10**9)
    target = megabytes * 1_000_000
    path = None
    for events in Simulation(10**9, seed=5).conversations():
        writer.add(events)
        path = writer.out.files[-1] if writer.out.files else None
        if path is not None and path.stat().st_size >= target:
            break
    return writer.close()[0]


def peak_mb(script: str, *args: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", script + "\n" + PEAK, *args], capture_output=True, text=True, check=True
    )
    return int(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--megabytes", type=int, default=1000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pp-mem-"))
    try:
        small = make_file(folder / "small", max(10, args.megabytes // 10))
        large = make_file(folder / "large", args.megabytes)
        print(f"{'file':<8} {'MB':>7}  {'passaparola peak MB':>20}  {'load-everything peak MB':>24}  ratio")
        for label, path in (("small", small), ("large", large)):
            ours = peak_mb(OURS, str(path), str(folder / f"{label}.duckdb"))
            naive = peak_mb(NAIVE, str(path))
            size = path.stat().st_size / 1e6
            print(f"{label:<8} {size:>7.0f}  {ours:>20,}  {naive:>24,}  {naive / ours:.1f}x less memory")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
