"""The report's section on word of mouth: who amplifies the brand, and what crossed platforms."""

from __future__ import annotations

import pandas as pd

from passaparola.metrics import Text
from passaparola.metrics.amplifiers import top_amplifiers
from passaparola.metrics.spread import link_arrivals
from passaparola.report.sections import Block, Context, Heading, Section, Table, family_blocks, register

SHOWN = 10


def _brand_links(context: Context) -> pd.Series | None:
    frame = context.table("cross_platform_links", ["entity"])
    if frame is None or context.brand is None:
        return None
    rows = frame[frame["entity"] == context.brand]
    return rows.iloc[0] if len(rows) == 1 else None


def _amplifier_rows(context: Context) -> list[dict]:
    brand = context.settings.brand
    if brand is None:
        return []
    return top_amplifiers(context.scope, brand, SHOWN).to_pyarrow().to_pylist()


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
            context.t("amplifiers.second_shares"),
            context.t("amplifiers.second_replies"),
        ]
        rows = [
            (
                r["platform"],
                r["author"],
                context.format(r["followers"], "count"),
                context.format(r["shares"], "count"),
                context.format(r["second_level_shares"], "count"),
                context.format(r["second_level_replies"], "count"),
            )
            for r in amplifiers
        ]
        blocks.append(Table(columns, rows, numeric=frozenset({2, 3, 4, 5})))
    blocks += family_blocks(context, "amplifiers")
    arrivals = link_arrivals(context.scope)
    crossed = arrivals.filter(arrivals.platforms >= 2)
    if context.brand is not None:
        crossed = crossed.filter(crossed.entity == context.brand)
    firsts = crossed.filter(crossed.arrival == 1).order_by(
        [crossed.platforms.desc(), crossed.first_at.desc()]
    )
    firsts = firsts.limit(SHOWN).to_pyarrow().to_pylist()
    if firsts:
        blocks.append(
            Heading(
                context.text(
                    Text("The brand's links on several platforms", "Link del brand su più piattaforme")
                )
            )
        )
        zone = context.settings.timezone
        rows = [
            (
                r["url"],
                r["platform"],
                r["first_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                context.format(r["platforms"], "count"),
            )
            for r in firsts
        ]
        columns = [
            context.t("spread.link"),
            context.t("spread.first"),
            context.t("spread.when"),
            context.text(Text("Platforms", "Piattaforme")),
        ]
        blocks.append(Table(columns, rows, numeric=frozenset({3})))
    return blocks + family_blocks(context, "spread")


def _findings(context: Context) -> list[Text | str]:
    found: list[Text | str] = []
    links = _brand_links(context)
    if links is not None and links["links"]:
        share = context.format(links["cross_platform_share"], "share")
        crossed = context.format(links["cross_platform"], "count")
        total = context.format(links["links"], "count")
        hours = context.format(links["median_delay_seconds"] / 3600, "hours")
        found.append(
            Text(
                f"{crossed} of the brand's {total} links ({share}) reached a second platform; the median delay "
                f"to the second platform was {hours}.",
                f"{crossed} dei {total} link del brand ({share}) sono arrivati su una seconda piattaforma; il "
                f"ritardo mediano per la seconda piattaforma è stato di {hours}.",
            )
        )
    amplifiers = _amplifier_rows(context)
    if amplifiers:
        top = amplifiers[0]
        shares = context.format(top["shares"], "count")
        found.append(
            Text(
                f"The brand's top amplifier is {top['author']} on {top['platform']}, with {shares} shares and "
                "quotes of its content.",
                f"Chi amplifica di più il brand è {top['author']} su {top['platform']}, con {shares} "
                "condivisioni e citazioni dei suoi contenuti.",
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
