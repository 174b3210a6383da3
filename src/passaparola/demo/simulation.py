"""A seeded simulation of a year of social media around a fictional Italian coffee brand.

It produces conversations (a root and its replies and shares) one at a time, so any number of items
can be generated in bounded memory. Platform writers (:mod:`passaparola.demo.writers`) turn each
conversation into that platform's own export format.

The cast:
- **Caffè Aurora** (the brand): active almost everywhere, answers about two thirds of customers,
  within business hours in Rome, after a few hours;
- **Torrefazione Borealis**: a conversational competitor that answers most customers within an hour;
- **Caffè Meridiana**: a *showcase* competitor: it posts, never replies, and gets little interaction;
- **Brew & Co**: an English-language *broadcaster*: many posts, few answers;
- consumers (a few followers each) and influencers (10k+ followers), some posting sponsored
  content disclosed with ``#adv`` / ``#ad`` / ``#sponsorizzato`` / "in collaborazione con".

Shares spread by a sub-critical branching process (each share begets Poisson(0.55) more), so most
cascades are tiny and a few travel far.

Audiences change over the year: the brand's accounts grow about 1.8% a month (from about 39,000 to 48,000
followers), Borealis 0.8%, Brew & Co 0.4%, and the showcase Meridiana loses 0.3% a month. Every item carries
its author's followers at posting, and the collection is monthly (see the writers), so audience growth and
the rates by followers can be measured as they would be on real collected data.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from passaparola.demo import texts

ROME = ZoneInfo("Europe/Rome")
START = datetime(2025, 9, 1, tzinfo=UTC)
DAYS = 365
#: The end of the simulated year, when the accounts have the followers their Entity declares.
END = START + timedelta(days=DAYS)
MONTH_SECONDS = 30.44 * 24 * 3600
#: When the demo's counters were "collected": the day after the simulated year.
END_OBSERVED = START + timedelta(days=DAYS + 1)
SHARE_BRANCHING = 0.55


@dataclass(frozen=True)
class Entity:
    """A brand or competitor and how it behaves."""

    name: str
    handle: str
    lang: str
    #: followers at the end of the simulated year
    followers: int
    platforms: tuple[str, ...]
    answer_rate: float
    answer_median_hours: float
    business_hours_only: bool
    posts_weight: float
    hashtag: str
    campaign_hashtag: str | None = None
    showcase: bool = False
    #: compound change in followers a month
    growth: float = 0.0


BRAND = Entity(
    "Caffè Aurora", "caffeaurora", "it", 48_000,
    ("twitter", "mastodon", "bluesky", "youtube", "instagram", "facebook", "rss"),
    answer_rate=0.65, answer_median_hours=3.0, business_hours_only=True, posts_weight=0.4,
    hashtag="auroraespresso", campaign_hashtag="auroraestate", growth=0.018,
)  # fmt: skip
COMPETITORS = (
    Entity(
        "Torrefazione Borealis", "borealiscaffe", "it", 31_000, ("twitter", "instagram", "facebook", "youtube"),
        answer_rate=0.85, answer_median_hours=0.8, business_hours_only=False, posts_weight=0.2, hashtag="borealis",
        growth=0.008,
    ),
    Entity(
        "Caffè Meridiana", "meridianacaffe", "it", 22_000, ("twitter", "instagram", "facebook"),
        answer_rate=0.0, answer_median_hours=0.0, business_hours_only=True, posts_weight=0.2, hashtag="meridiana",
        showcase=True, growth=-0.003,
    ),
    Entity(
        "Brew & Co", "brewandco", "en", 90_000, ("twitter", "instagram", "youtube", "bluesky"),
        answer_rate=0.15, answer_median_hours=20.0, business_hours_only=True, posts_weight=0.2, hashtag="brewandco",
        growth=0.004,
    ),
)  # fmt: skip
ENTITIES = (BRAND, *COMPETITORS)

PLATFORM_WEIGHTS = {
    "twitter": 0.42,
    "mastodon": 0.14,
    "reddit": 0.14,
    "youtube": 0.10,
    "instagram": 0.09,
    "facebook": 0.06,
    "bluesky": 0.04,
    "rss": 0.01,
}


@dataclass(slots=True)
class Person:
    key: int
    handle: str
    name: str
    followers: int
    following: int
    posts: int
    lang: str
    role: str  # brand, competitor, influencer, consumer
    created_at: datetime
    entity: Entity | None = None
    #: compound change in followers a month (``followers`` is the count at the end of the year)
    growth: float = 0.0

    def followers_at(self, when: datetime) -> int:
        """The followers at ``when``: ``followers`` at the end of the year, compounded back by ``growth``."""
        if not self.growth:
            return self.followers
        return round(self.followers / (1 + self.growth) ** ((END - when).total_seconds() / MONTH_SECONDS))


@dataclass(slots=True, eq=False)
class Event:
    """One item of a conversation, platform-neutral. Counters are filled in once the tree is complete."""

    seq: int
    platform: str
    kind: str
    author: Person
    created_at: datetime
    text: str
    lang: str
    parent: Event | None = None
    root: Event | None = None
    shared: Event | None = None
    title: str | None = None
    mentions: list[Person] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    promoted: bool = False
    likes: int = 0
    views: int = 0
    children: list[Event] = field(default_factory=list)
    sharers: list[Event] = field(default_factory=list)
    direct: bool = False


class Simulation:
    """Generates conversations until about ``target`` items exist."""

    def __init__(self, target: int, seed: int = 7):
        self.target = target
        self.rng = random.Random(seed)
        self.seq = 0
        population = max(400, min(200_000, target // 15))
        self.people = [self._person(i) for i in range(population)]
        self.influencers = [p for p in self.people if p.role == "influencer"]
        self.accounts = {
            entity.handle: Person(
                key=population + n,
                handle=entity.handle,
                name=entity.name,
                followers=entity.followers,
                following=300,
                posts=4_000,
                lang=entity.lang,
                role="brand" if entity is BRAND else "competitor",
                created_at=datetime(2012, 3, 1, tzinfo=UTC),
                entity=entity,
                growth=entity.growth,
            )
            for n, entity in enumerate(ENTITIES)
        }
        self.platforms = list(PLATFORM_WEIGHTS)
        self.platform_weights = list(PLATFORM_WEIGHTS.values())

    def _person(self, key: int) -> Person:
        rng = self.rng
        influencer = rng.random() < 0.012
        followers = (
            int(rng.lognormvariate(math.log(25_000), 0.8))
            if influencer
            else int(rng.lognormvariate(4.8, 1.3))
        )
        if influencer:
            followers = max(followers, 10_000)
        first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
        lang = "it" if rng.random() < 0.72 else "en"
        return Person(
            key=key,
            handle=f"{first.lower()}{last.lower()}{key}",
            name=f"{first} {last}",
            followers=followers,
            following=int(rng.lognormvariate(5.5, 0.9)),
            posts=int(rng.lognormvariate(6.5, 1.5)),
            lang=lang,
            role="influencer" if influencer else "consumer",
            created_at=START - timedelta(days=rng.randint(30, 5000)),
        )

    # --- the stream ---------------------------------------------------------------------------

    def conversations(self) -> Iterator[list[Event]]:
        produced = 0
        while produced < self.target:
            platform = self.rng.choices(self.platforms, self.platform_weights)[0]
            events = self._conversation(platform)
            produced += len(events)
            yield events

    def _conversation(self, platform: str) -> list[Event]:
        rng = self.rng
        active = [e for e in ENTITIES if platform in e.platforms]
        roll = rng.random()
        if platform == "rss":
            return self._owned(BRAND, platform)
        if platform == "reddit":
            return self._forum_thread()
        if roll < 0.30 and active:
            entity = rng.choices(active, [e.posts_weight for e in active])[0]
            return self._owned(entity, platform)
        if roll < 0.62:
            entity = rng.choices(ENTITIES, [0.55, 0.2, 0.1, 0.15])[0]
            return self._inbound(entity, platform)
        if roll < 0.92:
            entity = rng.choices(ENTITIES, [0.55, 0.2, 0.1, 0.15])[0]
            return self._earned(entity, platform)
        return self._sponsored(platform)

    # --- conversation types ------------------------------------------------------------------

    def _owned(self, entity: Entity, platform: str) -> list[Event]:
        rng = self.rng
        account = self.accounts[entity.handle]
        lang = entity.lang
        when = self._moment()
        campaign = entity.campaign_hashtag is not None and rng.random() < 0.15
        if entity.showcase:
            text, title = self._fill(rng.choice(texts.SHOWCASE[lang]), entity), None
        elif campaign:
            text = self._fill(rng.choice(texts.BRAND[lang]["campaign"]), entity, tag=entity.campaign_hashtag)
            title = None
        else:
            text = self._fill(rng.choice(texts.BRAND[lang]["post"]), entity)
            title = None
        if platform in ("youtube", "rss"):
            title = (
                self._fill(rng.choice(texts.VIDEO_TITLES[lang]), entity)
                if platform == "youtube"
                else text[:60]
            )
        root = self._event(platform, "post", account, when, text, lang, title=title)
        root.promoted = campaign and platform in ("twitter", "facebook", "instagram")
        if campaign:
            root.urls = [
                f"https://caffeaurora.it/estate?utm_source={platform}&utm_medium=paid_social&utm_campaign=estate"
            ]
        root.likes = self._likes(account, 0.0002 if entity.showcase else 0.004, when)
        events = [root]
        if platform == "rss":
            return events
        replies = (
            0
            if entity.showcase and rng.random() < 0.8
            else self._poisson(2.5 if not entity.showcase else 0.3)
        )
        for _ in range(replies):
            person = rng.choice(self.people)
            tone = rng.choices(["positive", "negative", "neutral", "question"], [0.4, 0.2, 0.2, 0.2])[0]
            reply = self._consumer_text(person, entity, tone, platform, parent=root)
            events.append(reply)
            self._maybe_answer(entity, reply, events, question=tone in ("question", "negative"))
        if not entity.showcase:
            events.extend(self._cascade(root, 1.2))
        return events

    def _inbound(self, entity: Entity, platform: str) -> list[Event]:
        rng = self.rng
        person = rng.choice(self.people)
        tone = rng.choices(["question", "negative", "positive"], [0.45, 0.35, 0.2])[0]
        root = self._consumer_text(person, entity, tone, platform)
        if platform in ("twitter", "mastodon", "facebook", "instagram") and rng.random() < 0.06:
            root.direct = True
            root.kind = "message"
        events = [root]
        answer = self._maybe_answer(entity, root, events, question=True)
        if answer is not None and rng.random() < 0.35:
            follow = self._reply(
                platform, person, answer, rng.choice(texts.CONSUMER[person.lang]["followup"]), 1.5
            )
            events.append(follow)
            self._maybe_answer(entity, follow, events, question=True)
        for _ in range(self._poisson(0.5)):
            other = rng.choice(self.people)
            events.append(
                self._reply(
                    platform, other, root, rng.choice(texts.CONSUMER[other.lang]["reply_consumer"]), 4
                )
            )
        return events

    def _earned(self, entity: Entity, platform: str) -> list[Event]:
        rng = self.rng
        person = rng.choice(self.people)
        tone = rng.choices(["positive", "negative", "neutral"], [0.45, 0.25, 0.3])[0]
        root = self._consumer_text(person, entity, tone, platform, mention=rng.random() < 0.4)
        events = [root]
        frontier = [root]
        for _ in range(self._poisson(1.6)):
            other = rng.choice(self.people)
            parent = rng.choice(frontier)
            reply = self._reply(
                platform, other, parent, rng.choice(texts.CONSUMER[other.lang]["reply_consumer"]), 3
            )
            events.append(reply)
            frontier.append(reply)
        events.extend(self._cascade(root, 0.9))
        return events

    def _sponsored(self, platform: str) -> list[Event]:
        rng = self.rng
        person = rng.choice(self.influencers or self.people)
        text = self._fill(rng.choice(texts.SPONSORED[person.lang]), BRAND)
        root = self._event(platform, "post", person, self._moment(), text, person.lang)
        root.likes = self._likes(person, 0.012)
        events = [root]
        for _ in range(self._poisson(4)):
            other = rng.choice(self.people)
            events.append(
                self._reply(
                    platform, other, root, rng.choice(texts.CONSUMER[other.lang]["reply_consumer"]), 3
                )
            )
        events.extend(self._cascade(root, 1.5))
        return events

    def _forum_thread(self) -> list[Event]:
        rng = self.rng
        entity = rng.choices(ENTITIES, [0.6, 0.15, 0.1, 0.15])[0]
        person = rng.choice(self.people)
        title = self._fill(rng.choice(texts.REDDIT_TITLES[person.lang]), entity)
        tone = rng.choice(["positive", "negative", "question", "neutral"])
        body = self._fill(rng.choice(texts.CONSUMER[person.lang][tone]), entity).replace(
            f"@{entity.handle}", entity.name
        )
        root = self._event("reddit", "post", person, self._moment(), body, person.lang, title=title)
        root.likes = self._poisson(12)
        events, frontier = [root], [root]
        for _ in range(self._poisson(6)):
            other = rng.choice(self.people)
            parent = rng.choice(frontier)
            reply = self._reply(
                "reddit", other, parent, rng.choice(texts.CONSUMER[other.lang]["reply_consumer"]), 5
            )
            events.append(reply)
            frontier.append(reply)
        if entity is BRAND and rng.random() < 0.2:
            self._maybe_answer(entity, root, events, question=True)
        return events

    # --- building blocks ------------------------------------------------------------------------

    def _consumer_text(
        self,
        person: Person,
        entity: Entity,
        tone: str,
        platform: str,
        parent: Event | None = None,
        mention: bool = True,
    ) -> Event:
        rng = self.rng
        text = self._fill(rng.choice(texts.CONSUMER[person.lang][tone]), entity)
        if not mention:
            text = text.replace(f"@{entity.handle}", entity.name)
        if parent is None:
            event = self._event(platform, "post", person, self._moment(), text, person.lang)
        else:
            event = self._reply(platform, person, parent, text, 3)
        event.likes = self._likes(person, 0.03)
        return event

    def _maybe_answer(
        self, entity: Entity, inbound: Event, events: list[Event], question: bool
    ) -> Event | None:
        rng = self.rng
        if entity.showcase or rng.random() >= entity.answer_rate * (1.0 if question else 0.6):
            return None
        account = self.accounts[entity.handle]
        delay = rng.lognormvariate(math.log(entity.answer_median_hours), 1.0)
        when = inbound.created_at + timedelta(hours=delay)
        if entity.business_hours_only:
            when = _next_business_moment(when, rng)
        text = self._fill(rng.choice(texts.BRAND[entity.lang]["answer"]), entity, user=inbound.author.handle)
        answer = self._event(
            inbound.platform, inbound.kind if inbound.direct else "reply", account, when, text, entity.lang
        )
        answer.parent, answer.root = inbound, inbound.root or inbound
        answer.direct = inbound.direct
        answer.mentions.append(inbound.author)
        answer.likes = self._poisson(1.2)
        inbound.children.append(answer)
        events.append(answer)
        return answer

    def _reply(self, platform: str, person: Person, parent: Event, text: str, mean_hours: float) -> Event:
        when = parent.created_at + timedelta(hours=self.rng.expovariate(1 / mean_hours))
        event = self._event(platform, "reply", person, when, text, person.lang)
        event.parent, event.root = parent, parent.root or parent
        event.likes = self._likes(person, 0.02)
        parent.children.append(event)
        return event

    def _cascade(self, original: Event, first_wave: float) -> list[Event]:
        """Shares of ``original`` by a branching process; each share keeps who it came from in ``parent``."""
        if original.platform in ("reddit", "rss", "youtube"):
            return []
        rng = self.rng
        shares: list[Event] = []
        frontier = [(original, first_wave * (1 + math.log10(1 + original.author.followers) / 3))]
        while frontier and len(shares) < 300:
            source, rate = frontier.pop()
            for _ in range(self._poisson(rate)):
                person = rng.choice(self.people)
                when = source.created_at + timedelta(minutes=rng.lognormvariate(math.log(90), 1.2))
                share = self._event(original.platform, "share", person, when, original.text, original.lang)
                share.shared, share.parent = original, source
                original.sharers.append(share)
                shares.append(share)
                frontier.append((share, SHARE_BRANCHING))
        return shares

    def _event(
        self, platform: str, kind: str, author: Person, when: datetime, text: str, lang: str, title=None
    ) -> Event:
        self.seq += 1
        event = Event(self.seq, platform, kind, author, when, text, lang, title=title)
        words = text.split()
        event.hashtags = [w[1:].rstrip(".,!?:").lower() for w in words if w.startswith("#") and len(w) > 1]
        event.mentions = [
            self.accounts[handle]
            for w in words
            if (handle := w[1:].rstrip(".,!?:")) in self.accounts and w[0] == "@"
        ]
        if platform in ("twitter", "youtube"):
            event.views = max(event.likes, int(author.followers_at(when) * self.rng.uniform(0.3, 2.5)))
        return event

    def _fill(self, template: str, entity: Entity, *, user: str = "", tag: str | None = None) -> str:
        url = f"https://{entity.handle}.example.it/p/{self.rng.randint(1, 400)}"
        return template.format(
            brand=entity.name, at=f"@{entity.handle}", user=user, tag=f"#{tag or entity.hashtag}", url=url
        )

    def _moment(self) -> datetime:
        """A local moment weighted to when people are online (mornings and evenings in Rome)."""
        rng = self.rng
        day = START + timedelta(days=rng.randrange(DAYS))
        hour = rng.choices(range(24), _HOUR_WEIGHTS)[0]
        local = datetime(
            day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=ROME
        )
        return local.astimezone(UTC)

    def _likes(self, person: Person, rate: float, when: datetime | None = None) -> int:
        followers = person.followers_at(when) if when is not None else person.followers
        return self._poisson(max(0.2, followers * rate * self.rng.uniform(0.3, 1.7)))

    def _poisson(self, lam: float) -> int:
        if lam <= 0:
            return 0
        if lam > 50:
            return max(0, int(self.rng.gauss(lam, math.sqrt(lam))))
        threshold, k, product = math.exp(-lam), 0, self.rng.random()
        while product > threshold:
            k += 1
            product *= self.rng.random()
        return k


_HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.5, 2, 5, 8, 7, 5, 4, 5, 5, 4, 4, 4, 5, 6, 7, 8, 7, 5, 2]


def _next_business_moment(when: datetime, rng: random.Random) -> datetime:
    """Push a UTC moment into Rome business hours (Mon-Fri 9-18), as a care team that works them."""
    local = when.astimezone(ROME)
    while local.weekday() >= 5 or not (9 <= local.hour < 18):
        if local.weekday() < 5 and local.hour < 9:
            local = local.replace(hour=9, minute=rng.randrange(0, 50), second=rng.randrange(60))
        else:
            nxt = (local + timedelta(days=1)).replace(
                hour=9, minute=rng.randrange(0, 50), second=rng.randrange(60)
            )
            local = datetime(nxt.year, nxt.month, nxt.day, nxt.hour, nxt.minute, nxt.second, tzinfo=ROME)
    return local.astimezone(UTC)
