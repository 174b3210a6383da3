"""The report's own sections: overview, owned/paid/earned, who talks to whom, dialogue and customer care,
engagement, UGC, competitors and share of voice, audience. Each shows whatever its families register and
opens with findings computed from the data; a finding whose numbers are missing is left out, and a
value that is unknown is written as unknown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from passaparola.metrics import PANDAS_PERIODS, Metric, Text, compute, get
from passaparola.report import charts, generic
from passaparola.report.generic import headline_findings
from passaparola.report.sections import (
    Block,
    Chart,
    Context,
    Finding,
    Heading,
    Paragraph,
    Section,
    Table,
    as_number,
    family_blocks,
    register,
    top_rival,
)

ROLES = ("brand", "competitor", "influencer", "consumer", "public")


def _role(context: Context, role: str) -> str:
    return context.t(f"split.role.{role}")


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
                charts.bars(
                    frame, "label", "items", context.column_title("items", get("items")), share=False
                ),
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
        frame = frame.assign(media_label=[context.t(f"split.media.{m}") for m in frame["media"]])
        blocks.append(
            Chart(
                charts.bars(
                    frame,
                    "entity",
                    "share",
                    context.column_title("share", get("media_share")),
                    share=True,
                    stack="media_label",
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


def two_way_rates(context: Context) -> dict[str, float]:
    """Each entity's two-way rate, measured with it in the brand's place (once per report); entities with
    no thread of their own are left out (unknown)."""

    def measure() -> dict[str, float]:
        from passaparola.audit.measure import as_brand

        scope, settings = context.scope, context.settings
        found = {}
        for entity in settings.entities:
            turned = replace(scope, settings=as_brand(settings, entity))
            frame = compute(get("two_way_rate"), turned, []).execute()
            value = as_number(frame["two_way_rate"].iloc[0]) if len(frame) else None
            if value is not None:
                found[entity.name] = value
        return found

    return context.once("two_way_rates", measure)


def _dialogue_findings(context: Context) -> list[Finding]:
    found: list[Finding] = []
    rate = context.value("two_way_rate", "two_way_rate")
    brand = context.brand
    if rate is not None:
        rivals = two_way_rates(context) if brand else {}
        best = top_rival(rivals, brand)
        found.append(
            context.t(
                "report.finding.two_way_rival" if best else "report.finding.two_way",
                share=context.format(rate, "share"),
                two_way=context.format(context.value("two_way_rate", "two_way"), "count"),
                threads=context.format(context.value("two_way_rate", "brand_threads"), "count"),
                rival=best or "",
                rival_share=context.format(rivals.get(best) if best else None, "share"),
            )
        )
    if brand is None:
        return found
    days = context.settings.care.horizon.days
    rates = _per_entity(context, "response_rate", "response_rate")
    if brand in rates:
        best = top_rival(rates, brand) or ""
        key = "report.finding.response_rate_rival" if best else "report.finding.response_rate"
        found.append(
            context.t(
                key,
                brand=brand,
                share=context.format(rates[brand], "share"),
                days=days,
                rival=best,
                rival_share=context.format(rates.get(best), "share"),
            )
        )
    elapsed = _per_entity(context, "first_response_time", "median_hours")
    business = _per_entity(context, "first_response_time", "median_business_hours")
    if brand in elapsed:  # nothing to say of a brand that answered nothing in the window
        # a competitor that answered nothing reads n/a: that it never answered is news too
        others = [f"{name} {context.format(elapsed.get(name), 'hours')}" for name in context.competitors]
        found.append(
            context.t(
                "report.finding.first_response" if others else "report.finding.first_response_alone",
                brand=brand,
                hours=context.format(elapsed[brand], "hours"),
                business=context.format(business.get(brand), "hours"),
                others="; ".join(others),
            )
        )
    return found


# Engagement


def _rival_clause(context: Context, key: str, values: dict[str, float], kind: str) -> str:
    """The message ``key`` naming the competitor with the highest value (``{rival}``, ``{rival_value}``
    shown as ``kind``), or nothing without one."""
    pair = _brand_and_rival(context, values)
    return context.t(key, rival=pair[1], rival_value=context.format(values[pair[1]], kind)) if pair else ""


def _brand_and_rival(context: Context, values: dict[str, float]) -> tuple[str, str] | None:
    """The brand and the competitor with the highest value (None without both)."""
    brand = context.brand
    best = top_rival(values, brand)
    if brand is None or brand not in values or best is None:
        return None
    return brand, best


#: The fewest posts an hour of the week needs before it is named as a good or bad time to post.
MIN_POSTS_PER_HOUR = 3
#: The top posts and authors shown per entity and media class.
TOP_SHOWN = 5
#: The longest text shown of a top post.
TEXT_SHOWN = 140


def _engagement_findings(context: Context) -> list[Finding]:
    found: list[Finding] = []
    brand = context.brand
    if brand is None:
        return headline_findings(context, ("engagement",))
    rates = _per_entity(context, "account_engagement_rate", "account_rate_by_followers")
    if brand in rates:

        def count(column: str) -> str:
            return context.format(context.value("account_engagement_rate", column, entity=brand), "count")

        found.append(
            context.t(
                "report.finding.account_rate",
                brand=brand,
                rate=context.format(rates[brand], "share"),
                rival=_rival_clause(context, "report.finding.account_rate_rival", rates, "share"),
                used=count("posts_used"),
                posts=count("posts"),
                without_counters=count("posts_without_counters"),
                without_followers=count("posts_without_followers"),
                partial=count("posts_partial"),
            )
        )
    kaushik = {c: context.value("kaushik_rates", c, entity=brand) for c in _KAUSHIK_COLUMNS}
    if any(kaushik[c] is not None for c in _KAUSHIK_COLUMNS if c.endswith("_rate_per_post")):
        conversation = _per_entity(context, "kaushik_rates", "conversation_rate_per_post")
        found.append(
            context.t(
                "report.finding.kaushik",
                brand=brand,
                conversation=context.format(kaushik["conversation_rate_per_post"], "number"),
                amplification=context.format(kaushik["amplification_rate_per_post"], "number"),
                applause=context.format(kaushik["applause_rate_per_post"], "number"),
                shared=context.format(kaushik["amplification_posts"], "count"),
                posts=context.format(kaushik["posts"], "count"),
                rival=_rival_clause(context, "report.finding.kaushik_rival", conversation, "number"),
            )
        )
    slots = _best_hours(context, brand)
    if slots is not None:
        found.append(slots)
    return found


_KAUSHIK_COLUMNS = (
    "posts",
    "amplification_posts",
    "conversation_rate_per_post",
    "amplification_rate_per_post",
    "applause_rate_per_post",
)


def _heatmap_value(frame: pd.DataFrame) -> str:
    """The value the hour-of-week heatmap shows: the median rate by followers, or the median interactions
    when no post has a rate."""
    rated = "median_rate_by_followers"
    return rated if rated in frame.columns and frame[rated].notna().any() else "median_interactions"


def _brand_hours(context: Context, entity: str) -> pd.DataFrame | None:
    frame = context.table("engagement_by_hour_of_week")
    if frame is None or frame.empty:
        return None
    rows = frame[frame["entity"] == entity]
    return rows if not rows.empty else None


def _best_hours(context: Context, entity: str) -> str | None:
    """The two best hours of the week to post for ``entity`` and the weakest, among hours with at least
    ``MIN_POSTS_PER_HOUR`` posts, by the heatmap's value."""
    frame = _brand_hours(context, entity)
    if frame is None:
        return None
    value = _heatmap_value(frame)
    usable = frame[(frame["posts"] >= MIN_POSTS_PER_HOUR) & frame[value].notna()]
    if len(usable) < 2:
        return None
    ranked = usable.sort_values([value, "hour_of_week"], ascending=[False, True])
    kind = "share" if value == "median_rate_by_followers" else "number"

    def slot(row: pd.Series) -> str:
        return context.t(
            "report.finding.slot",
            hour=context.hour_of_week(int(row["hour_of_week"])),
            value=context.format(row[value], kind),
            posts=context.format(row["posts"], "count"),
        )

    best = [slot(row) for _, row in ranked.head(2).iterrows()]
    return context.t(
        "report.finding.best_hours",
        brand=entity,
        variant=context.t(f"report.variant.{value}"),
        least=MIN_POSTS_PER_HOUR,
        zone=context.scope.zone,
        best=context.t("report.and", first=best[0], second=best[1]),
        worst=slot(ranked.iloc[-1]),
    )


def _heatmap_blocks(context: Context, metric: Metric) -> list[Block]:
    """The brand's hours of the week as a heatmap (day × hour), with the posts it could not use."""
    blocks = _metric_intro(context, metric)
    brand = context.brand
    frame = _brand_hours(context, brand) if brand else None
    if frame is None:
        return blocks
    value = _heatmap_value(frame)
    kind = "share" if value == "median_rate_by_followers" else "number"
    days = [context.t(f"report.day.{d}") for d in range(7)]
    cells = frame[frame[value].notna()].assign(
        day=[days[int(h) // 24] for h in frame.loc[frame[value].notna(), "hour_of_week"]],
        hour=[int(h) % 24 for h in frame.loc[frame[value].notna(), "hour_of_week"]],
    )
    title = context.column_title(value, metric)
    if not cells.empty:
        chart = charts.heatmap(cells, "day", "hour", value, days, title, kind == "share")
        blocks.append(
            Chart(chart, context.t("report.chart.heatmap", brand=brand, what=title, zone=context.scope.zone))
        )
    note = generic.unusable_note(context, metric, frame)
    if note is not None:
        blocks.append(note)
    return blocks


def _metric_intro(context: Context, metric: Metric) -> list[Block]:
    return [
        Heading(metric.title(context.language)),
        Paragraph(metric.definition(context.language)),
        Paragraph(context.t("report.formula", formula=context.text(metric.formula))),
    ]


def _entities_brand_first(context: Context, frame: pd.DataFrame) -> list[str]:
    present = list(dict.fromkeys(str(e) for e in frame["entity"]))
    ordered = [name for name in [context.brand, *context.competitors] if name in present]
    return ordered + [name for name in present if name not in ordered]


def _top_blocks(context: Context, metric: Metric, columns: tuple[str, ...]) -> list[Block]:
    """A table per entity (the brand first) of its top ``TOP_SHOWN`` per media class, by rank."""
    blocks = _metric_intro(context, metric)
    frame = context.table(metric.name)
    if frame is None or frame.empty:
        return blocks
    shown = [c for c in ("media", "rank", *columns) if c in frame.columns]
    formats = generic.kinds(context, metric, frame[shown])
    for entity in _entities_brand_first(context, frame):
        rows = frame[(frame["entity"] == entity) & (frame["rank"] <= TOP_SHOWN)]
        rows = rows.sort_values(
            ["media", "rank"], key=lambda c: c.map(_MEDIA_ORDER) if c.name == "media" else c
        )
        cells = [
            [_top_cell(context, column, row[column], formats[column]) for column in shown]
            for row in rows.to_dict(orient="records")
        ]
        numeric = frozenset(i for i, c in enumerate(shown) if formats[c] in ("count", "number", "share"))
        caption = context.t("report.top_caption", entity=entity, shown=TOP_SHOWN)
        blocks.append(Table([context.column_title(c, metric) for c in shown], cells, caption, numeric))
    return blocks


_MEDIA_ORDER = {"owned": 0, "paid": 1, "earned": 2}


def _top_cell(context: Context, column: str, value: object, kind: str) -> str:
    if column == "text" and isinstance(value, str):
        flat = " ".join(value.split())
        return flat if len(flat) <= TEXT_SHOWN else flat[: TEXT_SHOWN - 1] + "…"
    return context.cell(column, value, kind)


#: The engagement metrics the section shows first (when to post, then each account's rates); the family's
#: other metrics follow in the registry's order.
ENGAGEMENT_FIRST = ("engagement_by_hour_of_week", "account_engagement_rate", "kaushik_rates")


def _engagement_render(context: Context) -> list[Block]:
    blocks: list[Block] = []
    metrics = context.metrics("engagement")
    first = [m for name in ENGAGEMENT_FIRST for m in metrics if m.name == name]
    for metric in first + [m for m in metrics if m not in first]:
        if metric.name == "engagement_by_hour_of_week":
            blocks += _heatmap_blocks(context, metric)
        elif metric.name == "top_posts":
            blocks += _top_blocks(
                context,
                metric,
                ("author", "platform", "interactions", "partial", "rate_by_followers", "text"),
            )
        elif metric.name == "top_authors":
            blocks += _top_blocks(
                context,
                metric,
                ("author", "platform", "items", "interactions", "followers", "median_rate_by_followers"),
            )
        else:
            blocks += generic.metric_blocks(context, metric)
    return blocks


# User-generated content

#: The UGC lift the industry quotes: Mavrck's 2017 Facebook benchmark, 6.9x, "about 7x".
INDUSTRY_LIFT = 7.0


def _ugc_findings(context: Context) -> list[Finding]:
    brand = context.brand
    if brand is None:
        return headline_findings(context, ("ugc",))
    found: list[Finding] = []

    def lift(column: str) -> float | None:
        return context.value("ugc_lift", column, entity=brand)

    value, low, high = lift("lift"), lift("lift_low"), lift("lift_high")
    if value is not None:
        if low is None or high is None:
            where = "report.finding.industry_unknown"
        elif high < INDUSTRY_LIFT:
            where = "report.finding.industry_above"
        elif low > INDUSTRY_LIFT:
            where = "report.finding.industry_below"
        else:
            where = "report.finding.industry_inside"
        found.append(
            context.t(
                "report.finding.ugc_lift",
                brand=brand,
                lift=context.format(value, "number"),
                low=context.format(low, "number"),
                high=context.format(high, "number"),
                ugc=context.format(lift("ugc_rated"), "count"),
                owned=context.format(lift("owned_rated"), "count"),
                ugc_rate=context.format(lift("ugc_median_rate_by_followers"), "share"),
                owned_rate=context.format(lift("owned_median_rate_by_followers"), "share"),
            )
            + " "
            + context.t(where, industry=context.format(INDUSTRY_LIFT, "number"))
        )
    shares = _per_entity(context, "ugc_share", "ugc_share")
    if brand in shares:
        pair = _brand_and_rival(context, shares)
        found.append(
            context.t(
                "report.finding.ugc_share",
                brand=brand,
                share=context.format(shares[brand], "share"),
                ugc=context.format(context.value("ugc_share", "ugc_items", entity=brand), "count"),
                items=context.format(context.value("ugc_share", "items", entity=brand), "count"),
                rival=pair[1] if pair else context.format(None),
                rival_share=context.format(shares[pair[1]] if pair else None, "share"),
            )
        )
    lifts = {name: value for name, value in _per_entity(context, "ugc_lift", "lift").items() if name != brand}
    if lifts:
        found.append(
            context.t(
                "report.finding.ugc_lift_rivals",
                others="; ".join(f"{n} {context.format(v, 'number')}×" for n, v in sorted(lifts.items())),
            )
        )
    return found or headline_findings(context, ("ugc",))


def _ugc_render(context: Context) -> list[Block]:
    blocks: list[Block] = []
    for metric in context.metrics("ugc"):
        if metric.name == "ugc_lift":
            blocks += generic.metric_blocks(context, metric, reference=INDUSTRY_LIFT)
        else:
            blocks += generic.metric_blocks(context, metric)
    return blocks


# Competitors and share of voice


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
    latest = _voice_latest(context)
    if latest is not None:
        found.append(latest)
    return found or headline_findings(context, ("voice",))


def _voice_by_period(context: Context) -> pd.DataFrame | None:
    frame = context.table("share_of_voice", [context.period])
    if frame is None or frame.empty or "items_share" not in frame.columns:
        return None
    return frame[frame["voice"] == "others"]


def _voice_latest(context: Context) -> str | None:
    """The brand's share of voice by mentions in the report's last whole period in which anyone was
    mentioned, and its change from the one before, beside each competitor's."""
    frame, brand = _voice_by_period(context), context.brand
    if frame is None or brand is None:
        return None
    period = context.period
    _, end = context.scope.window
    whole = [
        start
        for start in frame[period].unique()
        if end is not None and pd.Period(start, PANDAS_PERIODS[period]).end_time < pd.Timestamp(end)
    ]
    said = frame[(frame["items"] > 0) & frame[period].isin(whole)]
    if said.empty:
        return None
    last = frame[frame[period] == said[period].max()]
    values = {str(r["entity"]): (r["items_share"], r["items_share_change"]) for r in last.to_dict("records")}
    if brand not in values:
        return None

    def shown(name: str) -> str:
        share, change = values[name]
        return context.t(
            "report.finding.voice_change_value",
            entity=name,
            share=context.format(share, "share"),
            change=context.format(change, "points"),
        )

    return context.t(
        "report.finding.voice_latest",
        period=context.t(f"report.period.{period}"),
        start=pd.Timestamp(said[period].max()).strftime("%Y-%m-%d"),
        brand=shown(brand),
        others="; ".join(shown(name) for name in context.competitors if name in values)
        or context.format(None),
    )


def _voice_render(context: Context) -> list[Block]:
    blocks = family_blocks(context, "voice")
    frame = _voice_by_period(context)
    if frame is None:
        return blocks
    period = context.period
    metric = get("share_of_voice")
    chart = charts.over_time(
        frame[frame["items_share"].notna()],
        period,
        "items_share",
        "entity",
        context.column_title("items_share", metric),
        True,
    )
    name = context.t(f"report.period.{period}")
    blocks.append(Chart(chart, context.t("report.chart.voice", period=name)))
    entities = _entities_brand_first(context, frame)
    rows = []
    for start, group in frame.groupby(period, sort=True):
        values = {str(r["entity"]): r for r in group.to_dict("records")}
        rows.append(
            [
                pd.Timestamp(start).strftime("%Y-%m-%d"),
                *(
                    context.t(
                        "report.share_and_change",
                        share=context.format(values[e]["items_share"], "share"),
                        change=context.format(values[e]["items_share_change"], "points"),
                    )
                    if e in values
                    else context.format(None)
                    for e in entities
                ),
            ]
        )
    blocks.append(
        Table(
            [context.column_title(period), *entities],
            rows,
            context.t("report.voice_table", period=name),
            frozenset(range(1, len(entities) + 1)),
        )
    )
    return blocks


# Audience


def _audience_findings(context: Context) -> list[Finding]:
    brand = context.brand
    if brand is None:
        return headline_findings(context, ("audience", "activity"))
    found: list[Finding] = []
    growth = _growth_per_entity(context)
    if brand in growth:
        net, baseline, measured, accounts = growth[brand]
        if baseline:
            growths = {n: g[0] / g[1] for n, g in growth.items() if g[1]}
            best = top_rival(growths, brand)
            found.append(
                context.t(
                    "report.finding.growth",
                    brand=brand,
                    net=context.format(net, "count"),
                    growth=context.format(net / baseline, "share"),
                    baseline=context.format(baseline, "count"),
                    measured=measured,
                    accounts=accounts,
                    rivals=context.t(
                        "report.finding.growth_rival",
                        rival=best,
                        growth=context.format(growths[best], "share"),
                    )
                    if best
                    else context.t("report.finding.growth_rivals_unknown"),
                )
            )
        else:
            found.append(context.t("report.finding.growth_unknown", brand=brand, accounts=accounts))
    activity = {
        str(r["entity"]): r for r in (_table_records(context, "posting_activity") or []) if "entity" in r
    }
    if brand in activity:
        # a rival that published nothing is not the most active one
        busiest = top_rival(
            {n: as_number(r["posts_per_week"]) for n, r in activity.items() if r["output"]}, brand
        )

        def figures(name: str) -> dict[str, str]:
            row = activity[name]
            return {
                "posts": context.format(row["posts_per_week"], "number"),
                "replies": context.format(row["replies_per_week"], "number"),
                "reply_share": context.format(row["reply_share"], "share"),
            }

        if activity[brand]["output"]:
            sentence = context.t("report.finding.activity", brand=brand, **figures(brand))
        else:
            sentence = context.t("report.finding.activity_none", brand=brand)
        if busiest:
            sentence += " " + context.t("report.finding.activity_rival", rival=busiest, **figures(busiest))
        found.append(sentence)
    return found


def _table_records(context: Context, name: str) -> list[dict] | None:
    frame = context.table(name)
    return None if frame is None else frame.to_dict(orient="records")


def _growth_per_entity(context: Context) -> dict[str, tuple[float, float, int, int]]:
    """Per entity: net new followers and the baseline summed over its accounts observed at least twice,
    how many accounts those are, and how many accounts it has in the table."""
    frame = context.table("audience_growth")
    if frame is None or frame.empty:
        return {}
    found = {}
    for name, rows in frame.groupby("entity", sort=False):
        measured = rows[rows["baseline_followers"].notna() & rows["net_new_followers"].notna()]
        found[str(name)] = (
            float(measured["net_new_followers"].sum()),
            float(measured["baseline_followers"].sum()),
            len(measured),
            len(rows),
        )
    return found


# Sections


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
            "How people respond to what is published, and when to post.",
            "Come le persone reagiscono a ciò che viene pubblicato, e quando pubblicare.",
        ),
        _engagement_findings,
        _engagement_render,
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
        _ugc_render,
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
        Text(
            "How the audience grows, and how much each entity publishes.",
            "Come cresce il pubblico, e quanto pubblica ogni entità.",
        ),
        _audience_findings,
    )
)
