"""Goal segmentation: cut an episode at counter events and phrase each segment as a goal.

An event is an increment of a Minecraft statistic (`mine_block.oak_log`, `pickup.…`,
`craft_item.…`, `smelt_item.…`, `kill_entity.…`, `use_item.…`) during tick t, i.e. caused by the
action at frame t. Segment k runs from the frame after the previous event to the frame of event k
(inclusive) and is successful; frames after the last event form a tail segment pursuing the
episode's instruction (success False). A `pickup` within `pickup_window` ticks after a
`mine_block`/`kill_entity` event is the drop being collected and extends that segment instead of
starting a new one. Phrasings are varied (Optimus-2/OpenHA style) but deterministic: the choice is
a hash of (episode id, segment index).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from data_pipeline.schema import Goal

EVENT_KINDS = ("mine_block", "pickup", "craft_item", "smelt_item", "kill_entity", "use_item")


@dataclass(frozen=True)
class Event:
    """`count` increments of counter `stat` (e.g. `mine_block.oak_log`) during tick `tick`."""

    tick: int
    stat: str
    count: int = 1

    @property
    def kind(self) -> str:
        return self.stat.split(".", 1)[0]

    @property
    def target(self) -> str:
        return self.stat.split(".", 1)[1] if "." in self.stat else ""


def events_from_stats(stats: Sequence[Mapping[str, int] | None]) -> list[Event]:
    """Events from per-tick cumulative counters (None = unknown tick, carries the last value)."""
    out: list[Event] = []
    last: dict[str, int] = {}
    for t, s in enumerate(stats):
        if s is None:
            continue
        for key in sorted(s):
            if key.split(".", 1)[0] in EVENT_KINDS and s[key] > last.get(key, 0):
                out.append(Event(t, key, int(s[key] - last.get(key, 0))))
        last = dict(s)
    return out


def events_from_meta(rows: Iterable[Mapping]) -> list[Event]:
    """Events from a metadata `events` list: `{"tick": 12, "stat": "mine_block.oak_log", "count": 1}`."""
    out = [Event(int(r["tick"]), str(r["stat"]), int(r.get("count", 1))) for r in rows]
    return sorted((e for e in out if e.kind in EVENT_KINDS), key=lambda e: (e.tick, e.stat))


def segment(
    events: Sequence[Event],
    frame_ticks: np.ndarray,
    *,
    episode_id: str,
    instruction: str = "",
    pickup_window: int = 40,
) -> list[Goal]:
    """Goal segments over the kept frames; `frame_ticks[i]` is the tick of frame i (ascending)."""
    n = len(frame_ticks)
    if n == 0:
        return []
    # group events: same tick together; pickups right after a mine/kill join that group
    groups: list[list[Event]] = []
    for e in sorted(events, key=lambda e: (e.tick, e.stat)):
        if groups:
            head = groups[-1]
            same_tick = e.tick == head[-1].tick
            collect = (
                e.kind == "pickup" and head[0].kind in ("mine_block", "kill_entity")
                and e.tick - head[0].tick <= pickup_window
            )  # fmt: skip
            if same_tick or collect:
                head.append(e)
                continue
        groups.append([e])
    goals: list[Goal] = []
    start = 0
    for k, group in enumerate(groups):
        # the last kept frame at or before the group's final tick
        end = int(np.searchsorted(frame_ticks, group[-1].tick, side="right")) - 1
        if end < start:
            continue  # the event's frames were all dropped; fold it into the next segment
        main = _main_event(group)
        text = phrase(main, _seed(episode_id, k))
        goals.append(Goal(text, start, end, True, main.stat))
        start = end + 1
    if start < n:
        tail = instruction.strip() or "explore the world"
        goals.append(Goal(tail, start, n - 1, False, ""))
    return goals


def _main_event(group: list[Event]) -> Event:
    """The event a group is about: the first non-pickup one (mining explains the pickup)."""
    for e in group:
        if e.kind != "pickup":
            return e
    return group[0]


def _seed(episode_id: str, k: int) -> int:
    return int.from_bytes(hashlib.sha1(f"{episode_id}:{k}".encode()).digest()[:4], "little")


# ---- phrasing ------------------------------------------------------------------------------
TEMPLATES: dict[str, tuple[str, ...]] = {
    "mine_block": (
        "mine {a} {item}",
        "dig {a} {item}",
        "break {a} {item} block",
        "get {item} by mining",
        "collect {a} {item} block",
    ),
    "mine_log": (
        "chop a tree to get {items}",
        "chop down a tree",
        "cut a tree for {items}",
        "collect wood: {items}",
        "punch a tree to get {a} {item}",
    ),
    "mine_ore": (
        "mine {a} {item}",
        "dig up {item}",
        "find and mine {a} {item}",
        "mine {item} with a pickaxe",
    ),
    "pickup": ("pick up {a} {item}", "collect {a} {item}", "obtain {a} {item}", "get {a} {item}"),
    "craft_item": (
        "craft {a} {item}",
        "make {a} {item}",
        "craft {item}",
        "use the crafting grid to make {a} {item}",
    ),
    "smelt_item": (
        "smelt {item} in a furnace",
        "use the furnace to get {item}",
        "smelt {a} {item}",
        "cook {item} in the furnace",
    ),
    "kill_entity": ("kill {a} {item}", "hunt {a} {item}", "defeat {a} {item}", "slay {a} {item}"),
    "use_item": ("use {a} {item}", "place {a} {item}", "use the {item}"),
}
_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 8: "eight"}


def phrase(event: Event, seed: int = 0) -> str:
    """A natural goal text for an event, e.g. `chop a tree to get oak logs`; `seed` picks the
    phrasing (deterministic for a given seed)."""
    item = event.target.replace("minecraft:", "").replace("_", " ") or event.kind.replace("_", " ")
    family = event.kind
    if family == "mine_block" and item.endswith(("log", "wood", "stem")):
        family = "mine_log"
    elif family == "mine_block" and item.endswith("ore"):
        family = "mine_ore"
    options = TEMPLATES.get(family, ("{kind} {item}",))
    template = options[seed % len(options)]
    count = max(1, event.count)
    if count > 1:
        a = _NUMBERS.get(count, str(count))
    elif item.endswith("s") and not item.endswith("ss"):  # oak leaves, wheat seeds, bricks
        a = ""
    else:
        a = "an" if item[:1] in "aeiou" else "a"
    items = _plural(item)
    shown = items if count > 1 else item
    text = template.format(a=a, item=shown, items=items, kind=event.kind.replace("_", " "))
    return " ".join(text.split())


def _plural(item: str) -> str:
    if item.endswith(("s", "sh", "ch", "x")):
        return item if item.endswith("s") else item + "es"
    return item + "s"
