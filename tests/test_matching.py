"""The entity columns and thread placement the store keeps per item (passaparola.enrich.matching): every
metric reads the same answers from them as computed live; new rows, late parents and edits of the
entities bring them up to date; a reader that finds them behind computes live."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest

from passaparola import plan, workspace
from passaparola.config import parse_settings
from passaparola.enrich import matching
from passaparola.metrics import MetricError, all_metrics, compute, get
from passaparola.metrics.scope import Scope
from passaparola.plan import measure, templates
from passaparola.plan.templates import appended
from passaparola.store import Batch, Store
from tests.conftest import demo_workspace
from tests.test_metrics_media import CONFIG, JAN, row


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_workspace(tmp_path_factory.mktemp("matching"), 4_000, seed=5)


def _frame(metric, scope: Scope, by: list[str]) -> pd.DataFrame | str:
    try:
        frame = compute(metric, scope, by).execute()
    except MetricError as exc:
        return str(exc)
    frame = frame.astype({c: str for c in frame.columns if frame[c].dtype == object})
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


@pytest.mark.parametrize("name", [metric.name for metric in all_metrics()])
def test_every_metric_reads_the_same_from_the_stored_columns_as_live(demo, name):
    with demo.open_store(read_only=True) as store:
        stored = Scope.of(store, demo.settings)
        live = dataclasses.replace(stored, matched=None)
        assert stored.stored and not live.stored
        assert store.scalar("SELECT count(*) FROM items WHERE heard_entities <> []") > 0
        ours, theirs = _frame(get(name), stored, []), _frame(get(name), live, [])
        if isinstance(ours, str) or isinstance(theirs, str):
            assert ours == theirs
        else:
            pd.testing.assert_frame_equal(ours, theirs, check_exact=False)


def _settings(tmp_path: Path, **brand) -> object:
    config = {**CONFIG, "brand": {**CONFIG["brand"], **brand}}
    return parse_settings(config, tmp_path / "passaparola.toml")


def _columns(store: Store, id_: str) -> tuple:
    return store.one(
        "SELECT author_entity, parent_entity, shared_entity, mentioned_entities, heard_entities, matched "
        "FROM items WHERE id = ?",
        [id_],
    )


def test_new_rows_are_matched_and_an_edit_of_the_entities_matches_every_row_again(tmp_path):
    settings = _settings(tmp_path)
    with Store.open(tmp_path / "s.duckdb") as store:
        store.write(1, Batch(items=[row("p1", "caffeaurora", text="Il nostro caffè")]))
        assert store.unmatched() and matching.ensure(store, settings) == matching.fingerprint(settings)
        assert _columns(store, "p1") == ("Aurora", None, None, [], [], True)
        later = [
            row("r1", "anna", kind="reply", parent_id="p1", text="@borealis meglio il Caffè-Aurora",
                mentions=["borealis"], created_at=JAN + timedelta(hours=1)),
            row("s1", "bruno", kind="share", shared_id="p1", created_at=JAN + timedelta(hours=2)),
        ]  # fmt: skip
        store.write(2, Batch(items=later))
        assert matching.ensure(store, settings) is not None and not store.unmatched()
        assert _columns(store, "r1") == (None, "Aurora", None, ["Borealis"], ["Aurora"], True)
        assert _columns(store, "s1")[:3] == (None, None, "Aurora")
        # the brand's query changes: every row is matched again, the old matches are gone
        edited = _settings(tmp_path, query="nostro")
        assert matching.ensure(store, edited) == matching.fingerprint(edited)
        assert _columns(store, "p1")[4] == ["Aurora"] and _columns(store, "r1")[4] == []
        # which entity is the brand does not change what the columns hold
        swapped = dataclasses.replace(edited, brand=edited.competitors[0], competitors=(edited.brand,))
        assert matching.fingerprint(swapped) == matching.fingerprint(edited)


def test_a_late_parent_moves_its_replies_into_its_thread(tmp_path):
    settings = _settings(tmp_path)
    with Store.open(tmp_path / "s.duckdb") as store:
        reply = row("r1", "anna", kind="reply", parent_id="p1", created_at=JAN + timedelta(hours=1))
        deeper = row("r2", "caffeaurora", kind="reply", parent_id="r1", created_at=JAN + timedelta(hours=2))
        store.write(1, Batch(items=[reply, deeper]))
        matching.ensure(store, settings)
        placed = "SELECT id, thread_root, thread_depth, thread_orphan FROM items ORDER BY id"
        assert store.con.execute(placed).fetchall() == [("r1", "r1", 0, True), ("r2", "r1", 1, False)]
        store.write(2, Batch(items=[row("p1", "caffeaurora")]))
        matching.ensure(store, settings)
        assert store.con.execute(placed).fetchall() == [
            ("p1", "p1", 0, False),
            ("r1", "p1", 1, False),
            ("r2", "p1", 2, False),
        ]
        frame = compute(get("threads"), Scope.of(store, settings), []).execute()
        assert (frame.threads.iloc[0], frame.mean_size.iloc[0], frame.max_depth.iloc[0]) == (1, 3, 2)


def test_a_reader_of_a_store_behind_its_entities_computes_them_live(tmp_path):
    ws = workspace.create(tmp_path / "ws")
    with ws.open_store() as store:
        store.write(1, Batch(items=[row("p1", "caffeaurora"), row("m1", "anna", mentions=["caffeaurora"])]))
    with ws.open_store(read_only=True) as store:  # brought up to date on opening
        assert not store.unmatched() and matching.held(store) == matching.fingerprint(ws.settings)
    settings = _settings(tmp_path)
    with Store.open(ws.store_path, read_only=True) as store:
        scope = Scope.of(store, settings)  # read-only and matched against other entities: live
        assert scope.matched is None and not scope.stored
        frame = compute(get("media_items"), scope, []).execute()
    assert sorted(zip(frame.entity, frame.media, frame["items"], strict=True)) == [
        ("Aurora", "earned", 1),
        ("Aurora", "owned", 1),
    ]


def test_a_store_made_before_the_entity_columns_gets_them(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        store.write(1, Batch(items=[row("p1", "caffeaurora")]))
        store.con.execute("ALTER TABLE items DROP COLUMN heard_entities")
        store.con.execute("ALTER TABLE items DROP COLUMN thread_root")
    with Store.open(path) as store:
        assert store.unmatched()
        matching.ensure(store, _settings(tmp_path))
        assert _columns(store, "p1")[4] == [] and store.scalar("SELECT thread_root FROM items") == "p1"


@pytest.mark.parametrize("template", ["dialogue", "care"])
def test_plan_standings_read_the_same_from_the_stored_columns_as_live(demo, template, monkeypatch):
    with demo.open_store(read_only=True) as store:
        newest = plan.newest_day(store.table("items"), demo.settings)
        text = appended(
            demo.config_path, templates.render(template, templates.default_start(newest, newest)), force=False
        )
        settings = parse_settings(tomllib.loads(text), demo.config_path)
        scope = Scope.of(store, settings)
        assert scope.matched == matching.fingerprint(settings)
        live = plan.evaluate(dataclasses.replace(scope, matched=None), "passaparola.toml")
        made: list[Scope] = []
        narrow = measure.replace
        monkeypatch.setattr(
            measure, "replace", lambda *args, **kw: made.append(narrow(*args, **kw)) or made[-1]
        )
        stored = plan.evaluate(scope, "passaparola.toml")
    assert stored == live and any(standing.current is not None for standing in stored)
    # every Scope the plan made read the stored columns
    assert made and all(scope.stored for scope in made)
