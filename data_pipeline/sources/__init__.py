"""Source readers, one per kind of input, in a registry: `sources.get("vpt").discover(paths)`.

- `ours`  — our recordings: `<name>.mp4` + contractor-format `<name>.jsonl` + metadata `<name>.json`
- `vpt`   — OpenAI VPT contractor data: `<name>.mp4` + `<name>.jsonl`
- `video` — any mp4 with no actions (labelled later by the IDM)

A reader finds items (`discover`) and loads one item's actions, events and attrs (`load`); the
video itself is decoded by `data_pipeline.decode`, so readers stay cheap and picklable.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data_pipeline.goals import Event
from data_pipeline.sources.contractor import Ticks


class SourceError(ValueError):
    """A recording that cannot be used; the message is recorded as the skip reason."""


@dataclass(frozen=True)
class SourceItem:
    """One input recording (paths only, so items travel cheaply to workers)."""

    episode_id: str
    video: Path
    actions: Path | None = None
    meta: Path | None = None


@dataclass
class Recording:
    """What a reader extracts from an item, before decoding: per-tick actions (None for raw
    video), counter events by tick, episode attrs, and whether to draw the GUI cursor."""

    item: SourceItem
    ticks: Ticks | None
    events: list[Event] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    instruction: str = ""
    draw_cursor: bool = False
    notes: dict[str, Any] = field(default_factory=dict)


class Source:
    """Base reader: discovers `*.mp4` files (recursively in folders) with sibling files."""

    name = ""
    sidecars: tuple[str, ...] = ()  # suffixes of the files that travel with a video

    def discover(self, paths: Iterable[str | Path]) -> list[SourceItem]:
        videos: list[Path] = []
        for p in map(Path, paths):
            if p.is_dir():
                videos += sorted(v for v in p.rglob("*.mp4") if not v.name.endswith(".tmp.mp4"))
            elif p.suffix == ".mp4" and p.exists():
                videos.append(p)
            else:
                raise SourceError(
                    f"{p}: not an mp4 file or a folder; pass recordings or folders of them"
                )
        ids = episode_ids(videos)
        return [self.item(ep, v) for ep, v in zip(ids, videos, strict=True)]

    def item(self, episode_id: str, video: Path) -> SourceItem:
        side = {s: video.with_suffix(s) for s in self.sidecars}
        return SourceItem(episode_id, video, side.get(".jsonl"), side.get(".json"))

    def load(self, item: SourceItem) -> Recording:
        raise NotImplementedError


def episode_ids(videos: list[Path]) -> list[str]:
    """Group-safe ids from file stems; stems that collide get a short hash of their path."""
    stems = [re.sub(r"[^A-Za-z0-9_.-]+", "_", v.stem).strip(".") or "episode" for v in videos]
    seen: dict[str, int] = {}
    for s in stems:
        seen[s] = seen.get(s, 0) + 1
    return [
        s if seen[s] == 1 else f"{s}-{hashlib.sha1(str(v.resolve()).encode()).hexdigest()[:8]}"
        for s, v in zip(stems, videos, strict=True)
    ]


_REGISTRY: dict[str, Callable[[], Source]] = {}
SOURCES = ("ours", "vpt", "video")


def register(name: str) -> Callable:
    def deco(cls: Callable[[], Source]) -> Callable[[], Source]:
        _REGISTRY[name] = cls
        return cls

    return deco


def _load_builtin() -> None:
    """Import every built-in reader (each registers itself); cheap after the first call. The
    registry may already hold some readers that other code imported directly, so always check
    all of them rather than only an empty registry."""
    for mod in SOURCES:
        importlib.import_module(f"data_pipeline.sources.{mod}")


def get(name: str) -> Source:
    _load_builtin()
    if name not in _REGISTRY:
        raise SourceError(f"unknown source {name!r}; choose from {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name]()


def names() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)
