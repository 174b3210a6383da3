"""What the maturity audit knows about one entity: the numbers behind every dimension, archetype and
recommendation.

The same :class:`Evidence` comes from two places, so that both are scored, typed and advised the same way:
- :mod:`passaparola.audit.measure` reads it from the store through the metric registry;
- :mod:`passaparola.audit.questionnaire` estimates it from a person's answers, for those without data.

Unknown is not zero: a field the data (or the answers) cannot give is ``None``, and every score built on it
is unknown too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Evidence:
    entity: str
    #: Where this evidence comes from: ``"data"`` (the store) or ``"questionnaire"``.
    origin: str = "data"
    #: Months the evidence covers (the audited window), to state volumes per month.
    months: float | None = None
    #: The audited window: its first and last local day (None for a questionnaire, or an empty store).
    window: tuple[date, date] | None = None
    #: Platforms where the entity has an account (configured in the workspace, or declared).
    accounts: tuple[str, ...] = ()
    #: Platform -> the public's items about the entity there (earned media) in the window.
    earned_by_platform: dict[str, float] = field(default_factory=dict)
    #: Platform -> the entity's own public output there (posts, quotes, replies, shares) in the window.
    output_by_platform: dict[str, float] = field(default_factory=dict)
    #: The entity's own public output per week, over all platforms.
    output_per_week: float | None = None
    #: Replies ÷ own public output.
    reply_share: float | None = None
    #: Threads the entity took part in that are two-way ÷ threads it took part in.
    two_way_rate: float | None = None
    #: Inbound items (replies to the entity, mentions of its accounts, direct messages).
    inbound: float | None = None
    #: Answered inbound ÷ inbound, within the care horizon.
    response_rate: float | None = None
    #: Median first-response time in business hours (only time inside the workspace's care hours).
    median_response_hours: float | None = None
    #: Σ interactions ÷ (posts × mean followers) over the entity's own posts.
    engagement_rate: float | None = None
    #: The entity's mentions ÷ the mentions of the brand and all competitors.
    share_of_voice: float | None = None
    #: How many entities share the voice (the brand and its competitors).
    entities: int = 1
    #: UGC about the entity ÷ all its media items.
    ugc_share: float | None = None
    #: (P − N) ÷ (P + N) over the public's items about the entity.
    net_sentiment: float | None = None
    #: Negative ÷ scored items about the entity.
    negative_share: float | None = None
    #: Net new followers ÷ followers at the start, per month (0.02 = +2% a month).
    growth_per_month: float | None = None

    @property
    def active_platforms(self) -> tuple[str, ...]:
        """Platforms where the entity published anything in the window, most active first."""
        return tuple(
            p for p, n in sorted(self.output_by_platform.items(), key=lambda kv: (-kv[1], kv[0])) if n > 0
        )

    @property
    def output(self) -> float:
        """The entity's own public output over all platforms."""
        return sum(self.output_by_platform.values())

    @property
    def earned(self) -> float:
        """The public's items about the entity over all platforms."""
        return sum(self.earned_by_platform.values())

    def per_month(self, count: float) -> float | None:
        """A count over the window as a monthly rate (None when the window's length is unknown)."""
        return count / self.months if self.months else None
