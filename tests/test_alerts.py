"""Alerts: the robust z-score with its noise floor and the same-weekday baseline on a series with a known
spike, the minimum support, the days checked, rules, the [alerts] settings, and webhook delivery against
local HTTP servers (one failing then answering, one recording, one never answering): an import returns
while delivery goes on in the background, the next commands find the store free, a failed delivery is
retried by a later run and two overlapping workers never deliver an alert twice."""

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

from passaparola import alerts, workspace
from passaparola.alerts import delivery
from passaparola.alerts.delivery import post
from passaparola.config import ConfigError, parse_settings
from passaparola.metrics.scope import Scope
from passaparola.store import Batch, Store
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
    # a noise floor keeps a flat history from making an infinite z: Poisson, √5 = 2.236: z = 1 ÷ 2.236
    assert alerts.robust_z(6, [5, 5, 5], alerts.poisson_floor(5, 6))[1] == pytest.approx(1 / math.sqrt(5))
    # the floor only ever widens the scale: 1.4826 · MAD 1 = 1.48 < √11 = 3.32
    assert alerts.robust_z(30, MONDAYS, alerts.poisson_floor(11, 30))[1] == pytest.approx(19 / math.sqrt(11))


def test_noise_floors():
    assert alerts.poisson_floor(0, 1) == 1  # at least one item
    # binomial: p clipped to 0.05 for a median of 0; 20 scored items: √(0.05 · 0.95 ÷ 20) = 0.0487
    assert alerts.binomial_floor(0.0, 20) == pytest.approx(math.sqrt(0.05 * 0.95 / 20))
    assert alerts.hours_floor(1.0, 9) == 0.25 and alerts.hours_floor(8.0, 9) == pytest.approx(0.8)


def _items(day: date, count: int, prefix: str, platform: str = "twitter", **fields) -> list[dict]:
    """``count`` items that day mentioning the brand (items about the brand), by anna."""
    moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)  # 10:00 in Rome
    about = {"mentions": ["caffeaurora"], "text": "@caffeaurora ciao", **fields}
    return [
        row(f"{prefix}{i}", "anna", platform=platform, created_at=moment, observed_at=moment, **about)
        for i in range(count)
    ]


def _chatter(day: date, count: int, prefix: str) -> list[dict]:
    """``count`` items that day about nobody the workspace follows."""
    moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    return [row(f"{prefix}{i}", "zeno", created_at=moment, observed_at=moment) for i in range(count)]


@pytest.fixture
def spiky(tmp_path):
    items = []
    for week, count in enumerate([*MONDAYS, 30]):
        monday = SPIKE_DAY - timedelta(weeks=8 - week)
        items += _items(monday, count, f"m{week}-")
        items += _items(monday + timedelta(days=1), 50, f"t{week}-", platform="mastodon")
    items += _chatter(SPIKE_DAY - timedelta(weeks=1), 400, "z")  # a busy Monday, but not about the brand
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write(1, Batch(items=items))
        yield store


def _settings(**section) -> object:
    return parse_settings({**CONFIG, "alerts": section}, PATH)


def test_the_volume_detector_compares_the_same_weekday(spiky):
    settings = _settings(detectors=["volume"])
    fired, skipped = alerts.evaluate(Scope(spiky.table("items"), settings), str(PATH), [SPIKE_DAY])
    # the Mondays before hold 10 12 11 13 9 10 12 11 items about the brand (median 11, MAD 1: 1.48); the
    # 400 items about nobody on the last of them are not the brand's volume. The scale is the Poisson
    # floor √11 = 3.32, larger than 1.48: z = 19 ÷ √11 = 5.73
    assert skipped == [] and [(f.source, f.value, f.baseline) for f in fired] == [("volume", 30.0, 11.0)]
    assert fired[0].z == pytest.approx(19 / math.sqrt(11))
    assert fired[0].detail == "media_items.items (entity=Aurora)"
    # the Tuesday after: 50 items, as on every Tuesday (a Monday baseline would make it a spike)
    fired, _ = alerts.evaluate(
        Scope(spiky.table("items"), settings), str(PATH), [SPIKE_DAY + timedelta(days=1)]
    )
    assert fired == []


def test_every_day_asked_is_checked_with_one_series(spiky):
    settings = _settings(detectors=["volume"])
    week = [SPIKE_DAY - timedelta(days=6) + timedelta(days=k) for k in range(7)]  # Tuesday to the spike
    fired, skipped = alerts.evaluate(Scope(spiky.table("items"), settings), str(PATH), week)
    assert [(f.day, f.value) for f in fired] == [(SPIKE_DAY, 30.0)]
    # Wednesday to Sunday hold nothing about the brand: skipped, each for its thin support
    thin = [s.day for s in skipped]
    assert thin == week[1:6] and {s.reason.en for s in skipped} == {
        "fewer than 5 items about the brand that day"
    }


def test_a_thin_day_or_a_flat_history_never_fires(tmp_path):
    # the brand is mentioned 5 times every Wednesday for 8 weeks (MAD 0, mean deviation 0), then:
    wednesday = date(2026, 3, 4)
    items = [i for k in range(1, 9) for i in _items(wednesday - timedelta(weeks=k), 5, f"w{k}-")]
    items += _items(wednesday, 8, "now-")  # 8 against 5: z = 3 ÷ √5 = 1.34 with the Poisson floor
    items += _items(wednesday + timedelta(days=1), 1, "thu-")  # Thursday: 1 item against nothing
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write(1, Batch(items=items))
        days = [wednesday, wednesday + timedelta(days=1)]
        fired, skipped = alerts.evaluate(
            Scope(store.table("items"), _settings(detectors=["volume"])), "p", days
        )
        assert fired == []
        assert [(s.day, s.reason.it) for s in skipped] == [
            (days[1], "meno di 5 elementi sul brand quel giorno")
        ]
        store.write(2, Batch(items=_items(wednesday, 12, "more-")))  # 20 against 5: z = 15 ÷ √5 = 6.7
        fired, _ = alerts.evaluate(
            Scope(store.table("items"), _settings(detectors=["volume"])), "p", days[:1]
        )
        assert [f.z for f in fired] == [pytest.approx(15 / math.sqrt(5))]


def test_the_negative_share_detector_needs_scored_items(tmp_path):
    # eight Fridays with 10 scored items about the brand, 1 of them negative (share 0.1), then a Friday
    # with 12 scored, 9 negative (0.75); the floor √(0.1 · 0.9 ÷ 12) = 0.0866 beats MAD 0:
    # z = 0.65 ÷ 0.0866 = 7.5. A Friday of 3 scored items, all negative, is too thin to say anything.
    friday = date(2026, 3, 6)
    items = []
    for k in range(1, 9):
        day = friday - timedelta(weeks=k)
        items += _items(day, 1, f"n{k}-", sentiment="negative") + _items(
            day, 9, f"p{k}-", sentiment="positive"
        )
    items += _items(friday, 9, "bad-", sentiment="negative") + _items(friday, 3, "ok-", sentiment="neutral")
    thin = friday + timedelta(weeks=1)
    items += _items(thin, 3, "thin-", sentiment="negative")
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write(1, Batch(items=items))
        settings = _settings(detectors=["negative_share"])
        fired, skipped = alerts.evaluate(Scope(store.table("items"), settings), "p", [friday, thin])
    (alert,) = fired
    assert (alert.day, alert.value, alert.baseline) == (friday, 0.75, pytest.approx(0.1))
    assert alert.z == pytest.approx(0.65 / math.sqrt(0.1 * 0.9 / 12))
    assert [(s.day, s.reason.en) for s in skipped] == [
        (thin, "fewer than 10 items with a sentiment that day")
    ]


def test_detectors_say_why_they_did_not_run(spiky):
    _, skipped = alerts.evaluate(Scope(spiky.table("items"), _settings()), str(PATH), [SPIKE_DAY])
    reasons = {s.source: s.reason for s in skipped}
    assert reasons["negative_share"].en.endswith("has no value that day")  # nothing was scored
    assert reasons["first_response_time"].en == (
        "first_response_time.median_hours (entity=Aurora) has no value that day"  # nobody wrote to the brand
    )
    early = SPIKE_DAY - timedelta(weeks=7)  # only one earlier Monday
    settings = _settings(detectors=["volume"])
    _, skipped = alerts.evaluate(Scope(spiky.table("items"), settings), str(PATH), [early])
    assert skipped[0].reason.en == "1 earlier Mondays with a value; 3 are needed"
    assert skipped[0].reason.it == "1 lunedì precedenti con un valore; ne servono 3"
    sunday = alerts.WEEKDAYS[6]
    assert (sunday.en, sunday.it) == ("Sundays", "domeniche")


def test_without_a_brand_the_volume_is_the_whole_store(spiky):
    settings = parse_settings({"alerts": {"detectors": ["volume", "first_response_time"]}}, PATH)
    fired, skipped = alerts.evaluate(Scope(spiky.table("items"), settings), str(PATH), [SPIKE_DAY])
    # the Mondays before: 10 12 11 13 9 10 12 411 (the chatter counts now): median 11.5, MAD 1.5
    assert [(f.detail, f.value, f.baseline) for f in fired] == [("items.items", 30.0, 11.5)]
    assert [(s.source, s.reason.en) for s in skipped] == [
        ("first_response_time", "no [brand] in passaparola.toml")
    ]


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
    fired, _ = alerts.evaluate(Scope(spiky.table("items"), settings), str(PATH), [SPIKE_DAY])
    assert [(f.source, f.value, f.threshold) for f in fired] == [
        ("busy day", 30.0, 25.0),
        ("items < 31", 30.0, 31.0),
    ]
    assert alerts.record(spiky, fired) == 2 and alerts.record(spiky, fired) == 0  # once per rule and day


def test_the_days_to_check(spiky):
    settings = _settings()
    # never checked: the newest day alone (Tuesday 3 March)
    assert alerts.days_since_check(spiky, settings) == [SPIKE_DAY + timedelta(days=1)]
    alerts.mark_checked(spiky, [SPIKE_DAY - timedelta(days=3)])  # checked up to Friday 27 February
    assert alerts.days_since_check(spiky, settings) == [
        date(2026, 2, 28), date(2026, 3, 1), SPIKE_DAY, SPIKE_DAY + timedelta(days=1)
    ]  # fmt: skip
    alerts.mark_checked(spiky, [date(2026, 1, 1)])  # an older day never moves the mark back
    assert alerts.checked_through(spiky) == date(2026, 2, 27)
    assert len(alerts.days_since_check(spiky, settings, since=date(2026, 1, 1))) == 62  # asked: all
    alerts.mark_checked(spiky, [SPIKE_DAY + timedelta(days=1)])
    assert alerts.days_since_check(spiky, settings) == []  # nothing new
    # an import's days: those its items fall on (the 400 items about nobody came with import 7)
    spiky.con.execute("UPDATE items SET import_id = 7 WHERE author_handle = 'zeno' OR id = 't8-0'")
    assert alerts.days_of_import(spiky, settings, 7) == [date(2026, 2, 23), SPIKE_DAY + timedelta(days=1)]


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
        alerts.evaluate(Scope(spiky.table("items"), settings), str(PATH), [SPIKE_DAY])


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


class _Recorder(BaseHTTPRequestHandler):
    """Answers 204 to every POST after ``delay`` seconds, or 500 while ``failures`` last; keeps the
    bodies it received."""

    bodies: ClassVar[list[dict]] = []
    failures: ClassVar[int] = 0
    delay: ClassVar[float] = 0.0

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length))
        time.sleep(type(self).delay)
        type(self).bodies.append(body)
        failing = type(self).failures > 0
        type(self).failures -= 1
        self.send_response(500 if failing else 204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    _Recorder.bodies, _Recorder.failures, _Recorder.delay = [], 0, 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def _workspace(root: Path, url: str, tries: int = 2, timeout: float = 5) -> Path:
    (root / "passaparola.toml").write_text(
        f'[workspace]\nname = "t"\n\n[alerts]\nwebhook = "{url}"\ntimeout = {timeout}\ntries = {tries}\n'
        "detectors = []\n"
        '[[alerts.rules]]\nname = "anything"\nmetric = "items"\ncondition = "> 0"\nwindow = "1d"\n',
        encoding="utf-8",
    )
    Store.open(root / "passaparola.duckdb").close()
    return root


def _tweet(i: int, when: datetime) -> bytes:
    user = {"id_str": "9", "screen_name": "anna", "followers_count": 10}
    created = when.strftime("%a %b %d %H:%M:%S +0000 %Y")
    return orjson.dumps({"id_str": str(i), "created_at": created, "text": "ciao", "user": user}) + b"\n"


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from passaparola.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PASSAPAROLA_LANG": "en", "COLUMNS": "200"},
    )


def _outcomes(root: Path) -> list[dict]:
    path = root / delivery.FOLDER_NAME / delivery.OUTCOMES_NAME
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _wait(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.1)


@pytest.mark.slow
def test_an_import_delivers_in_the_background_and_leaves_the_store_free(tmp_path, recorder):
    _Recorder.delay = 2.0  # a slow webhook: the commands below run while it is being called
    root = _workspace(tmp_path, recorder)
    now = datetime.now(UTC)
    (root / "a.jsonl").write_bytes(b"".join(_tweet(i, now) for i in range(3)))
    (root / "b.jsonl").write_bytes(b"".join(_tweet(i, now) for i in range(3, 5)))
    started = time.monotonic()
    first = _cli(root, "import", "a.jsonl")
    assert first.returncode == 0, first.stderr
    assert time.monotonic() - started < 30  # it did not wait for the webhook (2 s a call)
    assert "Checked day" in first.stdout and "alerts fired 1, new 1." in first.stdout
    assert f"Alerts to send to {recorder} in the background: 1." in first.stdout
    # the delivery is under way, and the next commands find the store free
    second = _cli(root, "import", "b.jsonl")
    assert second.returncode == 0, second.stderr
    assert "alerts fired 1, new 0." in second.stdout  # the same rule, the same day: recorded once
    status = _cli(root, "status")
    assert status.returncode == 0, status.stderr
    _wait(lambda: any(o["status"] == "delivered" for o in _outcomes(root)))
    with Store.open(root / "passaparola.duckdb") as store:
        row_ = store.con.execute(
            "SELECT id, source, kind, day, value, threshold, baseline, z, detail FROM alerts"
        ).fetchone()
    # the server got the real payload, once, though both imports handed the alert to a worker
    assert _Recorder.bodies == [delivery.payload("t", row_)]
    # as the first import recorded it: its 3 items that day
    assert _Recorder.bodies[0]["source"] == "anything" and _Recorder.bodies[0]["value"] == 3.0
    time.sleep(2.5)  # the second worker had its turn too
    assert len(_Recorder.bodies) == 1
    listed = _cli(root, "alerts", "--day", str(now.date()))
    assert listed.returncode == 0, listed.stderr
    assert "delivered" in listed.stdout  # the worker's outcome, copied into the store


def test_a_failed_delivery_is_retried_by_a_later_run_and_then_given_up(tmp_path, recorder, monkeypatch):
    _Recorder.failures = 1  # the first POST fails, the next ones succeed
    root = _workspace(tmp_path, recorder, tries=1)
    day = date(2026, 3, 2)
    moment = datetime(2026, 3, 2, 9, tzinfo=UTC)
    ws = workspace.load(root)
    with Store.open(root / "passaparola.duckdb") as store:
        store.write(1, Batch(items=[row("1", "anna", created_at=moment, observed_at=moment)]))
        check = delivery.check_and_deliver(store, ws, [day])
        assert (check.new, check.sending) == (1, 1)
        assert check.worker.wait(30) == 0
        assert [o["status"] for o in _outcomes(root)] == ["failed"]
        again = delivery.check_and_deliver(store, ws, [day])  # a later run: nothing new, one to retry
        assert (again.new, again.sending) == (0, 1)
        assert again.worker.wait(30) == 0
        # the retry copied the first outcome into the store; this copies the second, and each only once
        assert delivery.absorb(store, root) == 1 and delivery.absorb(store, root) == 0
        rows_ = store.con.execute(
            "SELECT attempts, status, http_status FROM alert_deliveries ORDER BY 3"
        ).fetchall()
        assert rows_ == [(1, "delivered", 204), (1, "failed", 500)]
        assert len(_Recorder.bodies) == 2 and _Recorder.bodies[0] == _Recorder.bodies[1]
        assert delivery.check_and_deliver(store, ws, [day]).sending == 0  # delivered: done
        # a second alert that keeps failing is given up after the last run allowed
        monkeypatch.setattr(delivery, "MAX_DELIVERY_RUNS", 2)
        _Recorder.failures = 10
        store.write(2, Batch(items=[row("2", "anna", created_at=moment + timedelta(days=1))]))
        for expected in (1, 1, 0):
            check = delivery.check_and_deliver(store, ws, [day + timedelta(days=1)])
            assert check.sending == expected
            if check.worker is not None:
                check.worker.wait(30)


def test_alerts_with_nothing_new_to_check_still_resends_a_failed_delivery(tmp_path, recorder):
    _Recorder.failures = 1  # the first POST fails
    root = _workspace(tmp_path, recorder, tries=1)
    moment = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with Store.open(root / "passaparola.duckdb") as store:
        store.write(1, Batch(items=[row("1", "anna", created_at=moment, observed_at=moment)]))
        check = delivery.check_and_deliver(store, workspace.load(root), [date(2026, 3, 2)])
        assert check.worker.wait(30) == 0
    assert [o["status"] for o in _outcomes(root)] == ["failed"]
    listed = _cli(root, "alerts")  # every day is checked: nothing new, but one alert still to deliver
    assert listed.returncode == 0, listed.stderr
    assert "Nothing new to check" in listed.stdout, listed.stdout
    assert f"Alerts to send to {recorder} in the background: 1." in listed.stdout
    _wait(lambda: [o["status"] for o in _outcomes(root)] == ["failed", "delivered"])
    assert len(_Recorder.bodies) == 2


def test_two_overlapping_workers_deliver_an_alert_once(tmp_path, recorder):
    _Recorder.delay = 0.5
    root = _workspace(tmp_path, recorder)
    body = {"workspace": "t", "id": 1, "source": "anything", "day": "2026-03-02", "value": 1.0}
    job = {"url": recorder, "timeout": 5, "tries": 1, "backoff": 0.1, "payloads": [body]}
    workers = [delivery.start_worker(root, job) for _ in range(2)]
    assert [w.wait(30) for w in workers] == [0, 0]
    assert _Recorder.bodies == [body]
    assert [o["status"] for o in _outcomes(root)] == ["delivered"]
    assert list((root / delivery.FOLDER_NAME).glob("outbox-*")) == []  # each worker removed its outbox


@pytest.mark.slow
def test_import_returns_while_a_silent_webhook_is_retried_in_the_background(tmp_path, silent_server):
    root = _workspace(tmp_path, silent_server, tries=2, timeout=1)
    (root / "tweets.jsonl").write_bytes(b"".join(_tweet(i, datetime.now(UTC)) for i in range(3)))
    started = time.monotonic()
    result = _cli(root, "import", "tweets.jsonl")
    imported_in = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    # the worker needs at least 1 s + 1 s backoff + 1 s for its two timed-out tries: nothing yet
    assert _outcomes(root) == []
    with Store.open(root / "passaparola.duckdb") as store:  # and the store is free meanwhile
        assert store.scalar("SELECT count(*) FROM alerts") == 1
    _wait(lambda: _outcomes(root) != [], imported_in + 60)
    (outcome,) = _outcomes(root)
    assert (outcome["attempts"], outcome["status"]) == (2, "failed") and "timed out" in outcome["error"]
    assert time.monotonic() - started - imported_in >= 2  # delivery went on after the import returned
