"""The audit's eight dimensions, each scored 0–100 from an entity's :class:`Evidence`.

Every dimension is one or more *parts*; a part reads one value and maps it to points with a
piecewise-linear curve through declared (value, points) anchors, flat beyond the first and last. A
dimension's score is the weighted mean of its parts whose value is known; with no known part it is
unknown (``None``), never 0. The overall score is the mean of the known dimension scores. The anchors are
the documented thresholds (``docs/audit.md`` is rendered from them).

Two values are derived from the evidence rather than read from it:
- ``coverage``: the public's items about the entity that fall on platforms where the entity publishes,
  ÷ all the public's items about it (unknown when the public says nothing);
- ``voice_index``: share of voice × the number of entities, so 1 is a fair share (an equal split among
  the brand and its competitors) and 2 twice that.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from itertools import pairwise

from passaparola.audit.evidence import Evidence
from passaparola.metrics import Text


@dataclass(frozen=True)
class Part:
    value: str
    label: Text
    anchors: tuple[tuple[float, float], ...]
    weight: float = 1.0
    #: How the value reads in the rubric: ``share`` (percent), ``hours``, ``number``, ``ratio``.
    kind: str = "number"

    def points(self, value: float | None) -> float | None:
        """The value's points on the curve (None when the value is unknown)."""
        if value is None:
            return None
        anchors = self.anchors
        if value <= anchors[0][0]:
            return anchors[0][1]
        for (x0, y0), (x1, y1) in pairwise(anchors):
            if value <= x1:
                return y0 + (y1 - y0) * (value - x0) / (x1 - x0)
        return anchors[-1][1]


@dataclass(frozen=True)
class Dimension:
    key: str
    title: Text
    question: Text
    parts: tuple[Part, ...]


DIMENSIONS = (
    Dimension(
        "presence",
        Text("Presence", "Presenza"),
        Text(
            "Is the entity where the public talks about it? The share of the public's items about it that "
            "fall on platforms where it publishes.",
            "L'entità è dove il pubblico ne parla? La quota degli elementi del pubblico che la riguardano "
            "pubblicati su piattaforme dove l'entità pubblica.",
        ),
        (
            Part(
                "coverage",
                Text("Public conversation covered", "Conversazione pubblica coperta"),
                ((0.0, 0.0), (1.0, 100.0)),
                kind="share",
            ),
        ),
    ),
    Dimension(
        "activity",
        Text("Activity", "Attività"),
        Text(
            "How much does the entity publish? Its own public items (posts, quotes, replies, shares) per week.",
            "Quanto pubblica l'entità? I suoi elementi pubblici (post, citazioni, risposte, condivisioni) a "
            "settimana.",
        ),
        (
            Part(
                "output_per_week",
                Text("Items published per week", "Elementi pubblicati a settimana"),
                ((0.0, 0.0), (1.0, 40.0), (3.0, 70.0), (7.0, 100.0)),
            ),
        ),
    ),
    Dimension(
        "conversation",
        Text("Conversation", "Conversazione"),
        Text(
            "Does the entity converse or only broadcast? The share of its output that is replies, and the "
            "share of the threads it joins that are two-way.",
            "L'entità conversa o trasmette soltanto? La quota delle sue pubblicazioni che sono risposte, e la "
            "quota delle conversazioni a cui partecipa che sono bidirezionali.",
        ),
        (
            Part(
                "reply_share",
                Text("Reply share of output", "Quota di risposte"),
                ((0.0, 0.0), (0.1, 50.0), (0.3, 100.0)),
                kind="share",
            ),
            Part(
                "two_way_rate",
                Text("Two-way rate of its threads", "Tasso bidirezionale delle conversazioni"),
                ((0.0, 0.0), (0.1, 50.0), (0.3, 100.0)),
                kind="share",
            ),
        ),
    ),
    Dimension(
        "responsiveness",
        Text("Responsiveness", "Reattività"),
        Text(
            "Does the entity answer the people who write to it, and how fast? Response rate within the care "
            "horizon (weight 0.6) and median first-response time counted in the care hours (weight 0.4).",
            "L'entità risponde a chi le scrive, e con che rapidità? Tasso di risposta entro l'orizzonte di "
            "assistenza (peso 0,6) e tempo mediano di prima risposta contato nell'orario di assistenza "
            "(peso 0,4).",
        ),
        (
            Part(
                "response_rate",
                Text("Response rate", "Tasso di risposta"),
                ((0.0, 0.0), (0.1, 25.0), (0.25, 50.0), (0.5, 75.0), (0.9, 100.0)),
                weight=0.6,
                kind="share",
            ),
            Part(
                "median_response_hours",
                Text(
                    "Median first-response time (business hours)",
                    "Tempo mediano di prima risposta (ore lavorative)",
                ),
                ((1.0, 100.0), (4.0, 75.0), (24.0, 25.0), (72.0, 0.0)),
                weight=0.4,
                kind="hours",
            ),
        ),
    ),
    Dimension(
        "engagement",
        Text("Engagement", "Coinvolgimento"),
        Text(
            "Do people interact with what the entity posts? The account engagement rate by followers: "
            "Σ interactions ÷ (posts × mean followers).",
            "Le persone interagiscono con ciò che l'entità pubblica? Il tasso di coinvolgimento dell'account "
            "sui follower: Σ interazioni ÷ (post × follower medi).",
        ),
        (
            Part(
                "engagement_rate",
                Text("Account engagement rate by followers", "Tasso di coinvolgimento sui follower"),
                ((0.0, 0.0), (0.001, 25.0), (0.005, 50.0), (0.01, 75.0), (0.03, 100.0)),
                kind="share",
            ),
        ),
    ),
    Dimension(
        "earned_voice",
        Text("Earned voice", "Voce guadagnata"),
        Text(
            "Do people talk about the entity of their own accord? Share of voice by mentions against a fair "
            "share among the brand and its competitors, and the UGC share of its media.",
            "Le persone parlano spontaneamente dell'entità? Quota di voce per menzioni rispetto a una quota "
            "equa tra il brand e i concorrenti, e quota di UGC dei suoi media.",
        ),
        (
            Part(
                "voice_index",
                Text("Share of voice ÷ fair share", "Quota di voce ÷ quota equa"),
                ((0.0, 0.0), (1.0, 50.0), (2.0, 100.0)),
                kind="ratio",
            ),
            Part(
                "ugc_share",
                Text("UGC share of its media", "Quota di UGC dei suoi media"),
                ((0.0, 0.0), (0.2, 50.0), (0.5, 100.0)),
                kind="share",
            ),
        ),
    ),
    Dimension(
        "sentiment",
        Text("Sentiment", "Sentiment"),
        Text(
            "How do people feel about the entity? Net sentiment (P − N) ÷ (P + N) of the public's items "
            "about it, from −1 (0 points) to 1 (100 points).",
            "Che cosa prova il pubblico verso l'entità? Sentiment netto (P − N) ÷ (P + N) degli elementi del "
            "pubblico che la riguardano, da −1 (0 punti) a 1 (100 punti).",
        ),
        (
            Part(
                "net_sentiment",
                Text("Net sentiment", "Sentiment netto"),
                ((-1.0, 0.0), (1.0, 100.0)),
                kind="ratio",
            ),
        ),
    ),
    Dimension(
        "growth",
        Text("Growth", "Crescita"),
        Text(
            "Is the entity's audience growing? Net new followers of its accounts per month ÷ followers at "
            "the start.",
            "Il pubblico dell'entità cresce? Nuovi follower netti dei suoi account al mese ÷ follower "
            "all'inizio.",
        ),
        (
            Part(
                "growth_per_month",
                Text("Follower growth per month", "Crescita dei follower al mese"),
                ((-0.02, 0.0), (0.0, 40.0), (0.01, 60.0), (0.03, 80.0), (0.05, 100.0)),
                kind="share",
            ),
        ),
    ),
)
DIMENSION_KEYS = tuple(d.key for d in DIMENSIONS)
_EVIDENCE_FIELDS = {f.name for f in fields(Evidence)}


def coverage(evidence: Evidence) -> float | None:
    """The public's items about the entity on platforms where it publishes ÷ all of them."""
    earned = evidence.earned
    if not earned:
        return None
    active = set(evidence.active_platforms)
    return sum(n for p, n in evidence.earned_by_platform.items() if p in active) / earned


def voice_index(evidence: Evidence) -> float | None:
    """Share of voice ÷ a fair share (1 ÷ entities)."""
    if evidence.share_of_voice is None:
        return None
    return evidence.share_of_voice * max(evidence.entities, 1)


def value(evidence: Evidence, name: str) -> float | None:
    """A part's value: derived (``coverage``, ``voice_index``) or an Evidence field."""
    if name == "coverage":
        return coverage(evidence)
    if name == "voice_index":
        return voice_index(evidence)
    if name not in _EVIDENCE_FIELDS:
        raise KeyError(name)
    found = getattr(evidence, name)
    return None if found is None else float(found)


@dataclass(frozen=True)
class Scorecard:
    #: Dimension key -> 0–100, or None when unknown.
    dimensions: dict[str, float | None]

    @property
    def overall(self) -> float | None:
        """The mean of the known dimension scores (None when none is known)."""
        known = [s for s in self.dimensions.values() if s is not None]
        return sum(known) / len(known) if known else None

    @property
    def known(self) -> int:
        return sum(1 for s in self.dimensions.values() if s is not None)


def dimension_score(dimension: Dimension, evidence: Evidence) -> float | None:
    scored = [
        (part.weight, points)
        for part in dimension.parts
        if (points := part.points(value(evidence, part.value))) is not None
    ]
    if not scored:
        return None
    return sum(w * p for w, p in scored) / sum(w for w, _ in scored)


def score(evidence: Evidence) -> Scorecard:
    return Scorecard({d.key: dimension_score(d, evidence) for d in DIMENSIONS})
