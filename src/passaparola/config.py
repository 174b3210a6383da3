"""What a workspace measures: the typed, validated settings read from ``passaparola.toml``.

:func:`parse_settings` turns the parsed TOML (a plain dict, as :mod:`passaparola.workspace` loads it) into
frozen dataclasses: the brand and its competitors (:class:`Entity`), the paid-media markers
(:class:`Paid`), the customer-care hours (:class:`Care`) and the influencer threshold. Every problem
raises :class:`ConfigError`, whose message names the file, the dotted key (``competitors[1].accounts.
twitter[0]``) and what is wrong, so a typo is reported instead of silently ignored.

Decisions, written here once:

- **Handles** are stored normalised: surrounding blanks and one leading ``@`` removed, lower-cased;
  Reddit's ``u/`` prefix removed; Mastodon ``user@host`` kept whole. Compare author handles and ids
  lower-cased (:meth:`Settings.entity_of` does). An account list may mix handles and native ids; integer
  ids are accepted and kept as strings.
- **Mastodon** handles are bare for accounts local to the server the data came from and ``user@host``
  otherwise, so a bare configured handle matches that user on any host, and a bare handle looked up
  matches a configured ``user@host`` when only one entity has that user name.
- **One account, one entity**: an account (platform and handle) listed under two entities, or twice under
  one, is an error that names both keys.
- **Paid**: hashtags are stored without ``#``, lower-case; UTM values are lower-cased (matched without
  regard to case); ``disclosure`` items starting with ``#`` are hashtags, the others phrases. A list given
  in the file replaces the default list; it does not extend it.
- **Care hours** are wall-clock ranges in ``workspace.timezone``, ``"HH:MM-HH:MM"`` or a list of them,
  end exclusive, ``24:00`` allowed as an end. A range may not cross midnight: the days list says which
  days are open, and an overnight range would leave it unclear which day its morning belongs to. Write
  ``["22:00-24:00", "00:00-06:00"]`` instead. Ranges may touch but not overlap. Without ``[care]`` the
  defaults are 09:00-18:00, Monday to Friday, a 7-day horizon.
- **Business time** is the set of instants whose local wall-clock time falls in a range on an open day
  that is not a holiday: on the day clocks go forward the skipped hour does not exist, on the day they
  go back the repeated hour counts twice. :func:`business_seconds` measures it exactly.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from passaparola.canonical import PLATFORMS
from passaparola.workspace import WorkspaceError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_HOURS = ((9 * 60, 18 * 60),)
DEFAULT_DAYS = (0, 1, 2, 3, 4)
DEFAULT_HORIZON = timedelta(days=7)
DEFAULT_UTM_MEDIUMS = ("cpc", "paid", "paid_social")
DEFAULT_DISCLOSURE = ("#adv", "#ad", "#sponsored", "#sponsorizzato", "#pubblicità", "in collaborazione con")
DEFAULT_INFLUENCER_THRESHOLD = 10_000

ENTITY_KEYS = ("name", "accounts", "query", "keywords")
PAID_KEYS = ("hashtags", "utm_campaigns", "utm_mediums", "ad_ids", "disclosure")
CARE_KEYS = ("hours", "days", "holidays", "horizon")
INFLUENCER_KEYS = ("threshold",)
LANGUAGE_KEYS = ("candidates",)
SENTIMENT_KEYS = ("model",)
#: Languages detected when ``[language] candidates`` is not given (ISO 639-1; the UMSAB eight).
DEFAULT_LANGUAGES = ("ar", "en", "fr", "de", "hi", "it", "pt", "es")

# Platforms whose handles never hold an "@" after the leading one (a Mastodon address under twitter is a
# mistake worth reporting); RSS and CSV "accounts" are whatever the source calls its authors.
_NO_AT = frozenset(PLATFORMS) - {"mastodon", "rss", "csv"}
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")
_DURATION = re.compile(r"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")


class ConfigError(WorkspaceError):
    """An invalid setting: ``str()`` is ``"FILE: dotted.key: problem"``; the parts are attributes."""

    def __init__(self, path: Path | str, key: str, problem: str) -> None:
        self.path = str(path)
        self.key = key
        self.problem = problem
        super().__init__(f"{path}: {key}: {problem}")


@dataclass(frozen=True)
class Entity:
    """The brand or a competitor: its accounts per platform (normalised handles or ids), its listening
    query (validated, kept as text) and optional plain keywords."""

    name: str
    accounts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    query: str | None = None
    keywords: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash((self.name, tuple(sorted(self.accounts.items())), self.query, self.keywords))


@dataclass(frozen=True)
class Paid:
    """What makes an item paid media (besides the platform's promoted flag); all lower-case."""

    hashtags: tuple[str, ...] = ()
    utm_campaigns: tuple[str, ...] = ()
    utm_mediums: tuple[str, ...] = DEFAULT_UTM_MEDIUMS
    ad_ids: tuple[str, ...] = ()
    disclosure_hashtags: tuple[str, ...] = tuple(d[1:] for d in DEFAULT_DISCLOSURE if d.startswith("#"))
    disclosure_phrases: tuple[str, ...] = tuple(d for d in DEFAULT_DISCLOSURE if not d.startswith("#"))


@dataclass(frozen=True)
class Care:
    """Customer-care hours. ``hours`` holds sorted, non-overlapping ``(start, end)`` minutes after local
    midnight (end exclusive, at most 1440); ``days`` the open weekdays, Monday = 0."""

    hours: tuple[tuple[int, int], ...] = DEFAULT_HOURS
    days: tuple[int, ...] = DEFAULT_DAYS
    holidays: frozenset[date] = frozenset()
    horizon: timedelta = DEFAULT_HORIZON
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))

    def describe(self) -> str:
        """``"mon, tue, wed, thu, fri 09:00-18:00 (Europe/Rome)"``, for reports."""
        ranges = ", ".join(f"{_clock(a)}-{_clock(b)}" for a, b in self.hours)
        return f"{', '.join(DAYS[d] for d in self.days)} {ranges} ({self.timezone.key})"


@dataclass(frozen=True)
class Settings:
    brand: Entity | None = None
    competitors: tuple[Entity, ...] = ()
    paid: Paid = field(default_factory=Paid)
    care: Care = field(default_factory=Care)
    influencer_threshold: int = DEFAULT_INFLUENCER_THRESHOLD
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    plan: Plan | None = None
    alerts: Alerts | None = None
    #: ``[language] candidates``: the languages detection chooses among (ISO 639-1).
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    #: ``[sentiment] model``: ``"auto"`` (the workspace's retrained model when it has one, else the
    #: shipped one), ``"shipped"``, or a model folder (relative paths are relative to the workspace).
    sentiment_model: str = "auto"
    _index: _AccountIndex = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", _AccountIndex(self.entities))

    @property
    def entities(self) -> tuple[Entity, ...]:
        """The brand first (when there is one), then the competitors in file order."""
        return (self.brand, *self.competitors) if self.brand is not None else self.competitors

    def entity_of(self, platform: str, handle_or_id: str | int | None) -> Entity | None:
        """The entity owning this account (a handle with or without ``@``, any case, or a native id)."""
        if handle_or_id is None or isinstance(handle_or_id, bool):
            return None
        try:
            handle = normalise_handle(str(platform).lower(), str(handle_or_id))
        except ValueError:
            return None
        return self._index.find(str(platform).lower(), handle)

    def role_of(self, platform: str, handle_or_id: str | int | None) -> Literal["brand", "competitor"] | None:
        """``"brand"``, ``"competitor"`` or None (a public author), per the definitions of roles."""
        entity = self.entity_of(platform, handle_or_id)
        if entity is None:
            return None
        return "brand" if entity is self.brand else "competitor"


class _AccountIndex:
    """Account -> entity, with the Mastodon local/remote rule described in the module docstring."""

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        self.exact: dict[tuple[str, str], Entity] = {}
        self.mastodon_bare: dict[str, Entity] = {}
        self.mastodon_full: dict[str, list[Entity]] = {}
        for entity in entities:
            for platform, handles in entity.accounts.items():
                for handle in handles:
                    self.exact.setdefault((platform, handle), entity)
                    if platform == "mastodon":
                        user, at, _host = handle.partition("@")
                        if at:
                            owners = self.mastodon_full.setdefault(user, [])
                            if entity not in owners:
                                owners.append(entity)
                        else:
                            self.mastodon_bare.setdefault(user, entity)

    def find(self, platform: str, handle: str) -> Entity | None:
        found = self.exact.get((platform, handle))
        if found is not None or platform != "mastodon":
            return found
        user, at, _host = handle.partition("@")
        if at:
            return self.mastodon_bare.get(user)
        owners = self.mastodon_full.get(user, [])
        return owners[0] if len(owners) == 1 else None


def normalise_handle(platform: str, value: str) -> str:
    """A handle or id as stored: no leading ``@`` (nor Reddit ``u/``), lower-case; ValueError if
    it cannot be one."""
    text = value.strip().lower().removeprefix("@")
    if platform == "reddit":
        text = text.removeprefix("/").removeprefix("u/")
    if not text:
        raise ValueError("empty handle")
    if any(ch.isspace() for ch in text):
        raise ValueError(f"{value!r} holds a blank; a handle or id is one word")
    if "@" in text:
        if platform in _NO_AT:
            raise ValueError(f"{value!r} is not a {platform} handle (it holds '@')")
        if platform == "mastodon":
            user, _, host = text.partition("@")
            if not user or not host or "@" in host:
                raise ValueError(f"{value!r} is not a Mastodon handle (expected user or user@host)")
    return text


def parse_settings(config: Mapping[str, Any], path: Path | str) -> Settings:
    """Validate the measured sections of a parsed ``passaparola.toml`` and return them typed."""
    return _Reader(path).settings(config)


def parse_duration(text: str) -> timedelta:
    """``"90m"``, ``"48h"``, ``"7d"``, ``"2w"`` or combinations like ``"1d12h"``; ValueError otherwise."""
    match = _DURATION.match(text.strip().lower()) if isinstance(text, str) else None
    if not match or not any(match.groups()):
        raise ValueError(f"{text!r} is not a duration (write e.g. '90m', '48h', '7d')")
    weeks, days, hours, minutes = (int(g or 0) for g in match.groups())
    value = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)
    if not value:
        raise ValueError(f"{text!r}: a duration must be longer than zero")
    return value


# --- plan and alerts ---------------------------------------------------------------------------------

PLAN_KEYS = ("start", "objectives")
OBJECTIVE_KEYS = ("name", "metric", "target", "deadline", "baseline", "value")
ALERT_KEYS = ("webhook", "timeout", "tries", "weeks", "z", "detectors", "rules")
RULE_KEYS = ("name", "metric", "condition", "window", "value")
DETECTORS = ("volume", "negative_share", "first_response_time")
TARGET_FORMS = '">= NUMBER", "<= DURATION" or "+PERCENT"'
CONDITION_FORMS = '"> NUMBER", "< NUMBER" or "> DURATION"'
_COMPARISON = re.compile(r"^(>=|<=|>|<|≥|≤)\s*(\S.*)$")
_CHANGE = re.compile(r"^([+-])\s*(\d{1,6}(?:\.\d{1,6})?)\s*%$")
_NUMBER = re.compile(r"^[+-]?(?:\d{1,15}(?:\.\d{0,15})?|\.\d{1,15})$")


@dataclass(frozen=True)
class Threshold:
    """A comparison with a value (``>= 0.9``, ``< 2h``) or, for a plan target, a change against the
    baseline (``+20%``: ``op`` is ``"+%"`` and ``value`` 0.2). Durations are held in seconds."""

    op: str
    value: float
    duration: bool
    text: str

    @property
    def change(self) -> bool:
        return self.op in ("+%", "-%")


def parse_threshold(text: str, *, target: bool) -> Threshold:
    """A plan target (``>= NUMBER``, ``<= NUMBER|DURATION``, ``+PERCENT``, ``-PERCENT``) when ``target``,
    else an alert condition (``>``, ``<``, ``>=``, ``<=`` with a number or a duration); ValueError
    naming what was expected otherwise."""
    forms = TARGET_FORMS if target else CONDITION_FORMS
    problem = f'expected {forms}, got "{text}"' if isinstance(text, str) else f"expected {forms}"
    if not isinstance(text, str):
        raise ValueError(problem)
    clean = text.strip()
    change = _CHANGE.match(clean)
    if change and target:
        sign, number = change.groups()
        fraction = float(number) / 100
        if fraction == 0 or (sign == "-" and fraction >= 1):
            raise ValueError(f"{text!r}: a change must be above 0% and, downwards, less than -100%")
        return Threshold(f"{sign}%", fraction, False, clean)
    comparison = _COMPARISON.match(clean)
    if not comparison:
        raise ValueError(problem)
    op = {"≥": ">=", "≤": "<="}.get(comparison.group(1), comparison.group(1))
    if target and op not in (">=", "<="):
        raise ValueError(f"{problem} (a target is reached, so write >= or <=)")
    operand = comparison.group(2).strip()
    if _NUMBER.match(operand):
        return Threshold(op, float(operand), False, clean)
    try:
        seconds = parse_duration(operand).total_seconds()
    except (ValueError, OverflowError):
        raise ValueError(problem) from None
    return Threshold(op, seconds, True, clean)


@dataclass(frozen=True)
class Objective:
    """One objective of the plan. ``segment`` holds the filters and breakdown choices as (column,
    value) pairs, checked against the registry by :mod:`passaparola.plan`; ``baseline`` is its first
    and last day, both included (None: the weeks before the plan's start)."""

    key: str
    name: str
    metric: str
    target: Threshold
    deadline: date
    baseline: tuple[date, date] | None = None
    value: str | None = None
    segment: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Plan:
    start: date
    objectives: tuple[Objective, ...] = ()


@dataclass(frozen=True)
class AlertRule:
    """``metric`` over the last ``window`` (whole local days) fires when it meets ``condition``."""

    key: str
    name: str
    metric: str
    condition: Threshold
    window: timedelta
    value: str | None = None
    segment: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Alerts:
    """``[alerts]``: rules, the automatic detectors (robust z-score against the same weekday of the
    previous ``weeks`` weeks, firing at ``z`` or above) and the webhook (``tries`` POSTs of ``timeout``
    seconds each)."""

    rules: tuple[AlertRule, ...] = ()
    detectors: tuple[str, ...] = DETECTORS
    weeks: int = 8
    z: float = 3.5
    webhook: str | None = None
    timeout: float = 10.0
    tries: int = 3


# --- business time -----------------------------------------------------------------------------------


def business_seconds(start: datetime, end: datetime, care: Care) -> float:
    """Seconds between two instants that fall inside care hours, in ``care.timezone``.

    Aware datetimes are taken as instants (naive ones as UTC); ``end <= start`` gives 0. Exact across
    daylight-saving changes (see the module docstring), midnight, weekends and holidays.
    """
    start, end = _as_utc(start), _as_utc(end)
    if end <= start or not care.hours or not care.days:
        return 0.0
    total = timedelta(0)
    for span_start, span_end in _constant_offset_spans(start, end, care.timezone):
        offset = span_start.astimezone(care.timezone).utcoffset() or timedelta(0)
        wall_start = (span_start + offset).replace(tzinfo=None)
        wall_end = (span_end + offset).replace(tzinfo=None)
        total += _wall_overlap(wall_start, wall_end, care)
    return total.total_seconds()


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _constant_offset_spans(
    start: datetime, end: datetime, zone: ZoneInfo
) -> Iterator[tuple[datetime, datetime]]:
    """Split ``[start, end)`` at the zone's offset changes, so wall time is UTC plus one offset in each."""
    cuts = [
        t for year in range(start.year, end.year + 1) for t in _transitions(zone, year) if start < t < end
    ]
    bounds = [start, *cuts, end]
    yield from itertools.pairwise(bounds)


@functools.lru_cache(maxsize=1024)
def _transitions(zone: ZoneInfo, year: int) -> tuple[datetime, ...]:
    """The instants in a UTC year at which the zone's UTC offset changes (found to the second: tzdata
    transitions fall on whole seconds). Offsets are sampled every 6 hours, then bisected."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)

    def offset(seconds: int) -> timedelta | None:
        return (epoch + timedelta(seconds=seconds)).astimezone(zone).utcoffset()

    lo = int((datetime(year, 1, 1, tzinfo=UTC) - epoch).total_seconds())
    stop = int((datetime(year + 1, 1, 1, tzinfo=UTC) - epoch).total_seconds())
    step = 6 * 3600
    found = []
    before = offset(lo)
    while lo < stop:
        hi = min(lo + step, stop)
        after = offset(hi)
        if after != before:
            a, b = lo, hi
            while b - a > 1:
                mid = (a + b) // 2
                a, b = (mid, b) if offset(mid) == before else (a, mid)
            found.append(epoch + timedelta(seconds=b))
            before = after
        lo = hi
    return tuple(found)


def _wall_overlap(wall_start: datetime, wall_end: datetime, care: Care) -> timedelta:
    """Overlap of a naive wall-clock interval with the open ranges of each open day."""
    total = timedelta(0)
    day = wall_start.date()
    last = wall_end.date()
    while day <= last:
        if day.weekday() in care.days and day not in care.holidays:
            midnight = datetime.combine(day, time())
            for first, stop in care.hours:
                lo = max(wall_start, midnight + timedelta(minutes=first))
                hi = min(wall_end, midnight + timedelta(minutes=stop))
                if hi > lo:
                    total += hi - lo
        day += timedelta(days=1)
    return total


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- reading ------------------------------------------------------------------------------------------


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time"
    return type(value).__name__


def _query_parser() -> Callable[[str], Any] | None:
    """``passaparola.query.parse`` when that module exists, else None (queries are then kept unchecked)."""
    try:
        module = importlib.import_module("passaparola.query")
    except ModuleNotFoundError as exc:
        if exc.name in ("passaparola.query", None):
            return None
        raise
    parse = getattr(module, "parse", None)
    return parse if callable(parse) else None


class _Reader:
    def __init__(self, path: Path | str) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(self.path, key, problem)

    # generic checks

    def table(self, value: Any, key: str, hint: str = "") -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table{hint}, not {_kind(value)}")
        return value

    def known(
        self,
        table: Mapping[str, Any],
        key: str,
        names: tuple[str, ...],
        hints: Mapping[str, str] | None = None,
    ) -> None:
        for name in table:
            if name not in names:
                if hints and name in hints:
                    raise self.fail(f"{key}.{name}", f"unknown key ({hints[name]})")
                close = difflib.get_close_matches(name, names, n=1)
                guess = f"did you mean {close[0]!r}? " if close else ""
                raise self.fail(f"{key}.{name}", f"unknown key ({guess}known: {', '.join(names)})")

    def string(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"must be a string, not {_kind(value)}")
        text = value.strip()
        if not text:
            raise self.fail(key, "must not be empty")
        return text

    def items(self, value: Any, key: str, *, single: bool = False) -> list[tuple[str, Any]]:
        """(dotted key, item) for a list; a lone string counts as a one-item list when ``single``."""
        if single and isinstance(value, str):
            return [(key, value)]
        if not isinstance(value, list):
            expected = "a list (or one string)" if single else "a list"
            raise self.fail(key, f"must be {expected}, not {_kind(value)}")
        return [(f"{key}[{i}]", item) for i, item in enumerate(value)]

    def strings(self, value: Any, key: str) -> tuple[str, ...]:
        return tuple(self.string(item, k) for k, item in self.items(value, key))

    def ident(self, value: Any, key: str) -> str:
        """A handle or an id: a string, or an integer kept as its digits."""
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            raise self.fail(key, f"must be a handle or an id (a string), not {_kind(value)}")
        return value

    # sections

    def settings(self, config: Mapping[str, Any]) -> Settings:
        workspace = config.get("workspace", {})
        zone_name = self.table(workspace, "workspace").get("timezone", "UTC")
        try:
            zone = ZoneInfo(self.string(zone_name, "workspace.timezone"))
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail(
                "workspace.timezone", f"{zone_name!r} is not an IANA time zone (e.g. 'Europe/Rome')"
            ) from None
        owners: dict[tuple[str, str], tuple[int, str]] = {}
        names: dict[str, str] = {}
        brand = None
        if "brand" in config:
            brand = self.entity(self.table(config["brand"], "brand"), "brand", 0, owners, names)
        competitors = []
        raw = config.get("competitors", [])
        if isinstance(raw, dict):
            raise self.fail(
                "competitors", "must be a list of tables: write [[competitors]], not [competitors]"
            )
        for number, (key, item) in enumerate(self.items(raw, "competitors"), start=1):
            table = self.table(item, key, hint=" (write [[competitors]])")
            competitors.append(self.entity(table, key, number, owners, names))
        paid = self.paid(self.table(config.get("paid", {}), "paid"))
        care = self.care(self.table(config.get("care", {}), "care"), zone)
        threshold = self.influencers(self.table(config.get("influencers", {}), "influencers"))
        plan = self.plan(self.table(config["plan"], "plan")) if "plan" in config else None
        alerts = self.alerts(self.table(config["alerts"], "alerts")) if "alerts" in config else None
        languages = self.languages(self.table(config.get("language", {}), "language"))
        sentiment = self.table(config.get("sentiment", {}), "sentiment")
        self.known(sentiment, "sentiment", SENTIMENT_KEYS)
        model = self.string(sentiment.get("model", "auto"), "sentiment.model")
        return Settings(
            brand,
            tuple(competitors),
            paid,
            care,
            threshold,
            zone,
            plan,
            alerts,
            languages=languages,
            sentiment_model=model,
        )

    def languages(self, table: dict[str, Any]) -> tuple[str, ...]:
        self.known(table, "language", LANGUAGE_KEYS)
        if "candidates" not in table:
            return DEFAULT_LANGUAGES
        from passaparola.enrich.language import SUPPORTED

        codes = []
        for key, value in self.items(table["candidates"], "language.candidates"):
            code = self.string(value, key).lower()
            if code not in SUPPORTED:
                raise self.fail(key, f"{code!r} is not an ISO 639-1 code lingua knows (e.g. 'it', 'en')")
            codes.append(code)
        if not codes:
            raise self.fail("language.candidates", "must name at least one language")
        return tuple(dict.fromkeys(codes))

    def entity(
        self,
        table: dict[str, Any],
        key: str,
        number: int,
        owners: dict[tuple[str, str], tuple[int, str]],
        names: dict[str, str],
    ) -> Entity:
        self.known(table, key, ENTITY_KEYS)
        if "name" not in table:
            raise self.fail(f"{key}.name", "missing: every brand and competitor needs a name")
        name = self.string(table["name"], f"{key}.name")
        folded = name.casefold()
        if folded in names:
            raise self.fail(f"{key}.name", f"{name!r} is already the name at {names[folded]}")
        names[folded] = f"{key}.name"
        accounts: dict[str, tuple[str, ...]] = {}
        for platform, handles in self.table(table.get("accounts", {}), f"{key}.accounts").items():
            platform_key = f"{key}.accounts.{platform}"
            if platform not in PLATFORMS:
                close = difflib.get_close_matches(platform.lower(), PLATFORMS, n=1)
                guess = f"did you mean {close[0]!r}? " if close else ""
                raise self.fail(platform_key, f"unknown platform ({guess}known: {', '.join(PLATFORMS)})")
            normalised = []
            for item_key, item in self.items(handles, platform_key, single=True):
                try:
                    handle = normalise_handle(platform, self.ident(item, item_key))
                except ValueError as exc:
                    raise self.fail(item_key, str(exc)) from None
                self.claim(owners, platform, handle, number, item_key)
                normalised.append(handle)
            accounts[platform] = tuple(normalised)
        query = None
        if "query" in table:
            query = self.string(table["query"], f"{key}.query")
            parse = _query_parser()
            if parse is not None:
                try:
                    parse(query)
                except Exception as exc:  # the parser's own error type is its business; report its words
                    raise self.fail(f"{key}.query", f"{exc}") from None
        keywords = self.strings(table.get("keywords", []), f"{key}.keywords")
        return Entity(name, accounts, query, keywords)

    def claim(
        self,
        owners: dict[tuple[str, str], tuple[int, str]],
        platform: str,
        handle: str,
        number: int,
        key: str,
    ) -> None:
        """Record an account for entity ``number``; an account already held (by this entity or another,
        counting a bare Mastodon handle as that user on any host) is an error naming both keys."""
        clashes = [(platform, handle)]
        if platform == "mastodon":
            user, at, _host = handle.partition("@")
            if at:
                clashes.append(("mastodon", user))
            else:
                clashes += [k for k in owners if k[0] == "mastodon" and k[1].partition("@")[0] == user]
        for clash in clashes:
            if clash in owners:
                owner, where = owners[clash]
                if owner != number or clash == (platform, handle):
                    whose = "this entity" if owner == number else where.partition(".accounts")[0]
                    raise self.fail(key, f"{handle!r} is already an account of {whose} ({where})")
        owners[(platform, handle)] = (number, key)

    def paid(self, table: dict[str, Any]) -> Paid:
        self.known(table, "paid", PAID_KEYS)
        hashtags = tuple(
            self.hashtag(v, k) for k, v in self.items(table.get("hashtags", []), "paid.hashtags")
        )
        campaigns = tuple(
            s.lower() for s in self.strings(table.get("utm_campaigns", []), "paid.utm_campaigns")
        )
        mediums = DEFAULT_UTM_MEDIUMS
        if "utm_mediums" in table:
            mediums = tuple(s.lower() for s in self.strings(table["utm_mediums"], "paid.utm_mediums"))
        ad_ids = tuple(
            self.string(self.ident(v, k), k) for k, v in self.items(table.get("ad_ids", []), "paid.ad_ids")
        )
        tags, phrases = [], []
        for key, item in self.items(table.get("disclosure", list(DEFAULT_DISCLOSURE)), "paid.disclosure"):
            text = self.string(item, key)
            if text.startswith("#"):
                tags.append(self.hashtag(text, key))
            else:
                phrases.append(" ".join(text.lower().split()))
        return Paid(hashtags, campaigns, mediums, ad_ids, tuple(tags), tuple(phrases))

    def hashtag(self, value: Any, key: str) -> str:
        tag = self.string(value, key).removeprefix("#").lower()
        if not tag or any(ch.isspace() or ch == "#" for ch in tag):
            raise self.fail(key, f"{value!r} is not a hashtag (one word, with or without '#')")
        return tag

    def care(self, table: dict[str, Any], zone: ZoneInfo) -> Care:
        self.known(table, "care", CARE_KEYS, hints={"timezone": "the time zone is workspace.timezone"})
        hours = DEFAULT_HOURS
        if "hours" in table:
            ranges = []
            for key, item in self.items(table["hours"], "care.hours", single=True):
                ranges.append((*self.time_range(item, key), key))
            if not ranges:
                raise self.fail("care.hours", "must hold at least one range like '09:00-18:00'")
            ranges.sort()
            for (_, end, before), (start, _, key) in itertools.pairwise(ranges):
                if start < end:
                    raise self.fail(key, f"overlaps {before}")
            hours = tuple((start, end) for start, end, _ in ranges)
        days = DEFAULT_DAYS
        if "days" in table:
            chosen: dict[int, str] = {}
            for key, item in self.items(table["days"], "care.days"):
                name = self.string(item, key).lower()
                if name not in DAYS:
                    raise self.fail(key, f"unknown day {item!r} (known: {', '.join(DAYS)})")
                if DAYS.index(name) in chosen:
                    raise self.fail(key, f"{item!r} is listed twice (also {chosen[DAYS.index(name)]})")
                chosen[DAYS.index(name)] = key
            if not chosen:
                raise self.fail("care.days", "must name at least one day")
            days = tuple(sorted(chosen))
        holidays = frozenset(
            self.day(v, k) for k, v in self.items(table.get("holidays", []), "care.holidays")
        )
        horizon = DEFAULT_HORIZON
        if "horizon" in table:
            if not isinstance(table["horizon"], str):
                raise self.fail(
                    "care.horizon", f"must be a duration like '7d', not {_kind(table['horizon'])}"
                )
            try:
                horizon = parse_duration(table["horizon"])
            except ValueError as exc:
                raise self.fail("care.horizon", str(exc)) from None
        return Care(hours, days, holidays, horizon, zone)

    def time_range(self, value: Any, key: str) -> tuple[int, int]:
        text = self.string(value, key)
        match = _RANGE.match(text)
        if not match:
            raise self.fail(key, f"{text!r} is not a time range (write e.g. '09:00-18:00')")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if m1 > 59 or m2 > 59 or h1 > 23 or h2 > 24 or (h2 == 24 and m2):
            raise self.fail(key, f"{text!r}: times run from 00:00 to 24:00")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start == end:
            raise self.fail(key, f"{text!r} is an empty range")
        if start > end:
            raise self.fail(
                key,
                f"{text!r} crosses midnight; a range ends on the day it starts: "
                f'write ["{_clock(start)}-24:00", "00:00-{_clock(end)}"]',
            )
        return start, end

    def day(self, value: Any, key: str) -> date:
        if isinstance(value, datetime):
            raise self.fail(key, "must be a date like 2026-12-25, not a date-time")
        if isinstance(value, date):
            return value
        text = self.string(value, key)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.fail(key, f"{text!r} is not a date (write e.g. '2026-12-25')") from None

    def influencers(self, table: dict[str, Any]) -> int:
        self.known(table, "influencers", INFLUENCER_KEYS)
        value = table.get("threshold", DEFAULT_INFLUENCER_THRESHOLD)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(
                "influencers.threshold", f"must be a whole number of followers, not {_kind(value)}"
            )
        if value < 0:
            raise self.fail("influencers.threshold", f"must be 0 or more, not {value}")
        return value

    def plan(self, table: dict[str, Any]) -> Plan:
        self.known(table, "plan", PLAN_KEYS)
        if "start" not in table:
            raise self.fail("plan.start", "missing: the day the plan starts (e.g. 2026-04-06)")
        start = self.day(table["start"], "plan.start")
        raw = table.get("objectives", [])
        if isinstance(raw, dict):
            raise self.fail("plan.objectives", "must be a list of tables: write [[plan.objectives]]")
        objectives = []
        names: dict[str, str] = {}
        for index, (key, item) in enumerate(self.items(raw, "plan.objectives")):
            entry = self.table(item, key, hint=" (write [[plan.objectives]])")
            if "name" not in entry:
                raise self.fail(f"{key}.name", "missing: every objective needs a name")
            name = self.string(entry["name"], f"{key}.name")
            if name.casefold() in names:
                raise self.fail(f"{key}.name", f"{name!r} is already the name of {names[name.casefold()]}")
            names[name.casefold()] = key
            objectives.append(self.objective(entry, f'plan.objectives[{index}] ("{name}")', name, start))
        return Plan(start, tuple(objectives))

    def objective(self, table: dict[str, Any], key: str, name: str, start: date) -> Objective:
        for required in ("metric", "target", "deadline"):
            if required not in table:
                raise self.fail(f"{key}.{required}", "missing")
        metric = self.string(table["metric"], f"{key}.metric")
        try:
            target = parse_threshold(table["target"], target=True)
        except ValueError as exc:
            raise self.fail(f"{key}.target", str(exc)) from None
        deadline = self.day(table["deadline"], f"{key}.deadline")
        if deadline <= start:
            raise self.fail(f"{key}.deadline", f"{deadline} is not after the plan's start ({start})")
        baseline = None
        if "baseline" in table:
            baseline = self.days_range(table["baseline"], f"{key}.baseline")
            if baseline[0] >= start:
                raise self.fail(f"{key}.baseline", f"must begin before the plan's start ({start})")
        elif target.change:
            raise self.fail(
                f"{key}.baseline", f"missing: a {target.text} target is measured against a baseline period"
            )
        value = self.string(table["value"], f"{key}.value") if "value" in table else None
        segment = self.segment(table, key, OBJECTIVE_KEYS)
        return Objective(key, name, metric, target, deadline, baseline, value, segment)

    def segment(self, table: dict[str, Any], key: str, known: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        """The keys besides ``known``: filters and breakdown choices (checked against the registry later)."""
        return tuple(
            (column, self.string(value, f"{key}.{column}"))
            for column, value in table.items()
            if column not in known
        )

    def days_range(self, value: Any, key: str) -> tuple[date, date]:
        """``"2026-01-05..2026-03-29"`` or ``[2026-01-05, 2026-03-29]``: first and last day, included."""
        if isinstance(value, str) and ".." in value:
            parts: list[Any] = [part.strip() for part in value.split("..", 1)]
        elif isinstance(value, list) and len(value) == 2:
            parts = value
        else:
            raise self.fail(key, f'expected "FIRST..LAST" (e.g. "2026-01-05..2026-03-29"), got {value!r}')
        first, last = self.day(parts[0], key), self.day(parts[1], key)
        if last < first:
            raise self.fail(key, f"ends ({last}) before it begins ({first})")
        return first, last

    def alerts(self, table: dict[str, Any]) -> Alerts:
        self.known(table, "alerts", ALERT_KEYS)
        webhook = None
        if "webhook" in table:
            webhook = self.string(table["webhook"], "alerts.webhook")
            parts = urlsplit(webhook)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise self.fail("alerts.webhook", f"{webhook!r} is not an http(s) URL")
        detectors = DETECTORS
        if "detectors" in table:
            detectors = self.strings(table["detectors"], "alerts.detectors")
            for index, name in enumerate(detectors):
                if name not in DETECTORS:
                    raise self.fail(
                        f"alerts.detectors[{index}]",
                        f"unknown detector {name!r} (known: {', '.join(DETECTORS)})",
                    )
        weeks = self.whole(table.get("weeks", 8), "alerts.weeks", 3, 52)
        tries = self.whole(table.get("tries", 3), "alerts.tries", 1, 10)
        z = self.positive(table.get("z", 3.5), "alerts.z")
        timeout = self.positive(table.get("timeout", 10.0), "alerts.timeout")
        raw = table.get("rules", [])
        if isinstance(raw, dict):
            raise self.fail("alerts.rules", "must be a list of tables: write [[alerts.rules]]")
        rules = []
        for index, (key, item) in enumerate(self.items(raw, "alerts.rules")):
            entry = self.table(item, key, hint=" (write [[alerts.rules]])")
            named = f'{key} ("{entry["name"]}")' if isinstance(entry.get("name"), str) else key
            rules.append(self.rule(entry, named, index))
        return Alerts(tuple(rules), detectors, weeks, z, webhook, timeout, tries)

    def rule(self, table: dict[str, Any], key: str, index: int) -> AlertRule:
        for required in ("metric", "condition", "window"):
            if required not in table:
                raise self.fail(f"{key}.{required}", "missing")
        metric = self.string(table["metric"], f"{key}.metric")
        try:
            condition = parse_threshold(table["condition"], target=False)
        except ValueError as exc:
            raise self.fail(f"{key}.condition", str(exc)) from None
        try:
            window = parse_duration(self.string(table["window"], f"{key}.window"))
        except (ValueError, OverflowError) as exc:
            raise self.fail(f"{key}.window", str(exc)) from None
        if window % timedelta(days=1) or window > timedelta(days=366):
            raise self.fail(f"{key}.window", f"{table['window']!r}: a window is whole days (1d to 366d)")
        name = self.string(table["name"], f"{key}.name") if "name" in table else f"{metric} {condition.text}"
        value = self.string(table["value"], f"{key}.value") if "value" in table else None
        return AlertRule(key, name, metric, condition, window, value, self.segment(table, key, RULE_KEYS))

    def whole(self, value: Any, key: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"must be a whole number from {low} to {high}, not {value!r}")
        return value

    def positive(self, value: Any, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1e6:
            raise self.fail(key, f"must be a number above 0, not {value!r}")
        return float(value)
