"""The report's section on share cascades: the registry's cascade metrics, the most viral cascades, and
the most viral one drawn."""

from __future__ import annotations

import ibis

from passaparola.metrics import Text
from passaparola.metrics.cascades import in_window, one_cascade
from passaparola.report.cascade_tree import cascade_svg
from passaparola.report.sections import (
    Block,
    Context,
    Finding,
    Heading,
    Section,
    Svg,
    Table,
    family_blocks,
    label_columns,
    register,
)

SHOWN = 10


def _render(context: Context) -> list[Block]:
    blocks: list[Block] = family_blocks(context, "cascades")
    found = in_window(context.scope)
    top = found.order_by([ibis.desc("virality"), ibis.desc("size"), "root"]).limit(SHOWN).execute()
    if top.empty:
        return blocks
    blocks.append(Heading(context.text(Text("The most viral cascades", "Le cascate più virali"))))
    columns = [
        context.t("cascades.root"),
        context.t("status.platform"),
        context.t("cascades.reconstruction"),
        context.t("cascades.size"),
        context.t("cascades.depth"),
        context.t("cascades.breadth"),
        context.t("cascades.virality"),
        context.t("cascades.reach"),
        context.t("cascades.reach_unknown"),
    ]
    rows = [
        (
            r.root,
            r.platform,
            context.t(f"cascades.reconstruction.{r.reconstruction}"),
            context.format(r.size, "count"),
            context.format(r.depth, "count"),
            context.format(r.max_breadth, "count"),
            context.format(r.virality, "number"),
            context.format(r.reach, "count"),
            context.format(r.reach_unknown, "count"),
        )
        for r in top.itertuples()
    ]
    blocks.append(Table(columns, rows, numeric=frozenset({3, 4, 5, 6, 7, 8})))
    first = top.iloc[0]
    tree = one_cascade(context.scope.all_items, first.root, first.platform).execute()
    caption = context.t("cascades.svg_title", root=first.root, size=len(tree))
    blocks.append(
        Svg(
            cascade_svg(list(tree.id), [p if isinstance(p, str) else None for p in tree.parent], caption),
            caption,
        )
    )
    return blocks


def _findings(context: Context) -> list[Finding]:
    count = context.value("cascades", "cascades")
    if not count:
        return []
    mean = context.format(context.value("structural_virality", "mean_virality"), "number")
    most = context.format(context.value("structural_virality", "max_virality"), "number")
    shown = context.format(count, "count")
    found: list[Finding] = [
        Text(
            f"{shown} share cascades; their mean structural virality is {mean}, the highest {most}.",
            f"{shown} cascate di condivisioni; la loro viralità strutturale media è {mean}, la più alta {most}.",
        )
    ]
    stars = context.value("cascades", "stars")
    if stars:
        share = context.format(stars / count, "share")
        found.append(
            Text(
                f"{share} of them are stars: the platform credited every reshare to the original, so who "
                "reshared from whom is unknown and their virality is a lower bound (a star is the least "
                "viral tree of its size).",
                f"Il {share} sono stelle: la piattaforma attribuisce ogni ricondivisione all'originale, quindi "
                "chi ha ricondiviso da chi è ignoto e la loro viralità è un limite inferiore (la stella è "
                "l'albero meno virale della sua dimensione).",
            )
        )
    return found


register(
    Section(
        key="cascades",
        title=Text("Share cascades", "Cascate di condivisioni"),
        order=78,
        families=("cascades",),
        render=_render,
        findings=_findings,
        intro=Text(
            "How far and how deep does content spread by sharing?",
            "Quanto lontano e quanto in profondità si diffondono i contenuti condividendoli?",
        ),
    )
)
label_columns(
    {
        "max_size": Text("Largest", "Più grande"),
        "max_breadth": Text("Widest level", "Livello più largo"),
        "stars": Text("Star trees", "Alberi a stella"),
        "mean_virality": Text("Mean virality ν", "Viralità media ν"),
        "median_virality": Text("Median virality ν", "Viralità mediana ν"),
        "max_virality": Text("Highest virality ν", "Viralità massima ν"),
        "sharers_unknown_followers": Text("Sharers, followers unknown", "Condivisori, follower ignoti"),
    }
)
