"""Minecraft 1.16.5 game facts, loaded from the `minecraft-data` package (never typed by hand).

Everything the engine needs about blocks and items is turned into numpy tables indexed by the
block/item ids of minecraft-data, so compiled systems (physics, renderer, mining) can use them.
The few facts minecraft-data lacks (smelting, correct loot chances) live in `data/extra.yaml`.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

MC_VERSION = "1.16.5"
EXTRA_DATA = Path(__file__).parent / "data" / "extra.yaml"

# Minecraft 1.16 tool tiers as used by harvest rules; derived from item names, checked in tests.
TOOL_KINDS = ("pickaxe", "axe", "shovel", "hoe", "sword", "shears")


class UnknownNameError(ValueError):
    """A block/item/entity name that is not in Minecraft 1.16.5, with close suggestions."""


def strip_namespace(name: str) -> str:
    name = name.strip()
    return name[len("minecraft:") :] if name.startswith("minecraft:") else name


@dataclass
class GameData:
    """Numpy tables over minecraft-data 1.16.5 blocks and items, plus lookups by name."""

    blocks: list[dict]
    items: list[dict]
    block_id: dict[str, int]
    item_id: dict[str, int]
    entities: dict[str, dict]
    foods: dict[str, dict]
    recipes: dict
    materials: dict[str, dict[int, float]]
    extra: dict
    # block tables (index = block id)
    hardness: np.ndarray = field(repr=False, default=None)
    diggable: np.ndarray = field(repr=False, default=None)
    solid: np.ndarray = field(repr=False, default=None)  # full collision cube
    opaque: np.ndarray = field(repr=False, default=None)  # hides what is behind it
    material: np.ndarray = field(repr=False, default=None)  # index into material_names, -1 none
    needs_tool: np.ndarray = field(repr=False, default=None)
    block_to_item: np.ndarray = field(repr=False, default=None)
    # item tables (index = item id)
    stack_size: np.ndarray = field(repr=False, default=None)
    max_durability: np.ndarray = field(repr=False, default=None)
    item_to_block: np.ndarray = field(repr=False, default=None)
    # [n_materials, n_items] mining speed multiplier (1.0 = hand speed)
    tool_speed: np.ndarray = field(repr=False, default=None)
    material_names: tuple[str, ...] = ()
    harvest_tools: dict[int, frozenset[int]] = field(default_factory=dict)

    @property
    def n_blocks(self) -> int:
        return len(self.blocks)

    @property
    def n_items(self) -> int:
        return len(self.items)

    def block(self, name: str) -> int:
        """Block id for a name (`minecraft:` prefix allowed); raises UnknownNameError."""
        key = strip_namespace(name)
        if key in self.block_id:
            return self.block_id[key]
        raise UnknownNameError(_unknown("block", name, self.block_id))

    def item(self, name: str) -> int:
        """Item id for a name (`minecraft:` prefix allowed); raises UnknownNameError."""
        key = strip_namespace(name)
        if key in self.item_id:
            return self.item_id[key]
        raise UnknownNameError(_unknown("item", name, self.item_id))

    def entity(self, name: str) -> dict:
        key = strip_namespace(name)
        if key in self.entities:
            return self.entities[key]
        raise UnknownNameError(_unknown("entity", name, self.entities))

    def block_name(self, block_id: int) -> str:
        return self.blocks[block_id]["name"]

    def item_name(self, item_id: int) -> str:
        return self.items[item_id]["name"]

    def can_harvest(self, block_id: int, item_id: int) -> bool:
        """True when breaking `block_id` holding `item_id` (-1 = hand) yields its drops."""
        tools = self.harvest_tools.get(block_id)
        return tools is None or item_id in tools

    def break_ticks(
        self, block_id: int, item_id: int, on_ground: bool = True, in_water: bool = False
    ) -> int:
        """Ticks to break a block as in Minecraft 1.16 (no enchantments or effects).

        Returns 0 for instant breaking and -1 for unbreakable blocks (bedrock, fluids, air).
        ticks = ceil(1 / damage), damage = speed / hardness / (30 if harvestable else 100): the
        Minecraft Wiki's breaking-time formula, computed in exact decimals.
        """
        if not self.diggable[block_id] or self.hardness[block_id] < 0 or block_id == 0:
            return -1
        hardness = float(self.blocks[block_id]["hardness"])  # exact decimal, not float32
        if hardness == 0:
            return 0
        speed = 1.0
        mat = int(self.material[block_id])
        if mat >= 0 and item_id >= 0:
            speed = float(self.tool_speed[mat, item_id])
        if in_water:
            speed /= 5.0
        if not on_ground:
            speed /= 5.0
        divisor = 30.0 if self.can_harvest(block_id, item_id) else 100.0
        damage = speed / hardness / divisor
        if damage > 1.0:
            return 0
        return int(np.ceil(round(1.0 / damage, 6)))

    def loot(self, block_id: int, item_id: int) -> list[dict]:
        """Drop table for breaking a block with `item_id` in hand (empty if it drops nothing).

        Each entry: {"item": id, "chance": p, "min": a, "max": b}. No enchantments, so silk-touch
        entries never apply; `extra.yaml` corrects chances minecraft-data flattens.
        """
        if not self.can_harvest(block_id, item_id):
            return []
        return self._loot_tables()[block_id]

    @functools.cache  # noqa: B019 - GameData is a process-wide singleton
    def _loot_tables(self) -> dict[int, list[dict]]:
        from minecraft_data import __file__ as _  # noqa: F401  (import check only)

        overrides = self.extra.get("loot", {})
        tables: dict[int, list[dict]] = {}
        for b in self.blocks:
            name = b["name"]
            if name in overrides:
                entries = [
                    {
                        "item": self.item(e["item"]),
                        "chance": float(e.get("chance", 1.0)),
                        "min": int(e.get("count", [1, 1])[0]),
                        "max": int(e.get("count", [1, 1])[-1]),
                    }
                    for e in (overrides[name] or [])
                ]
            else:
                entries = []
                for e in self._raw_loot.get(name, []):
                    if e.get("silkTouch") or "blockAge" in e:
                        continue
                    chance = 1.0 if e.get("noSilkTouch") else float(e["dropChance"])
                    lo, hi = e["stackSizeRange"]
                    entries.append(
                        {"item": self.item(e["item"]), "chance": chance, "min": lo, "max": lo}
                        if e.get("noSilkTouch")
                        else {"item": self.item(e["item"]), "chance": chance, "min": lo, "max": hi}
                    )
                if not entries and name not in self._raw_loot and name in self.item_id:
                    entries = [{"item": self.item_id[name], "chance": 1.0, "min": 1, "max": 1}]
            tables[b["id"]] = entries
        return tables

    _raw_loot: dict = field(default_factory=dict, repr=False)

    def __hash__(self) -> int:  # needed by functools.cache on methods
        return id(self)


def _unknown(kind: str, name: str, table: dict) -> str:
    key = strip_namespace(name)
    close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    return f"unknown {kind} {name!r} in Minecraft {MC_VERSION}{hint}"


@functools.lru_cache(maxsize=1)
def load() -> GameData:
    """Load and index minecraft-data 1.16.5 (cached; ~50 ms)."""
    import minecraft_data

    mc = minecraft_data(MC_VERSION)
    blocks = sorted(mc.blocks_list, key=lambda b: b["id"])
    items = sorted(mc.items_list, key=lambda i: i["id"])
    if items[0]["id"] != 0:  # 1.16 item ids start at 1; id 0 is the empty hand ("air")
        items.insert(0, {"id": 0, "name": "air", "displayName": "Air", "stackSize": 0})
    assert [b["id"] for b in blocks] == list(range(len(blocks))), "block ids must be dense"
    assert [i["id"] for i in items] == list(range(len(items))), "item ids must be dense"
    extra = yaml.safe_load(EXTRA_DATA.read_text())
    block_id = {b["name"]: b["id"] for b in blocks}
    item_id = {i["name"]: i["id"] for i in items}
    nb, ni = len(blocks), len(items)

    material_names = tuple(sorted(mc.materials))
    mat_index = {m: k for k, m in enumerate(material_names)}
    tool_speed = np.ones((len(material_names), ni), np.float32)
    for m, table in mc.materials.items():
        for iid, mult in table.items():
            tool_speed[mat_index[m], int(iid)] = float(mult)

    hardness = np.array([b["hardness"] if b["hardness"] is not None else -1 for b in blocks], np.float32)
    diggable = np.array([bool(b["diggable"]) for b in blocks])
    solid = np.array([b["boundingBox"] == "block" for b in blocks])
    # Minecraft's "transparent" flag is about light; for rendering, a block is see-through if
    # light passes or it has no collision box (plants, torches) — those get alpha-tested quads.
    opaque = np.array([(not b["transparent"]) and b["boundingBox"] == "block" for b in blocks])
    for name in extra.get("see_through_blocks", []):
        opaque[block_id[name]] = False
    material = np.array([mat_index.get(b.get("material"), -1) for b in blocks], np.int16)
    harvest_tools = {
        b["id"]: frozenset(int(k) for k in b["harvestTools"]) for b in blocks if b.get("harvestTools")
    }
    needs_tool = np.array([b["id"] in harvest_tools for b in blocks])
    stack_size = np.array([i["stackSize"] for i in items], np.int16)
    max_durability = np.array([i.get("maxDurability", 0) for i in items], np.int16)
    item_to_block = np.full(ni, -1, np.int32)
    block_to_item = np.full(nb, -1, np.int32)
    for name, iid in item_id.items():
        if name in block_id:
            item_to_block[iid] = block_id[name]
            block_to_item[block_id[name]] = iid
    for item_name, block_name in extra.get("item_places_block", {}).items():
        item_to_block[item_id[item_name]] = block_id[block_name]
    item_to_block[0] = -1

    return GameData(
        blocks=blocks,
        items=items,
        block_id=block_id,
        item_id=item_id,
        entities=dict(mc.entities_name),
        foods=dict(mc.foods_name),
        recipes=mc.recipes,
        materials={m: {int(k): float(v) for k, v in t.items()} for m, t in mc.materials.items()},
        extra=extra,
        hardness=hardness,
        diggable=diggable,
        solid=solid,
        opaque=opaque,
        material=material,
        needs_tool=needs_tool,
        block_to_item=block_to_item,
        stack_size=stack_size,
        max_durability=max_durability,
        item_to_block=item_to_block,
        tool_speed=tool_speed,
        material_names=material_names,
        harvest_tools=harvest_tools,
        _raw_loot=dict(mc.blockLoot),
    )
