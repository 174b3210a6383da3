"""Text as the sentiment model reads it: normalised, tokenised, with negation and intensifiers marked.

- ``@handles`` become ``@user`` and links become ``http`` (the UMSAB convention), so names and URLs
  carry no polarity of their own.
- Elongated words are shortened to two repeats (``bellooooo`` -> ``belloo``, ``!!!!`` -> ``!!``): the
  elongation survives as a signal, its length does not multiply the vocabulary.
- Negation (Italian and English: ``non``, ``mai``, ``not``, ``n't``…) marks the words after it, up to
  the next punctuation and at most ``NEGATION_SCOPE`` words, with a ``neg_`` prefix, so ``non mi piace``
  and ``mi piace`` are different features (Das & Chen 2001; Pang et al. 2002).
- Intensifiers (``molto``, ``very``, ``troppo``…) multiply the lexicon score of the word after them.
- Emoji count in every language with their score in the model's emoji table (from the Emoji Sentiment
  Ranking, Kralj Novak et al. 2015, read at training time); emoticons count as 1 positive or negative.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# A handle: "@" and word characters, the "@" not after a word character or another "@". Written with
# the "@" first (and the look-behind after it) so the regex engine can skip to each "@".
_HANDLE = re.compile(r"@(?<![\w@]@)\w+")
# A link: "http://", "https://" or "www." (any case) at a word start, to the next white space; the same
# as r"\b(?:https?://|www\.)\S+" with re.IGNORECASE (where "s" also matches "ſ"), written to start with
# one character class so the regex engine can skip to the candidates (about 5 times faster).
_LINK = re.compile(r"[hHwW](?:(?<=[hH])(?<!\w[hH])[tT][tT][pP][sSſ]?://|(?<=[wW])(?<!\w[wW])[wW][wW]\.)\S+")
_ELONGATED = re.compile(r"(.)\1{2,}")
_TOKEN = re.compile(r"[^\s!?.,;:\"“”«»()\[\]…'’]+|[!?.,;:]")
_NOT = re.compile(r"n['’]t\b")

NEGATION_SCOPE = 3

NEGATORS = frozenset(
    {
        # Italian
        "non", "mai", "nessuno", "nessuna", "niente", "nulla", "neanche", "nemmeno", "neppure", "senza", "né",
        # English
        "not", "no", "never", "nobody", "nothing", "nor", "without", "cannot", "dont", "doesnt", "didnt",
        "isnt", "wasnt", "arent", "cant", "wont", "shouldnt", "wouldnt", "couldnt", "aint",
    }
)  # fmt: skip

INTENSIFIERS: Mapping[str, float] = {
    # Italian
    "molto": 1.5, "troppo": 1.5, "tanto": 1.3, "tanta": 1.3, "davvero": 1.4, "veramente": 1.4,
    "proprio": 1.3, "super": 1.5, "assolutamente": 1.6, "estremamente": 1.7, "parecchio": 1.3,
    "poco": 0.5, "appena": 0.6,
    # English
    "very": 1.5, "really": 1.4, "so": 1.3, "too": 1.3, "extremely": 1.7, "absolutely": 1.6,
    "totally": 1.5, "incredibly": 1.6, "truly": 1.4, "quite": 1.2, "barely": 0.5, "slightly": 0.6,
    "somewhat": 0.7,
}  # fmt: skip

_CLAUSE_END = frozenset(".,;:!?")

POSITIVE_EMOTICONS = frozenset({":)", ":-)", ":D", ":-D", ";)", ";-)", "<3", ":P", "xD", "XD", "=)", ":]"})
NEGATIVE_EMOTICONS = frozenset({":(", ":-(", ":'(", ":/", ":-/", ">:(", "D:", ":|", "=(", ":["})
_EMOTICON = re.compile(
    "|".join(re.escape(e) for e in sorted(POSITIVE_EMOTICONS | NEGATIVE_EMOTICONS, key=len)[::-1])
)


def normalise(text: str) -> str:
    """Lower-cased text with handles as ``@user``, links as ``http`` and elongations cut to two."""
    text = _LINK.sub("http", text)
    text = _HANDLE.sub("@user", text)
    return _ELONGATED.sub(r"\1\1", text.lower())


def tokenise(normalised: str) -> list[str]:
    """The tokens of a :func:`normalise`d text, in order: runs of characters other than white space,
    quotes, brackets and punctuation, and each of ``!?.,;:`` alone; ``n't`` is split off as ``not``
    (``don't`` -> ``do``, ``not``)."""
    return _TOKEN.findall(_NOT.sub(" not", normalised))


def is_token(word: str) -> bool:
    """Whether :func:`tokenise` can give ``word`` as one token (a lexicon entry that can match)."""
    return _TOKEN.fullmatch(word) is not None


@dataclass(frozen=True)
class Cues:
    """What a text says beyond its n-grams: marked tokens and its lexicon, emoji and emoticon cues."""

    tokens: list[str]
    lexicon_positive: float
    lexicon_negative: float
    emoji_positive: float
    emoji_negative: float
    negations: int


def cues(
    normalised: str, raw: str, lexicon: Mapping[str, float], emoji: Mapping[str, float] | None = None
) -> Cues:
    """Tokens of ``normalised`` with negated words prefixed ``neg_``, and the polarity cues.

    A lexicon word's score is multiplied by the intensifier just before it and flipped (halved, as
    "not good" is milder than "bad") when it lies in a negation's scope. Each character of ``raw`` found
    in ``emoji`` adds its score to the positive or the negative emoji mass.
    """
    tokens: list[str] = []
    positive = negative = 0.0
    scope = 0
    boost = 1.0
    negations = 0
    for token in tokenise(normalised):
        if token in _CLAUSE_END:
            scope = 0
            boost = 1.0
            tokens.append(token)
            continue
        if token in NEGATORS:
            scope = NEGATION_SCOPE
            negations += 1
            tokens.append(token)
            continue
        score = lexicon.get(token, 0.0) * boost
        if scope:
            tokens.append("neg_" + token)
            score = -0.5 * score
            scope -= 1
        else:
            tokens.append(token)
        boost = INTENSIFIERS.get(token, 1.0)
        if score > 0:
            positive += score
        else:
            negative -= score
    scores = [value for value in map((emoji or {}).get, raw) if value]
    emoji_positive = sum(v for v in scores if v > 0)
    emoji_negative = sum(-v for v in scores if v < 0)
    for emoticon in _EMOTICON.findall(raw):
        if emoticon in POSITIVE_EMOTICONS:
            emoji_positive += 1
        elif emoticon in NEGATIVE_EMOTICONS:
            emoji_negative += 1
    return Cues(tokens, positive, negative, emoji_positive, emoji_negative, negations)
