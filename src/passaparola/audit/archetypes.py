"""The audit's archetypes: what kind of social media user an entity is, with the evidence for it.

Rules are tried in order and the first that holds names the archetype. A rule holds when all of its
conditions hold; a condition on an unknown value does not
hold, so an archetype is only ever claimed on evidence. The last rule has no condition: an entity that
publishes and gets interaction but does not converse enough for another archetype is a broadcaster.
Values are those of :func:`passaparola.audit.score.value`; ``score:KEY`` is a dimension's score.
"""

from __future__ import annotations

from dataclasses import dataclass

from passaparola.audit.evidence import Evidence
from passaparola.audit.score import DIMENSIONS, Scorecard, value
from passaparola.metrics import Text
from passaparola.report.formatting import value as shown


@dataclass(frozen=True)
class Condition:
    value: str
    op: str  # "<" or ">="
    threshold: float
    kind: str = "number"

    def read(self, evidence: Evidence, scorecard: Scorecard) -> float | None:
        if self.value.startswith("score:"):
            return scorecard.dimensions[self.value.removeprefix("score:")]
        return value(evidence, self.value)

    def holds(self, evidence: Evidence, scorecard: Scorecard) -> bool:
        found = self.read(evidence, scorecard)
        if found is None:
            return False
        return found < self.threshold if self.op == "<" else found >= self.threshold


@dataclass(frozen=True)
class Archetype:
    key: str
    title: Text
    description: Text
    conditions: tuple[Condition, ...] = ()

    def holds(self, evidence: Evidence, scorecard: Scorecard) -> bool:
        return all(c.holds(evidence, scorecard) for c in self.conditions)


ARCHETYPES = (
    Archetype(
        "absent",
        Text("Absent", "Assente"),
        Text(
            "Publishes (almost) nothing: less than one item a month.",
            "Non pubblica (quasi) nulla: meno di un elemento al mese.",
        ),
        (Condition("output_per_week", "<", 0.25),),
    ),
    Archetype(
        "showcase",
        Text("Showcase", "Vetrina"),
        Text(
            "Posts, but almost never replies, and almost nobody interacts: a shop window, not a conversation.",
            "Pubblica, ma non risponde quasi mai e quasi nessuno interagisce: una vetrina, non una "
            "conversazione.",
        ),
        (Condition("reply_share", "<", 0.05, "share"), Condition("engagement_rate", "<", 0.002, "share")),
    ),
    Archetype(
        "community_leader",
        Text("Community leader", "Leader di comunità"),
        Text(
            "Converses, answers most people fast, and the public talks about it more than its fair share.",
            "Conversa, risponde in fretta alla maggior parte delle persone, e il pubblico ne parla più della "
            "sua quota equa.",
        ),
        (
            Condition("score:conversation", ">=", 60),
            Condition("score:responsiveness", ">=", 75),
            Condition("voice_index", ">=", 1.0, "ratio"),
        ),
    ),
    Archetype(
        "conversational",
        Text("Conversational", "Conversazionale"),
        Text(
            "Replies to people as a habit and answers a fair part of those who write to it.",
            "Risponde alle persone per abitudine e a una buona parte di chi le scrive.",
        ),
        (Condition("score:conversation", ">=", 50), Condition("score:responsiveness", ">=", 55)),
    ),
    Archetype(
        "broadcaster",
        Text("Broadcaster", "Emittente"),
        Text(
            "Publishes and gets interaction, but seldom replies or answers: one-way communication.",
            "Pubblica e ottiene interazioni, ma risponde di rado: comunicazione a senso unico.",
        ),
    ),
)
#: The values the rules read, for the evidence shown beside an archetype.
EVIDENCE_VALUES = ("output_per_week", "reply_share", "response_rate", "engagement_rate", "voice_index")
_DIMENSION_TITLES = {d.key: d.title for d in DIMENSIONS}


def assign(evidence: Evidence, scorecard: Scorecard) -> Archetype:
    return next(a for a in ARCHETYPES if a.holds(evidence, scorecard))


def condition_label(condition: Condition) -> Text:
    """The name of what a condition reads: a dimension's title with "score", or the value's label."""
    if condition.value.startswith("score:"):
        title = _DIMENSION_TITLES[condition.value.removeprefix("score:")]
        return Text(f"{title.en} score", f"punteggio {title.it.lower()}")
    return VALUE_LABELS[condition.value]


VALUE_LABELS = {part.value: part.label for dimension in DIMENSIONS for part in dimension.parts}


def evidence_lines(archetype: Archetype, evidence: Evidence, scorecard: Scorecard, language: str) -> list[str]:
    """The archetype's evidence as lines: each condition with the entity's value ("Reply share of output:
    0.0% (< 5.0%)"). The last archetype has no condition of its own: it shows the unmet conditions of the
    rule just before it, which is what makes the entity fall through to it."""
    conditions = archetype.conditions
    met = True
    if not conditions:
        index = ARCHETYPES.index(archetype)
        conditions = ARCHETYPES[index - 1].conditions if index else ()
        met = False
    lines = []
    for condition in conditions:
        found = condition.read(evidence, scorecard)
        if not met and found is not None and condition.holds(evidence, scorecard):
            continue
        kind = "count" if condition.value.startswith("score:") else condition.kind
        value_text = shown(None if found is None else round(found, 1 if kind == "count" else 6), language, kind)
        threshold = shown(condition.threshold, language, kind)
        op = condition.op if met else {"<": ">=", ">=": "<"}[condition.op]
        lines.append(f"{condition_label(condition)(language)}: {value_text} ({op} {threshold})")
    return lines
