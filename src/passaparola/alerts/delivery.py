"""Webhook delivery, away from the command that triggered it.

After an import (or ``passaparola alerts``) a detached background process (:func:`start_worker`, which
runs this module) checks the alerts, records what fired and POSTs each alert not yet delivered to
``[alerts] webhook`` as JSON. Each alert gets up to ``tries`` attempts of ``timeout`` seconds, waiting
1 s, 2 s, 4 s... between them; the outcome (delivered or failed, attempts, HTTP status, error) goes to the
store's ``alert_deliveries`` table. The store is held only while reading and writing it, never while
waiting on the network, and a store busy with another command is waited for.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from passaparola.store import Store, StoreError

LOG_NAME = "passaparola-alerts.log"
STORE_WAIT_SECONDS = 120.0


@dataclass(frozen=True)
class Delivery:
    attempts: int
    status: str  # "delivered" or "failed"
    http_status: int | None
    error: str | None


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


def open_store_waiting(path: Path, *, read_only: bool = False) -> Store:
    """Open the store, waiting while another passaparola process holds it."""
    deadline = time.monotonic() + STORE_WAIT_SECONDS
    while True:
        try:
            return Store.open(path, read_only=read_only, create=False)
        except StoreError as exc:
            if "in use" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def check_and_deliver(root: Path, backoff: float = 1.0) -> None:
    """Check the alerts for the newest day, record what fired, deliver what is undelivered."""
    from passaparola import alerts, workspace

    ws = workspace.load(root)
    settings = ws.settings
    with open_store_waiting(ws.store_path) as store:
        _, fired, _ = alerts.evaluate(store.table("items"), settings, str(ws.config_path))
        alerts.record(store, fired)
        url = settings.alerts.webhook if settings.alerts else None
        pending = (
            store.con.execute(
                "SELECT id, source, kind, day, value, threshold, baseline, z, detail FROM alerts a "
                "WHERE NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.url = ?) "
                "ORDER BY id",
                [url],
            ).fetchall()
            if url
            else []
        )
    if not pending or settings.alerts is None or url is None:
        return
    outcomes = [
        (
            row[0],
            post(
                url,
                payload(ws.name, row),
                timeout=settings.alerts.timeout,
                tries=settings.alerts.tries,
                backoff=backoff,
            ),
        )
        for row in pending
    ]
    with open_store_waiting(ws.store_path) as store:
        for alert_id, outcome in outcomes:
            store.con.execute(
                "INSERT INTO alert_deliveries VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    alert_id,
                    url,
                    outcome.attempts,
                    outcome.status,
                    outcome.http_status,
                    outcome.error,
                    datetime.now(UTC),
                ],
            )


def start_worker(root: Path) -> subprocess.Popen:
    """Run :func:`check_and_deliver` for the workspace in a detached process and return at once; its
    unexpected errors go to ``passaparola-alerts.log`` in the workspace."""
    log = (root / LOG_NAME).open("ab")
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "passaparola.alerts.delivery", str(root.resolve())],
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
        check_and_deliver(Path(sys.argv[1]))
    except Exception:
        print(f"{datetime.now(UTC).isoformat()} alerts worker failed:", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
