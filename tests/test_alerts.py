"""Alerts: the robust z-score and the same-weekday baseline on a series with a known spike, rules, the
[alerts] settings, and webhook delivery against local HTTP servers (one failing twice then answering, one
never answering), including an import that returns while delivery goes on in the background."""

from __future__ import annotations

import json
import math
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import orjson
import pytest

from passaparola import alerts
from passaparola.alerts.delivery import post
from passaparola.config import ConfigError, parse_settings
from passaparola.store import Batch, Store, StoreError
from tests.test_metrics_media import CONFIG, row

PATH = Path("/ws/passaparola.toml")
# Eight Mondays before Monday 2 March 2026, then the spike; Tuesdays are always busy (50 items)
MONDAYS = [10, 12, 11, 13, 9, 10, 12, 11]
SPIKE_DAY = date(2026, 3, 2)


def test_robust_z_on_a_known_spike():
    # sorted: 9 10 10 11 11 12 12 13, median 11; |x − 11|: 1 1 0 2 2 1 1 0, their median 1
    # z = (30 − 11) ÷ (1.4826 · 1) = 12.815...
    median, z = alerts.robust_z(30, MONDAYS)
    assert median == 11 and z == pytest.approx(19 / 1.4826)


def test_robust_z_without_spread():
    # MAD 0: the mean absolute deviation (0 0 0 1 → 0.25) times 1.2533 stands in: z = 1 ÷ 0.313325
    assert alerts.robust_z(6, [5, 5, 5, 6])[1] == pytest.approx(1 / (0.25 * 1.2533))
    assert alerts.robust_z(5, [5, 5, 5]) == (5, 0.0)
    assert alerts.robust_z(6, [5, 5, 5])[1] == math.inf


def _items(day: date, count: int, prefix: str, platform: str = "twitter") -> list[dict]:
    moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)  # 10:00 in Rome
    return [
        row(f"{prefix}{i}", "anna", platform=platform, created_at=moment, observed_at=moment)
        for i in range(count)
    ]


@pytest.fixture
def spiky(tmp_path):
    items = []
    for week, count in enumerate([*MONDAYS, 30]):
        monday = SPIKE_DAY - timedelta(weeks=8 - week)
        items += _items(monday, count, f"m{week}-")
        items += _items(monday + timedelta(days=1), 50, f"t{week}-", platform="mastodon")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write(1, Batch(items=items))
        yield store


def _settings(**section) -> object:
    return parse_settings({**CONFIG, "alerts": section}, PATH)


def test_the_volume_detector_compares_the_same_weekday(spiky):
    settings = _settings(detectors=["volume"])
    _, fired, skipped = alerts.evaluate(spiky.table("items"), settings, str(PATH), SPIKE_DAY)
    assert skipped == [] and [(f.source, f.value, f.baseline) for f in fired] == [("volume", 30.0, 11.0)]
    assert fired[0].z == pytest.approx(19 / 1.4826)
    # the Tuesday after: 50 items, as on every Tuesday (a Monday baseline would make it a spike)
    _, fired, _ = alerts.evaluate(spiky.table("items"), settings, str(PATH), SPIKE_DAY + timedelta(days=1))
    assert fired == []


def test_detectors_say_why_they_did_not_run(spiky):
    _, _, skipped = alerts.evaluate(spiky.table("items"), _settings(), str(PATH), SPIKE_DAY)
    reasons = {s.source: s.reason for s in skipped}
    assert "sentiment" in reasons["negative_share"] or "no value" in reasons["negative_share"]
    assert "has no value on 2026-03-02" in reasons["first_response_time"]  # nobody wrote to the brand
    early = SPIKE_DAY - timedelta(weeks=7)  # only one earlier Monday
    _, _, skipped = alerts.evaluate(spiky.table("items"), _settings(detectors=["volume"]), str(PATH), early)
    assert skipped[0].reason == "1 earlier Mondays with a value; 3 are needed"


def test_rules_over_a_window(spiky):
    rules = [
        # the spike Monday alone: 30 items > 25
        {"name": "busy day", "metric": "items", "condition": "> 25", "window": "1d"},
        # Tuesday 24 Feb to Monday 2 March: 50 + 30 = 80 items, not >= 81
        {"name": "busy week", "metric": "items", "condition": ">= 81", "window": "7d"},
        # on Twitter only: the Tuesdays (Mastodon) do not count: 30 < 31
        {"metric": "items", "condition": "< 31", "window": "7d", "platform": "twitter"},
    ]
    settings = _settings(detectors=[], rules=rules)
    _, fired, _ = alerts.evaluate(spiky.table("items"), settings, str(PATH), SPIKE_DAY)
    assert [(f.source, f.value, f.threshold) for f in fired] == [
        ("busy day", 30.0, 25.0),
        ("items < 31", 30.0, 31.0),
    ]
    assert alerts.record(spiky, fired) == 2 and alerts.record(spiky, fired) == 0  # once per rule and day


@pytest.mark.parametrize(
    ("section", "key", "problem"),
    [
        ({"webhook": "ftp://x"}, "alerts.webhook", "not an http(s) URL"),
        ({"detectors": ["volume", "mood"]}, "alerts.detectors[1]", "unknown detector 'mood'"),
        ({"weeks": 2}, "alerts.weeks", "from 3 to 52"),
        ({"rules": [{"metric": "items", "condition": "big", "window": "1d"}]}, "alerts.rules[0].condition",
         'expected "> NUMBER", "< NUMBER" or "> DURATION", got "big"'),
        ({"rules": [{"name": "x", "metric": "items", "condition": "> 1", "window": "36h"}]},
         'alerts.rules[0] ("x").window', "whole days"),
        ({"rules": {"metric": "items"}}, "alerts.rules", "write [[alerts.rules]]"),
    ],
)  # fmt: skip
def test_bad_alert_settings(section, key, problem):
    with pytest.raises(ConfigError) as caught:
        _settings(**section)
    assert caught.value.key == key and problem in caught.value.problem


def test_rules_are_checked_against_the_registry(spiky):
    settings = _settings(
        rules=[{"name": "x", "metric": "response_rate", "condition": "< 2h", "window": "7d"}]
    )
    with pytest.raises(ConfigError, match=r'alerts.rules\[0\] \("x"\).condition: .*not time'):
        alerts.evaluate(spiky.table("items"), settings, str(PATH), SPIKE_DAY)


# --- webhook delivery ------------------------------------------------------------------------------------


class _Flaky(BaseHTTPRequestHandler):
    """Answers 500 to the first two POSTs, then 204; keeps the bodies it received."""

    bodies: ClassVar[list[dict]] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        type(self).bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(500 if len(type(self).bodies) <= 2 else 204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky_server():
    _Flaky.bodies = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_server():
    """Accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    listener.close()


def test_delivery_retries_until_the_server_answers(flaky_server):
    started = time.monotonic()
    outcome = post(flaky_server, {"source": "volume", "z": 12.8}, timeout=2, tries=3, backoff=0.05)
    assert (outcome.attempts, outcome.status, outcome.http_status) == (3, "delivered", 204)
    assert _Flaky.bodies == [{"source": "volume", "z": 12.8}] * 3
    assert time.monotonic() - started >= 0.05 + 0.1  # waited 0.05 s, then 0.1 s (exponential)


def test_delivery_gives_up_on_a_server_that_never_answers(silent_server):
    outcome = post(silent_server, {"source": "volume"}, timeout=0.3, tries=2, backoff=0.05)
    assert outcome.status == "failed" and outcome.attempts == 2 and "timed out" in outcome.error


def _tweet(i: int, when: datetime) -> bytes:
    user = {"id_str": "9", "screen_name": "anna", "followers_count": 10}
    created = when.strftime("%a %b %d %H:%M:%S +0000 %Y")
    return orjson.dumps({"id_str": str(i), "created_at": created, "text": "ciao", "user": user}) + b"\n"


def _deliveries(path: Path) -> list[tuple]:
    try:
        with Store.open(path, read_only=True, create=False) as store:
            return store.con.execute("SELECT attempts, status, error FROM alert_deliveries").fetchall()
    except StoreError:  # the background worker holds the store right now
        return []


@pytest.mark.slow
def test_import_returns_while_a_silent_webhook_is_retried_in_the_background(tmp_path, silent_server):
    (tmp_path / "passaparola.toml").write_text(
        f'[workspace]\nname = "t"\n\n[alerts]\nwebhook = "{silent_server}"\ntimeout = 1\ntries = 2\n'
        '[[alerts.rules]]\nname = "anything"\nmetric = "items"\ncondition = "> 0"\nwindow = "1d"\n',
        encoding="utf-8",
    )
    Store.open(tmp_path / "passaparola.duckdb").close()
    now = datetime.now(UTC)
    (tmp_path / "tweets.jsonl").write_bytes(b"".join(_tweet(i, now) for i in range(3)))
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", "from passaparola.cli import main; main()", "import", "tweets.jsonl"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PASSAPAROLA_LANG": "en"},
    )
    imported_in = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    # the worker needs at least 1 s + 1 s backoff + 1 s for its two timed-out tries: nothing yet
    assert _deliveries(tmp_path / "passaparola.duckdb") == []
    found: list[tuple] = []
    while not found and time.monotonic() - started < imported_in + 60:
        time.sleep(0.5)
        found = _deliveries(tmp_path / "passaparola.duckdb")
    assert found and found[0][:2] == (2, "failed") and "timed out" in found[0][2]
    assert time.monotonic() - started - imported_in >= 2  # delivery went on after the import returned
