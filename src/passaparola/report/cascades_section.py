"""The report's section on share cascades: the registry's cascade metrics, the most viral cascades, and
the most viral one drawn."""

from __future__ import annotations

import ibis

from passaparola.metrics import Text
from passaparola.metrics.cascades import cascades, in_window, one_cascade
from passaparola.report.cascade_tree import cascade_svg, svg_caption
from passaparola.report.sections import (
    Block,
    Context,
    Finding,
    Heading,
    Paragraph,
    Section,
    Svg,
    Table,
    family_blocks,
    register,
)

SHOWN = 10


def _undated(context: Context) -> int:
    """Cascades with no known time, left out of the report's window (0 without a window: all are in)."""
    scope = context.scope
    if scope.start is None and scope.end is None:
        return 0

    def count() -> int:
        found = cascades(scope)
        return int(found.filter(found.created_at.isnull()).count().execute())

    return context.once("cascades.undated", count)


def _undated_note(context: Context, undated: int) -> Text:
    shown = context.format(undated, "count")
    if undated == 1:
        return Text(
            "1 cascade has no known time (neither its original's nor any item's, as in Twitter15/16 trees): "
            "it is outside any date window, so this report leaves it out. Without --from/--to it is counted.",
            "1 cascata non ha alcuna data nota (né dell'originale né di alcun elemento, come negli alberi di "
            "Twitter15/16): è fuori da ogni finestra temporale, quindi questo report la esclude. Senza "
            "--from/--to è contata.",
        )
    return Text(
        f"{shown} cascades have no known time (neither their original's nor any item's, as in Twitter15/16 "
        "trees): they are outside any date window, so this report leaves them out. Without --from/--to "
        "they are counted.",
        f"{shown} cascate non hanno alcuna data nota (né dell'originale né di alcun elemento, come negli "
        "alberi di Twitter15/16): sono fuori da ogni finestra temporale, quindi questo report le esclude. "
        "Senza --from/--to sono contate.",
    )


def _render(context: Context) -> list[Block]:
    blocks: list[Block] = family_blocks(context, "cascades")
    undated = _undated(context)
    if undated:
        blocks.append(Paragraph(context.text(_undated_note(context, undated))))
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
    caption = svg_caption(context.t, first.root, len(tree))
    blocks.append(
        Svg(
            cascade_svg(list(tree.id), [p if isinstance(p, str) else None for p in tree.parent], caption),
            caption,
        )
    )
    return blocks


def _findings(context: Context) -> list[Finding]:
    count = context.value("cascades", "cascades")
    undated = _undated(context)
    if not count:
        return [_undated_note(context, undated)] if undated else []
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
    if undated:
        found.append(_undated_note(context, undated))
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
