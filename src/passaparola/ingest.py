"""The import pipeline: paths -> entries -> format records -> canonical items -> enrichment -> store.

Nothing a user feeds in may stop an import: a record that cannot be parsed or mapped goes to quarantine
with its source, line and reason; an unreadable archive is quarantined as a whole (line 0) and the import
moves on to the next path.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from passaparola import enrich
from passaparola.canonical import MappingError, utc_now
from passaparola.sources import (
    Format,
    ImportOptions,
    Output,
    Reject,
    Skipped,
    get_format,
    record_bytes,
    sniff,
)
from passaparola.sources.inputs import Entry, InputError, Peek, walk
from passaparola.store import Batch, SourceCounts, Store, compress_raw

DEFAULT_BATCH = 20_000
IMPORT_MEMORY_LIMIT = os.environ.get("PASSAPAROLA_IMPORT_MEMORY", "256MB")

Progress = Callable[[int, str], None]


@dataclass
class ImportSummary:
    import_id: int
    status: str = "running"
    counts: dict[str, SourceCounts] = field(default_factory=lambda: defaultdict(SourceCounts))
    formats: dict[str, str] = field(default_factory=dict)
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    skipped_reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    unrecognised: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    records: int = 0
    seconds: float = 0.0

    def totals(self) -> SourceCounts:
        total = SourceCounts()
        for counts in self.counts.values():
            total.add(counts)
        return total

    def by_group(self) -> dict[tuple[str, str], SourceCounts]:
        """Counts per (path given by the user, format): the summary a person reads."""
        groups: dict[tuple[str, str], SourceCounts] = defaultdict(SourceCounts)
        for source, counts in self.counts.items():
            groups[(_group(source), self.formats.get(source, "?"))].add(counts)
        return dict(groups)


def _group(source: str) -> str:
    return source.split("!", 1)[0].split("#", 1)[0]


def _reason_key(reason: str) -> str:
    """Group reasons for the summary: the text before the first detail in parentheses, numbers as N."""
    return re.sub(r"\d+", "N", reason.split(" (", 1)[0].split(": line ", 1)[0])[:120]


class Importer:
    """Runs one import into a store. Use :func:`run_import` unless you need the pieces."""

    def __init__(
        self,
        store: Store,
        *,
        format_name: str | None = None,
        options: ImportOptions | None = None,
        batch_size: int = DEFAULT_BATCH,
        progress: Progress | None = None,
        command: str = "",
    ):
        self.store = store
        self.forced: Format | None = get_format(format_name) if format_name else None
        self.options = options or ImportOptions()
        self.batch_size = batch_size
        self.progress = progress
        self.summary = ImportSummary(store.begin_import(command))
        self.batch = Batch()

    def run(self, paths: Iterable[Path]) -> ImportSummary:
        started = time.perf_counter()
        # DuckDB keeps written blocks cached up to 80% of RAM by default; an import needs little of
        # that, and a cap keeps its peak memory flat however large the input (it spills if it must).
        self.store.con.execute(f"SET memory_limit = '{IMPORT_MEMORY_LIMIT}'")
        try:
            for path in paths:
                self._import_path(Path(path))
            self._flush()
            self.store.link()
            self.summary.status = "done"
        except KeyboardInterrupt:
            self.summary.status = "interrupted"
            raise
        finally:
            self.store.con.execute("RESET memory_limit")
            self.summary.seconds = time.perf_counter() - started
            self.store.finish_import(self.summary.import_id, self.summary.status)
        return self.summary

    def _import_path(self, path: Path) -> None:
        try:
            for entry in walk([path]):
                self._import_entry(entry)
        except InputError as exc:
            self._input_error(str(path), str(exc))

    def _input_error(self, source: str, message: str) -> None:
        self.summary.errors.append(message)
        self._reject(source, None, Reject(0, message))

    def _import_entry(self, entry: Entry) -> None:
        if entry.hint and " -> HTTP " in entry.hint:
            self.batch.sources[entry.name] = None
            self._skip(entry.name, Skipped(0, f"recorded error response: {entry.hint.rsplit('-> ', 1)[1]}"))
            return
        try:
            fmt = self.forced or sniff(Peek(entry))
        except InputError as exc:
            self._input_error(entry.name, str(exc))
            return
        if fmt is None:
            self.summary.unrecognised.append(entry.name)
            return
        self.summary.formats[entry.name] = fmt.name
        self.batch.sources[entry.name] = fmt.name
        observed = entry.mtime or utc_now()
        line = 0
        try:
            for output in fmt.records(entry, self.options):
                line = output.line
                self._take(entry.name, fmt.name, convert(fmt, entry.name, output, observed))
        except InputError as exc:
            self._reject(entry.name, fmt.name, Reject(line + 1, str(exc)))
        except Exception as exc:  # a reader bug or an input no reader foresaw: quarantine, go on
            reason = f"{fmt.name} reader stopped after line {line}: {type(exc).__name__}: {exc}"
            self._reject(entry.name, fmt.name, Reject(line + 1, reason))

    def _take(self, source: str, fmt_name: str, result: tuple[str, Any]) -> None:
        tag, payload = result
        if tag == "item":
            self.summary.records += 1
            payload["import_id"] = self.summary.import_id
            self.batch.items.append(payload)
            if self.progress and self.summary.records % 1000 == 0:
                self.progress(self.summary.records, source)
        elif tag == "author":
            self.summary.records += 1
            self.batch.authors.append(payload)
            self.batch.profiles[source] += 1
        elif tag == "unmapped":  # a record that was read but could not be mapped
            self.summary.records += 1
            self._reject(source, fmt_name, payload)
        elif tag == "reject":
            self._reject(source, fmt_name, payload)
        else:
            self._skip(source, payload)
        if len(self.batch) >= self.batch_size:
            self._flush()

    def _reject(self, source: str, fmt: str | None, reject: Reject) -> None:
        self.batch.rejects.append((source, reject.line, fmt, reject.reason, reject.raw))
        self.summary.reasons[(_group(source), _reason_key(reject.reason))] += 1

    def _skip(self, source: str, skipped: Skipped) -> None:
        self.batch.skipped[source] += 1
        self.summary.skipped_reasons[(_group(source), _reason_key(skipped.reason))] += 1

    def _flush(self) -> None:
        if not len(self.batch) and not self.batch.sources and not self.batch.skipped:
            return
        enrich.items(self.batch.items)
        counts = self.store.write(self.summary.import_id, self.batch)
        for source, c in counts.items():
            self.summary.counts[source].add(c)
        self.batch = Batch()
        if self.progress:
            self.progress(self.summary.records, "")


def convert(fmt: Format, source: str, output: Output, observed: datetime) -> tuple[str, Any]:
    """One reader output as what the batch takes: ``("item", dict)``, ``("author", dict)``,
    ``("reject", Reject)``, ``("skip", Skipped)``, or ``("unmapped", Reject)`` for a record that was read
    but could not be mapped (quarantined with its raw record)."""
    if isinstance(output, Reject | Skipped):
        return ("reject" if isinstance(output, Reject) else "skip", output)
    line = output.line
    try:
        if output.type == "author":
            if fmt.map_author is None:
                raise MappingError(f"{fmt.name} has no author profiles")
            author = fmt.map_author(output.data)
            author.setdefault("observed_at", observed)
            author["source"] = source
            return ("author", author)
        item = fmt.map_item(output.data)
        raw = compress_raw(output.data)
    except MappingError as exc:
        return ("unmapped", Reject(line, str(exc), record_bytes(output.data)))
    except Exception as exc:
        reason = f"{fmt.name} could not map the record: {type(exc).__name__}: {exc}"
        return ("unmapped", Reject(line, reason, record_bytes(output.data)))
    item.setdefault("observed_at", observed)
    item["format"] = fmt.name
    item["source"] = source
    item["source_line"] = line
    item["ingested_at"] = utc_now()
    item["raw"] = raw
    return ("item", item)


def run_import(store: Store, paths: Iterable[Path], **kwargs: Any) -> ImportSummary:
    """Import files, folders and archives into the store; see :class:`Importer` for the options."""
    return Importer(store, **kwargs).run(paths)
