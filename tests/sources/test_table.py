"""Generic CSV / TSV / XLSX importer: hand-built tables, the real customer-care and SENTIPOLC CSVs, and
hypothesis fuzzing with hostile cells, truncation, mis-encoding and wrongly typed records."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.canonical import KINDS, MappingError, canonical_urls, parse_time
from passaparola.sources import ImportOptions, Record, Reject, Skipped, sniff
from passaparola.sources import table as table_format
from passaparola.sources.inputs import Entry, Peek
from passaparola.store import Store, decompress_raw
from tests.conftest import import_paths, rows

TWCS_MAPPING = {
    "id": "tweet_id",
    "author_id": "author_id",
    "author_handle": "author_id",
    "created_at": "created_at",
    "text": "text",
    "parent_id": "in_response_to_tweet_id",
}
TWCS_OPTIONS = ImportOptions(mapping=TWCS_MAPPING, platform="twitter")

# An export in the style of the customer-care dataset: pandas index column, float parent ids,
# a boolean flag, a multi-line quoted cell, doubled quotes, a formula-looking hostile cell.
EXPORT = (
    ",tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
    "0,119237,AuroraCare,False,Tue Oct 31 22:10:47 +0000 2017,"
    '"@cliente1 Ciao! Ci scrivi in DM?\nGrazie, il team ""Aurora""",,119236.0\n'
    "1,119236,cliente1,True,Tue Oct 31 21:58:10 +0000 2017,@AuroraCare la macchinetta perde acqua 😡,119237,\n"
    "2,119238,cliente2,TRUE,2017-11-01T08:00:00+01:00,=cmd|' /C calc'!A0,,\n"
)


def entry_of(data: bytes | str, name: str = "export.csv") -> Entry:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    return Entry(name, lambda: io.BytesIO(payload), len(payload))


def outputs(data: bytes | str, name: str = "export.csv", **options) -> list:
    return list(table_format.records(entry_of(data, name), ImportOptions(**options)))


def items(data: bytes | str, name: str = "export.csv", **options) -> list[dict]:
    return [table_format.map_item(o.data) for o in outputs(data, name, **options) if isinstance(o, Record)]


def extra(item: dict) -> dict:
    return orjson.loads(item["extra"]) if item["extra"] else {}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- hand-built tables ----------------------------------------------------------------------------


def test_mapped_export():
    answer, question, hostile = items(EXPORT, mapping=TWCS_MAPPING, platform="twitter")
    assert answer == {
        "platform": "twitter",
        "id": "119237",
        "kind": "reply",
        "created_at": utc(2017, 10, 31, 22, 10, 47),
        "author_id": "AuroraCare",
        "author_handle": "AuroraCare",
        "author_name": None,
        "author_followers": None,
        "title": None,
        "text": '@cliente1 Ciao! Ci scrivi in DM?\nGrazie, il team "Aurora"',
        "lang": None,
        "parent_id": "119236",
        "root_id": None,
        "shared_id": None,
        "mentions": None,
        "hashtags": None,
        "urls": None,
        "likes": None,
        "shares": None,
        "replies": None,
        "quotes": None,
        "views": None,
        "promoted": None,
        "url": None,
        "extra": '{"column_1":"0","inbound":false}',
    }
    assert question["kind"] == "post" and question["parent_id"] is None
    assert question["text"] == "@AuroraCare la macchinetta perde acqua 😡"
    assert extra(question) == {"column_1": "1", "inbound": True, "response_tweet_id": "119237"}
    assert hostile["text"] == "=cmd|' /C calc'!A0"  # data, stored as written
    assert hostile["created_at"] == utc(2017, 11, 1, 7, 0)
    assert extra(hostile)["inbound"] is True


def test_lines_and_records():
    result = outputs(EXPORT, mapping=TWCS_MAPPING)
    assert [o.line for o in result] == [2, 4, 5]  # the quoted cell spans lines 2-3
    record = result[0].data
    assert record["_pp"] == {"platform": "csv", "mapping": TWCS_MAPPING}
    assert "response_tweet_id" not in record["row"]  # empty cells are left out
    assert table_format.map_item(orjson.loads(orjson.dumps(record)))["platform"] == "csv"


def test_canonical_columns_without_mapping_semicolons_and_bom():
    data = (
        "\ufeffID;Kind;Text;Created_At;Likes;Hashtags;Mentions;URLs;Promoted;Lang;Author_Followers;Author_Verified;Canale\n"
        "p-1;post;Buongiorno! Il caffè è pronto ☕;2024-03-01 07:30:00;12.0;#Caffè, #buongiorno;@Aurora;"
        "https://Example.com/a?utm_source=x https://b.example/;no;it-IT;1500;yes;Instagram\n"
        "p-2;review;Pessimo servizio;Fri, 01 Mar 2024 09:00:00 +0100;;['uno', 'due'];;;;;;;\n"
    )
    first, second = items(data.encode("utf-8"))
    assert first["id"] == "p-1" and first["kind"] == "post"
    assert first["text"] == "Buongiorno! Il caffè è pronto ☕"
    assert first["created_at"] == utc(2024, 3, 1, 7, 30)
    assert first["likes"] == 12
    assert first["hashtags"] == ["caffè", "buongiorno"]
    assert first["mentions"] == ["aurora"]
    assert canonical_urls(first["urls"]) == [
        "https://example.com/a",
        "https://b.example/",
    ]  # as enrichment stores them
    assert first["promoted"] is False
    assert first["lang"] == "it"
    assert first["author_followers"] == 1500
    assert first["_author"] == {"verified": True}
    assert extra(first) == {"Canale": "Instagram"}
    assert second["kind"] == "review"
    assert second["created_at"] == utc(2024, 3, 1, 8, 0)
    assert second["hashtags"] == ["uno", "due"]
    assert second["likes"] is None  # empty is unknown, not zero
    assert second["extra"] is None


def test_tsv_and_excel_sep_line():
    assert items("id\ttext\n1\tciao, mondo; sì\n", name="x.tsv")[0]["text"] == "ciao, mondo; sì"
    assert items("sep=|\nid|text\n7|a,b;c\n")[0]["text"] == "a,b;c"


def test_no_usable_columns_is_one_clear_reject():
    (reject,) = outputs("idtwitter,subj,testo\n1,0,ciao\n2,1,ciao\n")
    assert isinstance(reject, Reject) and reject.line == 1
    assert reject.reason == (
        "no column mapping, and no column is named id or text: the columns are idtwitter, subj, testo; "
        "map them with the table format's mapping, e.g. --map id=COLUMN --map text=COLUMN"
    )
    (reject,) = outputs("a,b\n1,2\n", mapping={"id": "a", "txt": "b"})
    assert "unknown canonical column 'txt'" in reject.reason
    (reject,) = outputs("a,b\n1,2\n", mapping={"id": "tweet_id"})
    assert reject.reason.startswith("the mapping names column 'tweet_id' (for id), which the table lacks")
    (reject,) = outputs("a,b\n1,2\n", mapping={"text": "b"})
    assert reject.reason.startswith("the mapping has no id column")
    # a mapping is matched case-insensitively when the exact name is not there
    assert items("Tweet ID,Text\n5,x\n", mapping={"id": "tweet id", "text": "TEXT"})[0]["id"] == "5"


def test_ids_written_as_floats():
    data = "id,text,parent,count\n3.0,a,,2.0\n1.2345678901234568e+18,b,,\n+7.00,c,8.0,\n"
    result = outputs(data, mapping={"id": "id", "text": "text", "parent_id": "parent", "likes": "count"})
    first = table_format.map_item(result[0].data)
    assert first["id"] == "3" and first["likes"] == 2
    with pytest.raises(
        MappingError, match=r"id \(column 'id'\): expected an id, got '1.2345678901234568e\+18'"
    ):
        table_format.map_item(result[1].data)
    third = table_format.map_item(result[2].data)
    assert (third["id"], third["parent_id"], third["kind"]) == ("7", "8", "reply")


def test_bad_cells_name_the_column():
    data = "id,text,when,likes,paid,kind\n1,a,yesterday,,,\n2,b,,-3,,\n3,c,,,maybe,\n4,d,,,,poll\n5,,,,,\n,f,,,,\n7,g,¹,,,\n8,h,,²,,\n"
    mapping = {
        "id": "id",
        "text": "text",
        "created_at": "when",
        "likes": "likes",
        "promoted": "paid",
        "kind": "kind",
    }
    messages = []
    for output in outputs(data, mapping=mapping):
        try:
            table_format.map_item(output.data)
        except MappingError as exc:
            messages.append(str(exc))
    assert messages == [
        "created_at (column 'when'): expected an ISO 8601 or Twitter timestamp, got 'yesterday'",
        "likes (column 'likes'): expected a non-negative count, got '-3'",
        "promoted (column 'paid'): expected true or false, got 'maybe'",
        "kind (column 'kind'): expected one of post, reply, share, quote, message, review, got 'poll'",
        "expected an id in column 'id', the row has none",
        "created_at (column 'when'): expected an ISO 8601 or Twitter timestamp, got '¹'",
        "likes (column 'likes'): expected a non-negative count, got '²'",
    ]


def test_truncated_and_misaligned_rows():
    data = 'id,text,n\n1,uno,1\n2,due\n3,tre,3,extra\n4,quattro,4,,\n,,\n5,"cinque\n'
    result = outputs(data)
    kinds = [(type(o).__name__, o.line) for o in result]
    assert kinds == [
        ("Record", 2),
        ("Reject", 3),
        ("Reject", 4),
        ("Record", 5),
        ("Skipped", 6),
        ("Reject", 7),
    ]
    assert result[1].reason.startswith("row has 2 cells but the header has 3: truncated")
    assert result[1].raw == b"2,due\n"
    assert result[2].reason.startswith("row has 4 cells but the header has 3")
    assert result[5].reason.startswith("row ends inside a quoted cell at the end of the file")


def test_open_quote_in_the_last_column_at_the_end():
    (record, reject) = outputs('id,text\n1,"whole"\n2,"cut in the mid')
    assert isinstance(record, Record) and isinstance(reject, Reject) and reject.line == 3


def test_bare_carriage_returns_stay_in_the_cell():
    data = b'id,text,n\r\n1,first\rsecond,1\r\n2,"quoted\r\nbreak",2\r\n'
    first, second = items(data)
    assert first["text"] == "first\rsecond"
    assert second["text"] == "quoted\r\nbreak"
    mac = b"id,text\r1,old mac\r2,file\r"
    assert [i["text"] for i in items(mac)] == ["old mac", "file"]


def test_encodings():
    data = "id,text\n1,caffè\n2,perché\n".encode("cp1252") + "3,già\n".encode()
    result = items(data)
    assert [i["text"] for i in result] == ["caffè", "perché", "già"]
    assert extra(result[0]) == {"_encoding": "cp1252"}
    assert result[2]["extra"] is None
    assert items(b"id,text\n1,\x81\x9d\n")[0]["text"] == "\x81\x9d"  # undefined in cp1252: latin-1
    utf16 = "id\ttext\n1\tciao 👋\n".encode("utf-16")
    assert items(utf16, name="unicode.csv")[0]["text"] == "ciao 👋"
    assert table_format.sniff(Peek(entry_of(utf16, "unicode.csv")))


def test_huge_cell_is_rejected_and_the_rest_read():
    data = 'id,text\n1,"' + "x" * 200_000 + '"\n2,ok\n'
    result = outputs(data)
    assert isinstance(result[0], Reject) and "field larger than field limit" in result[0].reason
    assert table_format.map_item(result[-1].data)["text"] == "ok"


def test_every_mappable_column_has_a_converter():
    assert set(table_format._CONVERTERS) == set(table_format.MAPPABLE)


def test_sniff():
    assert table_format.sniff(Peek(entry_of("a,b\n", "x.CSV")))
    assert table_format.sniff(Peek(entry_of("a\tb\n", "dir/x.tsv")))
    assert not table_format.sniff(Peek(entry_of("a,b\n", "x.txt")))
    assert not table_format.sniff(Peek(entry_of(b"\x1f\x8b\x08\x00", "x.csv")))
    assert not table_format.sniff(Peek(entry_of(b"PK\x03\x04", "x.csv")))
    assert sniff(Peek(entry_of("id,text\n1,a\n", "archive.zip!export.csv"))).name == "table"


# --- XLSX -----------------------------------------------------------------------------------------


def _workbook(tmp_path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Riepilogo"
    sheet.append(["nothing to see"])
    data = book.create_sheet("Commenti")
    data.append([])
    data.append(["ID", "Testo", "Data", "Mi piace", "Interno", "Note"])
    data.append([1001, "Che buono!", datetime(2024, 3, 1, 9, 30), 5, True, "=SUM(A1:A2)"])
    data.append([1002, "Troppo caro", date(2024, 3, 2), 0.0, False, None])
    data.append([None, None, None, None, None, None])
    data.append([1234567890123456789, "id rounded by Excel", None, None, None, None])
    path = tmp_path / "commenti.xlsx"
    book.save(path)
    return path


def test_xlsx(tmp_path: Path, store):
    path = _workbook(tmp_path)
    mapping = {"id": "ID", "text": "Testo", "created_at": "Data", "likes": "Mi piace"}
    entry = Entry(str(path), lambda: open(path, "rb"))
    result = list(
        table_format.records(entry, ImportOptions(mapping=mapping, sheet="Commenti", platform="facebook"))
    )
    assert [(type(o).__name__, o.line) for o in result] == [
        ("Record", 3),
        ("Record", 4),
        ("Skipped", 5),
        ("Record", 6),
    ]
    first, second = (table_format.map_item(o.data) for o in result[:2])
    assert (first["platform"], first["id"], first["text"]) == ("facebook", "1001", "Che buono!")
    assert first["created_at"] == utc(2024, 3, 1, 9, 30)
    assert first["likes"] == 5
    assert extra(first) == {"Interno": True}  # the formula cell has no cached value: nothing
    assert second["created_at"] == utc(2024, 3, 2) and second["likes"] == 0
    with pytest.raises(MappingError, match="rounded"):
        table_format.map_item(result[3].data)

    # by position, through the pipeline with sniffing
    summary = import_paths(store, path, options=ImportOptions(mapping=mapping, sheet="2"))
    assert summary.formats == {str(path): "table"}
    assert (summary.totals().new, summary.totals().quarantined, summary.totals().skipped) == (2, 1, 1)
    assert rows(store, "SELECT line, reason FROM quarantine")[0][0] == 6

    (reject,) = table_format.records(Entry(str(path), lambda: open(path, "rb")), ImportOptions(sheet="Fogli"))
    assert reject.reason == "no sheet 'Fogli' in the workbook; its sheets are: Riepilogo, Commenti"
    (reject,) = table_format.records(Entry(str(path), lambda: open(path, "rb")), ImportOptions())
    assert reject.line == 1 and "the columns are nothing to see" in reject.reason
    (reject,) = table_format.records(entry_of(b"PK\x03\x04broken", "x.xlsx"), ImportOptions())
    assert reject.line == 0 and reject.reason.startswith("not a readable spreadsheet")


# --- real data --------------------------------------------------------------------------------------


def test_customer_care_sample(store, shared_data: Path):
    path = shared_data / "customer-care" / "twcs-sample.csv"
    summary = import_paths(store, path, options=TWCS_OPTIONS)
    assert summary.formats == {str(path): "table"}
    totals = summary.totals()

    # Expectations straight from the csv module. It splits the one row whose text holds bare carriage
    # returns (pandas wrote them unquoted) into three pieces; every other row it reads whole.
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        whole, pieces = [], []
        for row in reader:
            (whole if len(row) == len(header) else pieces).append(dict(zip(header, row, strict=False)))
    assert len(whole) == 4999 and len(pieces) == 3

    assert (totals.new, totals.quarantined, totals.skipped) == (5000, 0, 0)
    stored = {
        row[0]: row[1:]
        for row in rows(
            store,
            "SELECT id, kind, author_id, author_handle, created_at::VARCHAR, text, parent_id, extra, platform "
            "FROM items",
        )
    }
    assert len(stored) == 5000
    for row in whole:
        kind, author_id, handle, created, text, parent, extra_json, platform = stored[row["tweet_id"]]
        parent_expected = (
            str(int(float(row["in_response_to_tweet_id"]))) if row["in_response_to_tweet_id"] else None
        )
        assert parent == parent_expected
        assert kind == ("reply" if parent_expected else "post")
        assert author_id == handle == row["author_id"]
        assert text == row["text"]
        assert parse_time(created) == parse_time(row["created_at"])
        assert orjson.loads(extra_json)["inbound"] is (row["inbound"] == "True")
        assert platform == "twitter"

    # the row the csv module breaks apart is whole here, carriage returns kept
    kind, author_id, _, created, text, parent, extra_json, _ = stored["3399"]
    assert text == "@AskPayPal \r\rI just love the start of email 😁 https://t.co/8u1Pf5rJoN"
    assert (kind, author_id, parent) == ("post", "116510", None)
    assert orjson.loads(extra_json) == {"column_1": "2484", "inbound": True, "response_tweet_id": "3398"}

    # hand-checked rows, with their lines in the file
    assert rows(
        store, "SELECT source_line, parent_id, kind FROM items WHERE id IN ('1', '8') ORDER BY id"
    ) == [
        (2, "3", "reply"),
        (8, None, "post"),
    ]
    # reparse: the stored raw record maps alone
    (raw,) = rows(store, "SELECT raw FROM items WHERE id = '6'")[0]
    assert table_format.map_item(decompress_raw(raw))["parent_id"] == "8"


def test_customer_care_sample_truncated(store, shared_data: Path, tmp_path: Path):
    data = (shared_data / "customer-care" / "twcs-sample.csv").read_bytes()
    last_line = data.rstrip(b"\n").count(b"\n") + 1
    cut = data[: data.rindex(b"when will the platform")]  # inside the last row's quoted text
    path = tmp_path / "twcs-cut.csv"
    path.write_bytes(cut)
    summary = import_paths(store, path, options=TWCS_OPTIONS)
    assert (summary.totals().new, summary.totals().quarantined) == (4999, 1)
    ((line, reason, raw),) = rows(store, "SELECT line, reason, raw FROM quarantine")
    assert line == last_line
    assert reason.startswith("row ends inside a quoted cell at the end of the file: truncated")
    assert raw.startswith(b"4999,7630,117291,True,")

    cut = data[: data.rindex(b",7629,")]  # a whole cell short
    *_, last = table_format.records(entry_of(cut), TWCS_OPTIONS)
    assert (last.line, last.reason) == (
        last_line,
        "row has 6 cells but the header has 8: truncated, or a line break or delimiter inside an unquoted cell",
    )


def test_sentipolc(store, shared_data: Path):
    path = shared_data / "sentiment" / "sentipolc2016" / "train.csv"
    summary = import_paths(store, path)  # no mapping: one clear reject, nothing half-read
    assert summary.totals().quarantined == 1 and summary.totals().new == 0
    assert "the columns are idtwitter, subj, opos" in rows(store, "SELECT reason FROM quarantine")[0][0]

    with Store.open(None) as other:
        summary = import_paths(
            other, path, options=ImportOptions(mapping={"id": "idtwitter", "text": "text"})
        )
        with open(path, newline="", encoding="utf-8") as handle:
            expected = {row["idtwitter"]: row["text"] for row in csv.DictReader(handle)}
        assert summary.totals().new == len(expected) == 7410
        stored = dict(rows(other, "SELECT id, text FROM items"))
        assert stored == expected
        assert extra_of(other, "122449983151669248") == {
            "subj": "1",
            "opos": "0",
            "oneg": "1",
            "iro": "0",
            "lpos": "0",
            "lneg": "1",
            "top": "1",
        }


def extra_of(store, item_id: str) -> dict:
    return orjson.loads(rows(store, "SELECT extra FROM items WHERE id = ?", item_id)[0][0])


# --- hypothesis ---------------------------------------------------------------------------------------

_HOSTILE = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(['"', ",", ";", "\t", "|", "\r", "\n", "\x1e", "\x00", "=", "\ufeff", "'", "@", "#"]),
    ),
    max_size=40,
)
_FORMULAS = st.sampled_from(["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"])


@settings(max_examples=80, deadline=None)
@given(
    texts=st.lists(st.one_of(_HOSTILE, _FORMULAS), min_size=1, max_size=8),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    terminator=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
)
def test_round_trip_of_hostile_cells(texts, delimiter, terminator, bom):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=terminator)
    writer.writerow(["id", "text", "note"])
    for number, text in enumerate(texts):
        writer.writerow([number, text, f"n{number}"])
    data = ("\ufeff" if bom else "") + buffer.getvalue()
    result = items(data.encode("utf-8"), name="hostile.csv")
    assert [i["text"] for i in result] == [text if text != "" else None for text in texts]
    assert [extra(i) for i in result] == [{"note": f"n{n}"} for n in range(len(texts))]


def _twcs_head() -> bytes:
    return EXPORT.encode("utf-8") + b"".join(
        f'{n},{200000 + n},user{n},{n % 2 == 0},Wed Nov 01 1{n % 10}:00:00 +0000 2017,"testo, {n}",,{199999 + n}.0\n'.encode()
        for n in range(3, 12)
    )


def _check(data: bytes, options: ImportOptions) -> tuple[set[str], set[int], int]:
    ids, rejects, skipped = set(), set(), 0
    for output in table_format.records(entry_of(data), options):
        if isinstance(output, Record):
            orjson.dumps(output.data)
            try:
                ids.add(table_format.map_item(output.data)["id"])
            except MappingError:
                rejects.add(output.line)
        elif isinstance(output, Reject):
            rejects.add(output.line)
        else:
            assert isinstance(output, Skipped)
            skipped += 1
    return ids, rejects, skipped


@settings(max_examples=80, deadline=None)
@given(
    cut=st.integers(0, len(_twcs_head())), encoding=st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16"])
)
def test_truncated_and_mis_encoded(cut, encoding):
    data = _twcs_head().decode("utf-8").encode(encoding, "replace")[:cut]
    _check(data, TWCS_OPTIONS)
    _check(data, ImportOptions())


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.floats(0.3, 1),
    noise=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=6)), max_size=4),
)
def test_import_accounts_for_every_row(cut, noise):
    data = bytearray(_twcs_head())
    for where, garbage in noise:
        at = int(len(data) * where)
        data[at:at] = garbage
    data = bytes(data[: int(len(data) * cut)])
    ids, rejects, skipped = _check(data, TWCS_OPTIONS)
    with tempfile.TemporaryDirectory() as folder, Store.open(None) as store:
        path = Path(folder) / "export.csv"
        path.write_bytes(data)
        summary = import_paths(store, path, format_name="table", options=TWCS_OPTIONS)
        assert summary.status == "done"
        assert {r[0] for r in rows(store, "SELECT id FROM items")} == ids
        quarantined = rows(store, "SELECT source, line FROM quarantine")
        assert {line for _, line in quarantined} == rejects
        assert all(source == str(path) for source, _ in quarantined)
        assert summary.totals().skipped == skipped


_ODD = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


@settings(max_examples=100, deadline=None)
@given(index=st.integers(0, 2), swaps=st.lists(st.tuples(st.integers(0, 100), _ODD), min_size=1, max_size=6))
def test_wrongly_typed_records(index, swaps):
    records = [o.data for o in outputs(EXPORT, mapping=TWCS_MAPPING) if isinstance(o, Record)]
    data = orjson.loads(orjson.dumps(records[index]))
    targets = [(data, key) for key in data]
    targets += [(data["row"], key) for key in data["row"]]
    targets += [(data["_pp"], key) for key in data["_pp"]]
    targets += [(data["_pp"]["mapping"], key) for key in data["_pp"]["mapping"]]
    for position, value in swaps:
        container, key = targets[position % len(targets)]
        container[key] = value
    try:
        item = table_format.map_item(data)
    except MappingError:
        return
    assert isinstance(item["id"], str) and item["id"] and item["kind"] in KINDS
