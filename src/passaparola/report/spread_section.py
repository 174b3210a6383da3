"""The report's section on word of mouth: who amplifies the brand and how far their shares travel, and
what crossed platforms (links and near-identical posts: where first, then each other platform with its
delay, and the volume per platform over time)."""

from __future__ import annotations

import pandas as pd

from passaparola.metrics import Text, get
from passaparola.metrics.amplifiers import top_amplifiers
from passaparola.metrics.spread import link_arrivals, text_arrivals
from passaparola.report import charts
from passaparola.report.journeys import Journey, journeys, path
from passaparola.report.sections import (
    Block,
    Chart,
    Context,
    Heading,
    Section,
    Table,
    family_blocks,
    register,
)

SHOWN = 10


def _brand_row(context: Context, metric: str) -> pd.Series | None:
    frame = context.table(metric, ["entity"])
    if frame is None or context.brand is None:
        return None
    rows = frame[frame["entity"] == context.brand]
    return rows.iloc[0] if len(rows) == 1 else None


def _amplifier_rows(context: Context) -> list[dict]:
    brand = context.settings.brand
    if brand is None:
        return []
    return context.once(
        "spread.amplifiers", lambda: top_amplifiers(context.scope, brand, SHOWN).to_pyarrow().to_pylist()
    )


def _journeys(context: Context) -> dict[str, list[Journey]]:
    """The brand's links and clusters of near-identical posts that reached two platforms or more (everyone's
    when the workspace has no brand), on most platforms first."""

    def make() -> dict[str, list[Journey]]:
        found = {}
        for key, arrivals in (
            ("url", link_arrivals(context.scope)),
            ("cluster", text_arrivals(context.scope)),
        ):
            crossed = arrivals.filter(arrivals.platforms >= 2)
            if context.brand is not None:
                crossed = crossed.filter(crossed.entity == context.brand)
            found[key] = journeys(crossed.to_pyarrow().to_pandas(), key, SHOWN)
        return found

    return context.once("spread.journeys", make)


def _journey_table(context: Context, found: list[Journey], label: str) -> Table:
    zone = context.settings.timezone
    rows = [
        (
            j.label,
            j.first,
            context.format(None)
            if j.started_at is None
            else j.started_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            path(j, context.t),
            context.format(j.items, "count"),
        )
        for j in found
    ]
    columns = [
        label,
        context.t("spread.first"),
        context.t("spread.when"),
        context.t("spread.then"),
        context.t("spread.items"),
    ]
    return Table(columns, rows, numeric=frozenset({4}))


def _volume_chart(context: Context) -> Chart | None:
    """Items whose content crossed platforms (the brand's, when there is a brand), per platform over the
    report's periods."""
    period = context.period
    by = ["platform", period, *(["entity"] if context.brand is not None else [])]
    frame = context.table("cross_platform_items", by)
    if frame is None:
        return None
    if context.brand is not None:
        frame = frame[frame["entity"] == context.brand]
    if frame.empty:
        return None
    title = context.column_title("items", get("cross_platform_items"))
    chart = charts.over_time(frame, period, "items", "platform", title, False)
    what = context.text(
        Text(
            "Items whose content crossed platforms, per platform",
            "Elementi con contenuti passati tra piattaforme, per piattaforma",
        )
    )
    return Chart(
        chart, context.t("report.chart.over_time", what=what, period=context.t(f"report.period.{period}"))
    )


def _render(context: Context) -> list[Block]:
    blocks: list[Block] = []
    amplifiers = _amplifier_rows(context)
    if amplifiers:
        blocks.append(
            Heading(context.text(Text("Top amplifiers of the brand", "Chi amplifica di più il brand")))
        )
        columns = [
            context.t("status.platform"),
            context.t("status.author"),
            context.t("graph.followers"),
            context.t("amplifiers.shares"),
            context.t("amplifiers.below"),
            context.t("amplifiers.deepest"),
            context.t("amplifiers.reach_below"),
            context.t("amplifiers.reach_unknown"),
            context.t("amplifiers.second_replies"),
        ]
        rows = [
            (
                r["platform"],
                r["author"],
                context.format(r["followers"], "count"),
                context.format(r["shares"], "count"),
                context.format(r["items_below"], "count"),
                context.format(r["deepest_below"], "count"),
                context.format(r["reach_below"], "count"),
                context.format(r["reach_below_unknown"], "count"),
                context.format(r["second_level_replies"], "count"),
            )
            for r in amplifiers
        ]
        blocks.append(Table(columns, rows, numeric=frozenset(range(2, 9))))
    blocks += family_blocks(context, "amplifiers")
    found = _journeys(context)
    if found["url"]:
        heading = Text("Where the brand's links travelled", "Dove sono arrivati i link del brand")
        blocks += [
            Heading(context.text(heading)),
            _journey_table(context, found["url"], context.t("spread.link")),
        ]
    if found["cluster"]:
        heading = Text(
            "The brand's near-identical posts on several platforms",
            "Post quasi identici del brand su più piattaforme",
        )
        blocks += [
            Heading(context.text(heading)),
            _journey_table(context, found["cluster"], context.t("spread.text")),
        ]
    chart = _volume_chart(context)
    if chart is not None:
        blocks.append(chart)
    return blocks + family_blocks(context, "spread")


def _crossed(context: Context, row: pd.Series, total: str, what: Text) -> Text:
    share = context.format(row["cross_platform_share"], "share")
    crossed = context.format(row["cross_platform"], "count")
    hours = context.format(row["median_delay_hours"], "hours")
    return Text(
        f"{what.en} that reached a second platform: {crossed} of {total} ({share}); the median delay to the "
        f"second platform was {hours}.",
        f"{what.it} arrivati su una seconda piattaforma: {crossed} su {total} ({share}); il ritardo mediano "
        f"per la seconda piattaforma è stato di {hours}.",
    )


def _findings(context: Context) -> list[Text | str]:
    found: list[Text | str] = []
    links = _brand_row(context, "cross_platform_links")
    if links is not None and links["links"]:
        total = context.format(links["links"], "count")
        found.append(_crossed(context, links, total, Text("The brand's links", "Link del brand")))
    texts = _brand_row(context, "cross_platform_texts")
    if texts is not None and texts["cross_platform"]:
        total = context.format(texts["texts"], "count")
        what = Text("Groups of the brand's near-identical posts", "Gruppi di post quasi identici del brand")
        found.append(_crossed(context, texts, total, what))
    amplifiers = _amplifier_rows(context)
    if amplifiers:
        top = amplifiers[0]
        shares = context.format(top["shares"], "count")
        below = context.format(top["items_below"], "count")
        found.append(
            Text(
                f"The brand's top amplifier is {top['author']} on {top['platform']}, with {shares} shares and "
                f"quotes of its content; items below them in the cascades: {below}.",
                f"Chi amplifica di più il brand è {top['author']} su {top['platform']}, con {shares} "
                f"condivisioni e citazioni dei suoi contenuti; elementi sotto di esse nelle cascate: {below}.",
            )
        )
    return found


register(
    Section(
        key="spread",
        title=Text("Amplifiers and cross-platform spread", "Amplificatori e diffusione tra piattaforme"),
        order=75,
        families=("amplifiers", "spread"),
        render=_render,
        findings=_findings,
        intro=Text(
            "Who carries the brand's content further, and does it travel beyond its own pages?",
            "Chi porta più lontano i contenuti del brand, e viaggiano oltre le sue pagine?",
        ),
    )
)
