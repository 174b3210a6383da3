"""The demo: a realistic, seeded, multi-platform dataset for a fictional Italian coffee brand, written
in the platforms' own formats so the real import path is exercised, plus the workspace that measures it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from passaparola.demo.simulation import BRAND, COMPETITORS, Simulation
from passaparola.demo.writers import WRITERS

PER_FILE = 250_000


@dataclass
class Generated:
    files: list[Path]
    items: int
    conversations: int


def generate(folder: Path, items: int, seed: int = 7, per_file: int = PER_FILE) -> Generated:
    """Write about ``items`` items under ``folder``/<platform>/, streaming (bounded memory at any size)."""
    folder.mkdir(parents=True, exist_ok=True)
    writers = {name: cls(folder, per_file) for name, cls in WRITERS.items()}
    simulation = Simulation(items, seed)
    produced = conversations = 0
    for events in simulation.conversations():
        writers[events[0].platform].add(events)
        produced += len(events)
        conversations += 1
    files = [path for writer in writers.values() for path in writer.close()]
    return Generated(files, produced, conversations)


def workspace_config() -> str:
    """The demo workspace's ``passaparola.toml``: the brand, its competitors, paid markers, care hours."""

    def accounts(entity) -> str:
        def handle(platform: str) -> str:  # Bluesky handles are domain names
            return f"{entity.handle}.bsky.social" if platform == "bluesky" else entity.handle

        lines = [f'{platform} = ["{handle(platform)}"]' for platform in entity.platforms if platform != "rss"]
        return "\n".join(lines)

    competitors = "\n\n".join(
        f'[[competitors]]\nname = "{c.name}"\nquery = \'"{c.name.lower()}" OR @{c.handle} OR #{c.hashtag}\'\n'
        f"[competitors.accounts]\n{accounts(c)}"
        for c in COMPETITORS
    )
    return f"""\
# The demo workspace: a fictional Italian coffee brand and three competitors.
[workspace]
name = "{BRAND.name} (demo)"
timezone = "Europe/Rome"
language = "it"

[brand]
name = "{BRAND.name}"
query = '("caffè aurora" OR @{BRAND.handle} OR #{BRAND.hashtag}) AND NOT "aurora boreale"'
[brand.accounts]
{accounts(BRAND)}

{competitors}

[paid]
hashtags = ["#{BRAND.campaign_hashtag}"]
utm_campaigns = ["estate"]
disclosure = ["#adv", "#ad", "#sponsored", "#sponsorizzato", "#pubblicità", "in collaborazione con"]

[care]
hours = "09:00-18:00"
days = ["mon", "tue", "wed", "thu", "fri"]
"""
