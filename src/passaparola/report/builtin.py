"""The report's own sections: overview, owned/paid/earned, who talks to whom, dialogue and customer care,
engagement, UGC, competitors and share of voice, audience. Each shows whatever its families register and
opens with findings computed from the data; a finding whose numbers are missing is left out, and a
value that is unknown is written as unknown."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from passaparola.metrics import Metric, Text
from passaparola.report import charts, generic
from passaparola.report.sections import (
    Block,
    Chart,
    Context,
    Finding,
    Section,
    as_number,
    family_blocks,
    label_columns,
    register,
)

ROLES = ("brand", "competitor", "influencer", "consumer", "public")


def _role(context: Context, role: str) -> str:
    return context.t(f"report.role.{role}")


# Overview


def _overview_findings(context: Context) -> list[Finding]:
    total = context.value("items", "items")
    if not total or context.span is None:
        return [context.t("report.finding.no_items")]
    first, last = context.span
    platforms = context.table("items", ["platform"])
    found = [
        context.t(
            "report.finding.volume",
            items=context.format(total, "count"),
            first=first.strftime("%Y-%m-%d"),
            last=last.strftime("%Y-%m-%d"),
            zone=context.scope.zone,
            platforms=len(platforms) if platforms is not None else 0,
        )
    ]
    roles = context.table("items", ["role"])
    if roles is not None and not roles.empty:
        counts = dict(zip(roles["role"], roles["items"], strict=True))
        public = sum(counts.get(role, 0) for role in ("influencer", "consumer", "public"))
        found.append(
            context.t(
                "report.finding.public_voice",
                public=context.format(public / total, "share"),
                brand=context.format(counts.get("brand", 0) / total, "share"),
            )
        )
    return found


def _overview_render(context: Context) -> list[Block]:
    blocks = family_blocks(context, "volume")
    roles = context.table("items", ["role"])
    if roles is not None and not roles.empty:
        frame = roles.assign(label=[_role(context, r) for r in roles["role"]])
        blocks.append(
            Chart(
                charts.bars(frame, "label", "items", context.column_title("items"), share=False),
                context.t("report.chart.by_role"),
            )
        )
    return blocks


# Owned, paid and earned


def _media_findings(context: Context) -> list[Finding]:
    found: list[Finding] = []
    brand = context.brand
    if brand is not None:
        shares = {
            m: context.value("media_share", "share", entity=brand, media=m)
            for m in ("owned", "paid", "earned")
        }
        if any(v is not None for v in shares.values()):
            found.append(
                context.t(
                    "report.finding.media_mix",
                    entity=brand,
                    **{m: context.format(v or 0.0, "share") for m, v in shares.items()},
                )
            )
    earned = _per_entity(context, "media_share", "share", media="earned")
    if brand in earned and len(earned) > 1:
        rival, rival_share = max(
            ((name, share) for name, share in earned.items() if name != brand), key=lambda pair: pair[1]
        )
        found.append(
            context.t(
                "report.finding.earned_rival",
                rival=rival,
                rival_share=context.format(rival_share, "share"),
                brand=brand,
                brand_share=context.format(earned[brand], "share"),
            )
        )
    return found


def _media_render(context: Context) -> list[Block]:
    blocks = family_blocks(context, "media")
    frame = context.table("media_share")
    if frame is not None and not frame.empty:
        frame = frame.assign(media_label=[context.t(f"report.media.{m}") for m in frame["media"]])
        blocks.append(
            Chart(
                charts.bars(
                    frame, "entity", "share", context.column_title("share"), share=True, stack="media_label"
                ),
                context.t("report.chart.media_mix"),
            )
        )
    return blocks


def _per_entity(context: Context, metric: str, column: str, **where: object) -> dict[str, float]:
    """``column`` of ``metric`` per entity (rows matching ``where``); unknown values are left out."""
    frame = context.table(metric)
    if frame is None or "entity" not in frame.columns or column not in frame.columns:
        return {}
    for key, wanted in where.items():
        frame = frame[frame[key] == wanted]
    values = {str(row["entity"]): as_number(row[column]) for row in frame.to_dict(orient="records")}
    return {name: value for name, value in values.items() if value is not None}


# Who talks to whom


def _interaction_count(frame: pd.DataFrame, source: str, target: str) -> int:
    rows = frame[(frame["source_role"] == source) & (frame["target_role"] == target)]
    return int(rows["interactions"].sum())


def _interactions_findings(context: Context) -> list[Finding]:
    found: list[Finding] = []
    matrix = context.table("interactions")
    if matrix is not None and not matrix.empty:
        inbound = _interaction_count(matrix, "consumer", "brand")
        outbound = _interaction_count(matrix, "brand", "consumer")
        if inbound:
            found.append(
                context.t(
                    "report.finding.direction",
                    inbound=context.format(inbound, "count"),
                    outbound=context.format(outbound, "count"),
                    per_hundred=context.format(100 * outbound / inbound, "count"),
                )
            )
        between = _interaction_count(matrix, "consumer", "consumer")
        total = int(matrix["interactions"].sum())
        found.append(
            context.t(
                "report.finding.peer_talk",
                share=context.format(between / total, "share"),
                count=context.format(between, "count"),
            )
        )
    reciprocity = context.value("reciprocity", "reciprocity")
    if reciprocity is not None:
        found.append(
            context.t(
                "report.finding.reciprocity",
                share=context.format(reciprocity, "share"),
                reciprocal=context.format(context.value("reciprocity", "reciprocal"), "count"),
                pairs=context.format(context.value("reciprocity", "pairs"), "count"),
            )
        )
    return found


def _interactions_render(context: Context) -> list[Block]:
    blocks = family_blocks(context, "interactions")
    matrix = context.table("interactions")
    if matrix is not None and not matrix.empty:
        frame = matrix.assign(
            source=[_role(context, r) for r in matrix["source_role"]],
            target=[_role(context, r) for r in matrix["target_role"]],
        )
        blocks.append(
            Chart(
                charts.matrix(
                    frame,
                    "source",
                    "target",
                    "interactions",
                    context.t("report.matrix.from"),
                    context.t("report.matrix.to"),
                ),
                context.t("report.chart.matrix"),
            )
        )
    return blocks


# Dialogue and customer care


def _dialogue_findings(context: Context) -> list[Finding]:
    found: list[Finding] = []
    rate = context.value("two_way_rate", "two_way_rate")
    if rate is not None:
        found.append(
            context.t(
                "report.finding.two_way",
                share=context.format(rate, "share"),
                two_way=context.format(context.value("two_way_rate", "two_way"), "count"),
                threads=context.format(context.value("two_way_rate", "brand_threads"), "count"),
            )
        )
    brand = context.brand
    if brand is None:
        return found
    days = context.settings.care.horizon.days
    rates = _per_entity(context, "response_rate", "response_rate")
    if brand in rates:
        rivals = {name: value for name, value in rates.items() if name != brand}
        key = "report.finding.response_rate_rival" if rivals else "report.finding.response_rate"
        best = max(rivals, key=rivals.__getitem__) if rivals else ""
        found.append(
            context.t(
                key,
                brand=brand,
                share=context.format(rates[brand], "share"),
                days=days,
                rival=best,
                rival_share=context.format(rivals.get(best), "share"),
            )
        )
    elapsed = _per_entity(context, "first_response_time", "median_hours")
    business = _per_entity(context, "first_response_time", "median_business_hours")
    found.append(
        context.t(
            "report.finding.first_response",
            brand=brand,
            hours=context.format(elapsed.get(brand), "hours"),
            business=context.format(business.get(brand), "hours"),
            others="; ".join(
                f"{name} {context.format(elapsed.get(name), 'hours')}" for name in context.competitors
            )
            or context.format(None),
        )
    )
    return found


# Engagement, UGC, share of voice: findings from the metrics when the registry has them


def _brand_and_rival(context: Context, values: dict[str, float]) -> tuple[str, str] | None:
    """The brand and the competitor with the highest value (None without both)."""
    brand = context.brand
    rivals = {name: value for name, value in values.items() if name != brand}
    if brand is None or brand not in values or not rivals:
        return None
    return brand, max(rivals, key=rivals.__getitem__)


def _engagement_findings(context: Context) -> list[Finding]:
    found: list[Finding] = []
    rates = _per_entity(context, "account_engagement_rate", "account_rate_by_followers")
    pair = _brand_and_rival(context, rates)
    if pair:
        brand, rival = pair
        found.append(
            context.t(
                "report.finding.account_rate",
                brand=brand,
                rate=context.format(rates[brand], "share"),
                rival=rival,
                rival_rate=context.format(rates[rival], "share"),
                unused=context.format(
                    context.value("account_engagement_rate", "posts_without_counters", entity=brand), "count"
                ),
            )
        )
    if context.brand is not None:
        owned = context.value(
            "engagement_rate_by_followers", "median_rate_by_followers", entity=context.brand, media="owned"
        )
        earned = context.value(
            "engagement_rate_by_followers", "median_rate_by_followers", entity=context.brand, media="earned"
        )
        if owned is not None or earned is not None:
            found.append(
                context.t(
                    "report.finding.median_rates",
                    brand=context.brand,
                    owned=context.format(owned, "share"),
                    earned=context.format(earned, "share"),
                )
            )
    return found or headline_findings(context, ("engagement",))


def _ugc_findings(context: Context) -> list[Finding]:
    brand = context.brand
    lift = context.value("ugc_lift", "lift", entity=brand) if brand else None
    if lift is None:
        return headline_findings(context, ("ugc",))

    def value(column: str) -> float | None:
        return context.value("ugc_lift", column, entity=brand)

    return [
        context.t(
            "report.finding.ugc_lift",
            brand=brand,
            lift=context.format(lift),
            low=context.format(value("lift_low")),
            high=context.format(value("lift_high")),
            ugc=context.format(value("ugc_rated"), "count"),
            owned=context.format(value("owned_rated"), "count"),
        )
    ]


def _voice_findings(context: Context) -> list[Finding]:
    found: list[Finding] = []
    for column, key in (
        ("items_share", "report.finding.voice_items"),
        ("interactions_share", "report.finding.voice_interactions"),
    ):
        shares = _per_entity(context, "share_of_voice", column, voice="others")
        pair = _brand_and_rival(context, shares)
        if pair:
            brand, rival = pair
            found.append(
                context.t(
                    key,
                    brand=brand,
                    share=context.format(shares[brand], "share"),
                    rival=rival,
                    rival_share=context.format(shares[rival], "share"),
                )
            )
    return found or headline_findings(context, ("voice",))


def _voice_render(context: Context) -> list[Block]:
    blocks = family_blocks(context, "voice")
    frame = context.table("share_of_voice", [context.period])
    if frame is not None and not frame.empty and "items_share" in frame.columns:
        others = frame[frame["voice"] == "others"]
        chart = charts.over_time(
            others, context.period, "items_share", "entity", context.column_title("items_share"), True
        )
        period = context.t(f"report.period.{context.period}")
        blocks.append(Chart(chart, context.t("report.chart.voice", period=period)))
    return blocks


# Sections whose families are written elsewhere: whatever they register, with headline findings


def headline_findings(context: Context, families: tuple[str, ...], limit: int = 3) -> list[Finding]:
    """For the first metrics of ``families``: the brand against the competitor with the highest value when
    the metric is per entity, else the metric's overall value (its title names the variant)."""
    found: list[Finding] = []
    for metric in [m for family in families for m in context.metrics(family)]:
        if len(found) == limit:
            break
        sentence = _headline(context, metric)
        if sentence:
            found.append(sentence)
    return found


def _headline(context: Context, metric: Metric) -> str | None:
    frame = context.table(metric.name)
    if frame is None or frame.empty:
        return None
    value = generic.primary_column(metric, frame)
    if value is None:
        return None
    kind = generic.kinds(metric, frame[[value]])[value]
    title = metric.title(context.language)
    extra = [key for key in metric.breakdown if key != "entity"]
    if "entity" in frame.columns and not extra:
        values = {str(r["entity"]): as_number(r[value]) for r in frame.to_dict(orient="records")}
        brand = context.brand
        rivals = {n: v for n, v in values.items() if n != brand and v is not None}
        if brand is None or not rivals:
            return None
        best = max(rivals, key=rivals.__getitem__)
        return context.t(
            "report.finding.headline_rival",
            metric=title,
            brand=brand,
            value=context.format(values.get(brand), kind),
            rival=best,
            rival_value=context.format(rivals[best], kind),
        )
    if len(frame) == 1:
        return context.t(
            "report.finding.headline", metric=title, value=context.format(frame[value].iloc[0], kind)
        )
    return None


def _family_section(
    key: str,
    title: Text,
    order: int,
    families: tuple[str, ...],
    intro: Text,
    findings: Callable[[Context], list[Finding]] | None = None,
    render: Callable[[Context], list[Block]] | None = None,
) -> Section:
    return Section(
        key=key,
        title=title,
        order=order,
        families=families,
        render=render,
        findings=findings or (lambda context: headline_findings(context, families)),
        intro=intro,
    )


register(
    Section(
        key="overview",
        title=Text("Overview", "Panoramica"),
        order=10,
        families=("volume",),
        render=_overview_render,
        findings=_overview_findings,
        intro=Text("How much was published, where and by whom.", "Quanto è stato pubblicato, dove e da chi."),
    )
)
register(
    Section(
        key="media",
        title=Text("Owned, paid and earned media", "Media di proprietà, a pagamento e guadagnati"),
        order=20,
        families=("media",),
        render=_media_render,
        findings=_media_findings,
        intro=Text(
            "What share of the conversation each entity owns, pays for or earns.",
            "Quanta parte della conversazione ogni entità possiede, paga o guadagna.",
        ),
    )
)
register(
    Section(
        key="interactions",
        title=Text("Who talks to whom", "Chi parla con chi"),
        order=30,
        families=("interactions",),
        render=_interactions_render,
        findings=_interactions_findings,
        intro=Text(
            "Replies, mentions and shares between the brand, competitors, influencers and consumers.",
            "Risposte, menzioni e condivisioni tra brand, concorrenti, influencer e consumatori.",
        ),
    )
)
register(
    Section(
        key="dialogue",
        title=Text("Dialogue and customer care", "Dialogo e assistenza clienti"),
        order=40,
        families=("threads", "care"),
        findings=_dialogue_findings,
        intro=Text(
            "Are we in a two-way conversation, and how fast do we answer?",
            "Siamo in una conversazione a due vie, e quanto rispondiamo in fretta?",
        ),
    )
)
register(
    _family_section(
        "engagement",
        Text("Engagement", "Coinvolgimento"),
        50,
        ("engagement",),
        Text(
            "How people respond to what is published.",
            "Come le persone reagiscono a ciò che viene pubblicato.",
        ),
    )
)
register(
    _family_section(
        "ugc",
        Text("User-generated content", "Contenuti generati dagli utenti"),
        60,
        ("ugc",),
        Text(
            "How what people publish about the brand performs against the brand's own posts.",
            "Come rende ciò che le persone pubblicano sul brand rispetto ai post del brand.",
        ),
        _ugc_findings,
    )
)
register(
    _family_section(
        "voice",
        Text("Competitors and share of voice", "Concorrenti e quota di voce"),
        70,
        ("voice",),
        Text(
            "The brand's share of the conversation against its competitors.",
            "La quota della conversazione del brand rispetto ai concorrenti.",
        ),
        _voice_findings,
        _voice_render,
    )
)
register(
    _family_section(
        "audience",
        Text("Audience", "Pubblico"),
        80,
        ("audience", "activity"),
        Text("Who the audience is and when it is active.", "Chi è il pubblico e quando è attivo."),
    )
)
label_columns(
    {
        "items": Text("Items", "Elementi"),
        "share": Text("Share", "Quota"),
        "entity": Text("Entity", "Entità"),
        "media": Text("Media", "Media"),
        "interactions": Text("Interactions", "Interazioni"),
        "source_role": Text("From (role)", "Da (ruolo)"),
        "target_role": Text("To (role)", "A (ruolo)"),
        "pairs": Text("Pairs linked by replies", "Coppie legate da risposte"),
        "reciprocal": Text("Reciprocal pairs", "Coppie reciproche"),
        "reciprocity": Text("Reciprocity", "Reciprocità"),
        "threads": Text("Threads", "Conversazioni"),
        "mean_size": Text("Mean size (items)", "Dimensione media (elementi)"),
        "mean_participants": Text("Mean participants", "Partecipanti medi"),
        "max_depth": Text("Deepest chain", "Catena più profonda"),
        "brand_threads": Text("Threads the brand joined", "Conversazioni con il brand"),
        "two_way": Text("Two-way", "Bidirezionali"),
        "multi_party": Text("Multi-party", "Multi-parte"),
        "two_way_rate": Text(
            "Two-way rate (of brand threads)", "Tasso bidirezionale (conversazioni col brand)"
        ),
        "inbound": Text("Inbound", "In entrata"),
        "answered": Text("Answered", "Con risposta"),
        "response_rate": Text("Response rate (within horizon)", "Tasso di risposta (entro l'orizzonte)"),
        "median_hours": Text("Median (elapsed)", "Mediana (ore trascorse)"),
        "mean_hours": Text("Mean (elapsed)", "Media (ore trascorse)"),
        "p90_hours": Text("90th percentile (elapsed)", "90° percentile (ore trascorse)"),
        "median_business_hours": Text("Median (business hours)", "Mediana (ore lavorative)"),
        "platform": Text("Platform", "Piattaforma"),
        "role": Text("Role", "Ruolo"),
        "kind": Text("Kind", "Tipo"),
        "voice": Text("Voice", "Voce"),
        "posts": Text("Posts", "Post"),
        "posts_used": Text("Posts used", "Post usati"),
        "items_rated": Text("Items rated", "Elementi valutati"),
        "items_without_counters": Text("Items without counters", "Elementi senza contatori"),
        "items_without_followers": Text("Items without followers", "Elementi senza follower"),
        "posts_without_counters": Text("Posts without counters", "Post senza contatori"),
        "posts_without_followers": Text("Posts without followers", "Post senza follower"),
        "mean_followers": Text("Mean followers", "Follower medi"),
        "followers": Text("Followers", "Follower"),
        "potential_reach": Text("Potential reach", "Copertura potenziale"),
        "items_share": Text("Share of voice by mentions", "Quota di voce per menzioni"),
        "interactions_share": Text("Share of voice by engagement", "Quota di voce per coinvolgimento"),
        "potential_reach_share": Text(
            "Share of voice by potential reach", "Quota di voce per copertura potenziale"
        ),
        "median_rate_by_followers": Text("Median engagement rate by followers", "Tasso mediano sui follower"),
        "mean_rate_by_followers": Text("Mean engagement rate by followers", "Tasso medio sui follower"),
        "account_rate_by_followers": Text(
            "Account engagement rate by followers", "Tasso dell'account sui follower"
        ),
        "lift": Text("UGC lift", "UGC lift"),
        "lift_low": Text("Lift, 95% low", "Lift, minimo al 95%"),
        "lift_high": Text("Lift, 95% high", "Lift, massimo al 95%"),
    }
)
