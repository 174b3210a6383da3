"""Inputs: folders, archives read in place, compressed files, HTTP recordings, JSON shapes."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import tarfile
import zipfile
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passaparola.sources import Reject
from passaparola.sources.inputs import Entry, InputError, json_values, walk
from passaparola.store import Store
from tests.conftest import import_bytes, import_paths, rows

TWEET = {
    "id_str": "1",
    "created_at": "Wed Aug 27 13:08:45 +0000 2025",
    "text": "ciao",
    "user": {"id_str": "9"},
}


def tweets(*ids: int) -> bytes:
    return b"".join(orjson.dumps({**TWEET, "id_str": str(i)}) + b"\n" for i in ids)


def entry(content: bytes, name: str = "x.json") -> Entry:
    return Entry(name, lambda: io.BytesIO(content), len(content))


def values(content: bytes, name: str = "x.json") -> list:
    return list(json_values(entry(content, name)))


def test_json_shapes():
    assert values(b'{"a": 1}') == [(1, {"a": 1})]
    assert values(b'[{"a": 1}, {"a": 2}]') == [(1, [{"a": 1}, {"a": 2}])]
    assert values(b'{"a": 1}\n\n{"a": 2}\n') == [(1, {"a": 1}), (3, {"a": 2})]
    assert values(b'\xef\xbb\xbf{"a": 1}') == [(1, {"a": 1})]  # a UTF-8 byte-order mark
    ytd = b'window.YTD.tweets.part0 = [{"tweet": {"id": "1"}}, {"tweet": {"id": "2"}}]'
    assert values(ytd, "tweets.js") == [(1, {"tweet": {"id": "1"}}), (2, {"tweet": {"id": "2"}})]


def test_broken_lines_are_rejected_with_their_line_and_the_rest_goes_on():
    out = values(b'{"a": 1}\n{"a": \n{"a": 3}\n\xff\xfe{"a"}\n')
    assert out[0] == (1, {"a": 1}) and out[2] == (3, {"a": 3})
    assert isinstance(out[1], Reject) and out[1].line == 2 and "not valid JSON" in out[1].reason
    assert isinstance(out[3], Reject) and out[3].line == 4 and out[3].raw.startswith(b"\xff\xfe")


def test_a_truncated_document_is_one_clear_reject():
    (only,) = values(b'{"data": [{"id": "1"}, {"id": "2"')
    assert isinstance(only, Reject) and only.line == 1 and "not valid JSON" in only.reason


def test_large_arrays_stream(monkeypatch):
    import passaparola.sources.inputs as inputs

    monkeypatch.setattr(inputs, "STREAM_JSON_ABOVE", 10)
    content = json.dumps([{"n": i} for i in range(50)]).encode()
    out = values(content)
    assert out[0] == (1, {"n": 0}) and out[-1] == (50, {"n": 49}) and len(out) == 50
    broken = values(content[:-30])
    assert isinstance(broken[-1], Reject) and "broken after element" in broken[-1].reason


def _archives(tmp_path: Path) -> dict[str, Path]:
    inner = {"a/one.jsonl": tweets(1, 2), "b/two.jsonl": tweets(3)}
    made = {}
    for mode, suffix in (("w:gz", ".tar.gz"), ("w:bz2", ".tar.bz2"), ("w:xz", ".tar.xz"), ("w", ".tar")):
        path = tmp_path / f"data{suffix}"
        with tarfile.open(path, mode) as tar:
            for name, content in inner.items():
                info = tarfile.TarInfo(name)
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
        made[suffix] = path
    path = tmp_path / "data.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in inner.items():
            archive.writestr(name, content)
    made[".zip"] = path
    for suffix, opener in ((".gz", gzip.open), (".bz2", bz2.open), (".xz", lzma.open)):
        path = tmp_path / f"single.jsonl{suffix}"
        with opener(path, "wb") as out:
            out.write(tweets(1, 2, 3))
        made[suffix] = path
    return made


@pytest.mark.parametrize("suffix", [".tar.gz", ".tar.bz2", ".tar.xz", ".tar", ".zip", ".gz", ".bz2", ".xz"])
def test_archives_and_compressed_files_import_in_place(tmp_path, suffix):
    path = _archives(tmp_path)[suffix]
    with Store.open(tmp_path / "s.duckdb") as store:
        summary = import_paths(store, path)
        assert summary.totals().new == 3 and not summary.errors
        assert rows(store, "SELECT count(*) FROM items") == [(3,)]
        sources = {r[0] for r in rows(store, "SELECT source FROM items")}
        assert all(s.startswith(str(path).removesuffix(suffix)) for s in sources)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == []  # nothing unpacked to disk


def test_zip_inside_tar(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("t.jsonl", tweets(5, 6))
    path = tmp_path / "outer.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("inner.zip")
        info.size = len(buffer.getvalue())
        tar.addfile(info, io.BytesIO(buffer.getvalue()))
    with Store.open(None) as store:
        assert import_paths(store, path).totals().new == 2


def test_truncated_archive_is_quarantined_and_the_import_goes_on(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_bytes(tweets(1))
    archive = _archives(tmp_path)[".tar.xz"]
    broken = tmp_path / "broken.tar.xz"
    broken.write_bytes(archive.read_bytes()[:60])
    with Store.open(None) as store:
        summary = import_paths(store, broken, good)
        assert summary.status == "done" and summary.totals().new == 1
        assert summary.errors and "broken.tar.xz" in summary.errors[0]
        (reason,) = rows(store, "SELECT reason FROM quarantine")[0]
        assert "broken.tar.xz" in reason and ("truncated" in reason or "not a readable" in reason)


def test_garbage_with_an_archive_name_is_an_input_error(tmp_path):
    path = tmp_path / "fake.zip"
    path.write_bytes(b"this is not a zip")
    with pytest.raises(InputError, match=r"fake\.zip: not a readable zip"):
        list(walk([path]))


def test_missing_path_is_named():
    with pytest.raises(InputError, match=r"nowhere\.json: no such file"):
        list(walk([Path("nowhere.json")]))


def test_folders_are_walked_in_order_and_hidden_files_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.jsonl").write_bytes(tweets(2))
    (tmp_path / "1.jsonl").write_bytes(tweets(1))
    (tmp_path / ".hidden.jsonl").write_bytes(tweets(9))
    assert [Path(e.name).name for e in walk([tmp_path])] == ["1.jsonl", "2.jsonl"]


def test_vcr_and_betamax_recordings_open_as_response_bodies(tmp_path):
    body = json.dumps([TWEET])
    vcr = tmp_path / "cassette.yaml"
    vcr.write_text(
        "interactions:\n- request:\n    method: GET\n    uri: https://api.twitter.com/1.1/statuses/home_timeline.json\n"
        f"  response:\n    status: {{code: 200, message: OK}}\n    body: {{string: '{body}'}}\n"
        "- request:\n    method: GET\n    uri: https://api.twitter.com/1.1/x.json\n"
        "  response:\n    status: {code: 404, message: Not Found}\n    body: {string: ''}\n"
    )
    betamax = tmp_path / "cassette.json"
    betamax.write_text(
        json.dumps(
            {
                "interactions": [
                    {
                        "request": {"method": "GET", "uri": "https://api.twitter.com/1.1/statuses/show.json"},
                        "response": {
                            "status": {"code": 200},
                            "body": {"string": json.dumps({**TWEET, "id_str": "2"})},
                        },
                        "recorded_at": "2016-03-22T05:37:22",
                    }
                ]
            }
        )
    )
    entries = list(walk([vcr, betamax]))
    assert [e.name for e in entries] == [f"{vcr}#1", f"{vcr}#2", f"{betamax}#1"]
    assert entries[1].hint.endswith("-> HTTP 404")
    assert entries[2].mtime.isoformat() == "2016-03-22T05:37:22+00:00"
    with Store.open(None) as store:
        summary = import_paths(store, vcr, betamax)
        assert summary.totals().new == 2 and summary.totals().skipped == 1 and not summary.unrecognised
        assert list(summary.skipped_reasons.values()) == [1]
        assert next(iter(summary.skipped_reasons))[1] == "recorded error response: HTTP N"


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=0, max_size=300))
def test_random_bytes_never_crash_an_import(content):
    with Store.open(None) as store:
        for name in ("x.json", "x.jsonl", "x.zip", "x.tar.gz", "x.gz", "x.yaml", "x.csv"):
            summary = import_bytes(store, name, content)
            assert summary.status == "done"


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=1200), st.sampled_from(["entities", "place", "coordinates"]))
def test_deep_nesting_never_stops_the_file(depth, field):
    """However deep a record nests, it is stored or quarantined on its own and the next one imports
    (orjson refuses to write more than 255 levels, Python's repr gives up near 1,000)."""
    nested = "[" * depth + "]" * depth
    line = json.dumps({**TWEET, field: "X"}).replace('"X"', nested).encode()
    with Store.open(None) as store:
        summary = import_bytes(store, "deep.jsonl", line + b"\n" + tweets(7), format_name="twitter-v1")
        assert summary.status == "done"
        assert ("7",) in rows(store, "SELECT id FROM items")
        assert summary.totals().new + summary.totals().quarantined == 2


def test_a_truncated_pretty_printed_document_is_one_reject_not_one_per_line():
    pretty = json.dumps({"data": [{"id": str(i), "text": "x"} for i in range(20)]}, indent=2).encode()
    (only,) = values(pretty[: len(pretty) // 2])
    assert isinstance(only, Reject) and only.line == 1
