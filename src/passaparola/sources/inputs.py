"""Inputs: turn the paths a user names into a stream of :class:`Entry` objects.

Folders are walked; archives (``.zip``, ``.tar``, ``.tar.gz``, ``.tgz``, ``.tar.bz2``, ``.tar.xz``) and
single compressed files (``.gz``, ``.bz2``, ``.xz``, ``.zst``) are read in place as streams, never unpacked to
disk; HTTP recordings (VCR YAML cassettes and Betamax JSON) are opened like archives whose members are
the recorded response bodies, so real API exchanges import like API pages saved by hand.

Entries from a streamed tar are valid only until the next entry is requested: consume them in order.
"""

from __future__ import annotations

import base64
import bz2
import gzip
import io
import lzma
import os
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import IO, Any

import orjson
import zstandard

from passaparola.sources import Reject

HEAD_BYTES = 1 << 20
#: Whole-document JSON above this size is streamed element by element (ijson) instead of loaded.
STREAM_JSON_ABOVE = 64 << 20
#: A nested zip (a zip inside a tar) is held in memory up to this size.
NESTED_ZIP_LIMIT = 512 << 20


class InputError(Exception):
    """A path that cannot be read at all (missing, unreadable, a broken archive)."""


#: What a corrupt or truncated compressed stream raises while being read.
_READ_ERRORS = (
    OSError,
    EOFError,
    lzma.LZMAError,
    zlib.error,
    zstandard.ZstdError,
    zipfile.BadZipFile,
    tarfile.TarError,
)


class _Replay(io.RawIOBase):
    """A stream that first returns an already-read head, then the rest of the underlying stream."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        chunk = self._rest.read(len(buffer))
        n = len(chunk)
        buffer[:n] = chunk
        return n


@dataclass
class Entry:
    """One readable input: a file, an archive member or a recorded HTTP response body.

    ``name`` is what the user sees in summaries and quarantine: ``path``, ``archive.tar.xz!member`` or
    ``cassette.yaml#3``. ``hint`` carries the request line of a recorded response
    (``GET https://host/api/v1/...``), which tells formats apart where bodies look alike.
    """

    name: str
    opener: Callable[[], IO[bytes]]
    size: int | None = None
    mtime: datetime | None = None
    hint: str | None = None
    #: Reads another file of the same folder or archive folder by name (``None`` when absent or when the
    #: container is a stream that cannot seek back): a Twitter archive's tweets need its ``account.js``.
    sibling: Callable[[str], bytes | None] | None = field(default=None, repr=False)
    _stream: IO[bytes] | None = field(default=None, repr=False)
    _head: bytes | None = field(default=None, repr=False)

    @property
    def basename(self) -> str:
        return re.split(r"[/!#]", self.name)[-1]

    def head(self) -> bytes:
        """The first ``HEAD_BYTES`` of the content (cached; the content stays readable afterwards)."""
        if self._head is None:
            try:
                self._stream = self.opener()
                self._head = _read_up_to(self._stream, HEAD_BYTES)
            except _READ_ERRORS as exc:
                raise InputError(f"{self.name}: cannot read ({exc})") from None
        return self._head

    def open(self) -> IO[bytes]:
        """The whole content as a binary stream. Call it once per entry."""
        head = self.head()
        stream = self._stream
        if stream is None:
            raise InputError(f"{self.name}: content already consumed")
        self._stream = None
        return io.BufferedReader(_Replay(head, stream), buffer_size=1 << 20)

    def read(self) -> bytes:
        with self.open() as stream:
            return stream.read()


def _read_up_to(stream: IO[bytes], limit: int) -> bytes:
    chunks, left = [], limit
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


@dataclass
class Peek:
    """What sniffing looks at: the entry's name, request hint and head, and a sample JSON value."""

    entry: Entry
    _sample: Any = field(default=None, repr=False)
    _sampled: bool = field(default=False, repr=False)

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def hint(self) -> str:
        return self.entry.hint or ""

    @property
    def head(self) -> bytes:
        return self.entry.head()

    @property
    def sample(self) -> Any:
        """The first JSON value of the input (a whole document, the first JSONL line, or the first element
        of a ``window.YTD...`` archive file) when it fits in the head; ``None`` when the input is not JSON."""
        if not self._sampled:
            self._sampled = True
            self._sample = _sample_json(self.head)
        return self._sample

    def first_record(self) -> dict | None:
        """The first object of the sample: the document itself, or the first element of an array."""
        sample = self.sample
        if isinstance(sample, list):
            sample = next((v for v in sample if isinstance(v, dict)), None)
        return sample if isinstance(sample, dict) else None


_YTD_PREFIX = re.compile(rb"^\s*window\.YTD\.[\w.]+\s*=\s*")


def _sample_json(head: bytes) -> Any:
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text or text[:1] not in b"[{w":
        return None
    prefix = _YTD_PREFIX.match(text)
    if prefix:
        text = text[prefix.end() :]
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    line = text.split(b"\n", 1)[0]
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        pass
    if text[:1] == b"[":
        return _first_array_element(text)
    return None


def _first_array_element(text: bytes) -> list | None:
    import ijson

    try:
        for value in ijson.items(io.BytesIO(text), "item"):
            return [value]
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError):
        return None
    return None


# --- walking paths ------------------------------------------------------------------------------

_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


def _zstd_open(stream: IO[bytes]) -> IO[bytes]:
    """A zstd stream. Pushshift and Arctic Shift dumps are written with ``--long=31`` (a 2 GiB window,
    beyond the library's default limit of 128 MiB) and may hold several concatenated frames."""
    decompressor = zstandard.ZstdDecompressor(max_window_size=2**31)
    return decompressor.stream_reader(stream, read_across_frames=True)  # type: ignore[return-value]


_SINGLE = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open, ".zst": _zstd_open}


def walk(paths: list[Path]) -> Iterator[Entry]:
    """Every entry under the given paths, in a stable order (sorted names inside folders)."""
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield from _file_entries(Path(root) / name)
        else:
            yield from _file_entries(path)


def _file_entries(path: Path) -> Iterator[Entry]:
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        return
    mtime = datetime.fromtimestamp(info.st_mtime, tz=UTC)
    entry = Entry(str(path), lambda: open(path, "rb"), info.st_size, mtime, sibling=_file_sibling(path))
    yield from expand(entry)


def _file_sibling(path: Path) -> Callable[[str], bytes | None]:
    def read(name: str) -> bytes | None:
        candidate = path.parent / name
        return candidate.read_bytes() if candidate.is_file() else None

    return read


def _zip_sibling(archive: zipfile.ZipFile, member: str) -> Callable[[str], bytes | None]:
    folder = member.rsplit("/", 1)[0] + "/" if "/" in member else ""

    def read(name: str) -> bytes | None:
        try:
            return archive.read(folder + name)
        except KeyError:
            return None

    return read


def expand(entry: Entry) -> Iterator[Entry]:
    """Open containers (archives, compressed files, HTTP recordings) recursively; yield leaf entries."""
    lower = entry.name.lower()
    if lower.endswith(_TAR_SUFFIXES) or (lower.endswith(".gz") and _is_tar_gz(entry)):
        yield from _tar_entries(entry)
    elif lower.endswith(".zip"):
        yield from _zip_entries(entry)
    elif any(lower.endswith(s) for s in _SINGLE):
        suffix = next(s for s in _SINGLE if lower.endswith(s))
        opener = _SINGLE[suffix]
        inner = Entry(
            entry.name[: -len(suffix)],
            lambda: opener(entry.open()),
            None,
            entry.mtime,
        )
        yield from expand(inner)
    elif _is_recording(entry):
        yield from recording_entries(entry)
    else:
        yield entry


def _is_tar_gz(entry: Entry) -> bool:
    head = entry.head()
    if head[:2] != b"\x1f\x8b":
        return False
    try:
        block = gzip.GzipFile(fileobj=io.BytesIO(head)).read(512)
    except _READ_ERRORS:  # zlib.error is no OSError: a corrupt .gz must not end the walk
        return False
    return len(block) == 512 and block[257:262] == b"ustar"


def _tar_entries(entry: Entry) -> Iterator[Entry]:
    try:
        archive = tarfile.open(fileobj=entry.open(), mode="r|*")
    except (tarfile.TarError, OSError, EOFError, lzma.LZMAError) as exc:
        raise InputError(f"{entry.name}: not a readable tar archive ({exc})") from None
    with archive:
        try:
            for member in archive:
                if not member.isfile():
                    continue
                stream = archive.extractfile(member)
                if stream is None:
                    continue
                inner = Entry(
                    f"{entry.name}!{member.name}",
                    lambda s=stream: s,
                    member.size,
                    datetime.fromtimestamp(member.mtime, tz=UTC),
                )
                if inner.name.lower().endswith(".zip"):
                    inner = _buffered(inner)
                yield from expand(inner)
        except (tarfile.TarError, OSError, EOFError, lzma.LZMAError) as exc:
            raise InputError(f"{entry.name}: archive is truncated or corrupt ({exc})") from None


def _buffered(entry: Entry) -> Entry:
    size = entry.size or 0
    if size > NESTED_ZIP_LIMIT:
        raise InputError(
            f"{entry.name}: nested zip larger than {NESTED_ZIP_LIMIT >> 20} MiB; unpack it first"
        )
    data = entry.read()
    return Entry(entry.name, lambda: io.BytesIO(data), len(data), entry.mtime)


def _zip_entries(entry: Entry) -> Iterator[Entry]:
    source = entry.open()
    if not source.seekable():
        source = io.BytesIO(source.read())
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{entry.name}: not a readable zip archive ({exc})") from None
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            when = datetime(*info.date_time, tzinfo=UTC)
            inner = Entry(
                f"{entry.name}!{info.filename}",
                lambda i=info: archive.open(i),
                info.file_size,
                when,
                sibling=_zip_sibling(archive, info.filename),
            )
            try:
                yield from expand(inner)
            except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
                raise InputError(f"{inner.name}: corrupt zip member ({exc})") from None


# --- HTTP recordings ------------------------------------------------------------------------------


def _is_recording(entry: Entry) -> bool:
    lower = entry.name.lower()
    if not lower.endswith((".yaml", ".yml", ".json")):
        return False
    try:
        head = entry.head()[:4096]
    except InputError:
        return False  # unreadable: sniffing meets the error again and quarantines this entry alone
    if lower.endswith((".yaml", ".yml")):
        return head.lstrip().startswith(b"interactions:")
    if lower.endswith(".json"):
        stripped = head.lstrip()
        return (
            stripped.startswith(b"{")
            and (b'"interactions"' in head[:200] or b'"http_interactions"' in head[:200])
            and b'"request"' in head
        )
    return False


def recording_entries(entry: Entry) -> Iterator[Entry]:
    """The response bodies of a VCR (YAML) or Betamax (JSON) cassette, one entry each.

    Non-JSON bodies (OAuth token exchanges, HTML) and error responses are still yielded: the sniffer
    recognises nothing in them and the import summary lists them as not recognised.
    """
    content = entry.read()
    try:
        if entry.name.lower().endswith((".yaml", ".yml")):
            import yaml

            document = yaml.load(content, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        else:
            document = orjson.loads(content)
    except Exception as exc:
        raise InputError(f"{entry.name}: not a readable HTTP recording ({exc})") from None
    interactions = (document or {}).get("interactions") or (document or {}).get("http_interactions") or []
    for number, interaction in enumerate(interactions, 1):
        request = interaction.get("request") or {}
        response = interaction.get("response") or {}
        body = _recorded_body(response.get("body"))
        status = response.get("status")
        code = status.get("code") if isinstance(status, dict) else status
        hint = f"{request.get('method', 'GET')} {request.get('uri', '')}"
        if code is not None and not (200 <= int(code) < 300):
            hint = f"{hint} -> HTTP {code}"
        recorded = interaction.get("recorded_at") or document.get("recorded_at")
        when = entry.mtime
        if isinstance(recorded, str):
            try:
                when = datetime.fromisoformat(recorded).replace(tzinfo=UTC)
            except ValueError:
                pass
        yield Entry(f"{entry.name}#{number}", lambda b=body: io.BytesIO(b), len(body), when, hint)


def _recorded_body(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        raw = body.encode("utf-8")
    elif isinstance(body, dict):
        if body.get("base64_string"):
            raw = base64.b64decode(body["base64_string"])
        else:
            value = body.get("string", "")
            raw = value if isinstance(value, bytes) else str(value).encode("utf-8")
    else:
        raw = bytes(body) if isinstance(body, bytes | bytearray) else b""
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            pass
    return raw


# --- JSON documents -------------------------------------------------------------------------------


def json_values(entry: Entry) -> Iterator[tuple[int, Any] | Reject]:
    """Every top-level JSON value of an entry, located.

    - JSON Lines: one value per non-blank line; ``line`` is the 1-based line number.
    - One JSON document: the document itself with ``line`` 1. Large documents that are arrays are
      streamed element by element (``line`` is then the 1-based element index).
    - Twitter archive files (``window.YTD.tweets.part0 = [...]``): the array.

    Malformed lines become :class:`Reject` with the line and the parser's message; the rest continues.
    """
    head = entry.head()
    body = head.lstrip(b"\xef\xbb\xbf")
    stripped = body.lstrip()
    prefix = _YTD_PREFIX.match(stripped)
    if prefix or ((entry.size or 0) > STREAM_JSON_ABOVE and stripped[:1] == b"["):
        yield from _streamed_array(entry, skip_prefix=bool(prefix))
        return
    if looks_like_jsonl(stripped):
        yield from _json_lines(entry)
        return
    data = entry.read()
    try:
        yield (1, orjson.loads(data.lstrip(b"\xef\xbb\xbf")))
    except orjson.JSONDecodeError as exc:
        if _has_json_lines(data):
            yield from _parsed_lines(data.splitlines())
        else:
            yield Reject(1, f"not valid JSON: {exc}", data[:65536])


def _has_json_lines(data: bytes) -> bool:
    """Is broken content JSON Lines with some bad lines (one of its first lines is a whole object or
    array), rather than one truncated document (whose lines, pretty-printed, are fragments)?"""
    lines = [line for line in data.splitlines()[:6] if line.strip()]
    for line in lines:
        try:
            if isinstance(orjson.loads(line), dict | list):
                return len(lines) > 1
        except orjson.JSONDecodeError:
            continue
    return False


def json_document(entry: Entry) -> tuple[bool, Iterator[tuple[int, Any] | Reject]]:
    """``(single, values)``: whether the entry holds exactly one JSON document (rather than JSON Lines),
    and its values as :func:`json_values` gives them. Readers of one document locate records by their
    position in it, since every record would otherwise be on line 1."""
    values = json_values(entry)
    first = next(values, None)
    second = next(values, None) if first is not None else None
    single = isinstance(first, tuple) and second is None
    return single, chain((v for v in (first, second) if v is not None), values)


def looks_like_jsonl(head: bytes) -> bool:
    """Does the content start with a complete JSON value on its first line, and have more lines?"""
    first, sep, rest = head.lstrip(b"\xef\xbb\xbf").lstrip().partition(b"\n")
    if not sep or not rest.strip():
        return False
    try:
        orjson.loads(first)
    except orjson.JSONDecodeError:
        return False
    return True


def _json_lines(entry: Entry) -> Iterator[tuple[int, Any] | Reject]:
    with entry.open() as stream:
        yield from _parsed_lines(stream)


def _parsed_lines(lines: Iterable[bytes]) -> Iterator[tuple[int, Any] | Reject]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield (number, orjson.loads(line))
        except orjson.JSONDecodeError as exc:
            yield Reject(number, f"not valid JSON: {exc}", line)


def _streamed_array(entry: Entry, skip_prefix: bool) -> Iterator[tuple[int, Any] | Reject]:
    import ijson

    stream = entry.open()
    if skip_prefix:
        _skip_to_array(stream)
    index = 0
    try:
        for index, value in enumerate(ijson.items(stream, "item", use_float=True), 1):
            yield (index, value)
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as exc:
        yield Reject(index + 1, f"JSON array broken after element {index}: {exc}")


def _skip_to_array(stream: IO[bytes]) -> None:
    seen = 0
    while True:
        char = stream.peek(1)[:1] if hasattr(stream, "peek") else b""
        if not char or char == b"[" or seen > 4096:
            return
        stream.read(1)
        seen += 1
