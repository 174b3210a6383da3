"""The social-media maturity audit: how well an entity uses social media, scored the same way for the brand
and each competitor.

- :mod:`~passaparola.audit.evidence`: the numbers the audit reads about one entity;
- :mod:`~passaparola.audit.measure`: that evidence from the store, through the metric registry;
- :mod:`~passaparola.audit.questionnaire`: the same evidence estimated from a person's answers;
- :mod:`~passaparola.audit.score`: eight dimensions scored 0–100, and the overall score;
- :mod:`~passaparola.audit.archetypes`: absent, showcase, broadcaster, conversational, community leader;
- :mod:`~passaparola.audit.advice`: recommendations ranked by expected impact.

``docs/audit.md`` is rendered from these declarations (``python -m passaparola.reference docs/``).
"""

from __future__ import annotations

from dataclasses import dataclass

from passaparola.audit.advice import Recommendation, recommend
from passaparola.audit.archetypes import Archetype, assign
from passaparola.audit.evidence import Evidence
from passaparola.audit.score import Scorecard
from passaparola.audit.score import score as scorecard_of


@dataclass(frozen=True)
class Audit:
    evidence: Evidence
    scorecard: Scorecard
    archetype: Archetype
    recommendations: list[Recommendation]

    @property
    def entity(self) -> str:
        return self.evidence.entity


def audit(evidence: Evidence, peers: tuple[Evidence, ...] = ()) -> Audit:
    """Score, type and advise one entity; ``peers`` (the other entities) give the comparisons."""
    scorecard = scorecard_of(evidence)
    return Audit(evidence, scorecard, assign(evidence, scorecard), recommend(evidence, peers))


def audit_all(evidence: list[Evidence]) -> list[Audit]:
    """Every entity audited against the others, in the order given."""
    return [audit(e, tuple(p for p in evidence if p is not e)) for e in evidence]


def league(audits: list[Audit]) -> list[Audit]:
    """Best overall score first; an entity whose score is unknown last."""
    return sorted(audits, key=lambda a: (a.scorecard.overall is None, -(a.scorecard.overall or 0.0)))
