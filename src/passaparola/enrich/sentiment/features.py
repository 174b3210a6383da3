"""The default model's features for a whole batch at once, with numpy instead of a Python loop per text.

:meth:`passaparola.enrich.sentiment.linear.FeatureSpace.rows` gives the same matrix as the reference
featurisation (:func:`reference_rows`: scikit-learn's ``HashingVectorizer`` over
:func:`passaparola.enrich.sentiment.text.cues` and ``normalise``, one text at a time), element for
element; ``tests/test_sentiment.py`` checks it. What changes is how:

- The batch is joined into one string with :data:`SEPARATOR` between texts, so each regular expression
  runs once per batch instead of once per text. None of them can match across the separator (a newline,
  a control character, a newline: no pattern's ``.``, ``\\S`` or ``\\w`` crosses a newline), so the
  joined result split at the separators is the per-text result.
- Negation scope, intensifier boosts and each lexicon's mass are computed over the token stream with
  cumulative maxima (the last negator, the last clause end before each token) instead of a loop.
- Hashing is MurmurHash3 (x86, 32 bit, seed 0, as scikit-learn's) over the UTF-8 bytes of each distinct
  feature string, vectorised over 4-byte blocks; character n-grams are windows over the code points of
  each distinct word, hashed once per batch however often the word occurs.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from passaparola.enrich.sentiment import text as _text

if TYPE_CHECKING:
    from passaparola.enrich.sentiment.linear import FeatureSpace

#: Put between texts when a batch is joined; texts holding its middle character take the reference path.
SEPARATOR = "\n\x02\n"
_MARK = "\x02"

_C1 = np.uint32(0xCC9E2D51)
_C2 = np.uint32(0x1B873593)
_M = np.uint32(0xE6546B64)
_F1 = np.uint32(0x85EBCA6B)
_F2 = np.uint32(0xC2B2AE35)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def murmur3_32(buffer: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """MurmurHash3 x86 32-bit (seed 0), signed, of ``buffer[s : s + n]`` for each start and length,
    as ``sklearn.utils.murmurhash3_32`` gives for those bytes."""
    padded = np.zeros(len(buffer) + 8, dtype=np.uint32)
    padded[: len(buffer)] = buffer
    # the little-endian 32-bit word starting at every byte
    words = padded[:-3] | (padded[1:-2] << 8) | (padded[2:-1] << 16) | (padded[3:] << 24)
    starts = np.asarray(starts, dtype=np.int64)
    lengths = np.asarray(lengths, dtype=np.int64)
    h = np.zeros(len(starts), dtype=np.uint32)
    blocks = lengths >> 2
    with np.errstate(over="ignore"):
        for block in range(int(blocks.max(initial=0))):
            chosen = np.flatnonzero(blocks > block)
            k = words[starts[chosen] + 4 * block] * _C1
            k = _rotl(k, 15) * _C2
            x = h[chosen] ^ k
            h[chosen] = _rotl(x, 13) * np.uint32(5) + _M
        rest = lengths & 3
        chosen = np.flatnonzero(rest)
        if len(chosen):
            tail = words[starts[chosen] + 4 * blocks[chosen]]
            tail &= (np.uint32(1) << (8 * rest[chosen]).astype(np.uint32)) - np.uint32(1)
            h[chosen] ^= _rotl(tail * _C1, 15) * _C2
        h ^= lengths.astype(np.uint32)
        h ^= h >> np.uint32(16)
        h *= _F1
        h ^= h >> np.uint32(13)
        h *= _F2
        h ^= h >> np.uint32(16)
    return h.view(np.int32)


def column(hashes: np.ndarray, n_features: int) -> np.ndarray:
    """The column scikit-learn's hasher puts a feature with this signed hash in (``abs(h) % n``)."""
    h = hashes.astype(np.int64)
    out = np.abs(h) % n_features
    out[h == -(2**31)] = (2**31 - 1 - (n_features - 1)) % n_features
    return out


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _utf8_offsets(codes: np.ndarray) -> np.ndarray:
    """Byte offset in the UTF-8 encoding of each code point, and the total length at the end."""
    size = 1 + (codes >= 0x80) + (codes >= 0x800) + (codes >= 0x10000)
    offsets = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(size, out=offsets[1:])
    return offsets


def hash_strings(strings: Sequence[str]) -> np.ndarray:
    """Signed MurmurHash3 of the UTF-8 encoding of each string."""
    joined = "".join(strings)
    buffer = np.frombuffer(joined.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    ends = np.cumsum(lengths)
    if len(buffer) == len(joined):  # ASCII: a character is a byte
        return murmur3_32(buffer, ends - lengths, lengths)
    offsets = _utf8_offsets(_code_points(joined))
    starts = offsets[ends - lengths]
    return murmur3_32(buffer, starts, offsets[ends] - starts)


def _char_ngram_columns(
    words: list[str], ngrams: tuple[int, int], n_features: int
) -> tuple[np.ndarray, np.ndarray]:
    """Columns of the ``char_wb`` n-grams of each word (``" " + word + " "``, windows of each length in
    the range; a padded word no longer than the top length also counts once whole, as scikit-learn
    does), and where each word's columns start (``len(words) + 1`` offsets)."""
    low, high = ngrams
    padded = " " + "  ".join(words) + " "
    codes = _code_points(padded)
    offsets = _utf8_offsets(codes)
    buffer = np.frombuffer(padded.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    size = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
    first = np.zeros(len(words), dtype=np.int64)
    np.cumsum(size[:-1], out=first[1:])
    # windows of each length n < size (size - n + 1 of them), and the whole padded word once when it is
    # no longer than the top length
    starts_parts, length_parts, owner_parts = [], [], []
    for n in range(low, high + 1):
        count = np.where(size > n, size - n + 1, 0)
        chosen = np.flatnonzero(count)
        if len(chosen):
            total = count[chosen]
            owner = np.repeat(chosen, total)
            within = np.arange(total.sum()) - np.repeat(np.cumsum(total) - total, total)
            starts_parts.append(first[owner] + within)
            length_parts.append(np.full(len(owner), n, dtype=np.int64))
            owner_parts.append(owner)
    whole = np.flatnonzero(size <= high)
    starts_parts.append(first[whole])
    length_parts.append(size[whole])
    owner_parts.append(whole)
    starts = np.concatenate(starts_parts)
    lengths = np.concatenate(length_parts)
    owner = np.concatenate(owner_parts)
    order = np.argsort(owner, kind="stable")
    starts, lengths, owner = starts[order], lengths[order], owner[order]
    byte_starts = offsets[starts]
    hashes = murmur3_32(buffer, byte_starts, offsets[starts + lengths] - byte_starts)
    where = np.zeros(len(words) + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=len(words)), out=where[1:])
    return column(hashes, n_features), where


def _l2_rows(rows: np.ndarray, columns: np.ndarray, count: int, bits: int) -> sp.csr_matrix:
    """The matrix with one 1 per (row, column) pair, duplicates summed, each row scaled to unit L2
    norm: what ``HashingVectorizer(alternate_sign=False)`` gives."""
    keys = np.sort((rows.astype(np.int64) << bits) | columns)
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    starts = np.flatnonzero(first)
    distinct = keys[starts]
    counts = np.diff(np.append(starts, len(keys))).astype(np.float64)
    indptr = np.zeros(count + 1, dtype=np.int32)
    np.cumsum(np.bincount(distinct >> bits, minlength=count), out=indptr[1:])
    indices = (distinct & ((1 << bits) - 1)).astype(np.int32)
    matrix = sp.csr_matrix((counts, indices, indptr), shape=(count, 2**bits))
    matrix.has_sorted_indices = True
    matrix.has_canonical_format = True
    return normalize(matrix, copy=False)


def _elongations_cut(text: str) -> str:
    """``text`` with each run of three or more equal characters (newlines aside) cut to two: what
    ``re.sub(r"(.)\\1{2,}", r"\\1\\1", text)`` gives, without the regex engine."""
    codes = _code_points(text)
    if len(codes) < 3:
        return text
    cut = (codes[2:] == codes[1:-1]) & (codes[1:-1] == codes[:-2]) & (codes[2:] != 10)
    if not cut.any():
        return text
    keep = np.ones(len(codes), dtype=bool)
    keep[2:] = ~cut
    return codes[keep].tobytes().decode("utf-32-le", "surrogatepass")


def _normalised(joined: str) -> str:
    """:func:`passaparola.enrich.sentiment.text.normalise` of a joined batch."""
    text = _text._LINK.sub("http", joined)
    text = _text._HANDLE.sub("@user", text)
    return _elongations_cut(text.lower())


def _ids(values: list[str]) -> tuple[np.ndarray, list[str]]:
    vocabulary: dict[str, int] = {}
    ids = np.fromiter(
        (vocabulary.setdefault(v, len(vocabulary)) for v in values), dtype=np.int64, count=len(values)
    )
    return ids, list(vocabulary)


def batch_rows(
    space: FeatureSpace, texts: Sequence[str], languages: Sequence[str | None] | None = None
) -> sp.csr_matrix:
    """``space.rows(texts, languages)`` computed for the whole batch at once (see the module's
    docstring)."""
    words, chars, dense = batch_blocks(space, texts)
    return _with_languages(space, [words, chars, sp.csr_matrix(dense)], dense, languages)


def _with_languages(
    space: FeatureSpace,
    blocks: list[sp.csr_matrix],
    dense: np.ndarray,
    languages: Sequence[str | None] | None,
) -> sp.csr_matrix:
    if space.languages:
        blocks.append(language_block(space, dense, languages))
    return sp.hstack(blocks, format="csr")


def language_block(
    space: FeatureSpace, dense: np.ndarray, languages: Sequence[str | None] | None
) -> sp.csr_matrix:
    """The columns of a space with languages: for each of ``space.languages``, a column that is 1 for
    the texts in that language, then a copy of the dense columns (cues and word vectors) that only its
    texts fill. So each language has its own bias and its own weights for the cues and vectors, on top
    of the shared ones; a text in no listed language (or of unknown language) has only the shared ones."""
    count, width = dense.shape
    listed = len(space.languages)
    group = space.groups(languages, count)
    known = np.flatnonzero(group < listed)
    first = group[known]
    columns = np.column_stack([first, listed + first[:, None] * width + np.arange(width)])
    values = np.column_stack([np.ones(len(known)), dense[known]])
    block = sp.csr_matrix(
        (values.ravel(), (np.repeat(known, 1 + width), columns.ravel())), shape=(count, listed * (1 + width))
    )
    block.eliminate_zeros()
    return block


def batch_blocks(
    space: FeatureSpace,
    texts: Sequence[str],
    pooled: np.ndarray | None = None,
    groups: np.ndarray | None = None,
) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
    """The three blocks of :func:`batch_rows` before the language block, side by side: word n-grams,
    character n-grams, and the dense columns, cues then word vectors (multiplying each by its slice of
    the weights spares building the whole matrix). With ``pooled`` (one table per group, one row per
    word of ``space.vectors``) and ``groups`` (the group of each text), the mean is taken of the rows of
    the text's group's table instead of the word vectors: given the word vectors times the model's
    weights, that gives the vectors' share of the logits directly. Without ``groups``, every text is in
    the last group, that of the texts in no listed language."""
    raw = [t or "" for t in texts]
    count = len(raw)
    if not count:
        return (
            sp.csr_matrix((0, 2**space.word_bits)),
            sp.csr_matrix((0, 2**space.char_bits)),
            np.zeros((0, len(space.cue_columns) + _vector_width(space, pooled))),
        )
    joined = SEPARATOR.join(raw)
    if joined.count(_MARK) != count - 1:
        # texts holding the separator's mark go through the reference path, the others together
        marked = [i for i, t in enumerate(raw) if _MARK in t]
        clean = [i for i, t in enumerate(raw) if _MARK not in t]
        order = np.argsort(np.array(clean + marked, dtype=np.int64))
        groups = space.groups(None, count) if groups is None else groups
        together = batch_blocks(space, [raw[i] for i in clean], pooled, groups[clean])
        alone = _split(space, reference_rows(space, [raw[i] for i in marked]))
        if pooled is not None and space.vectors is not None:
            normalised_marked = [_text.normalise(raw[i]) for i in marked]
            means = _mean_rows(space, normalised_marked, pooled, groups[marked])
            alone = (*alone[:2], np.hstack([alone[2][:, : len(space.cue_columns)], means]))
        words, chars = (
            sp.vstack([a, b], format="csr")[order] for a, b in zip(together[:2], alone[:2], strict=True)
        )
        return words, chars, np.vstack([together[2], alone[2]])[order]
    normalised = _normalised(joined)

    # cues over the token stream; the mark is a token of its own and ends a clause
    tokens = _text.tokenise(normalised)
    ids, vocabulary = _ids(tokens)
    clause = np.array([t in _text._CLAUSE_END or t == _MARK for t in vocabulary], dtype=bool)[ids]
    negator = np.array([t in _text.NEGATORS for t in vocabulary], dtype=bool)[ids]
    mark = np.array([t == _MARK for t in vocabulary], dtype=bool)[ids]
    size = len(vocabulary)
    intensity = np.fromiter(
        map(_text.INTENSIFIERS.get, vocabulary, repeat(1.0)), dtype=np.float64, count=size
    )[ids]
    intensity[clause] = 1.0
    position = np.arange(len(ids))
    last_reset = np.maximum.accumulate(np.where(clause, position, -1))
    last_negator = np.maximum.accumulate(np.where(negator, position, -1))
    regular = ~(clause | negator)
    scoped = regular & (last_negator > last_reset) & (position - last_negator <= _text.NEGATION_SCOPE)
    # the boost of a token is the intensity of the last token before it that is not a negator
    before = np.empty(len(ids), dtype=np.int64)
    before[:1] = -1
    before[1:] = np.maximum.accumulate(np.where(negator, -1, position))[:-1]
    boost = np.where(before >= 0, intensity[np.maximum(before, 0)], 1.0)
    text_of = np.cumsum(mark)  # text index of each token (a mark belongs to the text after it)
    # each lexicon's positive and negative mass: a token's score times its boost, flipped and halved in a
    # negation's scope
    factor = np.where(regular, np.where(scoped, -0.5 * boost, boost), 0.0)
    masses = []
    for lexicon in map(space.lexicons.get, space.lexicon_order):
        score = np.fromiter(map(lexicon.get, vocabulary, repeat(0.0)), dtype=np.float64, count=size)[ids]
        score *= factor
        masses.append(np.bincount(text_of[score > 0], score[score > 0], minlength=count))
        masses.append(np.bincount(text_of[score < 0], -score[score < 0], minlength=count))
    negations = np.bincount(text_of[negator], minlength=count)

    # word uni- and bigrams over the marked tokens
    kept = ~mark
    feature = ids * 2 + scoped
    feature, text_of_feature = feature[kept], text_of[kept]
    names, where = np.unique(feature, return_inverse=True)
    strings = [("neg_" if f & 1 else "") + vocabulary[f >> 1] for f in names.tolist()]
    unigram = column(hash_strings(strings), 2**space.word_bits)[where]
    pair = np.flatnonzero(text_of_feature[1:] == text_of_feature[:-1])
    pair_key = where[pair] * len(names) + where[pair + 1]
    pairs, pair_where = np.unique(pair_key, return_inverse=True)
    left, right = np.divmod(pairs, len(names))
    bigram_strings = [
        f"{strings[a]} {strings[b]}" for a, b in zip(left.tolist(), right.tolist(), strict=True)
    ]
    bigram = column(hash_strings(bigram_strings), 2**space.word_bits)[pair_where]
    word_rows = np.concatenate([text_of_feature, text_of_feature[pair]])
    word_columns = np.concatenate([unigram, bigram])
    words_matrix = _l2_rows(word_rows, word_columns, count, space.word_bits)

    # character n-grams within whitespace-separated words of the normalised text
    split = normalised.split()
    word_ids, distinct = _ids(split)
    is_mark = np.array([w == _MARK for w in distinct], dtype=bool)[word_ids]
    text_of_word = np.cumsum(is_mark)[~is_mark]
    word_ids = word_ids[~is_mark]
    gram_columns, gram_where = _char_ngram_columns(distinct, space.char_ngrams, 2**space.char_bits)
    per_word = np.diff(gram_where)[word_ids]
    within = np.arange(per_word.sum()) - np.repeat(np.cumsum(per_word) - per_word, per_word)
    chars_columns = gram_columns[np.repeat(gram_where[word_ids], per_word) + within]
    chars_matrix = _l2_rows(np.repeat(text_of_word, per_word), chars_columns, count, space.char_bits)

    # emoji (in the raw text, every language, weighted by the model's emoji scores) and emoticons
    codes = _code_points(joined)
    text_of_code = np.cumsum(codes == ord(_MARK))
    by_code = space.emoji_by_code
    value = by_code[np.minimum(codes, len(by_code) - 1)]
    emoji_positive = np.bincount(text_of_code[value > 0], value[value > 0], minlength=count)
    emoji_negative = np.bincount(text_of_code[value < 0], -value[value < 0], minlength=count)
    marks = np.flatnonzero(codes == ord(_MARK))
    for emoticon in _text._EMOTICON.finditer(joined):
        index = int(np.searchsorted(marks, emoticon.start()))
        if emoticon.group() in _text.POSITIVE_EMOTICONS:
            emoji_positive[index] += 1
        elif emoticon.group() in _text.NEGATIVE_EMOTICONS:
            emoji_negative[index] += 1

    dense = np.log1p(np.column_stack([*masses, emoji_positive, emoji_negative, negations]).astype(np.float64))
    dense *= space.cue_scale
    if space.vectors is not None:
        # the mean of the table rows (or of ``pooled``) of the tokens found in the table: one sparse row
        # of token counts per text times the rows of the batch's distinct words
        found_rows = np.fromiter(
            map(space.vectors.index.get, vocabulary, repeat(-1)), dtype=np.int64, count=size
        )[ids]
        used = (found_rows >= 0) & ~mark
        text_of_used = text_of[used]
        if pooled is None:
            local, where = np.unique(found_rows[used], return_inverse=True)
            counts = sp.csr_matrix(
                (np.ones(len(where)), (text_of_used, where)), shape=(count, len(local)), dtype=np.float64
            )
            summed = np.asarray(counts @ space.vectors.table[local].astype(np.float64))
        else:  # a few columns: one weighted count per column is cheaper than a sparse product
            group = space.groups(None, count) if groups is None else groups
            rows = pooled[group[text_of_used], found_rows[used]]
            summed = np.column_stack(
                [np.bincount(text_of_used, rows[:, k], minlength=count) for k in range(rows.shape[1])]
            ).reshape(count, rows.shape[1])
        found = np.maximum(np.bincount(text_of_used, minlength=count), 1)
        mean = summed / found[:, None]
        dense = np.hstack([dense, mean * (space.vector_weight * space.vectors.scale)])
    return words_matrix, chars_matrix, dense


def _vector_width(space: FeatureSpace, pooled: np.ndarray | None) -> int:
    if space.vectors is None:
        return 0
    return space.vectors.dimensions if pooled is None else pooled.shape[-1]


def _mean_rows(
    space: FeatureSpace, normalised: Sequence[str], tables: np.ndarray, groups: np.ndarray
) -> np.ndarray:
    """Text by text, the mean of the rows of its group's table (``tables[groups[i]]``, one row per word
    of ``space.vectors``) over the tokens found in the table, times the vector weight and scale: the
    vector columns of :func:`reference_rows`."""
    vectors = space.vectors
    assert vectors is not None
    means = np.zeros((len(normalised), tables.shape[-1]))
    for number, text in enumerate(normalised):
        tokens = _text.tokenise(text)
        found = [vectors.index[t] for t in tokens if t in vectors.index]
        if found:
            means[number] = tables[groups[number]][found].astype(np.float64).sum(axis=0) / len(found)
    return means * (space.vector_weight * vectors.scale)


def _split(space: FeatureSpace, rows: sp.csr_matrix) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
    words, chars = 2**space.word_bits, 2**space.char_bits
    dense = rows[:, words + chars : words + chars + space.dense_width]
    return rows[:, :words], rows[:, words : words + chars], dense.toarray()


def _word_ngrams(tokens: list[str]) -> list[str]:
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def reference_rows(
    space: FeatureSpace, texts: Sequence[str], languages: Sequence[str | None] | None = None
) -> sp.csr_matrix:
    """The features one text at a time, with scikit-learn's hashing vectorisers: the definition
    :func:`batch_rows` must match (slow: its character analyser is Python code)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    normalised = [_text.normalise(t or "") for t in texts]
    lexicons: list[Mapping[str, float]] = [space.lexicons[name] for name in space.lexicon_order]
    found = [_text.cues(n, t or "", {}, space.emoji) for n, t in zip(normalised, texts, strict=True)]
    masses = [
        [
            mass
            for lexicon in lexicons
            for cue in [_text.cues(n, "", lexicon)]
            for mass in (cue.lexicon_positive, cue.lexicon_negative)
        ]
        for n in normalised
    ]
    words = HashingVectorizer(
        analyzer=_word_ngrams, n_features=2**space.word_bits, alternate_sign=False
    ).transform([c.tokens for c in found])
    chars = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=space.char_ngrams,
        n_features=2**space.char_bits,
        lowercase=False,
        alternate_sign=False,
    ).transform(normalised)
    dense = np.log1p(
        np.array(
            [
                (*m, c.emoji_positive, c.emoji_negative, c.negations)
                for m, c in zip(masses, found, strict=True)
            ],
            dtype=np.float64,
        ).reshape(len(found), len(space.cue_columns))
    )
    dense *= space.cue_scale
    if space.vectors is not None:
        table = space.vectors.table[None]
        dense = np.hstack([dense, _mean_rows(space, normalised, table, np.zeros(len(texts), dtype=np.int64))])
    return _with_languages(space, [words, chars, sp.csr_matrix(dense)], dense, languages)
