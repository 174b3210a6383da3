"""Shared fixtures: a fresh store, the real data folder (skipped with a reason when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from passaparola import workspace
from passaparola.demo import generate, workspace_config
from passaparola.ingest import ImportSummary, run_import
from passaparola.store import Store
from passaparola.workspace import Workspace

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """The console's width is fixed when passaparola.cli.output is first imported, by whichever test
    (and environment) came first in the worker: pin it, so tables never wrap a value a test looks for."""
    from passaparola.cli import output

    monkeypatch.setattr(output.console, "width", 250)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data not found at {SHARED_DATA} (it lives beside the project; CI has it)")
    return SHARED_DATA


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "passaparola.duckdb") as opened:
        yield opened


@pytest.fixture(scope="module")
def fuzz_store():
    """One in-memory store for a module's property tests (opening one per example is slow); the tests
    empty what they check."""
    with Store.open(None) as opened:
        yield opened


def import_paths(store: Store, *paths: Path, **kwargs) -> ImportSummary:
    """Run an import and return its summary (a thin alias kept for the tests' readability)."""
    return run_import(store, list(paths), **kwargs)


def demo_workspace(folder: Path, conversations: int, seed: int) -> Workspace:
    """A workspace with the demo's configuration and its generated data (``conversations``, ``seed``)
    imported: the brand, three competitors, seven platforms."""
    generate(folder / "data", conversations, seed=seed)
    ws = workspace.create(folder / "ws")
    ws.config_path.write_text(workspace_config(), encoding="utf-8")
    ws = workspace.load(folder / "ws")
    with ws.open_store() as store:
        run_import(store, [folder / "data"])
    return ws


def rows(store: Store, sql: str, *params) -> list[tuple]:
    return store.con.execute(sql, list(params)).fetchall()


def import_bytes(store: Store, name: str, content: bytes, **kwargs) -> ImportSummary:
    """Import ``content`` as a file called ``name`` (for property tests that make inputs on the fly)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return run_import(store, [path], **kwargs)
