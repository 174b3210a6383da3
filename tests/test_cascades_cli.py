"""`passaparola cascades` and `passaparola cascade`: listing, the bounded text tree, the SVG, bad options."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from passaparola.cli import app, output
from passaparola.i18n import MESSAGES
from passaparola.metrics.cascades import RECONSTRUCTIONS

runner = CliRunner(env={"PASSAPAROLA_LANG": "en", "COLUMNS": "250"})

# a path 500 ← a ← b (explicit parents) plus eight more shares under the root: 11 items, depth 2
TREE = "\n".join(
    [
        "['ROOT', 'ROOT', '0.0']->['10', '500', '0.0']",
        "['10', '500', '0.0']->['11', '500', '1.0']",
        "['11', '500', '1.0']->['12', '500', '2.0']",
        *(f"['10', '500', '0.0']->['{20 + i}', '500', '{3 + i}.0']" for i in range(8)),
    ]
)
# a star: 600 with two shares
STAR = "['ROOT', 'ROOT', '0.0']->['30', '600', '0.0']\n['30', '600', '0.0']->['31', '600', '5.0']\n"


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """Tables wide enough to read whole cells, whatever width an earlier test left the console at."""
    monkeypatch.setattr(output.console, "width", 250)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("cascades")
    folder = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(folder)]).exit_code == 0
    data = tmp_path / "trees"
    data.mkdir()
    (data / "500.txt").write_text(TREE)
    (data / "600.txt").write_text(STAR)
    (data / "label.txt").write_text("false:500\ntrue:600\n")
    assert runner.invoke(app, ["import", str(data), "-w", str(folder)]).exit_code == 0
    return folder


def test_listing_orders_by_what_is_asked(workspace):
    result = runner.invoke(app, ["cascades", "--by", "size", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith((" 500", " 600"))]
    # 500: 11 items; W = (9 · 1·10 edges of one leaf each) + edge a (subtree {a, b}: 2·9) = 90 + 18 = 108,
    # ν = 2·108/(11·10) = 1.96; 600: a path of 2, ν = 1
    assert [line.split()[0] for line in lines] == ["500", "600"]
    assert "11" in lines[0].split() and "1.96" in lines[0].split() and "false" in lines[0].split()
    top = runner.invoke(app, ["cascades", "--top", "1", "--by", "depth", "-w", str(workspace)])
    assert " 500 " in top.output and " 600 " not in top.output


def test_the_tree_is_bounded_and_drawn(workspace, tmp_path: Path):
    svg = tmp_path / "c.svg"
    args = ["cascade", "500:12:500:2.0", "--levels", "1", "--children", "3", "--svg", str(svg)]
    result = runner.invoke(app, [*args, "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "Cascade of 500: 11 items, depth 2" in result.output
    # level 1 shows 3 of the root's 9 children, then "… 6 more"; a's child is one level too deep
    assert "… 6 more" in result.output and "… 1 more below" in result.output
    assert svg.read_text().startswith("<svg") and svg.read_text().count("<circle") == 11


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cascades", "--by", "likes"], "--by 'likes': expected one of virality, size, depth"),
        (["cascades", "--top", "0"], "--top 0: expected 1 or more"),
        (["cascade", "404"], "'404' is in no share cascade"),
        (["cascade", "500", "--levels", "0"], "--levels 0: expected 1 or more"),
    ],
)
def test_bad_options_get_one_line(workspace, args, message):
    result = runner.invoke(app, [*args, "-w", str(workspace)])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cascades", "--by", "likes"], "--by 'likes': atteso uno tra virality, size, depth"),
        (["cascades", "--top", "0"], "--top 0: atteso 1 o più"),
        (["cascade", "500", "--children", "0"], "--children 0: atteso 1 o più"),
    ],
)
def test_option_errors_speak_the_workspace_language(tmp_path: Path, args, message):
    # options are checked once the workspace is open, so its language applies to their errors too
    italian = CliRunner(env={"PASSAPAROLA_LANG": None, "LANG": "C.UTF-8", "COLUMNS": "250"})
    folder = tmp_path / "ws"
    assert italian.invoke(app, ["init", str(folder)]).exit_code == 0
    config = folder / "passaparola.toml"
    config.write_text(config.read_text().replace('language = "en"', 'language = "it"'))
    result = italian.invoke(app, [*args, "-w", str(folder)])
    assert result.exit_code == 2 and f"Errore: {message}" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["cascades", "cascade"])
def test_help_has_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and f"Example: passaparola {command}" in result.output


def test_every_reconstruction_has_a_name_in_both_languages():
    for reconstruction in RECONSTRUCTIONS:
        english, italian = MESSAGES[f"cascades.reconstruction.{reconstruction}"]
        assert english and italian
