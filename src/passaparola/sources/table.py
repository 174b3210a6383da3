"""Generic tables: CSV / TSV text and XLSX workbooks exported by other tools, mapped column by column.

``options.mapping`` maps canonical columns to source columns (``{"id": "tweet_id", "text": "text",
"parent_id": "in_response_to_tweet_id"}``); ``options.platform`` names the platform (default ``csv``);
``options.sheet`` picks a workbook sheet by name or 1-based position (default: the first). One data row
is one record: ``{"row": {column: cell}, "_pp": {"platform", "mapping"[, "encoding"]}}``, empty cells
left out, so ``map_item`` (and ``reparse``) needs nothing but the record.

Decisions
- Without a mapping, columns named like canonical columns (case-insensitive) are used, and ``id`` and
  ``text`` must be among them. When the mapping cannot be applied (no ``id``, a mapped column missing
  from the header, an unknown canonical name) the whole table is one :class:`Reject` at the header's
  line that lists the table's columns: no row of a table read with the wrong columns is stored.
- ``kind``: a mapped ``kind`` column wins; otherwise ``reply`` when ``parent_id`` is set, ``share``
  when only ``shared_id`` is, else ``post``.
- Ids: ``3.0`` (a number written by pandas or a spreadsheet) becomes ``3``; an id in scientific
  notation (``1.23e+18``) or a spreadsheet number above 2**53 has lost digits and is a
  :class:`~passaparola.canonical.MappingError` naming the column, never a silently wrong id.
- Unmapped columns go to ``extra``: ``True``/``False`` (any case) become booleans, ``N.0`` in a column
  whose name ends in ``id`` becomes ``N``, everything else is kept as text. Unnamed header cells are
  called ``column_N`` (N 1-based); a repeated name gets ``_2``, ``_3``...
- Lists (``mentions``, ``hashtags``, ``urls``) are split on spaces, commas and semicolons; brackets
  and quotes around them (a Python or JSON list written into a cell) are dropped.
- CSV text is read as a stream of lines, each decoded on its own: UTF-8 (BOM dropped), or, for a
  line that is not valid UTF-8, cp1252 (latin-1 for the five bytes cp1252 leaves undefined); a record
  read that way says so in ``_pp.encoding`` and ``extra["_encoding"]``. UTF-16 (with a BOM) is read too.
- Records are split on ``\\n`` (or ``\\r\\n``) only: a bare ``\\r`` inside an unquoted cell (pandas writes
  those unquoted) stays in the cell instead of breaking the row in three. Files with old Mac ``\\r``
  line ends are read as such. The delimiter is the one of ``,`` ``;`` tab ``|`` that splits the header
  into several columns and the following rows into as many (an Excel ``sep=;`` first line wins; a
  ``.tsv`` name means tab).
- A row with fewer cells than the header (a truncated last row, a quote that swallowed a line
  break), a row with more non-empty cells than the header, and a last row that ends inside an open
  quote are rejected with their line and the reason. Rows whose cells are all empty are skipped.
- Cells are data, never formulas: ``=cmd|' /C calc'!A0`` is stored as that text (an XLSX formula cell
  is read as its cached value).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from typing import IO, Any

import orjson

from passaparola.canonical import (
    AUTHOR_EXTRA_COLUMNS,
    ITEM_COLUMNS,
    KINDS,
    MappingError,
    count,
    parse_time,
    tags,
)
from passaparola.sources import Format, ImportOptions, Output, Record, Reject, Skipped
from passaparola.sources.inputs import Entry, Peek

DEFAULT_PLATFORM = "csv"
REJECT_RAW_LIMIT = 1 << 16
#: Canonical names a mapping may use: the item's columns (not ``platform``), author snapshot fields
#: as ``author_<field>``, and ``observed_at``.
MAPPABLE: tuple[str, ...] = (
    *(c for c in ITEM_COLUMNS if c not in ("platform", "extra")),
    *(f"author_{c}" for c in AUTHOR_EXTRA_COLUMNS),
    "observed_at",
)
_ID_COLUMNS = ("id", "author_id", "parent_id", "root_id", "shared_id")
_COUNT_COLUMNS = ("author_followers", "likes", "shares", "replies", "quotes", "views")
_COUNT_COLUMNS_AUTHOR = ("author_following", "author_posts")
_TEXT_COLUMNS = ("author_name", "title", "text", "author_description", "author_location", "author_url")
_TIME_COLUMNS = ("created_at", "observed_at", "author_created_at")
_BOOL_COLUMNS = ("promoted", "author_verified")
_LIST_COLUMNS = ("mentions", "hashtags", "urls")
_DELIMITERS = (",", "\t", ";", "|")
#: Escape character used internally so that a bare CR inside a cell does not end the row.
_ESC = "\x1e"
_EXACT_FLOAT_LIMIT = 2**53

# --- sniffing --------------------------------------------------------------------------------------

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(peek: Peek) -> bool:
    try:
        name = peek.entry.basename.lower()
        head = peek.head
        if name.endswith(".xlsx"):
            return head.startswith(_ZIP)
        if name.endswith((".csv", ".tsv")):
            if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
                return True
            return b"\x00" not in head[:8192] and not head.startswith((_ZIP, _OLE, b"\x1f\x8b"))
        return False
    except Exception:
        return False


# --- reading CSV -----------------------------------------------------------------------------------


class _Lines:
    """Decoded lines of a byte stream, with the count read so far and the text of the current record.

    Each line is decoded alone (UTF-8, else cp1252, else latin-1) and prepared for the csv module:
    ``_ESC`` is doubled and line-break characters inside the line are escaped, so only the line's own
    terminator can end a record.
    """

    def __init__(self, lines: Iterable[bytes | str]):
        self._lines = iter(lines)
        self.count = 0
        self.done = False
        self.current: list[str] = []
        self.current_size = 0
        self.encodings: set[str] = set()

    def start_record(self) -> None:
        self.current = []
        self.current_size = 0
        self.encodings = set()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        try:
            raw = next(self._lines)
        except StopIteration:
            self.done = True
            raise
        self.count += 1
        line = self._decode(raw) if isinstance(raw, bytes) else raw
        if self.count == 1:
            line = line.removeprefix("\ufeff")
        if self.current_size < REJECT_RAW_LIMIT:
            self.current.append(line)
            self.current_size += len(line)
        return _prepare(line)

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            line = raw.decode("cp1252")
            self.encodings.add("cp1252")
        except UnicodeDecodeError:
            line = raw.decode("latin-1")
            self.encodings.add("latin-1")
        return line

    def raw(self) -> bytes:
        return "".join(self.current).encode("utf-8", "replace")[:REJECT_RAW_LIMIT]


def _prepare(line: str) -> str:
    if line.endswith("\r\n"):
        body, end = line[:-2], "\r\n"
    elif line.endswith(("\n", "\r")):
        body, end = line[:-1], line[-1]
    else:
        body, end = line, ""
    if _ESC in body:
        body = body.replace(_ESC, _ESC + _ESC)
    if "\r" in body:
        body = body.replace("\r", _ESC + "\r")
    if "\n" in body:
        body = body.replace("\n", _ESC + "\n")
    return body + end


def _split_on(stream: IO[bytes], separator: bytes) -> Iterator[bytes]:
    """Lines ending in ``separator`` (for files with old Mac line ends)."""
    pending = b""
    while True:
        chunk = stream.read(1 << 16)
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(separator)
        for line in lines:
            yield line + separator
    if pending:
        yield pending


def _text_lines(entry: Entry, head: bytes) -> Iterable[bytes | str]:
    stream = entry.open()
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return io.TextIOWrapper(stream, encoding="utf-16", errors="replace", newline="\n")
    if b"\n" not in head and b"\r" in head:
        return _split_on(stream, b"\r")
    return stream


def _head_text(head: bytes) -> str:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = head.decode("utf-16", "replace")
    else:
        text = head.decode("utf-8", "replace")
    text = text.removeprefix("\ufeff")
    if len(head) >= 1 << 20 and "\n" in text:  # the head was cut: drop its partial last line
        text = text[: text.rindex("\n") + 1]
    return text


_SEP_LINE = re.compile(r"^sep=(.)\s*$")


def _dialect(head_text: str, name: str) -> tuple[str, bool]:
    """(delimiter, whether the first line is an Excel ``sep=`` line)."""
    first = head_text.split("\n", 1)[0].rstrip("\r")
    sep = _SEP_LINE.match(first)
    if sep:
        return sep.group(1), True
    if name.lower().endswith(".tsv"):
        return "\t", False
    text = head_text[: 1 << 16]
    if "\n" not in text:
        text = text.replace("\r", "\n")
    sample = [_prepare(line + "\n") for line in text.split("\n")[:-1]] or [_prepare(text)]
    best, best_score = ",", (-1.0, 0)
    for delimiter in _DELIMITERS:
        rows = []
        try:
            for row in csv.reader(sample, delimiter=delimiter, escapechar=_ESC, strict=False):
                if row:
                    rows.append(len(row))
                if len(rows) > 200:
                    break
        except csv.Error:
            continue
        if not rows or rows[0] < 2:
            continue
        body = rows[1:-1] if len(rows) > 2 else rows[1:]  # the sample's last row may be cut
        consistency = sum(n == rows[0] for n in body) / len(body) if body else 1.0
        score = (consistency, rows[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best, False


def _csv_records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    head = entry.head()
    delimiter, sep_line = _dialect(_head_text(head), entry.name)
    lines = _Lines(_text_lines(entry, head))
    if sep_line:
        next(lines, None)
    reader = csv.reader(lines, delimiter=delimiter, escapechar=_ESC, strict=False)
    table: _Table | None = None
    while True:
        start = lines.count + 1
        lines.start_record()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Reject(start, f"malformed CSV row: {exc}", lines.raw())
            continue
        if not cells or (len(cells) == 1 and not cells[0].strip(" \t\x1a")):
            continue  # a blank line (or a DOS end-of-file mark)
        if table is None:
            table = _Table.from_header(cells, options)
            if table.error:
                yield Reject(start, table.error, lines.raw())
                return
            continue
        if lines.done:  # the csv reader asked for more lines than there are: an open quote at EOF
            reason = f"row ends inside a quoted cell at the end of the file: truncated ({len(cells)} cells)"
            yield Reject(start, reason, lines.raw())
            continue
        yield table.row(cells, start, lines.raw, sorted(lines.encodings))


# --- reading XLSX ----------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """A spreadsheet cell as a JSON value: integral floats as ints (while exact), dates as ISO text."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < _EXACT_FLOAT_LIMIT:
            return int(value)
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if value is None or isinstance(value, str | int | bool):
        return "" if value is None else value
    return str(value)


def _sheet_records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(entry.read()))
    except (CalamineError, ValueError, OSError) as exc:
        yield Reject(0, f"not a readable spreadsheet: {type(exc).__name__}: {exc}")
        return
    names = list(workbook.sheet_names)
    wanted = options.sheet
    if wanted is None:
        if not names:
            yield Reject(0, "the workbook has no sheets")
            return
        sheet_name = names[0]
    elif wanted in names:
        sheet_name = wanted
    elif wanted.isdigit() and 1 <= int(wanted) <= len(names):
        sheet_name = names[int(wanted) - 1]
    else:
        yield Reject(0, f"no sheet {wanted!r} in the workbook; its sheets are: {', '.join(names)}")
        return
    try:
        sheet = workbook.get_sheet_by_name(sheet_name)
        rows = sheet.iter_rows()
    except (CalamineError, ValueError) as exc:
        yield Reject(0, f"sheet {sheet_name!r} cannot be read: {type(exc).__name__}: {exc}")
        return
    table: _Table | None = None
    for number, raw_cells in enumerate(rows, 1):
        cells = [_cell(value) for value in raw_cells]
        if all(cell == "" for cell in cells):
            if table is not None:
                yield Skipped(number, "empty row")
            continue
        if table is None:
            table = _Table.from_header([str(cell) for cell in cells], options)
            if table.error:
                yield Reject(number, table.error, _json_raw(cells))
                return
            continue
        yield table.row(cells, number, lambda c=cells: _json_raw(c), [])


def _json_raw(cells: list[Any]) -> bytes:
    return orjson.dumps(cells)[:REJECT_RAW_LIMIT]


# --- the table ----------------------------------------------------------------------------------


class _Table:
    """A header, the mapping resolved against it, and how to turn a row of cells into an output."""

    def __init__(self, columns: list[str], mapping: dict[str, str], platform: str, error: str | None):
        self.columns = columns
        self.mapping = mapping
        self.platform = platform
        self.error = error

    @classmethod
    def from_header(cls, header: list[Any], options: ImportOptions) -> _Table:
        columns = _column_names(header)
        platform = (options.platform or DEFAULT_PLATFORM).strip().lower() or DEFAULT_PLATFORM
        mapping, error = _resolve_mapping(columns, options.mapping)
        return cls(columns, mapping, platform, error)

    def row(self, cells: list[Any], line: int, raw, encodings: list[str]) -> Output:
        width = len(self.columns)
        if len(cells) < width:
            reason = (
                f"row has {len(cells)} cells but the header has {width}: truncated, or a line break "
                f"or delimiter inside an unquoted cell"
            )
            return Reject(line, reason, raw())
        if len(cells) > width:
            if any(cell != "" for cell in cells[width:]):
                reason = (
                    f"row has {len(cells)} cells but the header has {width}: a delimiter or quote "
                    f"inside an unquoted cell shifted the columns"
                )
                return Reject(line, reason, raw())
            cells = cells[:width]
        if all(cell == "" for cell in cells):
            return Skipped(line, "empty row")
        row = {name: cell for name, cell in zip(self.columns, cells, strict=True) if cell != ""}
        pp: dict[str, Any] = {"platform": self.platform, "mapping": self.mapping}
        if encodings:
            pp["encoding"] = ",".join(encodings)
        return Record({"row": row, "_pp": pp}, line)


def _column_names(header: list[Any]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for position, cell in enumerate(header, 1):
        name = str(cell).strip().removeprefix("\ufeff").strip() or f"column_{position}"
        base, suffix = name, 2
        while name in seen:
            name = f"{base}_{suffix}"
            suffix += 1
        seen.add(name)
        names.append(name)
    return names


def _resolve_mapping(columns: list[str], given: dict[str, str]) -> tuple[dict[str, str], str | None]:
    listed = ", ".join(columns)
    hint = "map them with the table format's mapping, e.g. --map id=COLUMN --map text=COLUMN"
    if not given:
        by_lower = {}
        for column in columns:
            by_lower.setdefault(column.lower(), column)
        mapping = {name: by_lower[name] for name in MAPPABLE if name in by_lower}
        missing = [name for name in ("id", "text") if name not in mapping]
        if missing:
            return mapping, (
                f"no column mapping, and no column is named {' or '.join(missing)}: "
                f"the columns are {listed}; {hint}"
            )
        return mapping, None
    mapping: dict[str, str] = {}
    for canonical, source in given.items():
        key = str(canonical).strip().lower()
        if key not in MAPPABLE:
            return {}, f"unknown canonical column {canonical!r} in the mapping; known: {', '.join(MAPPABLE)}"
        source = str(source).strip()
        if source in columns:
            mapping[key] = source
            continue
        matches = [column for column in columns if column.lower() == source.lower()]
        if not matches:
            return (
                {},
                f"the mapping names column {source!r} (for {key}), which the table lacks: the columns are {listed}",
            )
        mapping[key] = matches[0]
    if "id" not in mapping:
        return mapping, f"the mapping has no id column: the columns are {listed}; {hint}"
    return mapping, None


def records(entry: Entry, options: ImportOptions) -> Iterator[Output]:
    head = entry.head()
    if head.startswith((_ZIP, _OLE)):
        yield from _sheet_records(entry, options)
    else:
        yield from _csv_records(entry, options)


# --- mapping --------------------------------------------------------------------------------------

_FLOAT_INT = re.compile(r"^[+-]?\d+\.0*$")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_LIST_SPLIT = re.compile(r"[\s,;]+")
_TRUE = frozenset({"true", "t", "yes", "y", "1"})
_FALSE = frozenset({"false", "f", "no", "n", "0"})


def _label(field: str, column: str) -> str:
    return f"{field} (column {column!r})"


def _as_text(value: Any, label: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < _EXACT_FLOAT_LIMIT else repr(value)
    raise MappingError(f"{label}: expected text, got {type(value).__name__}")


def _ident(value: Any, label: str) -> str | None:
    if isinstance(value, bool):
        raise MappingError(f"{label}: expected an id, got {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _EXACT_FLOAT_LIMIT:
            return str(int(value))
        raise MappingError(
            f"{label}: expected an id, got the number {value!r}, whose digits a spreadsheet rounded; "
            f"store the column as text"
        )
    if not isinstance(value, str):
        raise MappingError(f"{label}: expected an id, got {type(value).__name__}")
    text = value.strip()
    if not text:
        return None
    if _FLOAT_INT.match(text):
        return text.split(".", 1)[0].lstrip("+")
    if _SCIENTIFIC.match(text):
        raise MappingError(
            f"{label}: expected an id, got {text!r}: written as a float in scientific notation, "
            f"its digits are lost; export the column as text"
        )
    return text


def _count(value: Any, label: str) -> int | None:
    if isinstance(value, str):
        value = value.strip()
        if _FLOAT_INT.match(value):
            value = value.split(".", 1)[0].lstrip("+") or "0"
    try:
        return count(value)
    except MappingError as exc:
        raise MappingError(f"{label}: {exc}") from None


def _time(value: Any, label: str):
    if isinstance(value, str):
        text = value.strip()
        if text[:3].isalpha() and "," in text[:5]:  # RFC 2822: "Tue, 31 Oct 2017 22:10:47 +0000"
            try:
                return parse_time(parsedate_to_datetime(text).isoformat())
            except (TypeError, ValueError, IndexError):
                pass
        value = text
    try:
        return parse_time(value)
    except MappingError as exc:
        raise MappingError(f"{label}: {exc}") from None


def _bool(value: Any, label: str) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if not text:
            return None
    raise MappingError(f"{label}: expected true or false, got {value!r}")


def _split(value: Any, label: str) -> list[str] | None:
    text = _as_text(value, label)
    tokens = [token.strip("[]()'\"") for token in _LIST_SPLIT.split(text.strip().strip("[]"))]
    tokens = [token for token in tokens if token]
    return tokens or None


def _lang(value: Any, label: str) -> str | None:
    code = _as_text(value, label).strip().lower().replace("_", "-").split("-", 1)[0]
    if not code or code == "und":
        return None
    return code


def _extra_value(column: str, value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered == "true":
            return True
        if lowered == "false":
            return False
        if column.lower().endswith("id") and _FLOAT_INT.match(value.strip()):
            return value.strip().split(".", 1)[0].lstrip("+")
    return value


def _stripped(value: Any, label: str) -> str | None:
    return _as_text(value, label).strip() or None


def _handle(value: Any, label: str) -> str | None:
    return _as_text(value, label).strip().lstrip("@") or None


_CONVERTERS = {
    **dict.fromkeys(_ID_COLUMNS, _ident),
    **dict.fromkeys(_COUNT_COLUMNS + _COUNT_COLUMNS_AUTHOR, _count),
    **dict.fromkeys(_TIME_COLUMNS, _time),
    **dict.fromkeys(_BOOL_COLUMNS, _bool),
    **dict.fromkeys(_LIST_COLUMNS, _split),
    **dict.fromkeys(_TEXT_COLUMNS, _as_text),
    "author_handle": _handle,
    "lang": _lang,
    "url": _stripped,
    "kind": _stripped,
}
_ITEM_KEYS = tuple(key for key in MAPPABLE if key in ITEM_COLUMNS and key != "kind")


def _json(extra: dict[str, Any]) -> str:
    try:
        return orjson.dumps(extra).decode()
    except (orjson.JSONEncodeError, TypeError) as exc:
        raise MappingError(f"unmapped cells cannot be kept as JSON: {exc}") from None


def map_item(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise MappingError(f"expected a table row record, got {type(data).__name__}")
    row, pp = data.get("row"), data.get("_pp")
    if not isinstance(row, dict):
        raise MappingError(f"expected 'row' to be an object of cells, got {type(row).__name__}")
    if not isinstance(pp, dict):
        raise MappingError(f"expected '_pp' with the platform and mapping, got {type(pp).__name__}")
    mapping, platform = pp.get("mapping"), pp.get("platform", DEFAULT_PLATFORM)
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise MappingError("expected '_pp.mapping' to map canonical columns to column names")
    if not isinstance(platform, str) or not platform:
        raise MappingError(f"expected '_pp.platform' to be a platform name, got {platform!r}")

    values: dict[str, Any] = {}
    for canonical, column in mapping.items():
        value = row.get(column)
        if value is None or value == "":
            continue
        if canonical != "text" and isinstance(value, str) and not value.strip():
            continue
        convert = _CONVERTERS.get(canonical)
        if convert is None:
            raise MappingError(f"unknown canonical column {canonical!r} in '_pp.mapping'")
        values[canonical] = convert(value, _label(canonical, column))

    if values.get("id") is None:
        column = mapping.get("id")
        raise MappingError(f"expected an id in column {column!r}, the row has none")
    kind = values.get("kind")
    if kind is not None:
        kind = kind.lower()
        if kind not in KINDS:
            raise MappingError(
                f"{_label('kind', mapping['kind'])}: expected one of {', '.join(KINDS)}, got {kind!r}"
            )
    elif values.get("parent_id"):
        kind = "reply"
    elif values.get("shared_id"):
        kind = "share"
    else:
        kind = "post"

    mapped_columns = set(mapping.values())
    extra = {
        column: _extra_value(column, value) for column, value in row.items() if column not in mapped_columns
    }
    if pp.get("encoding"):
        extra["_encoding"] = pp["encoding"]

    item: dict[str, Any] = {
        "platform": platform,
        "kind": kind,
        **{key: values.get(key) for key in _ITEM_KEYS},
        "extra": _json(extra) if extra else None,
    }
    if values.get("hashtags") is not None:
        item["hashtags"] = tags(values["hashtags"])
    if values.get("mentions") is not None:
        item["mentions"] = tags(values["mentions"])
    if values.get("urls") is not None:
        item["urls"] = values["urls"]
    if values.get("observed_at") is not None:
        item["observed_at"] = values["observed_at"]
    author = {c: values[f"author_{c}"] for c in AUTHOR_EXTRA_COLUMNS if values.get(f"author_{c}") is not None}
    if author:
        item["_author"] = author
    return item


FORMAT = Format(
    name="table",
    platform=DEFAULT_PLATFORM,
    description="CSV, TSV or XLSX exports of other tools, mapped column by column (options.mapping)",
    sniff=sniff,
    records=records,
    map_item=map_item,
)
