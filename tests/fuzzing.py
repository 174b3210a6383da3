"""Helpers the importers' property tests share: where to mutate a sample, how, and what must hold."""

from __future__ import annotations

import copy
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from passaparola.canonical import MappingError
from passaparola.sources import Format, ImportOptions, Record
from passaparola.sources.inputs import Entry
from passaparola.store import Store
from tests.conftest import import_paths, rows


def json_paths(
    value: Any, prefix: tuple = (), *, per_list: int | None = None, skip: frozenset = frozenset()
) -> list:
    """Every path into a JSON value (the value itself first); ``per_list`` caps the elements visited in
    each list, ``skip`` names object keys not to descend into."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            if key not in skip:
                found += json_paths(child, (*prefix, key), per_list=per_list, skip=skip)
    elif isinstance(value, list):
        for index, child in enumerate(value[:per_list]):
            found += json_paths(child, (*prefix, index), per_list=per_list, skip=skip)
    return found


def replaced(doc: Any, path: tuple, new: Any) -> Any:
    """A copy of ``doc`` with the value at ``path`` replaced by ``new``."""
    if not path:
        return new
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return doc


def tally(fmt: Format, entry: Entry) -> Counter:
    """What a reader and its mappers make of an input: items, authors, unmappable records, skips, rejects.
    Anything but a MappingError from a mapper propagates and fails the test."""
    counted: Counter = Counter()
    for output in fmt.records(entry, ImportOptions()):
        if isinstance(output, Record):
            try:
                (fmt.map_author if output.type == "author" else fmt.map_item)(output.data)
                counted[output.type] += 1
            except MappingError:
                counted["unmappable"] += 1
        else:
            counted[type(output).__name__.lower()] += 1
    return counted


def assert_import_accounts_for_every_record(
    store: Store, fmt: str, name: str, body: bytes, expected: Counter
) -> None:
    """Imported through the pipeline, every record the reader yields is stored, skipped or quarantined with
    its source and line, and no reader or mapper stops on it."""
    for table in ("items", "authors", "quarantine"):
        store.con.execute(f"DELETE FROM {table}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(body)
        summary = import_paths(store, path, format_name=fmt)
    assert summary.status == "done"
    totals = summary.totals()
    assert totals.skipped == expected["skipped"]
    assert totals.quarantined == expected["reject"] + expected["unmappable"]
    stored = rows(store, "SELECT count(*) FROM items")[0][0]
    assert stored <= expected["item"]
    assert (stored == 0) == (expected["item"] == 0)
    for source, line, reason in rows(store, "SELECT source, line, reason FROM quarantine"):
        assert source == str(path)
        assert line >= 1
        assert "reader stopped" not in reason and "could not map" not in reason
