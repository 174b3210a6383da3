"""The audit's archetypes: what kind of social media user an entity is, with the evidence for it.

Rules are tried in order and the first that holds names the archetype. A rule holds when all of its
conditions hold; a condition on an unknown value does not hold, so an archetype is only ever claimed on
evidence: an entity that publishes and gets interaction but does not converse enough for another archetype
is a broadcaster, and one whose output is unknown is *undetermined* (the last rule, which has no
condition). Values are those of :func:`passaparola.audit.score.value`; ``score:KEY`` is a dimension's score.
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
    #: Claimed because the rule before it failed: its evidence shows that rule's unmet conditions too.
    fallback: bool = False

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
        (
            Condition("output_per_week", ">=", 0.25),
            Condition("reply_share", "<", 0.05, "share"),
            Condition("engagement_rate", "<", 0.002, "share"),
        ),
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
        (Condition("output_per_week", ">=", 0.25),),
        fallback=True,
    ),
    Archetype(
        "undetermined",
        Text("Undetermined", "Non determinato"),
        Text(
            "Not enough evidence for any archetype: how much the entity publishes is unknown.",
            "Prove insufficienti per un archetipo: non si sa quanto l'entità pubblichi.",
        ),
        fallback=True,
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


def evidence_lines(
    archetype: Archetype, evidence: Evidence, scorecard: Scorecard, language: str
) -> list[str]:
    """The archetype's evidence as lines: each of its conditions with the entity's value ("Reply share of
    output: 0.0% (< 5.0%)"), then, for a fallback, the conditions of the rule just before it that failed
    (shown with the opposite comparison: "Responsiveness score: 48 (< 55)")."""
    shown_conditions = [(c, True) for c in archetype.conditions]
    index = ARCHETYPES.index(archetype)
    if archetype.fallback and index:
        shown_conditions += [
            (c, False) for c in ARCHETYPES[index - 1].conditions if not c.holds(evidence, scorecard)
        ]
    lines = []
    for condition, met in shown_conditions:
        found = condition.read(evidence, scorecard)
        kind = "count" if condition.value.startswith("score:") else condition.kind
        op = condition.op if met else {"<": ">=", ">=": "<"}[condition.op]
        lines.append(
            f"{condition_label(condition)(language)}: {shown(found, language, kind)} "
            f"({op} {shown(condition.threshold, language, kind)})"
        )
    return lines
