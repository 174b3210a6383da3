"""The store: upsert on (platform, id), newest counters, nothing lost, whole batches, reparse."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime

import orjson
import pytest

from passaparola.reparse import reparse
from passaparola.store import Batch, Store, compress_raw, merge_duplicates
from tests.conftest import import_paths, rows

T0 = datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 2, 1, tzinfo=UTC)


def item(id_: str, observed: datetime, **fields) -> dict:
    base = {
        "platform": "twitter",
        "id": id_,
        "kind": "post",
        "created_at": T0,
        "text": "ciao",
        "author_id": "a1",
        "format": "twitter-v1",
        "source": "f.jsonl",
        "source_line": 1,
        "import_id": 1,
        "observed_at": observed,
        "ingested_at": observed,
        "raw": compress_raw({"id": id_}),
    }
    base.update(fields)
    return base


def write(store: Store, *items: dict):
    return store.write(1, Batch(items=list(items)))


def test_newer_counters_replace_older_and_null_keeps_known(store):
    counts = write(store, item("1", T0, likes=3, shares=1))
    assert counts["f.jsonl"].new == 1
    counts = write(store, item("1", T1, likes=9, shares=None))
    assert counts["f.jsonl"].updated == 1
    assert rows(store, "SELECT likes, shares FROM items") == [(9, 1)]
    # an older observation arriving later does not roll counters back
    counts = write(store, item("1", T0, likes=1, shares=0))
    assert counts["f.jsonl"].unchanged == 1
    assert rows(store, "SELECT likes, shares, observed_at FROM items") == [(9, 1, T1)]


def test_same_record_twice_is_unchanged(store):
    write(store, item("1", T0, likes=3))
    counts = write(store, item("1", T0, likes=3))
    assert (counts["f.jsonl"].new, counts["f.jsonl"].updated, counts["f.jsonl"].unchanged) == (0, 0, 1)
    assert rows(store, "SELECT count(*) FROM items") == [(1,)]


def test_duplicates_within_a_batch_merge_by_the_same_rule():
    merged = merge_duplicates(
        [item("1", T1, likes=9, text=None), item("1", T0, likes=2, text="ciao"), item("2", T0)]
    )
    assert len(merged) == 2
    first = next(m for m in merged if m["id"] == "1")
    assert (first["likes"], first["text"]) == (9, "ciao")


def test_author_snapshots_keep_history(store):
    write(store, item("1", T0, author_followers=100, author_handle="anna"))
    write(store, item("2", T1, author_followers=150, author_handle="anna"))
    write(store, item("2", T1, author_followers=150, author_handle="anna"))
    assert rows(store, "SELECT observed_at, followers FROM authors ORDER BY 1") == [(T0, 100), (T1, 150)]


def test_quarantine_keeps_source_line_reason_and_raw(store):
    store.write(1, Batch(rejects=[("f.jsonl", 7, "twitter-v1", "not valid JSON", b"{broken")]))
    store.write(1, Batch(rejects=[("f.jsonl", 7, "twitter-v1", "not valid JSON", b"{broken")]))
    assert rows(store, "SELECT source, line, reason, raw FROM quarantine") == [
        ("f.jsonl", 7, "not valid JSON", b"{broken")
    ]


def test_failed_batch_leaves_the_store_as_it_was(store):
    write(store, item("1", T0, likes=3))
    bad = item("2", T0)
    bad["created_at"] = "not a time"
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll the whole batch back
        write(store, item("1", T1, likes=50), bad)
    assert rows(store, "SELECT id, likes FROM items") == [("1", 3)]


def test_reimporting_a_file_adds_nothing(store, tmp_path):
    path = tmp_path / "tweets.jsonl"
    path.write_bytes(_tweets(50))
    first = import_paths(store, path)
    second = import_paths(store, path)
    assert first.totals().new == 50
    assert (second.totals().new, second.totals().updated, second.totals().unchanged) == (0, 0, 50)
    assert rows(store, "SELECT count(*) FROM items") == [(50,)]


def _tweets(n: int, start: int = 0) -> bytes:
    user = {"id_str": "1", "screen_name": "anna", "followers_count": 10}
    return b"".join(
        orjson.dumps(
            {
                "id_str": str(i),
                "created_at": "Wed Aug 27 13:08:45 +0000 2025",
                "text": f"tweet {i}",
                "user": user,
            }
        )
        + b"\n"
        for i in range(start, start + n)
    )


def test_kill_9_mid_import_leaves_whole_batches_and_rerun_finishes(tmp_path):
    """An import killed with SIGKILL leaves a readable store holding whole batches only; running the same
    import again completes it with no duplicates."""
    total, batch = 200_000, 1_000
    path = tmp_path / "big.jsonl"
    path.write_bytes(_tweets(total))
    db = tmp_path / "s.duckdb"
    script = (
        "from passaparola.store import Store; from passaparola.ingest import run_import\n"
        "def report(records, source):\n"
        "    if source == '': print(records, flush=True)\n"  # called after each committed batch
        f"run_import(Store.open({str(db)!r}), [{str(path)!r}], batch_size={batch}, progress=report)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    for flushed, _ in enumerate(process.stdout, 1):
        if flushed == 5:
            break
    if process.poll() is not None:
        pytest.fail("the import finished before it could be killed; make the file bigger")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Store.open(db) as store:
        count = store.scalar("SELECT count(*) FROM items")
        assert 5 * batch <= count < total and count % batch == 0
        assert store.con.execute("SELECT status FROM imports").fetchall() == [("running",)]
        import_paths(store, path, batch_size=batch * 10)
        assert store.one("SELECT count(*), count(DISTINCT id) FROM items") == (
            total,
            total,
        )


def test_reparse_maps_raw_records_again(store, tmp_path, monkeypatch):
    path = tmp_path / "tweets.jsonl"
    path.write_bytes(_tweets(3))
    import_paths(store, path)
    store.con.execute("UPDATE items SET text = 'wrong', author_handle = NULL")
    result = reparse(store)
    assert (result.items, result.changed, result.failed) == (3, 3, 0)
    assert rows(store, "SELECT text, author_handle FROM items WHERE id = '1'") == [("tweet 1", "anna")]
    assert rows(store, "SELECT source, source_line FROM items WHERE id = '1'") == [(str(path), 2)]


def test_reparse_recovers_quarantined_records_after_a_fix(store, tmp_path, monkeypatch):
    import dataclasses

    import passaparola.ingest as ingest
    from passaparola.sources import twitter_v1

    def buggy(data):
        if data.get("id_str") == "2":
            raise twitter_v1.MappingError("importer bug")
        return twitter_v1.map_item(data)

    path = tmp_path / "tweets.jsonl"
    path.write_bytes(_tweets(4))
    buggy_format = dataclasses.replace(twitter_v1.FORMAT, map_item=buggy)
    monkeypatch.setattr(ingest, "sniff", lambda peek: buggy_format)
    assert import_paths(store, path).totals().quarantined == 1
    result = reparse(store)  # the registry holds the fixed importer
    assert result.recovered == 1
    assert rows(store, "SELECT count(*) FROM quarantine") == [(0,)]
    assert rows(store, "SELECT count(*) FROM items") == [(4,)]


def test_partial_records_fill_gaps_but_never_overwrite_full_ones(store):
    write(store, item("1", T0, text="the full description", likes=5))
    write(store, item("1", T1, text="the full desc…", likes=None, views=90, partial=True))
    assert rows(store, "SELECT text, likes, views, partial FROM items") == [
        ("the full description", 5, 90, False)
    ]
    # and a full record replaces a partial one even when observed earlier
    write(store, item("2", T1, text="thin", partial=True))
    write(store, item("2", T0, text="full"))
    assert rows(store, "SELECT text, partial FROM items WHERE id = '2'") == [("full", False)]


def test_extra_facts_merge_key_by_key(store):
    write(store, item("1", T0, extra='{"conversation_id": "c1", "edited": false}'))
    write(store, item("1", T1, extra='{"edited": true}', likes=2))
    (extra,) = rows(store, "SELECT extra FROM items")[0]
    assert orjson.loads(extra) == {"conversation_id": "c1", "edited": True}


def test_counts_go_to_the_file_being_imported_even_when_the_stored_row_is_newer(store):
    write(store, item("1", T1, likes=9, source="newer.json"))
    counts = write(store, item("1", T0, likes=9, source="older.json"))
    assert counts["older.json"].unchanged == 1 and "newer.json" not in counts


def test_stores_made_before_a_column_existed_gain_it(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    with Store.open(path) as store:
        write(store, item("1", T0, likes=3))
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE items DROP COLUMN utm_campaigns")
    con.close()
    with Store.open(path) as store:
        write(store, item("2", T0, utm_campaigns=["estate"]))
        assert rows(store, "SELECT id, likes, utm_campaigns FROM items ORDER BY id") == [
            ("1", 3, None),
            ("2", None, ["estate"]),
        ]


def test_reading_an_older_store_adds_its_missing_columns_first(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    with Store.open(path) as store:
        write(store, item("1", T0))
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE items DROP COLUMN utm_mediums")
    con.close()
    with Store.open(path, read_only=True) as store:
        assert rows(store, "SELECT id, utm_mediums FROM items") == [("1", None)]


LINKS = "SELECT id, parent_handle, parent_author, parent_followers, shared_handle, shared_author FROM items ORDER BY id"


def test_link_fills_each_items_parent_and_original_author_whenever_they_arrive(store):
    # a reply and a share stored before the items they point at: nothing to link to yet
    write(store, item("r", T0, kind="reply", parent_id="p", author_id="b"))
    write(store, item("s", T0, kind="share", shared_id="p", author_id="c"))
    store.link()
    assert rows(store, LINKS)[0] == ("r", None, None, None, None, None)
    write(store, item("p", T0, author_id="a", author_handle="Anna", author_followers=10))
    store.link()
    assert rows(store, LINKS) == [
        ("p", None, None, None, None, None),
        ("r", "Anna", "a", 10, None, None),
        ("s", None, None, None, "Anna", "a"),
    ]
    # the parent observed again with more followers: its children follow
    write(store, item("p", T1, author_id="a", author_handle="Anna", author_followers=12))
    assert store.unlinked()
    store.link()
    assert not store.unlinked()
    assert rows(store, "SELECT parent_followers FROM items WHERE id = 'r'") == [(12,)]


def test_search_columns_hold_the_text_without_accents_in_lower_case(store):
    write(
        store,
        item("1", T0, title="Perché", text="Il CAFFÈ è buono", author_handle="Zoë", hashtags=["pubblicità"]),
    )
    write(store, item("2", T0, title=None, text=None, mentions=["josé@social.example"]))
    assert rows(
        store,
        "SELECT search_title, search_text, search_handle, search_hashtags, search_mentions FROM items ORDER BY id",
    ) == [
        ("perche", "il caffe e buono", "zoe", ["pubblicita"], None),
        (None, None, None, None, ["jose@social.example"]),
    ]
    write(store, item("1", T1, title="Perché", text="Ora è freddo"))
    assert rows(store, "SELECT search_text FROM items WHERE id = '1'") == [("ora e freddo",)]


def test_a_store_left_unlinked_is_linked_when_opened_to_read(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        write(store, item("p", T0, author_id="a"), item("r", T0, kind="reply", parent_id="p"))
        assert store.unlinked()  # as an import killed before its end leaves it
    with Store.open(path, read_only=True) as store:
        assert rows(store, "SELECT parent_author FROM items WHERE id = 'r'") == [("a",)]


def test_an_older_store_gains_its_search_and_link_columns_filled(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    with Store.open(path) as store:
        write(store, item("p", T0, author_id="a", text="Caffè"), item("r", T0, kind="reply", parent_id="p"))
    con = duckdb.connect(str(path))
    for column in ("search_title", "search_text", "parent_handle", "parent_author", "linked"):
        con.execute(f"ALTER TABLE items DROP COLUMN {column}")
    con.close()
    with Store.open(path, read_only=True) as store:
        assert rows(store, "SELECT id, search_text, parent_author FROM items ORDER BY id") == [
            ("p", "caffe", None),
            ("r", "ciao", "a"),
        ]
