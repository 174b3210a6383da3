"""The audit's recommendations, ranked by expected impact and citing the numbers behind each.

Each recommendation is a *what-if*: a change to the entity's evidence that the action would bring about
(publish on the platform where the public talks about it, answer nine customers in ten within two hours,
and so on). Its **expected impact** is the overall score of the changed evidence minus the current
overall score, in points out of 100, so actions on weak dimensions that count for much rank first, and an
action that would not move the score is not proposed. Where a competitor does better, the target is the
best competitor's value, and the message names it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from passaparola.audit.evidence import Evidence
from passaparola.audit.score import score
from passaparola.metrics import Text
from passaparola.report.formatting import value as shown

PLATFORM_NAMES = {
    "twitter": "X/Twitter",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "reddit": "Reddit",
    "youtube": "YouTube",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "rss": Text("blogs and forums", "blog e forum"),
}
#: A platform's public conversation worth joining: at least this many items about the entity a month.
PRESENCE_MINIMUM = 5.0
TARGET_RESPONSE_RATE = 0.9
TARGET_RESPONSE_HOURS = 2.0
TARGET_REPLY_SHARE = 0.3
TARGET_TWO_WAY_RATE = 0.3
TARGET_OUTPUT_PER_WEEK = 3.0
TARGET_ENGAGEMENT_RATE = 0.005
TARGET_UGC_SHARE = 0.5
TARGET_NET_SENTIMENT = 0.3
TARGET_GROWTH_PER_MONTH = 0.01


@dataclass(frozen=True)
class Recommendation:
    dimension: str
    impact: float
    #: The message in each language, given the numbers already formatted for it.
    message: Callable[[str], str]

    def text(self, language: str) -> str:
        return self.message(language)


def platform_name(platform: str, language: str) -> str:
    name = PLATFORM_NAMES.get(platform, platform)
    return name(language) if isinstance(name, Text) else name


def recommend(evidence: Evidence, peers: tuple[Evidence, ...] = ()) -> list[Recommendation]:
    """What the entity should change, most impact first (only changes that raise the score)."""
    current = score(evidence).overall or 0.0
    found = []
    for dimension, changed, message in _candidates(evidence, peers):
        impact = (score(changed).overall or 0.0) - current
        if impact > 0.05:
            found.append(Recommendation(dimension, round(impact, 1), message))
    return sorted(found, key=lambda r: -r.impact)


def _best(peers: tuple[Evidence, ...], field: str, lowest: bool = False) -> Evidence | None:
    known = [p for p in peers if getattr(p, field) is not None]
    if not known:
        return None
    return (min if lowest else max)(known, key=lambda p: getattr(p, field))


def _monthly(evidence: Evidence, count: float, language: str) -> str:
    per_month = evidence.per_month(count)
    if per_month is None:
        return shown(count, language, "count")
    return shown(round(per_month), language, "count")


Candidate = tuple[str, Evidence, Callable[[str], str]]


def _candidates(e: Evidence, peers: tuple[Evidence, ...]) -> Iterator[Candidate]:
    yield from _presence(e)
    yield from _responsiveness(e, peers)
    yield from _conversation(e)
    yield from _activity(e, peers)
    yield from _engagement(e, peers)
    yield from _voice(e, peers)
    yield from _ugc(e)
    yield from _sentiment(e)
    yield from _growth(e)


def _presence(e: Evidence) -> Iterator[Candidate]:
    active = set(e.active_platforms)
    for platform, count in sorted(e.earned_by_platform.items(), key=lambda kv: -kv[1]):
        monthly = e.per_month(count)
        if platform in active or monthly is None or monthly < PRESENCE_MINIMUM:
            continue
        changed = replace(e, output_by_platform={**e.output_by_platform, platform: 1.0})
        has_account = platform in e.accounts

        def message(
            language: str, platform: str = platform, count: float = count, has: bool = has_account
        ) -> str:
            where, n = platform_name(platform, language), _monthly(e, count, language)
            if language == "it":
                tail = "dove il tuo account non pubblica nulla" if has else "dove non hai un account"
                return f"Il pubblico ti menziona {n} volte al mese su {where}, {tail}."
            tail = "where your account publishes nothing" if has else "where you have no account"
            return f"The public mentions you {n} times a month on {where}, {tail}."

        yield "presence", changed, message


def _responsiveness(e: Evidence, peers: tuple[Evidence, ...]) -> Iterator[Candidate]:
    if e.response_rate is None or not e.inbound:
        return
    rate_target = max([TARGET_RESPONSE_RATE, *(p.response_rate or 0 for p in peers)])
    hours_target = TARGET_RESPONSE_HOURS
    if e.median_response_hours is not None:
        hours_target = min(hours_target, e.median_response_hours)
    changed = replace(
        e, response_rate=max(e.response_rate, min(rate_target, 1.0)), median_response_hours=hours_target
    )
    unanswered = e.inbound * (1 - e.response_rate)
    best = _best(peers, "response_rate")

    def message(language: str) -> str:
        n, rate = _monthly(e, unanswered, language), shown(e.response_rate, language, "share")
        median = shown(e.median_response_hours, language, "hours")
        rival = ""
        if best is not None and (best.response_rate or 0) > (e.response_rate or 0):
            other = shown(best.response_rate, language, "share")
            rival = (
                f" Tasso di risposta di {best.entity}: {other}."
                if language == "it"
                else f" {best.entity} answers {other}."
            )
        if language == "it":
            return (
                f"{n} elementi al mese indirizzati a te restano senza risposta (tasso di risposta entro "
                f"l'orizzonte: {rate}; prima risposta mediana nell'orario di assistenza: {median}).{rival} Punta a rispondere a 9 su "
                f"10 entro 2 ore (passaparola inbox)."
            )
        return (
            f"{n} items a month addressed to you get no answer (response rate within the horizon: {rate}; "
            f"median first response in care hours: {median}).{rival} Aim to answer 9 in 10 within 2 hours "
            f"(passaparola inbox)."
        )

    yield "responsiveness", changed, message


def _conversation(e: Evidence) -> Iterator[Candidate]:
    if e.reply_share is None:
        return
    changed = replace(
        e,
        reply_share=max(e.reply_share, TARGET_REPLY_SHARE),
        two_way_rate=None if e.two_way_rate is None else max(e.two_way_rate, TARGET_TWO_WAY_RATE),
    )

    def message(language: str) -> str:
        share = shown(e.reply_share, language, "share")
        if language == "it":
            two_way = (
                ""
                if e.two_way_rate is None
                else f"; quota di conversazioni bidirezionali tra quelle a cui partecipi: "
                f"{shown(e.two_way_rate, language, 'share')}"
            )
            return (
                f"Quota di risposte in ciò che pubblichi: {share}{two_way}. Rispondi a chi commenta i tuoi "
                f"post e riprendi le sue risposte."
            )
        two_way = (
            ""
            if e.two_way_rate is None
            else f", and {shown(e.two_way_rate, language, 'share')} of the threads you join are two-way"
        )
        return (
            f"Replies are {share} of what you publish{two_way}: reply to the people who comment on your "
            f"posts, and follow up on their answers."
        )

    yield "conversation", changed, message


def _activity(e: Evidence, peers: tuple[Evidence, ...]) -> Iterator[Candidate]:
    if e.output_per_week is None:
        return
    changed = replace(e, output_per_week=max(e.output_per_week, TARGET_OUTPUT_PER_WEEK))
    best = _best(peers, "output_per_week")

    def message(language: str) -> str:
        weekly = shown(e.output_per_week, language, "number")
        rival = ""
        if best is not None and (best.output_per_week or 0) > e.output_per_week:
            other = shown(best.output_per_week, language, "number")
            rival = f" ({best.entity}: {other})"
        if language == "it":
            return f"Pubblichi {weekly} elementi a settimana{rival}: punta ad almeno 3, con regolarità."
        return f"You publish {weekly} items a week{rival}: aim for at least 3, regularly."

    yield "activity", changed, message


def _engagement(e: Evidence, peers: tuple[Evidence, ...]) -> Iterator[Candidate]:
    if e.engagement_rate is None:
        return
    best = _best(peers, "engagement_rate")
    target = TARGET_ENGAGEMENT_RATE
    if best is not None and best.engagement_rate > e.engagement_rate:
        target = best.engagement_rate
    changed = replace(e, engagement_rate=max(e.engagement_rate, target))

    def message(language: str) -> str:
        rate = shown(e.engagement_rate, language, "share")
        if best is not None and best.engagement_rate > e.engagement_rate:
            other = shown(best.engagement_rate, language, "share")
            if language == "it":
                return (
                    f"Il tuo tasso di coinvolgimento sui follower è {rate}, quello di {best.entity} {other}: "
                    f"studia i suoi post migliori (passaparola top posts)."
                )
            return (
                f"Your account engagement rate by followers is {rate}; {best.entity}'s is {other}: study "
                f"its best posts (passaparola top posts)."
            )
        if language == "it":
            return (
                f"Il tuo tasso di coinvolgimento sui follower è {rate}: fai domande, rispondi ai commenti, "
                f"pubblica nelle ore in cui il pubblico interagisce di più (passaparola metrics "
                f"engagement_by_hour_of_week)."
            )
        return (
            f"Your account engagement rate by followers is {rate}: ask questions, answer comments, and post "
            f"when your public interacts most (passaparola metrics engagement_by_hour_of_week)."
        )

    yield "engagement", changed, message


def _voice(e: Evidence, peers: tuple[Evidence, ...]) -> Iterator[Candidate]:
    if e.share_of_voice is None or e.entities < 2:
        return
    leader = _best(peers, "share_of_voice")
    target = max(1 / e.entities, leader.share_of_voice if leader is not None else 0.0)
    if e.share_of_voice >= target:
        return
    changed = replace(e, share_of_voice=target)

    def message(language: str) -> str:
        share = shown(e.share_of_voice, language, "share")
        rival = ""
        if leader is not None and (leader.share_of_voice or 0) > e.share_of_voice:
            rival = f" ({leader.entity}: {shown(leader.share_of_voice, language, 'share')})"
        if language == "it":
            return (
                f"La tua quota di voce per menzioni è {share}{rival}: dai al pubblico motivi per parlare di "
                f"te (novità, domande, iniziative da condividere) e partecipa dove già ne parla."
            )
        return (
            f"Your share of voice by mentions is {share}{rival}: give the public reasons to talk about you "
            f"(news, questions, things worth sharing), and join in where it already does."
        )

    yield "earned_voice", changed, message


def _ugc(e: Evidence) -> Iterator[Candidate]:
    if e.ugc_share is None or e.ugc_share >= TARGET_UGC_SHARE:
        return
    changed = replace(e, ugc_share=TARGET_UGC_SHARE)

    def message(language: str) -> str:
        ugc = shown(e.ugc_share, language, "share")
        if language == "it":
            return (
                f"Quota di contenuti generati dagli utenti nei tuoi media: {ugc}. Invita i clienti a "
                f"raccontarti con un hashtag e rilancia ciò che pubblicano."
            )
        return (
            f"User-generated content is {ugc} of your media: invite customers to tell their stories with a "
            f"hashtag, and share what they post."
        )

    yield "earned_voice", changed, message


def _sentiment(e: Evidence) -> Iterator[Candidate]:
    if e.net_sentiment is None:
        return
    changed = replace(e, net_sentiment=max(e.net_sentiment, TARGET_NET_SENTIMENT))

    def message(language: str) -> str:
        net = shown(e.net_sentiment, language, "number")
        negative = shown(e.negative_share, language, "share")
        if language == "it":
            return (
                f"Sentiment netto del pubblico: {net}; quota di elementi negativi su di te: {negative}. "
                f"Rispondi prima alle conversazioni più negative (passaparola inbox --most-negative)."
            )
        return (
            f"The public's net sentiment is {net}, and {negative} of the items about you are negative: "
            f"answer the most negative threads first (passaparola inbox --most-negative)."
        )

    yield "sentiment", changed, message


def _growth(e: Evidence) -> Iterator[Candidate]:
    if e.growth_per_month is None:
        return
    changed = replace(e, growth_per_month=max(e.growth_per_month, TARGET_GROWTH_PER_MONTH))

    def message(language: str) -> str:
        growth = shown(e.growth_per_month, language, "share")
        if language == "it":
            return (
                f"Variazione mensile dei tuoi follower: {growth}. Collabora con chi parla già di te e "
                f"promuovi i tuoi account dove il pubblico ti menziona."
            )
        return (
            f"Your followers change by {growth} a month: work with the people who already talk about you, "
            f"and promote your accounts where the public mentions you."
        )

    yield "growth", changed, message
