"""The Italian --help: every command, option and argument has an Italian text (a new one without fails
here), the examples stay the same commands, and the language is found on the command line, in the
environment or in the workspace before the command runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from passaparola import workspace
from passaparola.cli import app, help_it


def _commands(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def _english():
    return list(_commands(typer.main.get_command(app)))


def test_every_command_option_and_argument_has_an_italian_help():
    missing = []
    for path, command in _english():
        where = " ".join(("passaparola", *path))
        if command.help and " ".join(path) not in help_it.COMMANDS:
            missing.append(f"{where}: the command's help (COMMANDS[{' '.join(path)!r}])")
        for param in command.params:
            text = getattr(param, "help", None)
            if text and text not in help_it.PARAMS:
                missing.append(f"{where} {param.name}: PARAMS[{text!r}]")
    assert not missing, "no Italian text in passaparola/cli/help_it.py for:\n" + "\n".join(missing)


def test_no_italian_text_is_left_over():
    """A renamed command or a reworded English help leaves its old Italian text behind: remove it."""
    paths = {" ".join(path) for path, _ in _english()}
    texts = {getattr(p, "help", None) for _, command in _english() for p in command.params}
    assert set(help_it.COMMANDS) - paths == set()
    assert set(help_it.PARAMS) - texts == set()


def _examples(text: str, word: str) -> list[str]:
    """The commands of the example lines (a comment in brackets after them is prose)."""
    lines = [line.removeprefix(word) for line in text.splitlines() if line.startswith(word)]
    return [c.strip() for line in lines for c in re.findall(r"passaparola [^()]*?(?=\s{2,}|\)|$)", line)]


@pytest.mark.parametrize("path", [path for path, _ in _english()], ids=lambda path: " ".join(path) or "-")
def test_italian_help_keeps_the_examples_and_the_tables(path):
    english = dict(_english())[path].help or ""
    italian = help_it.COMMANDS[" ".join(path)]
    assert english.count("Example:") == italian.count("Esempio:") > 0
    # an English paragraph added or removed leaves the Italian text behind: translate it too
    assert italian.count("\n\n") == english.count("\n\n"), "the Italian text has other paragraphs"
    assert "Example:" not in italian
    assert _examples(italian, "Esempio: ") == _examples(english, "Example: ")
    tables = re.compile(r"\\?\[[a-z][\w.]*\]")
    assert [t.split(".")[0] for t in tables.findall(italian)] == [
        t.split(".")[0] for t in tables.findall(english)
    ]
    assert all(t.startswith("\\[") for t in tables.findall(italian)), "escape [table] as \\[table] for rich"


def test_italian_option_help_keeps_its_tables_escaped():
    tables = re.compile(r"\\?\[[a-z][\w.]*\]")
    for english, italian in help_it.PARAMS.items():
        assert [t.split(".")[0] for t in tables.findall(italian)] == [
            t.split(".")[0] for t in tables.findall(english)
        ]
        assert all(t.startswith("\\[") for t in tables.findall(italian))


def test_the_frame_names_exist_in_typer():
    from typer import rich_utils

    assert all(hasattr(rich_utils, name) for name in help_it.FRAME)


def test_translate_reaches_subcommands_and_the_help_option():
    root = typer.main.get_command(app)
    help_it.translate(root)
    top = root.commands["graph"].commands["top"]
    assert top.help.startswith("Gli autori più centrali")
    assert {p.name: p.help for p in top.params}["workspace"].startswith("Cartella del workspace")
    assert top._help_option.help == help_it.HELP_OPTION
    assert set(top._help_option.opts) == {"-h", "--help"}


@pytest.fixture
def no_language(monkeypatch, tmp_path):
    for name in ("PASSAPAROLA_LANG", "PASSAPAROLA_WORKSPACE", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _workspace(folder: Path, language: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / workspace.CONFIG_NAME).write_text(f'[workspace]\nname = "x"\nlanguage = "{language}"\n')
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "it", "init", "--help"],
        ["init", "x", "--help", "--lang", "it"],
        ["--lang=it_IT.UTF-8", "status", "-h"],
        ["report", "--lang", "it", "-h"],
    ],
)
def test_language_from_the_command_line(no_language, args):
    assert help_it.language(args) == "it"
    assert help_it.language(["--", "--lang", "it"]) == "en"


def test_language_from_the_environment(no_language, monkeypatch):
    assert help_it.language(["status", "--help"]) == "en"
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    assert help_it.language(["status", "--help"]) == "it"
    monkeypatch.setenv("PASSAPAROLA_LANG", "en")
    assert help_it.language(["status", "--help"]) == "en"
    assert help_it.language(["--lang", "it", "status", "--help"]) == "it"


def test_language_from_the_workspace(no_language, monkeypatch):
    italian = _workspace(no_language / "aurora", "it")
    english = _workspace(no_language / "borealis", "en")
    assert help_it.language(["status", "-w", str(italian), "--help"]) == "it"
    assert help_it.language(["status", f"--workspace={italian}", "--help"]) == "it"
    assert help_it.language(["status", f"-w{italian}", "--help"]) == "it"
    assert help_it.language(["--lang", "en", "status", "-w", str(italian), "--help"]) == "en"
    assert help_it.language(["status", "-w", str(english), "--help"]) == "en"
    monkeypatch.setenv("PASSAPAROLA_WORKSPACE", str(italian))
    assert help_it.language(["status", "--help"]) == "it"
    monkeypatch.delenv("PASSAPAROLA_WORKSPACE")
    monkeypatch.chdir(italian)
    assert help_it.language(["status", "--help"]) == "it"
    (italian / "sub").mkdir()
    monkeypatch.chdir(italian / "sub")
    assert help_it.language(["status", "--help"]) == "it"


def test_a_broken_workspace_file_does_not_stop_the_help(no_language, monkeypatch):
    (no_language / workspace.CONFIG_NAME).write_text("[workspace\n")
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    assert help_it.language(["status", "--help"]) == "it"


def _help(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", "from passaparola.cli import main; main()", *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "300", **(env or {})},
    )
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.replace("│", " ").split())


def test_help_is_italian_from_the_command_line_or_the_environment(tmp_path):
    shown = _help("--lang", "it", "init", "--help", cwd=tmp_path)
    assert "Crea un workspace: passaparola.toml (con esempi commentati) e un archivio vuoto." in shown
    assert 'Esempio: passaparola init aurora --name "Caffè Aurora"' in shown
    assert "Cartella in cui creare il workspace." in shown
    assert "Mostra questo messaggio ed esce." in shown and "Argomenti" in shown and "Opzioni" in shown
    assert "Example:" not in shown
    shown = _help("graph", "top", "--help", env={"PASSAPAROLA_LANG": "it"}, cwd=tmp_path)
    assert "Gli autori più centrali del grafo delle interazioni" in shown and "Esempio:" in shown
    assert "[predefinito: pagerank]" in shown
    shown = _help("--lang", "it", "--help", cwd=tmp_path)
    assert "Comandi" in shown and "Il piano strategico: gli obiettivi di [plan] in passaparola.toml" in shown


def test_help_follows_the_workspace_language(tmp_path):
    italian = _workspace(tmp_path / "aurora", "it")
    shown = _help("plan", "init", "--help", cwd=italian)
    assert "Sostituisce un [plan] esistente." in shown and "Esempio:" in shown
    shown = _help("plan", "init", "--help", "-w", str(_workspace(tmp_path / "borealis", "en")), cwd=italian)
    assert "Replace an existing [plan]." in shown and "Example:" in shown
    shown = _help("--lang", "en", "plan", "init", "--help", cwd=italian)
    assert "Replace an existing [plan]." in shown and "Esempio:" not in shown


def test_a_group_lists_each_command_on_one_line_in_both_languages(tmp_path):
    """Typer's rich mode kept a docstring's line breaks in its group's list of commands: the summary of
    ``sentiment train`` broke after "adapt it to the", even on a terminal wide enough for all of it."""
    root = help_it.command(app, [])
    summaries = [c.short_help for _, c in _commands(root) if c is not root and c.help]
    assert summaries and all(s and "\n" not in s for s in summaries)
    for language, summary in (
        ("en", "or with --workspace adapt it to the workspace's corrections (saved in the workspace"),
        ("it", "oppure con --workspace lo adatta alle correzioni del workspace (salvato nel workspace"),
    ):
        result = subprocess.run(
            [sys.executable, "-c", "from passaparola.cli import main; main()", "sentiment", "--help"],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=tmp_path,
            env={"PATH": "/usr/bin:/bin", "COLUMNS": "300", "PASSAPAROLA_LANG": language},
        )
        assert result.returncode == 0, result.stderr
        assert any(" train " in line and summary in line for line in result.stdout.splitlines())
