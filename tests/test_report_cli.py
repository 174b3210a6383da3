"""`passaparola report` from the command line: --help with an example, bad options as one line, and a
report of an empty workspace written in the language asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import cli


@pytest.fixture
def empty_workspace(tmp_path: Path) -> Path:
    assert cli("init", str(tmp_path / "ws")).returncode == 0
    return tmp_path / "ws"


def test_help_has_an_example():
    result = cli("report", "--help")
    assert result.returncode == 0 and "Example: passaparola report" in result.stdout


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--from", "2026-13-01"], "--from '2026-13-01': expected a date like 2026-01-31"),
        (
            ["--from", "2026-02-01", "--to", "2026-01-01"],
            "--from 2026-02-01 is not before --to 2026-01-01",
        ),
    ],
)
def test_bad_options_are_one_line(empty_workspace, options, message):
    result = cli("report", "-w", str(empty_workspace), *options)
    assert result.returncode == 2
    assert result.stderr.strip() == f"Error: {message}"


def test_unwritable_target_is_one_line(empty_workspace, tmp_path):
    result = cli("report", "-w", str(empty_workspace), "--out", str(tmp_path / "missing" / "r.html"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: ") and "cannot write the report" in result.stderr


def test_empty_workspace_report_in_italian(empty_workspace, tmp_path):
    target = tmp_path / "r.html"
    result = cli("report", "-w", str(empty_workspace), "--lang", "it", "--out", str(target))
    assert result.returncode == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert '<html lang="it">' in page and "Non ci sono elementi in questo periodo." in page


@pytest.mark.parametrize("where", ["report", "global"])
def test_an_unknown_language_is_one_line(empty_workspace, where):
    options = ["report", "-w", str(empty_workspace), "--lang", "fr"]
    result = cli(*(options if where == "report" else ["--lang", "fr", *options[:3]]))
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: --lang 'fr': expected one of en, it"


def test_bad_window_in_italian(empty_workspace):
    result = cli(
        "report", "-w", str(empty_workspace), "--lang", "it", "--from", "2026-02-01", "--to", "2026-01-01"
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "Errore: --from 2026-02-01 non precede --to 2026-01-01"
