"""The ``passaparola`` command. Each command lives in its own module, imported only when it runs."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from passaparola import i18n

app = typer.Typer(
    name="passaparola",
    help="Measure the dialogue between brands and people across social platforms.\n\n"
    "Example: passaparola init aurora && cd aurora && passaparola import ~/exports/",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace", "-w", help="Workspace folder (default: $PASSAPAROLA_WORKSPACE or the current one)."
    ),
]


@app.callback()
def main_options(
    lang: Annotated[str | None, typer.Option("--lang", help="Language of messages: en or it.")] = None,
) -> None:
    """Options for every command."""
    from passaparola.cli.output import fail

    try:
        i18n.set_language(lang)
    except ValueError as exc:
        fail(str(exc))


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
    name: Annotated[str | None, typer.Option(help="Workspace name (default: the folder's name).")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing passaparola.toml.")] = False,
) -> None:
    """Create a workspace: passaparola.toml (with commented examples) and an empty store.

    Example: passaparola init aurora --name "Caffè Aurora"
    """
    from passaparola.cli import workspace_commands

    workspace_commands.init(directory, name, force)


@app.command("import")
def import_(
    paths: Annotated[
        list[Path], typer.Argument(help="Files, folders or archives (.zip, .tar.gz, .tar.xz, .gz...).")
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="Force a format instead of sniffing (see `passaparola formats`)."
        ),
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="Column mapping for CSV/XLSX: canonical=source, repeatable (e.g. --map id=tweet_id).",
        ),
    ] = None,
    mapping: Annotated[
        str | None, typer.Option(help="A named mapping from \\[mappings.NAME] in passaparola.toml.")
    ] = None,
    platform: Annotated[str | None, typer.Option(help="Platform of a CSV/XLSX table (default: csv).")] = None,
    sheet: Annotated[str | None, typer.Option(help="Sheet of an XLSX workbook (default: the first).")] = None,
    batch_size: Annotated[int, typer.Option(help="Items per committed batch.", min=1)] = 20_000,
    workspace: WorkspaceOption = None,
) -> None:
    """Import platform exports and API responses into the workspace store.

    Formats are sniffed unless --format is given. Archives are read in place. Re-importing is safe:
    items are upserted on (platform, id) and the newest counters are kept. Malformed records go to
    quarantine and the import continues.

    Example: passaparola import tweets.jsonl mastodon/ reddit-dump.ndjson.gz

    Example: passaparola import twcs.csv --platform twitter --map id=tweet_id --map text=text
    """
    from passaparola.cli import import_command

    import_command.run(paths, format, map_ or [], mapping, platform, sheet, batch_size, workspace)


@app.command()
def status(workspace: WorkspaceOption = None) -> None:
    """Show what the store holds: items by platform, kind and month, authors, quarantine, imports.

    Example: passaparola status -w aurora
    """
    from passaparola.cli import status_command

    status_command.run(workspace)


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


@app.command()
def export(
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="parquet, csv or jsonl.")
    ] = ExportFormat.parquet,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the files to.")] = Path("export"),
    tables: Annotated[
        list[str] | None,
        typer.Option(
            "--table",
            help="Table(s) to export: items, authors, sentiment_corrections, quarantine (default: all).",
        ),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Write the canonical tables to files. CSV cells that start with =, +, -, @ are neutralised
    (prefixed with ') so spreadsheets do not run them as formulas.

    Example: passaparola export --format csv --out exports/
    """
    from passaparola.cli import export_command
    from passaparola.export import EXPORTABLE

    export_command.run(format.value, out, tables or list(EXPORTABLE), workspace)


@app.command()
def reparse(
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Only items imported with this format.")
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Map stored raw records again with the current importers (after an importer fix), and retry
    quarantined records.

    Example: passaparola reparse --format mastodon
    """
    from passaparola.cli import reparse_command

    reparse_command.run(format, workspace)


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def metrics(
    name: Annotated[
        str | None, typer.Argument(help="The metric to compute; without one, list them all.")
    ] = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Split by, comma-separated: platform, day/week/month/quarter/year, entity, campaign, kind, "
            "role, via, author, hour_of_week; each metric lists the ones it takes (passaparola metrics).",
        ),
    ] = "",
    start: Annotated[
        str | None, typer.Option("--from", help="First local day included (YYYY-MM-DD).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="First local day excluded (YYYY-MM-DD).")] = None,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="table, csv or json.")
    ] = TableFormat.table,
    spark: Annotated[
        str | None,
        typer.Option(
            "--spark",
            help="Compute on Apache Spark instead, over the Parquet tables in this folder (as passaparola "
            "export --format parquet writes them; hdfs:// and s3a:// paths too). Needs passaparola\\[spark].",
        ),
    ] = None,
    spark_master: Annotated[
        str | None,
        typer.Option(
            "--spark-master",
            help="The Spark master (local[4], spark://host:7077, yarn); default: the running session's, "
            "else Spark's own (spark-defaults.conf, or local).",
        ),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """List the metrics, or compute one, split by platform, period and more (docs/metrics.md defines them).

    The table is for people: column titles and split values in your language, shares as percentages, unknown values as —. CSV and JSON are for programs: raw column names and raw values (a share is 0.43).

    With --spark the same metric runs on Apache Spark, for data beyond one machine; the workspace still gives the entities, time zone and settings (docs/spark.md).

    Example: passaparola metrics media_share --by platform,month --from 2026-01-01 --format csv

    Example: passaparola metrics share_of_voice --by month --spark hdfs:///social/export
    """
    from passaparola.cli import metrics_command

    if name is None:
        metrics_command.listing()
    else:
        metrics_command.run(name, by, start, end, format.value, workspace, spark, spark_master)


@app.command()
def inbox(
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many to show.", min=1)] = 20,
    most_negative: Annotated[
        bool,
        typer.Option(
            "--most-negative",
            help="List the threads still waiting instead, most negative first (mean score of their waiting items).",
        ),
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """What the public asked the brand and is still waiting for: unanswered inbound items, questions
    first, oldest first (column ± marks sentiment); or, with --most-negative, the threads still waiting
    for the brand, most negative first, each with its most negative waiting item.

    Example: passaparola inbox -n 50 --most-negative
    """
    from passaparola.cli import inbox_command

    inbox_command.run(limit, workspace, most_negative)


@app.command("threads")
def threads_(
    two_way: Annotated[bool, typer.Option("--two-way", help="Only two-way conversations.")] = False,
    ignored: Annotated[
        bool, typer.Option("--ignored", help="Only conversations the brand never joined.")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many to show.", min=1)] = 20,
    workspace: WorkspaceOption = None,
) -> None:
    """List conversations (reply trees), largest first, with their dialogue measures.

    Example: passaparola threads --two-way -n 10
    """
    from passaparola.cli import threads_command

    threads_command.listing(two_way, ignored, limit, workspace)


@app.command()
def thread(
    item_id: Annotated[str, typer.Argument(help="Any item of the conversation (its root or a reply).")],
    platform: Annotated[
        str | None, typer.Option(help="The item's platform, when the id is ambiguous.")
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Print the conversation an item belongs to as an indented tree.

    Example: passaparola thread 1830000000000000001
    """
    from passaparola.cli import threads_command

    threads_command.tree(item_id, platform, workspace)


@app.command()
def formats() -> None:
    """List the formats passaparola imports, in sniffing order.

    Example: passaparola formats
    """
    from passaparola.cli import workspace_commands

    workspace_commands.formats()


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Folder for the demo workspace.")] = Path(
        "demo-workspace"
    ),
    items: Annotated[int, typer.Option(help="Approximate number of items to generate.", min=100)] = 20_000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same data).")] = 7,
) -> None:
    """Generate a realistic multi-platform dataset for a fictional Italian brand in the platforms'
    own formats, import it into a fresh workspace and show what it holds.

    Example: passaparola demo demo-workspace --items 50000
    """
    from passaparola.cli import demo_command

    demo_command.run(directory, items, seed)


@app.command("generate")
def generate(
    directory: Annotated[Path, typer.Argument(help="Folder to write the files to.")],
    items: Annotated[
        int, typer.Option(help="Approximate number of items (10_000_000 works in bounded memory).")
    ] = 20_000,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 7,
) -> None:
    """Only write the demo dataset files (no import): for benchmarks and experiments.

    Example: passaparola generate /tmp/demo-data --items 10_000_000
    """
    from passaparola.cli import demo_command

    demo_command.generate_only(directory, items, seed)


graph_app = typer.Typer(
    help="The interaction graph (replies, mentions, shares, quotes between authors): rank it, export it.\n\n"
    "Example: passaparola graph top --by pagerank",
    no_args_is_help=True,
)
app.add_typer(graph_app, name="graph")


class GraphMeasure(StrEnum):
    pagerank = "pagerank"
    indegree = "indegree"
    coreness = "coreness"


class GraphFormat(StrEnum):
    gexf = "gexf"
    graphml = "graphml"


GraphPlatformOption = Annotated[str | None, typer.Option(help="Only this platform's interactions.")]
GraphFromOption = Annotated[str | None, typer.Option("--from", help="First local day included (YYYY-MM-DD).")]
GraphToOption = Annotated[str | None, typer.Option("--to", help="First local day excluded (YYYY-MM-DD).")]


@graph_app.command("top")
def graph_top(
    by: Annotated[
        GraphMeasure, typer.Option("--by", help="pagerank, indegree (distinct authors reaching) or coreness.")
    ] = GraphMeasure.pagerank,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many to show.", min=1)] = 20,
    platform: GraphPlatformOption = None,
    start: GraphFromOption = None,
    end: GraphToOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """The most central authors of the interaction graph, with PageRank, in-degree and k-core number.

    Example: passaparola graph top --by indegree --platform twitter -n 10
    """
    from passaparola.cli import graph_command

    graph_command.top(by.value, limit, platform, start, end, workspace)


@graph_app.command("export")
def graph_export(
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    format: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="gexf or graphml.")
    ] = GraphFormat.gexf,
    platform: GraphPlatformOption = None,
    start: GraphFromOption = None,
    end: GraphToOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Write the interaction graph for Gephi: authors with handle, role, platform, followers, pagerank
    and coreness; edges with interaction type and weight.

    Example: passaparola graph export --format gexf --out graph.gexf --from 2026-01-01
    """
    from passaparola.cli import graph_command

    graph_command.export(format.value, out, platform, start, end, workspace)


@app.command()
def amplifiers(
    entity: Annotated[
        str | None, typer.Option(help="The brand or a competitor, by name (default: the brand).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many to show.", min=1)] = 20,
    start: GraphFromOption = None,
    end: GraphToOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Who spreads an entity's content: shares and quotes of its items by others (published in the
    window), the sharers' followers, and how far their shares travelled in the cascade trees: the items
    below them, the levels reached, and the potential reach of the authors below.

    Example: passaparola amplifiers --entity "Caffè Aurora" -n 20 --from 2026-01-01 --to 2026-04-01
    """
    from passaparola.cli import amplifiers_command

    amplifiers_command.run(entity, limit, start, end, workspace)


@app.command()
def spread(
    entity: Annotated[
        str | None, typer.Option(help="Only content first posted by this entity's accounts.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many to show.", min=1)] = 20,
    start: GraphFromOption = None,
    end: GraphToOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Content that crossed platforms (the same link, or nearly the same text) in the window: where it
    appeared first, when, then each other platform with its delay.

    Example: passaparola spread --entity "Caffè Aurora" -n 20 --from 2026-01-01
    """
    from passaparola.cli import spread_command

    spread_command.run(entity, limit, start, end, workspace)


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"


@app.command()
def report(
    start: Annotated[
        str | None, typer.Option("--from", help="First local day included (YYYY-MM-DD).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="First local day excluded (YYYY-MM-DD).")] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of the report: it or en (default: the workspace's)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: report.html or report.pdf).")
    ] = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="html (self-contained, offline) or pdf.")
    ] = ReportFormat.html,
    workspace: WorkspaceOption = None,
) -> None:
    """Write the report: overview, owned/paid/earned, who talks to whom, dialogue and care, engagement,
    UGC, competitors and share of voice, audience, the plan (where each objective stands, with a burn-up
    chart) and the maturity audit (scores, league table, recommendations), each opening with findings
    from the data.

    Example: passaparola report --from 2026-01-01 --to 2026-04-01 --lang en --out q1.html
    """
    from passaparola.cli import report_command

    report_command.run(start, end, lang, out, format.value, workspace)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0 opens it to the network: there is no login).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workspace: WorkspaceOption = None,
) -> None:
    """Serve the web dashboard and the read-only REST API: the metrics, the inbox and the report, in
    English or Italian, read from the store on each request (docs/web.md). Needs the \\[web] extra.

    Example: passaparola serve --port 8080   (then open http://127.0.0.1:8080/; programs read /api/metrics)
    """
    from passaparola.cli import serve_command

    serve_command.run(host, port, workspace)


plan_app = typer.Typer(
    help="The strategic plan: objectives from \\[plan] in passaparola.toml, where each stands, and a\n"
    "forecast at its deadline.\n\nExample: passaparola plan",
)
app.add_typer(plan_app, name="plan")


class PlanTemplate(StrEnum):
    dialogue = "dialogue"
    awareness = "awareness"
    care = "care"
    growth = "growth"


@plan_app.callback(invoke_without_command=True)
def plan(
    context: typer.Context,
    until: Annotated[
        str | None,
        typer.Option("--to", help="First local day not counted (default: the day after the newest item)."),
    ] = None,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="table, csv or json.")
    ] = TableFormat.table,
    workspace: WorkspaceOption = None,
) -> None:
    """Show each objective: baseline, current value, target, progress, a Theil–Sen forecast at the
    deadline and a status (achieved, on track, at risk, off track). docs/plan.md has the rules.

    Example: passaparola plan --to 2026-07-01
    """
    if context.invoked_subcommand is None:
        from passaparola.cli import plan_command

        plan_command.show(plan_command.day_option(until, "--to"), format.value, workspace)


@plan_app.command("init")
def plan_init(
    template: Annotated[
        PlanTemplate, typer.Option("--template", "-t", help="dialogue, awareness, care or growth.")
    ] = PlanTemplate.dialogue,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            help="Day the plan starts (default: 4 weeks before the newest item's week, so it shows "
            "progress at once; this week on an empty store).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing \\[plan].")] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Append a commented starting plan to passaparola.toml (the rest of the file is kept).

    Example: passaparola plan init --template care --start 2026-05-04
    """
    from passaparola.cli import plan_command

    plan_command.init(template.value, plan_command.day_option(start, "--start"), force, workspace)


@app.command()
def alerts(
    day: Annotated[
        str | None,
        typer.Option("--day", help="Check this local day only (default: every day since the last check)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Check every local day from this one to the newest item's.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many fired alerts to list.", min=1)] = 20,
    workspace: WorkspaceOption = None,
) -> None:
    """Check the alert rules and the anomaly detectors (volume, negative share, first-response time)
    on every day since the last check, record what fired, send it to the webhook in the background,
    and list the latest alerts with their webhook deliveries.

    Example: passaparola alerts --since 2026-06-01 -n 50
    """
    from passaparola.cli import alerts_command

    alerts_command.run(day, since, limit, workspace)


@app.command()
def audit(
    entity: Annotated[
        str | None, typer.Option("--entity", "-e", help="Entity to audit in full (default: the brand).")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Audit every entity in full.")] = False,
    start: Annotated[str | None, typer.Option("--from", help="First local day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="First local day not counted.")] = None,
    questionnaire: Annotated[
        bool,
        typer.Option(
            "--questionnaire", help="Without data: answer about 20 questions in the terminal instead."
        ),
    ] = False,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="With --questionnaire: read the answers from a YAML file."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="With --questionnaire: the name to show for you.")
    ] = None,
    template: Annotated[
        bool, typer.Option("--template", help="Print a YAML answers file to fill in, and stop.")
    ] = False,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="table, csv or json.")
    ] = TableFormat.table,
    workspace: WorkspaceOption = None,
) -> None:
    """Score the brand 0–100 on eight dimensions (presence, activity, conversation, responsiveness,
    engagement, earned voice, sentiment, growth), name its archetype with the evidence, rank
    recommendations by expected impact, and print a league table against the competitors.
    docs/audit.md has the formulas and thresholds.

    Example: passaparola audit --all --from 2026-01-01

    Without data: passaparola audit --template > answers.yaml, fill it in, then
    passaparola audit --questionnaire --answers answers.yaml (or --questionnaire alone to answer in the
    terminal).
    """
    from passaparola.cli import audit_command

    if template:
        audit_command.template(workspace)
    elif questionnaire or answers is not None:
        audit_command.questionnaire(answers, name, format.value, workspace)
    else:
        audit_command.run(
            entity,
            every,
            start,
            end,
            format.value,
            workspace,
        )


class TopList(StrEnum):
    posts = "posts"
    authors = "authors"


class TopOrder(StrEnum):
    engagement = "engagement"
    rate = "rate"


@app.command()
def top(
    what: Annotated[TopList, typer.Argument(help="posts (posts, replies, quotes) or authors.")],
    entity: Annotated[
        str | None, typer.Option("--entity", "-e", help="Brand or competitor name (default: the brand).")
    ] = None,
    by: Annotated[
        TopOrder,
        typer.Option("--by", help="engagement (interactions) or rate (engagement rate by followers)."),
    ] = TopOrder.engagement,
    media: Annotated[
        str | None, typer.Option("--media", help="Only one media class: owned, paid or earned.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First local day included (YYYY-MM-DD).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="First local day excluded (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many to show.", min=1)] = 20,
    workspace: WorkspaceOption = None,
) -> None:
    """List the posts or authors that drew most interactions (or the highest engagement rate by
    followers) for the brand or a competitor; items whose counters are unknown are left out.

    Example: passaparola top posts --entity "Caffè Aurora" --media earned --by rate -n 10
    """
    from passaparola.cli import top_command

    top_command.run(
        what.value,
        entity,
        by.value,
        media,
        start,
        end,
        limit,
        workspace,
    )


@app.command()
def topics(
    entity: Annotated[
        str | None,
        typer.Option("--entity", "-e", help="The brand or a competitor, by name (default: all items)."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First local day included (YYYY-MM-DD).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="First local day excluded (YYYY-MM-DD).")] = None,
    emerging: Annotated[
        bool,
        typer.Option("--emerging", help="Terms whose daily count jumps against their own 28-day history."),
    ] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many to show.", min=1)] = 20,
    workspace: WorkspaceOption = None,
) -> None:
    """What items about an entity talk about: hashtags and keyphrases, or with --emerging the terms that
    burst (day, items, baseline and z).

    Example: passaparola topics --entity "Caffè Aurora" --from 2026-03-01 --to 2026-04-01 --emerging
    """
    from passaparola.cli import topics_command

    topics_command.run(entity, start, end, emerging, limit, workspace)


@app.command("cascades")
def cascades_(
    top: Annotated[int, typer.Option("--top", "-n", help="How many to show.")] = 20,
    by: Annotated[str, typer.Option("--by", help="Order by virality, size or depth.")] = "virality",
    replies: Annotated[
        bool, typer.Option("--replies", help="Count replies in the cascades, beside shares and quotes.")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """List share cascades (shares and quotes under an original) with size, depth, breadth, structural
    virality, timing, potential reach and how the tree was reconstructed.

    Example: passaparola cascades --top 20 --by virality
    """
    from passaparola.cli import cascades_command

    cascades_command.listing(top, by, replies, workspace)


@app.command()
def cascade(
    item_id: Annotated[str, typer.Argument(help="Any item of the cascade (the original or a share).")],
    platform: Annotated[
        str | None, typer.Option(help="The item's platform, when the id is ambiguous.")
    ] = None,
    levels: Annotated[int, typer.Option("--levels", help="Levels shown below the original.")] = 3,
    children: Annotated[int, typer.Option("--children", help="Children shown under each item.")] = 5,
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Also draw the whole tree to this SVG file.")
    ] = None,
    replies: Annotated[bool, typer.Option("--replies", help="Count replies in the cascade.")] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Print the share cascade an item belongs to as a bounded tree (first levels and children, "… N more"
    for the rest), and optionally draw it as SVG.

    Example: passaparola cascade 693171092555431936 --levels 2 --children 3 --svg cascade.svg
    """
    from passaparola.cli import cascades_command

    cascades_command.draw(item_id, platform, levels, children, svg, replies, workspace)


sentiment_app = typer.Typer(
    help="Sentiment: correct the model's labels, retrain it, evaluate it, re-apply it.\n\n"
    "Example: passaparola sentiment label 1234567890 negative",
    no_args_is_help=True,
)
app.add_typer(sentiment_app, name="sentiment")
SentimentData = Annotated[
    Path, typer.Option("--data", help="The sentiment corpora (UMSAB, SENTIPOLC, TweetEval, lexicons).")
]


@sentiment_app.command("label")
def sentiment_label(
    item_id: Annotated[str | None, typer.Argument(help="The item's id.")] = None,
    label: Annotated[str | None, typer.Argument(help="positive, neutral or negative.")] = None,
    platform: Annotated[
        str | None, typer.Option(help="The item's platform, when the id is on several.")
    ] = None,
    csv: Annotated[
        Path | None, typer.Option("--csv", help="CSV of corrections with columns id, label (and platform).")
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Correct the sentiment of an item (or of many, from a CSV); the correction wins over the model's label.

    Example: passaparola sentiment label 1234567890 negative   (or: passaparola sentiment label --csv fixes.csv)
    """
    from passaparola.cli import sentiment_command

    sentiment_command.label(item_id, label, platform, csv, workspace)


@sentiment_app.command("train")
def sentiment_train(
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", "-w", help="Adapt this workspace's model to its corrections instead."),
    ] = None,
    data: SentimentData = Path("../shared/data/sentiment"),
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder to save the model to (required without --workspace; never the installed one)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 13,
    apply: Annotated[bool, typer.Option("--apply", help="Re-score the stored items afterwards.")] = False,
    without_sentipolc: Annotated[
        bool,
        typer.Option(
            "--without-sentipolc", help="Train on UMSAB alone (SENTIPOLC's terms are research-only)."
        ),
    ] = False,
) -> None:
    """Train the default sentiment model (needs the \\[train] extra), or with --workspace adapt it to the
    workspace's corrections (saved in the workspace, used at the next import).

    Example: passaparola sentiment train --out ./my-model   (or: passaparola sentiment train --workspace ./acme --apply)
    """
    from passaparola.cli import sentiment_command

    sentiment_command.train(workspace, data, out, seed, apply, not without_sentipolc)


@sentiment_app.command("tune")
def sentiment_tune(
    data: SentimentData = Path("../shared/data/sentiment"),
    seed: Annotated[int, typer.Option(help="Random seed (folds).")] = 13,
) -> None:
    """Choose the default model's hyper-parameters by cross-validation on the training set (never on
    val): macro-F1 of each candidate (needs the \\[train] extra; tens of minutes).

    Example: passaparola sentiment tune --data ../shared/data/sentiment
    """
    from passaparola.cli import sentiment_command

    sentiment_command.tune(data, seed)


@sentiment_app.command("eval")
def sentiment_eval(
    data: SentimentData = Path("../shared/data/sentiment"),
    model: Annotated[
        Path | None,
        typer.Option(help="Model folder, default format or ONNX transformer (default: the shipped model)."),
    ] = None,
    curve: Annotated[
        bool, typer.Option("--learning-curve", help="Also: F1 bought by N corrections (retrains; minutes).")
    ] = False,
) -> None:
    """Macro-F1 per language and confusion matrices on UMSAB val, the SENTIPOLC held-out slice and
    TweetEval val (none of which the model was trained on).

    Example: passaparola sentiment eval --data ../shared/data/sentiment
    """
    from passaparola.cli import sentiment_command

    sentiment_command.evaluate(data, model, curve)


@sentiment_app.command("apply")
def sentiment_apply(workspace: WorkspaceOption = None) -> None:
    """Re-score every stored item with the workspace's sentiment model (after retraining it).

    Example: passaparola sentiment apply
    """
    from passaparola.cli import sentiment_command

    sentiment_command.apply(workspace)


def main() -> None:
    """Entry point: user errors become one clear line, never a traceback."""
    from passaparola.canonical import MappingError
    from passaparola.cli import help_it
    from passaparola.cli.output import fail
    from passaparola.sources.inputs import InputError
    from passaparola.store import StoreError
    from passaparola.workspace import WorkspaceError

    try:
        help_it.command(app, sys.argv[1:])()  # as app(), with an Italian --help where the language is it
    except (WorkspaceError, StoreError, InputError, MappingError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        sys.exit(130)
