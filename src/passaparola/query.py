"""The listening query language: find the talk about a brand.

A query, as written in ``passaparola.toml``::

    ("caffè aurora" OR #auroracaffe OR @caffeaurora) AND NOT "aurora boreale"

Terms
- ``word``: a bare word. Matched on word boundaries over the item's ``title`` and ``text``: ``aurora``
  does not match ``auroraboreale``. Punctuation inside a word separates words as in a phrase, so
  ``coca-cola`` and ``l'aurora`` are the phrases ``"coca cola"`` and ``"l aurora"`` (they also find
  ``Coca Cola`` and ``L’aurora``). A word needs a letter or a digit.
- ``"a phrase"``: its words, consecutive, with any whitespace or punctuation between them:
  ``"caffè aurora"`` finds ``Caffè-Aurora`` and ``caffè, aurora`` but not ``caffè dell'aurora``. Straight
  (``"``) or typographic (``“ ”``) quotes; a phrase cannot contain a quote.
- ``#hashtag``: the item's ``hashtags`` list holds it. When ``hashtags`` is null (the importer did not
  say), a ``#hashtag`` token in the title or text counts instead. Letters, digits, ``_`` and ``·``.
- ``@handle``: the item mentions the handle or is written by it: the ``mentions`` list holds it (or,
  when ``mentions`` is null, an ``@handle`` token is in the title or text), or ``author_handle`` is it.
  A handle without a domain matches that name on any server (``@anna`` finds ``anna`` and
  ``anna@mastodon.social``); ``@anna@mastodon.social`` only that account. Letters, digits, ``_``, ``.``,
  ``-`` and one ``@``; it ends with a letter or digit.

Every comparison is case- and accent-insensitive (``caffe`` finds ``caffè`` and ``CAFFÈ``): text and
terms are both normalised by :func:`normalise`. A "word character" is a Unicode letter, digit or ``_``.

Operators
- ``NOT x``, also written ``-x`` (a ``-`` at the start of a term): items that do not match ``x``.
- ``x AND y``, also written ``x y`` (implicit AND between adjacent terms): both.
- ``x OR y``: either.
- Precedence NOT > AND > OR, so ``a b OR c`` is ``(a AND b) OR c`` and ``NOT a b`` is ``(NOT a) AND b``:
  write ``NOT "aurora boreale"`` or ``NOT (aurora boreale)`` to exclude the pair. Parentheses group.
- Operators are upper-case. A bare word that reads as one in any other case (``or``, ``Not``, ``AND,``)
  is rejected, being almost always a mistyped operator; quote it (``"or"``) to search for the word.
- A ``-`` followed by a space, a ``)`` or nothing is an error.

Every item either matches or not: an item with no title and no text contains no word, so ``NOT x`` is
true for it, and null never leaks out of :func:`compile`.

API: :func:`parse` gives a :class:`Query` (a tree of frozen dataclasses whose ``str()`` is the query in
canonical form, parsing back to an equal tree) or raises :class:`QuerySyntaxError` pointing at the
offending column. :func:`compile` turns a query into an Ibis boolean column over a table with the
canonical columns, evaluated by the engine (DuckDB's ``strip_accents``, ``lower`` and RE2
``regexp_matches``; on another engine ``strip_accents`` must exist under that name). :func:`matches`
evaluates a query on one item dict in pure Python, with the same semantics.

Cost in DuckDB: each word, phrase and text fallback is one RE2 search of each field, and
``strip_accents`` of non-ASCII text is the costliest step (measured on 2 cores, 200,000 items of 180
characters: 0.6 s for a one-term query, 0.3 s more per further term). Compiling each regular expression
costs about 2 ms (Unicode classes), once per query execution.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache, reduce
from typing import Any

import ibis
import ibis.expr.types as ir

__all__ = [
    "And",
    "Hashtag",
    "Mention",
    "Not",
    "Or",
    "Phrase",
    "Query",
    "QuerySyntaxError",
    "Word",
    "compile",
    "matches",
    "normalise",
    "parse",
    "words",
]

KEYWORDS = ("AND", "OR", "NOT")
QUOTES = '"\u201c\u201d'
_STRUCTURAL = "()" + QUOTES
_MIDDLE_DOT = "\u00b7"
_TERM_EXPECTED = "a word, a \"phrase\", a #hashtag, an @handle or '('"


# --- normalisation ------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def is_word_char(ch: str) -> bool:
    """A Unicode letter, digit (categories L*, N*) or ``_``: RE2's ``[\\pL\\pN_]``."""
    return ch == "_" or unicodedata.category(ch)[0] in "LN"


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


def normalise(text: str) -> str:
    """Accents stripped, then lower-cased, exactly as DuckDB's ``lower(strip_accents(x))``.

    ``strip_accents`` (utf8proc) decomposes canonically, drops every combining mark (category M) and
    recomposes; ``lower`` maps code point by code point (no final-sigma rule), as done here.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text)
    stripped = unicodedata.normalize("NFC", "".join(c for c in decomposed if not _is_mark(c)))
    return "".join(c.lower() for c in stripped)


def words(text: str) -> list[str]:
    """The words of ``text`` once normalised: maximal runs of word characters."""
    found: list[str] = []
    current: list[str] = []
    for ch in normalise(text):
        if is_word_char(ch):
            current.append(ch)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


# --- syntax errors ------------------------------------------------------------------------------


class QuerySyntaxError(ValueError):
    """A query that does not parse. ``column`` is the 1-based position of the offending character in
    ``query`` (``len(query) + 1`` at most, meaning its end); the message says what was expected."""

    def __init__(self, message: str, query: str, column: int):
        super().__init__(f"column {column}: {message}")
        self.message = message
        self.query = query
        self.column = column

    def format(self) -> str:
        """The query's line holding the error, a caret under the column, and the message."""
        offset = self.column - 1
        start = self.query.rfind("\n", 0, offset) + 1
        end = self.query.find("\n", start)
        line = self.query[start : len(self.query) if end == -1 else end]
        pad = "".join(_pad(ch) for ch in line[: offset - start])
        where = f"column {self.column}"
        if start:
            where = f"line {self.query.count(chr(10), 0, start) + 1}, column {offset - start + 1}"
        return f"{line}\n{pad}^\n{where}: {self.message}"


def _pad(ch: str) -> str:
    if ch == "\t":
        return "\t"
    if _is_mark(ch) or unicodedata.category(ch) == "Cf":
        return ""
    return "  " if unicodedata.east_asian_width(ch) in "WF" else " "


# --- the syntax tree ----------------------------------------------------------------------------


class Query:
    """A parsed query: a node of the syntax tree. ``str(query)`` is its canonical text."""

    __slots__ = ()


def _check(problem: tuple[int, str] | None, kind: str, text: str) -> None:
    if problem is not None:
        raise ValueError(f"invalid {kind} {text!r}: {problem[1]}")


def _word_problem(text: str) -> tuple[int, str] | None:
    """Why ``text`` cannot be a bare word (offset into it, message), or ``None``."""
    for i, ch in enumerate(text):
        if ch.isspace() or ch in _STRUCTURAL:
            return i, f"a word cannot contain {ch!r}"
    if not text or text[0] in "#@-":
        return 0, "a word cannot start with '#', '@' or '-'"
    found = words(text)
    if not found:
        return 0, f"expected a word with a letter or a digit, got {text!r}"
    if len(found) == 1 and found[0].upper() in KEYWORDS:
        return 0, (
            f"{text!r} reads as an operator: write {found[0].upper()} alone and in capitals, "
            f'or quote "{text}" to search for the word'
        )
    return None


def _phrase_problem(text: str) -> tuple[int, str] | None:
    for i, ch in enumerate(text):
        if ch in QUOTES:
            return i, "a phrase cannot contain a quote"
    if not words(text):
        return 0, "empty phrase: expected a word with a letter or a digit between the quotes"
    return None


def _hashtag_problem(tag: str) -> tuple[int, str] | None:
    if not tag:
        return 0, "expected a hashtag after '#'"
    for i, ch in enumerate(tag):
        if not (is_word_char(ch) or (i and (ch == _MIDDLE_DOT or _is_mark(ch)))):
            return i, f"expected a letter, a digit or '_' in the hashtag, got {ch!r}"
    return None


def _handle_problem(handle: str) -> tuple[int, str] | None:
    if not handle:
        return 0, "expected a handle after '@'"
    at_seen = False
    for i, ch in enumerate(handle):
        if is_word_char(ch) or (i and (ch in ".-" or _is_mark(ch))):
            continue
        if i and ch == "@" and not at_seen:
            at_seen = True
            continue
        return i, f"expected a letter, a digit, '_', '.', '-' or one '@' in the handle, got {ch!r}"
    last = handle[-1]
    if not (is_word_char(last) or _is_mark(last)):
        return len(handle) - 1, f"a handle ends with a letter or a digit, not {last!r}"
    return None


@dataclass(frozen=True)
class Word(Query):
    """A bare word, as written (``coca-cola``)."""

    text: str

    def __post_init__(self) -> None:
        _check(_word_problem(self.text), "word", self.text)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Phrase(Query):
    """A quoted phrase: the text between the quotes, as written."""

    text: str

    def __post_init__(self) -> None:
        _check(_phrase_problem(self.text), "phrase", self.text)

    def __str__(self) -> str:
        return f'"{self.text}"'


@dataclass(frozen=True)
class Hashtag(Query):
    """``#tag``: the tag as written, without ``#``."""

    tag: str

    def __post_init__(self) -> None:
        _check(_hashtag_problem(self.tag), "hashtag", self.tag)

    def __str__(self) -> str:
        return f"#{self.tag}"


@dataclass(frozen=True)
class Mention(Query):
    """``@handle``: the handle as written, without the leading ``@``."""

    handle: str

    def __post_init__(self) -> None:
        _check(_handle_problem(self.handle), "handle", self.handle)

    def __str__(self) -> str:
        return f"@{self.handle}"


@dataclass(frozen=True)
class Not(Query):
    operand: Query

    def __post_init__(self) -> None:
        if not isinstance(self.operand, Query):
            raise TypeError(f"NOT needs a query, got {type(self.operand).__name__}")

    def __str__(self) -> str:
        return f"NOT {_grouped(self.operand, (And, Or))}"


def _operands(node: Query, name: str, operands: Iterable[Query]) -> None:
    values = tuple(operands)
    if len(values) < 2 or not all(isinstance(v, Query) for v in values):
        raise TypeError(f"{name} needs two queries or more")
    object.__setattr__(node, "operands", values)


@dataclass(frozen=True)
class And(Query):
    operands: tuple[Query, ...]

    def __post_init__(self) -> None:
        _operands(self, "AND", self.operands)

    def __str__(self) -> str:
        return " AND ".join(_grouped(op, (And, Or)) for op in self.operands)


@dataclass(frozen=True)
class Or(Query):
    operands: tuple[Query, ...]

    def __post_init__(self) -> None:
        _operands(self, "OR", self.operands)

    def __str__(self) -> str:
        # an AND inside an OR needs no parentheses (it binds tighter) but reads better with them
        return " OR ".join(_grouped(op, (And, Or)) for op in self.operands)


def _grouped(node: Query, kinds: tuple[type, ...]) -> str:
    return f"({node})" if isinstance(node, kinds) else str(node)


# --- lexer --------------------------------------------------------------------------------------

_LEAVES = {"word": Word, "phrase": Phrase, "hashtag": Hashtag, "mention": Mention}
_STARTS = frozenset({*_LEAVES, "(", "NOT"})


@dataclass(frozen=True)
class _Token:
    kind: str  # word, phrase, hashtag, mention, (, ), AND, OR, NOT, end
    value: str
    start: int  # 0-based offset in the query

    def describe(self) -> str:
        if self.kind == "end":
            return "the end of the query"
        if self.kind in _LEAVES:
            return f"{self.kind} {self.value!r}"
        return f"'{self.value}'" if self.kind in "()" or self.value == "-" else self.value


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Token(ch, ch, i))
            i += 1
        elif ch in QUOTES:
            end = next((j for j in range(i + 1, n) if text[j] in QUOTES), -1)
            if end == -1:
                raise QuerySyntaxError("unterminated phrase: expected a closing '\"'", text, i + 1)
            body = text[i + 1 : end]
            if _phrase_problem(body) is not None:
                raise QuerySyntaxError(
                    "empty phrase: expected a word with a letter or a digit between the quotes", text, i + 1
                )
            tokens.append(_Token("phrase", body, i))
            i = end + 1
        elif ch == "-":
            following = text[i + 1] if i + 1 < n else ""
            if not following or following.isspace() or following == ")":
                raise QuerySyntaxError(
                    "expected a term after '-' (write -word to exclude a word)", text, i + 1
                )
            tokens.append(_Token("NOT", "-", i))
            i += 1
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] not in _STRUCTURAL:
                end += 1
            tokens.append(_bare(text, text[i:end], i))
            i = end
    tokens.append(_Token("end", "", len(text.rstrip())))
    return tokens


def _bare(text: str, run: str, start: int) -> _Token:
    if run in KEYWORDS:
        return _Token(run, run, start)
    if run[0] in "#@":
        kind, check = ("hashtag", _hashtag_problem) if run[0] == "#" else ("mention", _handle_problem)
        problem = check(run[1:])
        if problem is not None:
            offset, message = problem
            column = start + 1 if len(run) == 1 else start + 2 + offset
            raise QuerySyntaxError(message, text, column)
        return _Token(kind, run[1:], start)
    problem = _word_problem(run)
    if problem is not None:
        raise QuerySyntaxError(problem[1], text, start + 1 + problem[0])
    return _Token("word", run, start)


# --- parser -------------------------------------------------------------------------------------


def parse(text: str) -> Query:
    """Parse a listening query; raise :class:`QuerySyntaxError` pointing at the offending column."""
    return _Parser(text).parse()


class _Parser:
    """Recursive descent over::

    query   := or END
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*      (adjacent terms are an implicit AND)
    unary   := ("NOT" | "-") unary | primary
    primary := term | "(" or ")"
    """

    def __init__(self, text: str):
        self.text = text
        self.tokens = _lex(text)
        self.pos = 0

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def error(self, message: str, token: _Token) -> QuerySyntaxError:
        return QuerySyntaxError(message, self.text, token.start + 1)

    def parse(self) -> Query:
        if self.peek().kind == "end":
            raise QuerySyntaxError(f"empty query: expected {_TERM_EXPECTED}", self.text, 1)
        node = self.or_(None)
        token = self.peek()
        if token.kind != "end":  # only a ")" can stop the loops above
            raise self.error("unexpected ')': there is no '(' to close", token)
        return node

    def or_(self, after: _Token | None) -> Query:
        operands = [self.and_(after)]
        while self.peek().kind == "OR":
            operands.append(self.and_(self.take()))
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def and_(self, after: _Token | None) -> Query:
        operands = [self.unary(after)]
        while True:
            kind = self.peek().kind
            if kind == "AND":
                operands.append(self.unary(self.take()))
            elif kind in _STARTS:
                operands.append(self.unary(None))
            else:
                break
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def unary(self, after: _Token | None) -> Query:
        if self.peek().kind == "NOT":
            operator = self.take()
            return Not(self.unary(operator))
        return self.primary(after)

    def primary(self, after: _Token | None) -> Query:
        token = self.peek()
        if token.kind in _LEAVES:
            self.take()
            return _LEAVES[token.kind](token.value)
        if token.kind == "(":
            self.take()
            inner = self.or_(token)
            if self.peek().kind != ")":
                raise self.error("unclosed '(': expected ')' before the end of the query", token)
            self.take()
            return inner
        where = f" after {after.describe()}" if after is not None else ""
        raise self.error(f"expected {_TERM_EXPECTED}{where}, got {token.describe()}", token)


# --- compiling to the engine --------------------------------------------------------------------


@ibis.udf.scalar.builtin(name="strip_accents")
def _strip_accents(text: str) -> str:
    """DuckDB's ``strip_accents``: canonical decomposition without combining marks."""


_W = r"\pL\pN_"
_WORD_START = rf"(?:^|[^{_W}])"
_WORD_END = rf"(?:[^{_W}]|$)"
_TAG_START = rf"(?:^|[^{_W}&/])"  # not inside a word, an HTML entity (&#39;) or a URL fragment (/#x)
_TAG_END = rf"(?:[^{_W}{_MIDDLE_DOT}]|$)"
_HANDLE_START = rf"(?:^|[^{_W}@/])"  # not an e-mail address or a URL path
_HANDLE_END = rf"(?:$|[^{_W}.\-]|[.\-](?:$|[^{_W}]))"  # "@anna." ends; "@anna.bsky.social" goes on


def _re2_escape(text: str) -> str:
    """Escape RE2 metacharacters: every ASCII character but letters and digits (RE2 rejects an escaped
    non-ASCII character, and none is special)."""
    return "".join(f"\\{ch}" if ch.isascii() and not ch.isalnum() else ch for ch in text)


def _words_pattern(terms: list[str]) -> str:
    return _WORD_START + f"[^{_W}]+".join(_re2_escape(t) for t in terms) + _WORD_END


def _norm(column: ir.StringValue) -> ir.StringValue:
    return _strip_accents(column).lower()


class _Columns:
    """The table's normalised columns: the store's ``search_*`` columns when the table has them
    (normalised once, when the row was written), else normalised here."""

    def __init__(self, table: ir.Table):
        self.table = table
        if "search_text" in table.columns:
            self.fields = [table.search_title, table.search_text]
            self.handle, self.hashtags = table.search_handle, table.search_hashtags
            self.mentions = table.search_mentions
        else:
            self.fields = [_norm(table.title), _norm(table.text)]
            self.handle, self.hashtags = _norm(table.author_handle), table.hashtags.map(_norm)
            self.mentions = table.mentions.map(_norm)

    def search(self, pattern: str, literals: list[str]) -> ir.BooleanValue:
        """Whether ``pattern`` matches a field. Every match contains each of ``literals``: the regular
        expression runs only on the fields that contain them all (a substring test is many times cheaper,
        and most items do not mention what a query looks for)."""

        def one(field: ir.StringValue) -> ir.BooleanValue:
            test = field.re_search(pattern)
            for literal in sorted(literals, key=len):  # the longest, usually rarest, tested first
                test = ibis.ifelse(field.contains(literal).fill_null(False), test, False)
            return test

        return reduce(lambda a, b: a | b, (one(f) for f in self.fields))


def compile(query: Query, table: ir.Table) -> ir.BooleanColumn:
    """The query as an Ibis boolean column over ``table`` (which has the canonical ``title``, ``text``,
    ``hashtags``, ``mentions`` and ``author_handle`` columns); never null."""
    return _compile(query, _Columns(table))


def _handle_test(handle: str) -> Callable[[Any], Any]:
    """Whether a stored handle (normalised) is the queried one: equal, or the same name on some server
    when the query names no server. Works on Ibis strings and Python strings alike."""
    if "@" in handle:
        return lambda stored: stored == handle
    return lambda stored: (stored == handle) | stored.startswith(handle + "@")


def _compile(node: Query, cols: _Columns) -> ir.BooleanValue:
    table = cols.table
    if isinstance(node, Word | Phrase):
        terms = words(node.text)
        return cols.search(_words_pattern(terms), terms)
    if isinstance(node, Hashtag):
        tag = normalise(node.tag)
        listed = cols.hashtags.contains(tag).fill_null(False)
        in_text = cols.search(_TAG_START + "\\#" + _re2_escape(tag) + _TAG_END, ["#" + tag])
        return ibis.ifelse(table.hashtags.isnull(), in_text, listed)
    if isinstance(node, Mention):
        handle = normalise(node.handle)
        test = _handle_test(handle)
        listed = cols.mentions.map(test).anys().fill_null(False)
        in_text = cols.search(_HANDLE_START + "\\@" + _re2_escape(handle) + _HANDLE_END, ["@" + handle])
        author = test(cols.handle).fill_null(False)
        return author | ibis.ifelse(table.mentions.isnull(), in_text, listed)
    if isinstance(node, Not):
        return ~_compile(node.operand, cols)
    if isinstance(node, And):
        return reduce(lambda a, b: a & b, (_compile(op, cols) for op in node.operands))
    if isinstance(node, Or):
        return reduce(lambda a, b: a | b, (_compile(op, cols) for op in node.operands))
    raise TypeError(f"not a query node: {node!r}")


# --- evaluating one item in Python --------------------------------------------------------------


class _Item:
    def __init__(self, item: Mapping[str, Any]):
        self.item = item
        self.fields = [normalise(v) for v in (item.get("title"), item.get("text")) if v is not None]
        self._words: list[list[str]] | None = None

    def words(self) -> list[list[str]]:
        if self._words is None:
            self._words = [words(f) for f in self.fields]
        return self._words

    def token(self, sigil: str, value: str, before: str, after: Callable[[str, int], bool]) -> bool:
        """``sigil + value`` in a field, not preceded by a word character or one of ``before``, and
        ending where ``after`` says a token may end."""
        needle = sigil + value
        for field in self.fields:
            at = field.find(needle)
            while at != -1:
                prev = field[at - 1] if at else ""
                if not (prev and (is_word_char(prev) or prev in before)) and after(field, at + len(needle)):
                    return True
                at = field.find(needle, at + 1)
        return False


def _contains_run(haystack: list[str], needle: list[str]) -> bool:
    size = len(needle)
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


def _tag_ends(field: str, end: int) -> bool:
    return end == len(field) or not (is_word_char(field[end]) or field[end] == _MIDDLE_DOT)


def _handle_ends(field: str, end: int) -> bool:
    if end == len(field):
        return True
    ch = field[end]
    if ch in ".-":
        return end + 1 == len(field) or not is_word_char(field[end + 1])
    return not is_word_char(ch)


def matches(query: Query, item: Mapping[str, Any]) -> bool:
    """Whether one item (a dict with the canonical columns; missing keys are null) matches the query."""
    return _matches(query, _Item(item))


def _matches(node: Query, item: _Item) -> bool:
    if isinstance(node, Word | Phrase):
        terms = words(node.text)
        return any(_contains_run(field, terms) for field in item.words())
    if isinstance(node, Hashtag):
        tag = normalise(node.tag)
        listed = item.item.get("hashtags")
        if listed is None:
            return item.token("#", tag, "&/", _tag_ends)
        return any(h is not None and normalise(h) == tag for h in listed)
    if isinstance(node, Mention):
        handle = normalise(node.handle)
        test = _handle_test(handle)
        author = item.item.get("author_handle")
        if author is not None and test(normalise(author)):
            return True
        listed = item.item.get("mentions")
        if listed is None:
            return item.token("@", handle, "@/", _handle_ends)
        return any(m is not None and test(normalise(m)) for m in listed)
    if isinstance(node, Not):
        return not _matches(node.operand, item)
    if isinstance(node, And):
        return all(_matches(op, item) for op in node.operands)
    if isinstance(node, Or):
        return any(_matches(op, item) for op in node.operands)
    raise TypeError(f"not a query node: {node!r}")
