"""A workspace is a folder: ``passaparola.toml`` (what to measure) next to ``passaparola.duckdb``.

This module finds, creates and reads workspaces. Sections it does not use itself (brand, competitors,
paid markers, care hours...) are kept as read for the analyses that use them, but every section name is
checked so a typo is reported instead of silently ignored.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from passaparola.canonical import ITEM_COLUMNS
from passaparola.i18n import t

if TYPE_CHECKING:
    from passaparola.config import Settings

CONFIG_NAME = "passaparola.toml"
STORE_NAME = "passaparola.duckdb"
ENV_WORKSPACE = "PASSAPAROLA_WORKSPACE"

KNOWN_SECTIONS = frozenset(
    {
        "workspace",
        "brand",
        "competitors",
        "paid",
        "care",
        "influencers",
        "mappings",
        "plan",
        "alerts",
        "language",
        "sentiment",
    }
)
UI_LANGUAGES = ("en", "it")

TEMPLATE = """\
# passaparola workspace: what to measure. Times are stored in UTC and shown in `timezone`.
[workspace]
name = "{name}"
timezone = "Europe/Rome"
# Language of the command line and of reports: "it" or "en".
language = "{language}"

# The brand: its accounts on each platform and the listening query that finds talk about it.
# [brand]
# name = "Caffè Aurora"
# query = '("caffè aurora" OR #auroracaffe OR @caffeaurora) AND NOT "aurora boreale"'
# [brand.accounts]
# twitter = ["caffeaurora"]
# mastodon = ["caffeaurora@mastodon.social"]
# instagram = ["caffeaurora"]

# Competitors, in the same form as the brand.
# [[competitors]]
# name = "Torrefazione Borealis"
# query = '"borealis caffè" OR #borealiscoffee'
# [competitors.accounts]
# twitter = ["borealiscoffee"]

# Paid markers: campaign hashtags, UTM campaigns and ad ids that make an item paid media.
# [paid]
# hashtags = ["#auroraestate"]
# utm_campaigns = ["summer-2026"]
# disclosure = ["#adv", "#ad", "#sponsored", "#sponsorizzato", "#pubblicità", "in collaborazione con"]

# Customer-care hours, in the workspace time zone.
# [care]
# hours = "09:00-18:00"
# days = ["mon", "tue", "wed", "thu", "fri"]

# Column mappings for CSV / XLSX exports of other tools: canonical column = source column.
# Use one with `passaparola import file.csv --mapping twcs`.
# [mappings.twcs]
# platform = "twitter"
# id = "tweet_id"
# author_id = "author_id"
# created_at = "created_at"
# text = "text"
# parent_id = "in_response_to_tweet_id"
"""


class WorkspaceError(Exception):
    """A workspace that cannot be found or whose configuration is invalid; names the file and the key."""


@dataclass
class Workspace:
    root: Path
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def store_path(self) -> Path:
        return self.root / STORE_NAME

    @property
    def name(self) -> str:
        return str(self.config.get("workspace", {}).get("name") or self.root.resolve().name)

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.config.get("workspace", {}).get("timezone", "UTC"))

    @property
    def language(self) -> str:
        return self.config.get("workspace", {}).get("language", "en")

    @cached_property
    def settings(self) -> Settings:
        """What this workspace measures, typed and validated (see :mod:`passaparola.config`)."""
        from passaparola.config import parse_settings

        return parse_settings(self.config, self.config_path)

    def mapping(self, name: str) -> dict[str, str]:
        mappings = self.config.get("mappings", {})
        if name not in mappings:
            known = ", ".join(sorted(mappings)) or "none"
            raise WorkspaceError(t("workspace.no_mapping", config=self.config_path, name=name, known=known))
        return dict(mappings[name])

    def open_store(self, *, read_only: bool = False):
        """The workspace's store. Opened read-only, its entity columns are first brought up to date
        with the settings (:mod:`passaparola.enrich.matching`) when they are behind (after an import or an
        edit of the entities) and no other process holds the store; if one does, they are read live."""
        from passaparola.enrich import matching
        from passaparola.store import Store, StoreError

        store = Store.open(self.store_path, read_only=read_only, create=not read_only)
        if not read_only or matching.ensure(store, self.settings) is not None:
            return store
        store.close()
        try:
            with Store.open(self.store_path) as writable:
                matching.ensure(writable, self.settings)
        except StoreError:  # in use by another process: read the columns live
            pass
        return Store.open(self.store_path, read_only=True)


def create(root: Path, *, name: str | None = None, language: str = "en", force: bool = False) -> Workspace:
    """Create a workspace folder with a commented ``passaparola.toml`` and an empty store."""
    from passaparola.store import Store

    root.mkdir(parents=True, exist_ok=True)
    config = root / CONFIG_NAME
    if config.exists() and not force:
        raise WorkspaceError(t("workspace.exists", config=config))
    title = (name or root.resolve().name).replace('"', "'")
    config.write_text(TEMPLATE.format(name=title, language=language), encoding="utf-8")
    Store.open(root / STORE_NAME).close()
    return load(root)


def find(explicit: Path | None = None) -> Workspace:
    """The workspace named on the command line, in ``$PASSAPAROLA_WORKSPACE``, or the current folder
    (or one of its parents) holding a ``passaparola.toml``."""
    if explicit is None and os.environ.get(ENV_WORKSPACE):
        explicit = Path(os.environ[ENV_WORKSPACE])
    if explicit is not None:
        if not (explicit / CONFIG_NAME).is_file():
            raise WorkspaceError(t("workspace.not_one", folder=explicit, config=CONFIG_NAME))
        return load(explicit)
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return load(folder)
    raise WorkspaceError(t("workspace.none", folder=here))


def load(root: Path) -> Workspace:
    path = root / CONFIG_NAME
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise WorkspaceError(t("workspace.unreadable", path=path, reason=exc.strerror)) from None
    try:
        config = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise WorkspaceError(t("workspace.not_utf8", path=path, byte=exc.start)) from None
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(t("workspace.toml", path=path, reason=exc)) from None
    validate(config, path)
    return Workspace(root, config)


def validate(config: dict[str, Any], path: Path) -> None:
    """Check what this module relies on, then the measured sections (brand, competitors, paid, care,
    influencers: :func:`passaparola.config.parse_settings`); every message names the file and the key."""
    from passaparola.config import parse_settings

    for section in config:
        if section not in KNOWN_SECTIONS:
            known = ", ".join(sorted(KNOWN_SECTIONS))
            raise WorkspaceError(t("workspace.unknown_section", path=path, section=section, known=known))
    settings = config.get("workspace", {})
    if not isinstance(settings, dict):
        raise WorkspaceError(t("workspace.not_table", path=path))
    zone = settings.get("timezone", "UTC")
    try:
        ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise WorkspaceError(t("workspace.bad_zone", path=path, zone=zone)) from None
    language = settings.get("language", "en")
    if language not in UI_LANGUAGES:
        raise WorkspaceError(
            t("workspace.bad_language", path=path, language=language, known=", ".join(UI_LANGUAGES))
        )
    mappings = config.get("mappings", {})
    if not isinstance(mappings, dict):
        raise WorkspaceError(t("workspace.mappings_tables", path=path))
    for name, mapping in mappings.items():
        if not isinstance(mapping, dict):
            raise WorkspaceError(t("workspace.mapping_table", path=path, name=name))
        for column, source in mapping.items():
            if column != "platform" and column not in ITEM_COLUMNS:
                raise WorkspaceError(
                    t(
                        "workspace.mapping_column",
                        path=path,
                        name=name,
                        column=column,
                        known=", ".join(ITEM_COLUMNS),
                    )
                )
            if not isinstance(source, str):
                raise WorkspaceError(t("workspace.mapping_source", path=path, name=name, column=column))
    parse_settings(config, path)
