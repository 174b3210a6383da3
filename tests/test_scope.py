"""A Scope computes each shared intermediate once (threads, customer care) for all the metrics asked of
it, and a Scope made from another starts with none of them."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from passaparola.config import parse_settings
from passaparola.metrics import compute, get
from passaparola.metrics.care import care_frame
from passaparola.metrics.scope import Scope
from passaparola.metrics.threads import threads
from passaparola.store import Batch, Store
from tests.test_metrics_media import CONFIG
from tests.test_metrics_threads import TREE


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as opened:
        opened.write(1, Batch(items=[dict(item) for item in TREE]))
        yield opened


def test_once_builds_a_key_once_per_scope(store, tmp_path):
    scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    built = []

    def build():
        built.append(1)
        return scope.items.select("id")

    first = scope.once("ids", build)
    assert scope.once("ids", build) is first and len(built) == 1
    assert set(first.execute().id) == {item["id"] for item in TREE}


def test_metrics_on_one_scope_share_threads_and_care_and_agree_with_fresh_scopes(store, tmp_path):
    settings = parse_settings(CONFIG, tmp_path / "passaparola.toml")
    shared = Scope.of(store, settings)
    assert threads(shared) is threads(shared) and care_frame(shared) is care_frame(shared)
    for name in ("threads", "two_way_rate", "response_rate", "first_response_time"):
        together = compute(get(name), shared, []).execute()
        alone = compute(get(name), Scope.of(store, settings), []).execute()
        assert together.equals(alone), name


def test_a_scope_made_from_another_starts_afresh(store, tmp_path):
    scope = Scope.of(store, parse_settings(CONFIG, tmp_path / "passaparola.toml"))
    everything = threads(scope)
    later = dataclasses.replace(scope, start=Scope.of(store, scope.settings, date(2099, 1, 1)).start)
    assert later.shared == {}
    assert threads(later) is not everything
    assert threads(later).count().execute() == 0
