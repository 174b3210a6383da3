"""The command line: every command has --help with an example; user errors are one line, no traceback;
init, import, status, export and reparse work end to end, in English and Italian."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import click.testing
import orjson
import pytest
import typer
from typer.testing import CliRunner

from passaparola.cli import app, help_it

runner = CliRunner()
COMMANDS = [
    "init",
    "import",
    "status",
    "export",
    "reparse",
    "formats",
    "demo",
    "generate",
    "metrics",
    "inbox",
    "threads",
    "thread",
]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from passaparola.cli import main; main()", *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "PASSAPAROLA_LANG": "en"},
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"passaparola {command}" in result.output


def test_top_level_help_has_an_example():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def _command_paths(command, path=()):
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _command_paths(sub, (*path, name))


def _flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("path", list(_command_paths(typer.main.get_command(app)))[1:], ids=" ".join)
def test_help_of_every_command_and_subcommand_keeps_its_bracketed_text(path, language):
    """Rich reads ``[word]`` as markup and drops it: a TOML table named in a help text must survive, in
    English and in Italian (passaparola.cli.help_it)."""
    root = typer.main.get_command(app)
    if language == "it":
        help_it.translate(root)
    command = root
    for name in path:
        command = command.commands[name]
    result = click.testing.CliRunner().invoke(root, [*path, "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    assert {"en": "Example:", "it": "Esempio:"}[language] in result.output
    shown = _flat(result.output)
    texts = [command.help or "", *(getattr(p, "help", None) or "" for p in command.params)]
    for text in texts:
        for table in re.findall(r"\\?\[[a-z][\w.]*\]", text):
            assert table.lstrip("\\") in shown, f"{table} lost from {' '.join(path)} --help"


def _tweet(i: int, text: str = "ciao") -> bytes:
    user = {"id_str": "9", "screen_name": "anna", "followers_count": 10}
    record = {"id_str": str(i), "created_at": "Wed Aug 27 13:08:45 +0000 2025", "text": text, "user": user}
    return orjson.dumps(record) + b"\n"


@pytest.fixture
def workspace(tmp_path):
    ws = tmp_path / "ws"
    result = cli("init", str(ws))
    assert result.returncode == 0, result.stderr
    assert (ws / "passaparola.toml").is_file() and (ws / "passaparola.duckdb").is_file()
    return ws


def test_import_status_export_reparse_end_to_end(workspace, tmp_path):
    data = tmp_path / "tweets.jsonl"
    data.write_bytes(
        _tweet(1, '=HYPERLINK("http://evil")') + _tweet(2, "@anna ciao") + b"{broken\n" + _tweet(3)
    )
    result = cli("import", str(data), "-w", str(workspace))
    assert result.returncode == 0, result.stderr
    assert "Import summary" in result.stdout and "twitter-v1" in result.stdout
    assert "not valid JSON" in result.stdout and "Traceback" not in result.stdout + result.stderr

    again = cli("import", str(data), "-w", str(workspace))
    assert again.returncode == 0
    total_line = next(line for line in again.stdout.splitlines() if line.strip().startswith("Total"))
    cells = [c for c in total_line.replace("│", " ").split()]
    assert cells[1:5] == ["0", "0", "3", "1"]  # new, updated, unchanged, quarantined

    status = cli("status", "-w", str(workspace))
    assert status.returncode == 0, status.stderr
    assert (
        "twitter" in status.stdout and "Quarantine: 1 records" in status.stdout and "2025-08" in status.stdout
    )

    out = tmp_path / "export"
    exported = cli("export", "--format", "csv", "--out", str(out), "-w", str(workspace))
    assert exported.returncode == 0, exported.stderr
    with open(out / "items.csv", newline="", encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["1"]["text"].startswith("'=HYPERLINK")
    assert rows["2"]["text"] == "'@anna ciao" and rows["2"]["mentions"] == "anna"
    assert "raw" not in rows["1"]
    for fmt in ("parquet", "jsonl"):
        assert cli("export", "--format", fmt, "--out", str(out), "-w", str(workspace)).returncode == 0
    lines = (out / "items.jsonl").read_text().splitlines()
    assert {json.loads(line)["id"] for line in lines} == {"1", "2", "3"}

    reparsed = cli("reparse", "-w", str(workspace))
    assert reparsed.returncode == 0 and "Re-parsed 3 items" in reparsed.stdout


def test_italian_messages(workspace, tmp_path):
    data = tmp_path / "t.jsonl"
    data.write_bytes(_tweet(1))
    result = cli("--lang", "it", "import", str(data), "-w", str(workspace))
    assert "Riepilogo dell'importazione" in result.stdout and "Nuovi" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "-w", "/nonexistent"], "not a workspace"),
        (["import", "missing.json", "-w", "{ws}"], "missing.json: no such file or folder"),
        (["import", "{data}", "--format", "nope", "-w", "{ws}"], "unknown format 'nope'"),
        (["import", "{data}", "--map", "idtweet", "-w", "{ws}"], "expected canonical=source"),
        (["import", "{data}", "--mapping", "absent", "-w", "{ws}"], "no [mappings.absent]"),
        (
            ["export", "--table", "secrets", "-w", "{ws}"],
            "expected one of items, authors, sentiment_corrections, quarantine",
        ),
    ],
)
def test_user_errors_are_one_clear_line(workspace, tmp_path, args, message):
    data = tmp_path / "t.jsonl"
    data.write_bytes(_tweet(1))
    result = cli(*(a.format(ws=workspace, data=data) for a in args))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_workspace_and_store_errors_read_in_italian(workspace, tmp_path):
    result = cli("--lang", "it", "status", "-w", "/nonexistent")
    assert "Errore: /nonexistent: non è un workspace (manca passaparola.toml" in result.stderr
    config = workspace / "passaparola.toml"
    original = config.read_text()
    config.write_text(original.replace('timezone = "Europe/Rome"', 'timezone = "Europe/Atlantis"'))
    result = cli("--lang", "it", "status", "-w", str(workspace))
    assert "workspace.timezone = 'Europe/Atlantis' non è un fuso orario IANA" in result.stderr
    config.write_text(original)
    (workspace / "passaparola.duckdb").rename(tmp_path / "moved.duckdb")
    result = cli("--lang", "it", "status", "-w", str(workspace))
    assert "qui non c'è un archivio (lancia prima `passaparola init`)" in result.stderr
    (tmp_path / "moved.duckdb").rename(workspace / "passaparola.duckdb")


def test_invalid_configuration_names_the_key(workspace):
    config = workspace / "passaparola.toml"
    config.write_text(config.read_text().replace('timezone = "Europe/Rome"', 'timezone = "Europe/Atlantis"'))
    result = cli("status", "-w", str(workspace))
    assert (
        result.returncode == 2
        and "workspace.timezone" in result.stderr
        and "Europe/Atlantis" in result.stderr
    )
    config.write_text("[workspace\nname = 1")
    result = cli("status", "-w", str(workspace))
    assert result.returncode == 2 and "passaparola.toml" in result.stderr and "line 1" in result.stderr
    config.write_text('[workspace]\nname = "x"\n[brnad]\nname = "typo"\n')
    result = cli("status", "-w", str(workspace))
    assert "unknown section [brnad]" in result.stderr


def test_store_in_use_is_reported(workspace):
    import duckdb

    holder = duckdb.connect(str(workspace / "passaparola.duckdb"))
    try:
        result = cli("status", "-w", str(workspace))
    finally:
        holder.close()
    assert result.returncode == 2 and "in use by another" in result.stderr


def test_init_refuses_to_overwrite(workspace):
    result = cli("init", str(workspace))
    assert result.returncode == 2 and "already exists" in result.stderr


def test_formats_lists_every_importer():
    result = cli("formats")
    for name in ("twitter-v1", "twitter-archive", "rumoureval"):
        assert name in result.stdout


def test_metrics_list_and_compute(workspace, tmp_path):
    data = tmp_path / "t.jsonl"
    data.write_bytes(_tweet(1) + _tweet(2))
    assert cli("import", str(data), "-w", str(workspace)).returncode == 0
    listed = cli("metrics", "-w", str(workspace))
    assert listed.returncode == 0 and "media_share" in listed.stdout and "items" in listed.stdout
    computed = cli("metrics", "items", "--by", "month,role", "--format", "csv", "-w", str(workspace))
    assert computed.returncode == 0, computed.stderr
    assert computed.stdout.splitlines() == ["month,role,items", "2025-08-01,consumer,2"]
    bad = cli("metrics", "items", "--from", "yesterday", "-w", str(workspace))
    assert bad.returncode == 2 and "--from 'yesterday': expected a date" in bad.stderr


def test_threads_and_thread_tree(workspace, tmp_path):
    def reply(i: int, parent: int | None, handle: str) -> bytes:
        user = {"id_str": f"u-{handle}", "screen_name": handle, "followers_count": 10}
        record = {
            "id_str": str(i),
            "created_at": f"Wed Aug 27 13:0{i}:45 +0000 2025",
            "text": f"t{i}",
            "user": user,
        }
        if parent:
            record["in_reply_to_status_id_str"] = str(parent)
        return orjson.dumps(record) + b"\n"

    data = tmp_path / "thread.jsonl"
    data.write_bytes(
        reply(1, None, "anna") + reply(2, 1, "bruno") + reply(3, 2, "anna") + reply(4, 1, "carla")
    )
    assert cli("import", str(data), "-w", str(workspace)).returncode == 0
    listed = cli("threads", "-w", str(workspace))
    assert listed.returncode == 0, listed.stderr
    root_row = next(line for line in listed.stdout.splitlines() if " 1 " in line and "twitter" in line)
    assert [c for c in root_row.replace("│", " ").split()][4:7] == ["4", "2", "3"]  # size, depth, people
    tree = cli("thread", "3", "-w", str(workspace))
    assert tree.returncode == 0, tree.stderr
    lines = tree.stdout.splitlines()
    assert [line.index("└") for line in lines] == [0, 2, 4, 2]
    assert lines[1].endswith("t2") and lines[2].endswith("t3") and lines[3].endswith("t4")
    missing = cli("thread", "999", "-w", str(workspace))
    assert missing.returncode == 2 and "no item with id '999'" in missing.stderr


def test_tables_show_every_spelling_of_unknown_as_a_dash():
    import pandas as pd
    from rich.console import Console

    from passaparola.cli.output import table

    console = Console(width=120, record=True)
    console.print(table(None, ["a", "b", "c", "d", "e"], [(None, float("nan"), pd.NA, pd.NaT, 0.0)], {4}))
    row = console.export_text().splitlines()[-1]
    assert row.split() == ["—", "│", "—", "│", "—", "│", "—", "│", "0.00"]


def _engagement_workspace(root: Path) -> Path:
    """A workspace over tests/test_metrics_engagement's items: Aurora's account rate 60 ÷ (2 × 2,000) = 1.5%,
    Borealis' a true 0, Meridiana's unknown (its only post has no counters)."""
    from passaparola.store import Batch, Store
    from tests.test_metrics_engagement import ITEMS

    root.mkdir()
    with Store.open(root / "passaparola.duckdb") as store:
        store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    (root / "passaparola.toml").write_text(
        '[workspace]\ntimezone = "Europe/Rome"\n[brand]\nname = "Aurora"\n[brand.accounts]\n'
        'twitter = ["caffeaurora"]\n[[competitors]]\nname = "Borealis"\n[competitors.accounts]\n'
        'twitter = ["borealis"]\n[[competitors]]\nname = "Meridiana"\n[competitors.accounts]\n'
        'twitter = ["meridiana"]\n',
        encoding="utf-8",
    )
    return root


def _cells(output: str, first: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.split("│")[0].strip() == first)
    return [cell.strip() for cell in line.split("│")]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                "title": "Account engagement rate by followers (ratio)",
                "headers": ["Entity", "Posts used", "Interactions", "Account engagement rate by followers"],
                "aurora": ["Aurora", "3", "2", "1", "0", "0", "60", "2,000", "1.5%"],
                "media": ["Aurora", "earned", "2", "1", "0", "1", "1", "4.0%", "4.0%"],
                "media_title": "Engagement rate by followers (per item) (ratio)",
            },
        ),
        (
            "it",
            {
                "title": "Tasso di engagement dell'account sui follower (rapporto)",
                "headers": [
                    "Entità",
                    "Post usati",
                    "Interazioni",
                    "Tasso di engagement dell'account sui follower",
                ],
                "aurora": ["Aurora", "3", "2", "1", "0", "0", "60", "2.000", "1,5%"],
                "media": ["Aurora", "guadagnati", "2", "1", "0", "1", "1", "4,0%", "4,0%"],
                "media_title": "Tasso di engagement sui follower (per elemento) (rapporto)",
            },
        ),
    ],
)
def test_metrics_table_speaks_the_users_language(tmp_path, language, expected):
    """Titles as the registry declares them, split values in words, shares as percentages, counts with
    the language's separators, unknown as — (never 0), in English and Italian."""
    workspace = _engagement_workspace(tmp_path / "ws")
    wide = {"COLUMNS": "400"}
    result = runner.invoke(
        app, ["--lang", language, "metrics", "account_engagement_rate", "-w", str(workspace)], env=wide
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == expected["title"]
    assert all(header in result.output for header in expected["headers"])
    assert "account_rate_by_followers" not in result.output and "posts_used" not in result.output
    assert _cells(result.output, "Aurora") == expected["aurora"]
    assert _cells(result.output, "Borealis")[-1] == ("0.0%" if language == "en" else "0,0%")  # a true 0
    assert _cells(result.output, "Meridiana")[-3:] == ["—", "—", "—"]  # unknown: no counters
    media = runner.invoke(
        app, ["--lang", language, "metrics", "engagement_rate_by_followers", "-w", str(workspace)], env=wide
    )
    assert media.exit_code == 0, media.output
    assert media.output.splitlines()[0] == expected["media_title"]
    assert _cells(media.output, "Aurora") == expected["media"]  # the first row: earned comes first
    if language == "it":
        assert not {"owned", "earned", "median_rate_by_followers"} & set(media.output.split())


def test_metrics_csv_and_json_keep_raw_names_and_values_in_any_language(tmp_path):
    workspace = _engagement_workspace(tmp_path / "ws")
    csv_out = runner.invoke(
        app, ["--lang", "it", "metrics", "engagement_rate_by_followers", "-f", "csv", "-w", str(workspace)]
    )
    assert csv_out.exit_code == 0, csv_out.output
    rows = list(csv.DictReader(csv_out.output.splitlines()))
    assert rows[0]["entity"] == "Aurora" and rows[0]["media"] == "earned"
    assert float(rows[0]["median_rate_by_followers"]) == pytest.approx(0.04)
    assert rows[-1]["median_rate_by_followers"] == ""  # Meridiana: unknown
    json_out = runner.invoke(
        app, ["--lang", "it", "metrics", "account_engagement_rate", "-f", "json", "-w", str(workspace)]
    )
    assert json_out.exit_code == 0, json_out.output
    found = json.loads(json_out.output, parse_constant=lambda name: pytest.fail(f"not strict JSON: {name}"))
    assert found["unit"] == "ratio"
    assert found["rows"][0]["account_rate_by_followers"] == pytest.approx(0.015)
    assert found["rows"][-1]["account_rate_by_followers"] is None  # Meridiana: unknown is null, not NaN
    sums = json.loads(
        runner.invoke(app, ["metrics", "engagement", "-f", "json", "-w", str(workspace)]).output
    )["rows"]
    likes = [row["likes"] for row in sums]
    assert None in likes and all(isinstance(n, int) for n in likes if n is not None)  # not "120"
    assert "raw column names and raw values" in " ".join(
        runner.invoke(app, ["metrics", "--help"]).output.split()
    )


@pytest.mark.parametrize(
    ("language", "waiting", "rate"),
    [
        ("en", "2,034 items wait for an answer from Aurora", "12,346 items/s"),
        ("it", "2.034 elementi attendono una risposta da Aurora", "12.346 elementi/s"),
    ],
)
def test_messages_write_numbers_the_languages_way(language, waiting, rate):
    """In Italian 2,034 reads as two point zero three four: a message's numbers take its separators."""
    from passaparola import i18n

    before = i18n.language()
    try:
        i18n.set_language(language)
        assert i18n.t("inbox.title", count=2034, brand="Aurora") == waiting
        assert i18n.t("import.rate", rate=12345.6) == rate
    finally:
        i18n.set_language(before)


@pytest.mark.parametrize(
    ("text", "elided"),
    [
        ("il 80,7%", "l'80,7%"),
        ("il 18%", "il 18%"),
        ("Il 1,5%", "L'1,5%"),
        ("al 11%", "all'11%"),
        ("del 1.000", "del 1.000"),  # mille
        ("dal 8 gennaio", "dall'8 gennaio"),
        ("il 100%", "il 100%"),
        ("il −1,0 p.p.", "il −1,0 p.p."),  # meno
    ],
)
def test_italian_articles_elide_before_a_number_read_with_a_vowel(text, elided):
    from passaparola import i18n

    assert i18n._elide(text) == elided


@pytest.mark.parametrize(
    "command", [["metrics", "items"], ["audit"], ["top", "posts"], ["report"], ["topics"]]
)
def test_every_windowed_command_refuses_a_window_that_ends_before_it_starts(tmp_path, command):
    workspace = _engagement_workspace(tmp_path / "ws")
    window = ["--from", "2026-02-01", "--to", "2026-01-01", "-w", str(workspace)]
    result = runner.invoke(app, ["--lang", "en", *command, *window])
    assert result.exit_code == 2, result.output
    assert "--from 2026-02-01 is not before --to 2026-01-01" in result.output


def test_table_numbers_take_the_languages_separators():
    from rich.console import Console

    from passaparola import i18n
    from passaparola.cli.output import table

    before = i18n.language()
    try:
        shown = {}
        for language in ("en", "it"):
            i18n.set_language(language)
            console = Console(width=120, record=True)
            console.print(table(None, ["n", "x"], [(31000, 1234.5)], {0, 1}))
            shown[language] = console.export_text().splitlines()[-1].split()
    finally:
        i18n.set_language(before)
    assert shown == {"en": ["31,000", "│", "1,234.50"], "it": ["31.000", "│", "1.234,50"]}
