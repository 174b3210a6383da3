"""Checking alerts where the store is already open, and webhook delivery away from it.

:func:`check_and_deliver` runs in the command that holds the store (``passaparola import`` right after its
batches are committed, or ``passaparola alerts``): it checks the days, records what fired and writes every
alert still to deliver to an *outbox* file, then starts a detached worker (:func:`start_worker`, which
runs this module) on that file and returns at once. The worker never opens the store, so the next
command never finds it busy:

- it POSTs each alert to ``[alerts] webhook`` as JSON, up to ``tries`` attempts of ``timeout`` seconds,
  waiting 1 s, 2 s, 4 s... between them;
- it appends each outcome (delivered or failed, attempts, HTTP status, error) as a JSON line to
  ``passaparola-alerts/deliveries.jsonl`` in the workspace, and writes its own unexpected errors to
  ``passaparola-alerts/worker.log``;
- it holds ``passaparola-alerts/delivery.lock`` while it works, and skips an alert that file already
  says was delivered to the URL: two overlapping workers (two imports in a row) never POST it twice.

The next command that checks alerts copies the outcomes into the store's ``alert_deliveries`` table
(:func:`absorb`) before choosing what to deliver: an alert whose delivery failed is tried again by later
runs, up to :data:`MAX_DELIVERY_RUNS` runs in all.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from passaparola import alerts
from passaparola.metrics.scope import Scope
from passaparola.store import Store
from passaparola.workspace import Workspace

FOLDER_NAME = "passaparola-alerts"
OUTCOMES_NAME = "deliveries.jsonl"
LOCK_NAME = "delivery.lock"
LOG_NAME = "worker.log"
#: Runs (each of ``tries`` attempts) an alert gets before it is given up.
MAX_DELIVERY_RUNS = 5


@dataclass(frozen=True)
class Delivery:
    attempts: int
    status: str  # "delivered" or "failed"
    http_status: int | None
    error: str | None


@dataclass(frozen=True)
class Check:
    """What one check found, and what it handed to the delivery worker."""

    days: list[date]
    fired: list[alerts.Fired]
    skipped: list[alerts.Skipped]
    new: int
    sending: int
    worker: subprocess.Popen | None = None


def post(url: str, payload: dict, *, timeout: float, tries: int, backoff: float = 1.0) -> Delivery:
    """POST ``payload`` as JSON, retrying on errors and non-2xx answers with exponential backoff."""
    body = json.dumps(payload, default=str).encode("utf-8")
    status, error = None, None
    for attempt in range(1, tries + 1):
        request = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                status = answer.status
            return Delivery(attempt, "delivered", status, None)
        except urllib.error.HTTPError as exc:
            status, error = exc.code, f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            status, error = None, str(getattr(exc, "reason", exc)) or type(exc).__name__
        if attempt < tries:
            time.sleep(backoff * 2 ** (attempt - 1))
    return Delivery(tries, "failed", status, error)


def payload(workspace: str, row: tuple) -> dict:
    """The JSON body for one alert row of the store (``id, source, kind, day, value, threshold,
    baseline, z, detail``)."""
    alert_id, source, kind, day, value, threshold, baseline, z, detail = row
    return {
        "workspace": workspace,
        "id": alert_id,
        "source": source,
        "kind": kind,
        "day": str(day),
        "value": value,
        "threshold": threshold,
        "baseline": baseline,
        "z": z if z is None or math.isfinite(z) else None,
        "z_infinite": z is not None and not math.isfinite(z),
        "measure": detail,
    }


def folder(root: Path) -> Path:
    """The workspace's folder for delivery files (made when missing)."""
    path = root / FOLDER_NAME
    path.mkdir(exist_ok=True)
    return path


def check_and_deliver(store: Store, ws: Workspace, days: Sequence[date], *, backoff: float = 1.0) -> Check:
    """Check ``days``, record what fired, and start a worker that delivers every alert still to deliver
    (see the module doc); returns without waiting for the network."""
    settings = ws.settings
    fired, skipped = alerts.evaluate(Scope.of(store, settings), str(ws.config_path), list(days))
    new = alerts.record(store, fired)
    alerts.mark_checked(store, days)
    sending, worker = deliver_pending(store, ws, backoff=backoff)
    return Check(list(days), fired, skipped, new, sending, worker)


def deliver_pending(
    store: Store, ws: Workspace, *, backoff: float = 1.0
) -> tuple[int, subprocess.Popen | None]:
    """Start a worker for every recorded alert not yet delivered to the configured webhook (and not given
    up on); returns how many it sends and the worker, without waiting for the network. So an alert whose
    delivery failed is sent again by the next ``alerts`` or import, even when no new day is checked."""
    settings = ws.settings
    url = settings.alerts.webhook if settings.alerts else None
    if url is None or settings.alerts is None:
        return 0, None
    absorb(store, ws.root)
    rows = store.con.execute(
        "SELECT id, source, kind, day, value, threshold, baseline, z, detail FROM alerts a "
        "WHERE NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.url = ? "
        "AND d.status = 'delivered') "
        "AND (SELECT count(*) FROM alert_deliveries d WHERE d.alert_id = a.id AND d.url = ?) < ? "
        "ORDER BY id",
        [url, url, MAX_DELIVERY_RUNS],
    ).fetchall()
    if not rows:
        return 0, None
    job = {
        "url": url,
        "timeout": settings.alerts.timeout,
        "tries": settings.alerts.tries,
        "backoff": backoff,
        "payloads": [payload(ws.name, row) for row in rows],
    }
    return len(rows), start_worker(ws.root, job)


def _outcomes(root: Path) -> Iterator[dict]:
    """The outcomes the workers wrote (a line being written right now is left for the next reading)."""
    path = root / FOLDER_NAME / OUTCOMES_NAME
    if not path.exists():
        return
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                outcome = json.loads(line)
            except ValueError:
                continue
            if isinstance(outcome, dict):
                yield outcome


def absorb(store: Store, root: Path) -> int:
    """Copy the workers' outcomes into ``alert_deliveries`` (each once, and only for an alert of this
    store: same id, source and day); returns how many rows were added."""
    before = store.scalar("SELECT count(*) FROM alert_deliveries")
    for outcome in _outcomes(root):
        try:
            values = [
                int(outcome["id"]),
                str(outcome["url"]),
                int(outcome["attempts"]),
                str(outcome["status"]),
                outcome.get("http_status"),
                outcome.get("error"),
                datetime.fromisoformat(outcome["finished_at"]),
            ]
        except (KeyError, TypeError, ValueError):
            continue
        store.con.execute(
            "INSERT INTO alert_deliveries SELECT ?, ?, ?, ?, ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM alerts WHERE id = ? AND source = ? AND CAST(day AS VARCHAR) = ?) "
            "AND NOT EXISTS (SELECT 1 FROM alert_deliveries "
            "WHERE alert_id = ? AND url = ? AND finished_at = ?)",
            [*values, values[0], outcome.get("source"), outcome.get("day"), values[0], values[1], values[6]],
        )
    return store.scalar("SELECT count(*) FROM alert_deliveries") - before


def _key(record: dict) -> tuple:
    return (record.get("id"), record.get("source"), record.get("day"), record.get("url"))


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def deliver(outbox: Path) -> None:
    """The worker's job: POST every payload of the outbox file not yet delivered, append each outcome,
    then remove the outbox."""
    job = json.loads(outbox.read_text(encoding="utf-8"))
    root = outbox.parent.parent
    url = job["url"]
    with _locked(root / FOLDER_NAME / LOCK_NAME):
        delivered = {_key(o) for o in _outcomes(root) if o.get("status") == "delivered"}
        with (root / FOLDER_NAME / OUTCOMES_NAME).open("a", encoding="utf-8") as out:
            for body in job["payloads"]:
                if _key({**body, "url": url}) in delivered:
                    continue
                outcome = post(url, body, timeout=job["timeout"], tries=job["tries"], backoff=job["backoff"])
                record = {
                    "id": body["id"],
                    "source": body["source"],
                    "day": body["day"],
                    "url": url,
                    "attempts": outcome.attempts,
                    "status": outcome.status,
                    "http_status": outcome.http_status,
                    "error": outcome.error,
                    "finished_at": datetime.now(UTC).isoformat(),
                }
                out.write(json.dumps(record) + "\n")
                out.flush()
    outbox.unlink()


def start_worker(root: Path, job: dict) -> subprocess.Popen:
    """Write ``job`` to an outbox file and run :func:`deliver` on it in a detached process; returns at
    once. The worker's unexpected errors go to ``passaparola-alerts/worker.log``."""
    where = folder(root)
    handle, name = tempfile.mkstemp(prefix="outbox-", suffix=".json", dir=where)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(job, out, default=str)
    log = (where / LOG_NAME).open("ab")
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "passaparola.alerts.delivery", name],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
            close_fds=True,
        )
    finally:
        log.close()


if __name__ == "__main__":
    try:
        deliver(Path(sys.argv[1]))
    except Exception:
        print(f"{datetime.now(UTC).isoformat()} alerts worker failed:", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
