"""The listening query language: parsing, errors with columns, matching in DuckDB and in Python."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passaparola.query import (
    And,
    Hashtag,
    Mention,
    Not,
    Or,
    Phrase,
    Query,
    QuerySyntaxError,
    Word,
    compile,
    matches,
    normalise,
    parse,
    words,
)
from passaparola.store import SEARCH_COLUMNS, Batch, Store, compress_raw, search_value

T0 = datetime(2026, 1, 1, tzinfo=UTC)
W, P, H, M = Word, Phrase, Hashtag, Mention


def A(*ops: Query) -> And:
    return And(ops)


def O(*ops: Query) -> Or:  # noqa: E743
    return Or(ops)


# --- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aurora", W("aurora")),
        ('"caffè aurora"', P("caffè aurora")),
        ("“caffè aurora”", P("caffè aurora")),
        ("#AuroraCaffè", H("AuroraCaffè")),
        ("@caffe.aurora@mastodon.social", M("caffe.aurora@mastodon.social")),
        ("coca-cola", W("coca-cola")),
        # implicit AND, and AND chains, are one n-ary node
        ("a b c", A(W("a"), W("b"), W("c"))),
        ("a AND b c", A(W("a"), W("b"), W("c"))),
        # NOT > AND > OR
        ("a b OR c", O(A(W("a"), W("b")), W("c"))),
        ("a OR b c", O(W("a"), A(W("b"), W("c")))),
        ("a OR b AND c OR d", O(W("a"), A(W("b"), W("c")), W("d"))),
        ("NOT a b", A(Not(W("a")), W("b"))),
        ("NOT a OR b", O(Not(W("a")), W("b"))),
        ("NOT NOT a", Not(Not(W("a")))),
        ("-a b", A(Not(W("a")), W("b"))),
        ('-"aurora boreale" -#x -@y', A(Not(P("aurora boreale")), Not(H("x")), Not(M("y")))),
        ("--a", Not(Not(W("a")))),
        ("a -(b OR c)", A(W("a"), Not(O(W("b"), W("c"))))),
        # parentheses group and are kept as written
        ("(a OR b) c", A(O(W("a"), W("b")), W("c"))),
        ("((a))", W("a")),
        ("(a b) c", A(A(W("a"), W("b")), W("c"))),
        ("a OR (b OR c)", O(W("a"), O(W("b"), W("c")))),
        ("NOT (a OR b)", Not(O(W("a"), W("b")))),
        ("a(b)", A(W("a"), W("b"))),
        ('x"y z"', A(W("x"), P("y z"))),
        # quoting keywords searches for the word
        ('"OR" "and"', A(P("OR"), P("and"))),
        (
            '("caffè aurora" OR #auroracaffe OR @caffeaurora) AND NOT "aurora boreale"',
            A(O(P("caffè aurora"), H("auroracaffe"), M("caffeaurora")), Not(P("aurora boreale"))),
        ),
        # the design document's example: NOT binds to one term
        (
            '("caffè aurora" OR #auroracaffe) AND NOT aurora boreale',
            A(O(P("caffè aurora"), H("auroracaffe")), Not(W("aurora")), W("boreale")),
        ),
        ("  a\n\tOR\r\nb  ", O(W("a"), W("b"))),
    ],
)
def test_parse(text, expected):
    assert parse(text) == expected
    assert parse(str(expected)) == expected


def test_canonical_text():
    assert str(parse("a b OR -c")) == "(a AND b) OR NOT c"
    assert str(parse('("caffè aurora" OR #x) -"aurora boreale"')) == (
        '("caffè aurora" OR #x) AND NOT "aurora boreale"'
    )
    assert str(parse("NOT (a b)")) == "NOT (a AND b)"


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("", 1, "empty query"),
        ("   ", 1, "empty query"),
        ("a AND", 6, "after AND, got the end of the query"),
        ("a AND   ", 6, "after AND, got the end of the query"),
        ("AND a", 1, "got AND"),
        ("a OR OR b", 6, "after OR, got OR"),
        ("a OR", 5, "after OR"),
        ("NOT", 4, "after NOT"),
        ("a NOT", 6, "after NOT"),
        ("(a OR b", 1, "unclosed '(': expected ')'"),
        ("((a) b", 1, "unclosed '('"),
        ("(a) (b", 5, "unclosed '('"),
        ("a)", 2, "unexpected ')'"),
        ("(a))", 4, "unexpected ')'"),
        ("()", 2, "after '(', got ')'"),
        ("(a OR)", 6, "after OR, got ')'"),
        ('a "caffè aurora', 3, "unterminated phrase"),
        ('a ""', 3, "empty phrase"),
        ('a " ,. "', 3, "empty phrase"),
        ("#", 1, "expected a hashtag after '#'"),
        ("a # b", 3, "expected a hashtag after '#'"),
        ("@", 1, "expected a handle after '@'"),
        ("a @)", 3, "expected a handle after '@'"),
        ("#aurora,caffe", 8, "in the hashtag, got ','"),
        ("#·x", 2, "in the hashtag, got '·'"),
        ("@anna.", 6, "a handle ends with a letter or a digit"),
        ("@a@b@c", 5, "one '@'"),
        ("a - b", 3, "expected a term after '-'"),
        ("a -", 3, "expected a term after '-'"),
        ("(a -)", 4, "expected a term after '-'"),
        ("-AND a", 2, "after '-', got AND"),
        ("caffè or aurora", 7, "write OR alone and in capitals"),
        ("Not aurora", 1, "write NOT alone"),
        ("a AND, b", 3, "reads as an operator"),
        ("a , b", 3, "expected a word with a letter or a digit, got ','"),
        ("a && b", 3, "got '&&'"),
    ],
)
def test_syntax_errors_point_at_the_column(text, column, expected):
    with pytest.raises(QuerySyntaxError) as caught:
        parse(text)
    assert caught.value.column == column
    assert expected in caught.value.message
    assert str(caught.value).startswith(f"column {column}: ")


def test_error_format_puts_a_caret_under_the_column():
    with pytest.raises(QuerySyntaxError) as caught:
        parse('("caffè aurora" OR #auroracaffe AND NOT')
    assert caught.value.format().splitlines() == [
        '("caffè aurora" OR #auroracaffe AND NOT',
        "                                       ^",
        "column 40: expected a word, a \"phrase\", a #hashtag, an @handle or '(' after NOT, got the end "
        "of the query",
    ]
    with pytest.raises(QuerySyntaxError) as caught:
        parse("a OR\n\tb (c")
    assert caught.value.column == 9
    assert caught.value.format().splitlines()[:2] == ["\tb (c", "\t  ^"]
    assert caught.value.format().splitlines()[2].startswith("line 2, column 4: unclosed '('")


def test_nodes_refuse_what_the_parser_would():
    for bad in (lambda: W("a b"), lambda: W("or"), lambda: W("-a"), lambda: W("!!"), lambda: P("")):
        with pytest.raises(ValueError):
            bad()
    with pytest.raises(ValueError):
        H("a b")
    with pytest.raises(ValueError):
        M("anna.")
    with pytest.raises(TypeError):
        And((W("a"),))
    with pytest.raises(TypeError):
        Or((W("a"), "b"))  # type: ignore[arg-type]


def test_normalise_strips_accents_and_case():
    assert normalise("CAFFÈ Ça İstanbul ÅNGSTRÖM") == "caffe ca istanbul angstrom"
    assert normalise("cafe\u0301") == "cafe"
    assert words("L’Aurora, caffè-bar #x_y!") == ["l", "aurora", "caffe", "bar", "x_y"]


# --- matching: hand-built items in a store ----------------------------------------------------

_ids = count()


def item(text: str | None = None, **fields) -> dict:
    id_ = str(next(_ids))
    base = {
        "platform": "twitter",
        "id": id_,
        "kind": "post",
        "created_at": T0,
        "text": text,
        "format": "test",
        "source": "test.jsonl",
        "source_line": 1,
        "import_id": 1,
        "observed_at": T0,
        "ingested_at": T0,
        "raw": compress_raw({"id": id_}),
    }
    base.update(fields)
    return base


@pytest.fixture(scope="module")
def memory_store():
    with Store.open(None) as store:
        yield store


_SEARCHED = {"title": pa.string(), "text": pa.string(), "author_handle": pa.string()}
_SEARCHED |= {"hashtags": pa.list_(pa.string()), "mentions": pa.list_(pa.string())}


def engine_matches(
    store: Store, queries: list[Query], items: list[dict], *, quick: bool = False
) -> list[list[bool]]:
    """Make ``items`` the only items in the store, evaluate each query on each item in DuckDB (one
    SELECT), and give, per query, a hit per item. ``quick`` inserts the searched columns directly
    (3 ms) rather than through ``Store.write`` (35 ms), for property tests."""
    store.con.execute("DELETE FROM items")
    if quick:
        columns = {"platform": pa.string(), "id": pa.string(), "kind": pa.string(), **_SEARCHED}
        rows = pa.table({c: pa.array([i.get(c) for i in items], t) for c, t in columns.items()})
        store.con.register("query_test_rows", rows)
        searched = ", ".join(search_value(source) for source in SEARCH_COLUMNS.values())
        store.con.execute(
            f"INSERT INTO items ({', '.join(columns)}, {', '.join(SEARCH_COLUMNS)}) "
            f"SELECT *, {searched} FROM query_test_rows"
        )
        store.con.unregister("query_test_rows")
    else:
        store.write(1, Batch(items=items))
    table = store.table("items")
    hits = {f"q{n}": compile(query, table) for n, query in enumerate(queries)}
    result = table.select("id", **hits).to_pyarrow().to_pylist()
    by_id = {row["id"]: row for row in result}
    return [[by_id[i["id"]][name] for i in items] for name in hits]


def oracle(queries: list[Query], items: list[dict]) -> list[list[bool]]:
    return [[matches(query, i) for i in items] for query in queries]


CASES: list[tuple[str, dict, bool]] = [
    # case and accents, both ways
    ("caffe", item("Un CAFFÈ al bar"), True),
    ("CAFFÈ", item("un caffe al bar"), True),
    ("caffè", item("un cafe\u0301 e un caffe\u0300"), True),
    ("istanbul", item("İSTANBUL"), True),
    # word boundaries
    ("aurora", item("l'aurora boreale"), True),
    ("aurora", item("auroraboreale"), False),
    ("aurora", item("#aurora oggi"), True),
    ("aurora", item("caffe_aurora"), False),
    ("caffè", item("caffèlatte"), False),
    ("2026", item("in 2026!"), True),
    ("202", item("in 2026!"), False),
    # phrases: consecutive words, any whitespace or punctuation between
    ('"caffè aurora"', item("Caffè-Aurora!"), True),
    ('"caffè aurora"', item("caffè,\n  aurora"), True),
    ('"caffè aurora"', item("caffè dell'aurora"), False),
    ('"caffè aurora"', item("aurora caffè"), False),
    ('"caffè aurora"', item("caffè auroras"), False),
    ("coca-cola", item("Coca Cola"), True),
    ("l'aurora", item("L’aurora"), True),
    ('"aurora boreale"', item("AURORA  BOREALE."), True),
    # title and text are both searched, each on its own
    ("aurora", item(None, title="Aurora"), True),
    ("aurora caffè", item("caffè", title="aurora"), True),
    ('"aurora caffè"', item("caffè", title="aurora"), False),
    # null text never matches and never errors; NOT is plain negation
    ("aurora", item(None), False),
    ("NOT aurora", item(None), True),
    ("#aurora", item(None), False),
    ("@aurora", item(None), False),
    # hashtags: the list when there is one, the text when it is null
    ("#auroracaffe", item("niente", hashtags=["auroracaffe"]), True),
    ("#AuroraCaffè", item("niente", hashtags=["auroracaffe"]), True),
    ("#auroracaffe", item("niente", hashtags=["auroracaffè"]), True),
    ("#auroracaffe", item("#auroracaffe", hashtags=[]), False),
    ("#auroracaffe", item("#auroracaffe", hashtags=["altro"]), False),
    ("#auroracaffe", item("ciao #AuroraCaffè!"), True),
    ("#auroracaffe", item("ciao #auroracaffeina"), False),
    ("#auroracaffe", item("ciao auroracaffe"), False),
    ("#auroracaffe", item("x.com/#auroracaffe"), False),
    ("#l·leida", item("#L·leida"), True),
    ("#l", item("#l·leida"), False),
    # @handle: mentioned or the author
    ("@caffeaurora", item("niente", mentions=["caffeaurora"]), True),
    ("@CaffeAurora", item("niente", mentions=["caffeaurora"]), True),
    ("@caffeaurora", item("niente", author_handle="CaffeAurora"), True),
    ("@caffeaurora", item("@caffeaurora", mentions=[]), False),
    ("@caffeaurora", item("grazie @CaffeAurora."), True),
    ("@caffeaurora", item("grazie @caffeaurora_it"), False),
    ("@caffeaurora", item("scrivi a info@caffeaurora"), False),
    ("@caffeaurora", item("caffeaurora"), False),
    ("@anna", item("x", mentions=["anna@mastodon.social"]), True),
    ("@anna", item("x", author_handle="anna@mastodon.social"), True),
    ("@anna", item("ciao @anna@mastodon.social"), True),
    ("@anna", item("x", mentions=["anna.bsky.social"]), False),
    ("@anna", item("ciao @anna.bsky.social"), False),
    ("@anna.bsky.social", item("x", mentions=["anna.bsky.social"]), True),
    ("@anna@mastodon.social", item("x", mentions=["anna@mastodon.social"]), True),
    ("@anna@mastodon.social", item("x", mentions=["anna@other.social"]), False),
    ("@anna@mastodon.social", item("x", mentions=["anna"]), False),
    # the brand query
    (
        '("caffè aurora" OR #auroracaffe OR @caffeaurora) -"aurora boreale"',
        item("Al Caffè Aurora si vede l'aurora boreale"),
        False,
    ),
    (
        '("caffè aurora" OR #auroracaffe OR @caffeaurora) -"aurora boreale"',
        item("Al Caffè Aurora, aurora e boreale"),
        True,
    ),
    ("a OR b", item("b"), True),
    ("a b", item("b a"), True),
    ("a -b", item("b a"), False),
]


def test_matching_in_duckdb_and_in_python(memory_store):
    items = [case[1] for case in CASES]
    for query_text, one, expected in CASES:
        assert matches(parse(query_text), one) is expected, (query_text, one["text"])
    # every query over every item at once: the engine agrees with the oracle, and with the table above
    queries_ = [parse(text) for text in dict.fromkeys(case[0] for case in CASES)]
    for query, engine, python in zip(
        queries_, engine_matches(memory_store, queries_, items), oracle(queries_, items), strict=True
    ):
        assert engine == python, str(query)


def test_a_table_without_the_stores_search_columns_is_normalised_on_the_fly(memory_store):
    items = [case[1] for case in CASES]
    queries_ = [parse(text) for text in dict.fromkeys(case[0] for case in CASES)]
    stored = engine_matches(memory_store, queries_, items)
    table = memory_store.table("items").drop("search_title", "search_text")
    hits = table.select("id", **{f"q{n}": compile(q, table) for n, q in enumerate(queries_)})
    by_id = {row["id"]: row for row in hits.to_pyarrow().to_pylist()}
    assert [[by_id[i["id"]][f"q{n}"] for i in items] for n in range(len(queries_))] == stored


def test_compiled_expression_is_plain_sql(memory_store):
    table = memory_store.table("items")
    sql = str(table.filter(compile(parse("#x @y z"), table)).compile()).lower()
    # the stored normalised text, searched by a regular expression only where a substring test passes
    assert "search_text" in sql and "contains(" in sql and "regexp_matches" in sql
    bare = table.drop("search_title", "search_text")
    assert "strip_accents" in str(bare.filter(compile(parse("z"), bare)).compile()).lower()


def test_regex_metacharacters_in_terms_are_literal(memory_store):
    items = [item("a.b"), item("axb"), item("#a.b"), item("@a.b"), item("ciao", author_handle="a.b")]
    queries_ = [parse('#a "a.b" @a.b'), parse("@a.b"), parse("a.b")]
    assert engine_matches(memory_store, queries_, items) == oracle(queries_, items)
    assert oracle(queries_, items)[1] == [False, False, False, True, True]
    assert oracle(queries_, items)[2] == [True, False, True, True, False]


# --- properties ---------------------------------------------------------------------------------

_LETTERS = "abcèÈZ9_"


def _valid(kind):
    def check(text: str) -> bool:
        try:
            kind(text)
        except ValueError:
            return False
        return True

    return check


_words = st.text(_LETTERS + "'.,!-#@·" + "\u0301", min_size=1, max_size=6).filter(_valid(Word))
_phrases = st.text(_LETTERS + " .,'-#@()\t" + "AND OR", min_size=1, max_size=10).filter(_valid(Phrase))
_tags = st.text(_LETTERS + "·", min_size=1, max_size=5).filter(_valid(Hashtag))
_handles = st.text(_LETTERS + ".-@", min_size=1, max_size=8).filter(_valid(Mention))


def queries(
    words=_words, phrases=_phrases, tags=_tags, handles=_handles, max_leaves=8
) -> st.SearchStrategy[Query]:
    leaves = st.one_of(words.map(Word), phrases.map(Phrase), tags.map(Hashtag), handles.map(Mention))
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            children.map(Not),
            st.lists(children, min_size=2, max_size=3).map(lambda ops: And(tuple(ops))),
            st.lists(children, min_size=2, max_size=3).map(lambda ops: Or(tuple(ops))),
        ),
        max_leaves=max_leaves,
    )


@settings(max_examples=300, deadline=None)
@given(queries())
def test_printed_queries_parse_back_to_the_same_tree(query):
    assert parse(str(query)) == query


_PIECES = ["AND", "OR", "NOT", "and", "(", ")", '"', "“", "”", "#", "@", "-", "a", "è", ".", "·", "_"]
_PIECES += ["x@y", "#a", "@b", " ", "\n", "b c", "\u0301"]
_SYNTAX = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))


@settings(max_examples=500, deadline=None)
@given(_SYNTAX)
def test_any_text_parses_or_fails_with_a_column_inside_it(text):
    try:
        query = parse(text)
    except QuerySyntaxError as error:
        assert 1 <= error.column <= len(text) + 1
        assert error.message
        assert error.format().count("\n") == 2
    else:
        assert parse(str(query)) == query


# small alphabets, so that random terms and random items meet often
_TINY = "abàÁ"
_tiny_words = st.text(_TINY, min_size=1, max_size=2)
_oracle_queries = queries(
    words=st.one_of(_tiny_words, st.tuples(_tiny_words, st.sampled_from("-'."), _tiny_words).map("".join)),
    phrases=st.lists(_tiny_words, min_size=1, max_size=3).map(" ".join),
    tags=st.text(_TINY + "·", min_size=1, max_size=2).filter(_valid(Hashtag)),
    handles=st.text(_TINY + ".@", min_size=1, max_size=3).filter(_valid(Mention)),
    max_leaves=6,
)
# words with the sigils and neighbours that decide a token's edges: "&#x" is an HTML entity, "x.com/#y"
# a URL, "a@b" an e-mail address, "@anna@server" a Mastodon handle, "@anna.bsky.social" a longer handle
_prefixes = st.sampled_from(["", "", "", "#", "@", " #", " @", "&#", "/#", "/@", "a#", "b@", "@@", "##"])
_separators = st.sampled_from([*" ,.-'#@·&/_\n\u0301İΣ", ". ", "-a", ".b", "·a", "@a.b", "@b", "." + "\n"])
_text = st.lists(st.tuples(_prefixes, _tiny_words, _separators).map("".join), max_size=6).map("".join)
_items = st.builds(
    lambda text, title, hashtags, mentions, author: item(
        text, title=title, hashtags=hashtags, mentions=mentions, author_handle=author
    ),
    text=st.sampled_from([True, True, True, False]).flatmap(lambda known: _text if known else st.none()),
    title=st.none() | _text,
    hashtags=st.none() | st.lists(st.text(_TINY + "·", min_size=1, max_size=2), max_size=3),
    mentions=st.none() | st.lists(st.text(_TINY + ".@", min_size=1, max_size=3), max_size=3),
    author=st.none() | st.text(_TINY + ".@", min_size=1, max_size=3),
)


# each regular expression costs DuckDB ~2 ms to compile (Unicode classes), hence the modest sizes
@settings(max_examples=100, deadline=None)
@given(st.lists(_oracle_queries, min_size=1, max_size=3), st.lists(_items, min_size=1, max_size=8))
def test_duckdb_agrees_with_the_python_oracle(memory_store, queries_, items):
    assert engine_matches(memory_store, queries_, items, quick=True) == oracle(queries_, items), [
        str(q) for q in queries_
    ]
