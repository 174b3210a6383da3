"""`passaparola audit` from the command line: --help with an example, the brand's audit and the league table
on the hand-built workspace of tests/test_audit.py, JSON and CSV, every entity, the questionnaire from a
file, the template, and user errors as one line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from passaparola.store import Batch, Store
from tests.test_audit import ITEMS
from tests.test_cli import cli

CONFIG = """
[workspace]
name = "audit"
timezone = "UTC"

[brand]
name = "Aurora"
[brand.accounts]
twitter = ["caffeaurora"]

[[competitors]]
name = "Borealis"
[competitors.accounts]
twitter = ["borealis"]
mastodon = ["borealis"]

[care]
hours = "00:00-24:00"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    assert cli("init", str(folder)).returncode == 0
    (folder / "passaparola.toml").write_text(CONFIG, encoding="utf-8")
    store = Store.open(folder / "passaparola.duckdb")
    store.write(1, Batch(items=[dict(item) for item in ITEMS]))
    store.close()
    return folder


def test_help_has_an_example():
    result = cli("audit", "--help")
    assert result.returncode == 0 and "Example: passaparola audit" in result.stdout
    assert "passaparola audit --questionnaire --answers answers.yaml" in " ".join(result.stdout.split())


def test_the_brand_and_the_league_table(workspace):
    result = cli("audit", "-w", str(workspace))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Audit of Aurora: " in out and "Audit of Borealis" not in out
    # the window is stated: the items span 5 to 17 January (no stray 1% to leave out of 14 items)
    assert "Window audited: 2026-01-05 to 2026-01-17. Not asked for (--from, --to)" in " ".join(out.split())
    assert "Archetype: Conversational" in out and "Recommendations, by expected impact" in out
    league = out[out.index("League table") :]
    # Aurora converses and answers; Borealis is a showcase and ranks below it
    assert league.index("Aurora") < league.index("Borealis") and "Showcase" in league


def test_every_entity_in_json_and_csv(workspace):
    result = cli("audit", "-w", str(workspace), "--all", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = {r["entity"]: r for r in json.loads(result.stdout)}
    assert records["Borealis"]["archetype"] == "showcase"
    assert records["Borealis"]["scores"]["presence"] == 0
    assert records["Aurora"]["scores"]["sentiment"] is None  # unknown, not 0
    assert records["Aurora"]["evidence"]["reply_share"] == 0.4
    assert any("Mastodon" in r["text"] for r in records["Borealis"]["recommendations"])
    rows = list(csv.DictReader(io.StringIO(cli("audit", "-w", str(workspace), "-f", "csv").stdout)))
    assert [r["entity"] for r in rows] == ["Aurora"] and rows[0]["archetype"] == "conversational"


def test_one_competitor_in_italian(workspace):
    result = cli("--lang", "it", "audit", "-w", str(workspace), "--entity", "Borealis")
    assert result.returncode == 0, result.stderr
    assert "Audit di Borealis" in result.stdout and "Archetipo: Vetrina" in result.stdout
    assert "Il pubblico ti menziona 7 volte al mese su Mastodon" in result.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--entity", "Nobody"], "--entity 'Nobody': not in the workspace; known entities: Aurora, Borealis"),
        (["--from", "2026-02-30"], "--from '2026-02-30': expected a date like 2026-01-31"),
    ],
)
def test_user_errors_are_one_line(workspace, options, message):
    result = cli("audit", "-w", str(workspace), *options)
    assert result.returncode == 2 and result.stderr.strip() == f"Error: {message}"


def test_a_workspace_without_a_brand_is_one_line(tmp_path):
    assert cli("init", str(tmp_path / "empty")).returncode == 0
    result = cli("audit", "-w", str(tmp_path / "empty"))
    assert result.returncode == 2 and "the audit needs a [brand]" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_questionnaire_from_its_template(tmp_path):
    template = cli("audit", "--template")
    assert template.returncode == 0 and "own_platforms:" in template.stdout
    answers = tmp_path / "answers.yaml"
    answers.write_text(template.stdout, encoding="utf-8")
    result = cli("audit", "--questionnaire", "--answers", str(answers), "--name", "Bar Sport")
    assert result.returncode == 0, result.stderr
    assert "Audit of Bar Sport: " in result.stdout and "Archetype: " in result.stdout
    assert "League table" not in result.stdout


def test_a_bad_answers_file_is_one_line(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(b"publishing: [unclosed\n")
    result = cli("audit", "--answers", str(answers))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: ") and str(answers) in result.stderr


def test_an_interrupted_questionnaire_is_one_line():
    result = cli("audit", "--questionnaire")  # no standard input: the first question meets end of file
    assert result.returncode == 2 and "questionnaire interrupted" in result.stderr


def test_the_questionnaire_speaks_the_workspaces_language_without_needing_one(workspace):
    (workspace / "passaparola.toml").write_text(
        CONFIG.replace('timezone = "UTC"', 'timezone = "UTC"\nlanguage = "it"'), encoding="utf-8"
    )
    italian = subprocess.run(
        [sys.executable, "-c", "from passaparola.cli import main; main()", "audit", "--template"],
        capture_output=True,
        text=True,
        cwd=workspace,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert italian.returncode == 0, italian.stderr
    english = cli("audit", "--template")  # no workspace here, and the language asked for is English
    assert english.returncode == 0 and italian.stdout != english.stdout
    answers = workspace / "answers.yaml"
    answers.write_text(english.stdout, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from passaparola.cli import main; main()",
            "audit",
            "--answers",
            str(answers),
        ],
        capture_output=True,
        text=True,
        cwd=workspace,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr
    assert "Audit di te: " in result.stdout and " punti)" in result.stdout
