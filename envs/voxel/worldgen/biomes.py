"""Block palette and biome table of the world generator.

The compiled generator works on small palette indices (AIR, STONE, ...) that `block_ids()` maps
to minecraft-data 1.16.5 block ids, and on biome indices whose parameters (surface blocks, tree
and plant densities) come from `biomes.yaml` as one float table.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import yaml

from .. import gamedata

BIOMES_YAML = Path(__file__).with_name("biomes.yaml")

# -- block palette (index -> minecraft-data name) -------------------------------------------------
PALETTE = (
    "air", "stone", "grass_block", "dirt", "sand", "sandstone", "gravel", "clay", "water",
    "bedrock", "lava", "oak_log", "oak_leaves", "birch_log", "birch_leaves", "spruce_log",
    "spruce_leaves", "grass", "fern", "dandelion", "poppy", "cactus", "dead_bush", "sugar_cane",
    "coal_ore", "iron_ore", "gold_ore", "redstone_ore", "lapis_ore", "diamond_ore", "emerald_ore",
    "granite", "diorite", "andesite", "snow",
)  # fmt: skip
AIR, STONE, GRASS_BLOCK, DIRT, SAND, SANDSTONE, GRAVEL, CLAY, WATER = range(9)
BEDROCK, LAVA, OAK_LOG, OAK_LEAVES, BIRCH_LOG, BIRCH_LEAVES, SPRUCE_LOG = range(9, 16)
SPRUCE_LEAVES, GRASS, FERN, DANDELION, POPPY, CACTUS, DEAD_BUSH, SUGAR_CANE = range(16, 24)
COAL_ORE, IRON_ORE, GOLD_ORE, REDSTONE_ORE, LAPIS_ORE, DIAMOND_ORE, EMERALD_ORE = range(24, 31)
GRANITE, DIORITE, ANDESITE, SNOW = range(31, 35)

# -- biomes (index -> minecraft-data biome name) --------------------------------------------------
BIOME_NAMES = (
    "ocean", "deep_ocean", "river", "beach", "plains", "forest", "birch_forest", "taiga",
    "desert", "mountains",
)  # fmt: skip
OCEAN, DEEP_OCEAN, RIVER, BEACH, PLAINS, FOREST, BIRCH_FOREST, TAIGA, DESERT, MOUNTAINS = range(10)

# -- columns of the biome parameter table ---------------------------------------------------------
# P_TOP/P_FILLER/P_SUBSOIL are palette indices; P_OAK/P_BIRCH are cumulative tree-kind weights
# (the rest is spruce); the plant columns are densities per surface column.
P_TOP, P_FILLER, P_SUBSOIL, P_TREES, P_OAK, P_BIRCH = range(6)
PLANTS = ("grass", "fern", "dandelion", "poppy", "dead_bush", "cactus", "sugar_cane")
P_PLANT0 = 6  # first plant column, PLANTS order
N_PARAMS = P_PLANT0 + len(PLANTS)
TREE_KINDS = ("oak", "birch", "spruce")


@functools.lru_cache(maxsize=1)
def block_ids() -> np.ndarray:
    """Palette index -> minecraft-data block id (int64 array)."""
    gd = gamedata.load()
    return np.array([0 if n == "air" else gd.block(n) for n in PALETTE], np.int64)


@functools.lru_cache(maxsize=1)
def _spec() -> dict:
    import minecraft_data

    spec = yaml.safe_load(BIOMES_YAML.read_text())
    known = {b["name"] for b in minecraft_data(gamedata.MC_VERSION).biomes_list}
    for name in spec:
        if name not in known:
            raise ValueError(f"{BIOMES_YAML}: unknown biome {name!r} in Minecraft 1.16.5")
    missing = set(BIOME_NAMES) - set(spec)
    if missing:
        raise ValueError(f"{BIOMES_YAML}: biomes {sorted(missing)} need an entry")
    return spec


@functools.lru_cache(maxsize=1)
def biome_table() -> np.ndarray:
    """float64 [n_biomes, N_PARAMS] parameter table in BIOME_NAMES order (read from YAML)."""
    spec = _spec()
    table = np.zeros((len(BIOME_NAMES), N_PARAMS))

    def palette(biome: str, key: str) -> int:
        name = spec[biome][key]
        if name not in PALETTE:
            raise ValueError(
                f"{BIOMES_YAML}: {biome}.{key} = {name!r} is not in the generator palette "
                f"(one of {', '.join(PALETTE)})"
            )
        return PALETTE.index(name)

    for b, name in enumerate(BIOME_NAMES):
        e = spec[name]
        table[b, P_TOP] = palette(name, "top")
        table[b, P_FILLER] = palette(name, "filler")
        table[b, P_SUBSOIL] = palette(name, "subsoil")
        table[b, P_TREES] = float(e.get("trees", 0.0))
        kinds = dict(e.get("tree_kinds") or {"oak": 1.0})
        bad = set(kinds) - set(TREE_KINDS)
        if bad:
            raise ValueError(f"{BIOMES_YAML}: {name}.tree_kinds {sorted(bad)}: use {TREE_KINDS}")
        total = sum(kinds.values())
        table[b, P_OAK] = kinds.get("oak", 0.0) / total
        table[b, P_BIRCH] = table[b, P_OAK] + kinds.get("birch", 0.0) / total
        plants = dict(e.get("plants") or {})
        bad = set(plants) - set(PLANTS)
        if bad:
            raise ValueError(f"{BIOMES_YAML}: {name}.plants {sorted(bad)}: use {PLANTS}")
        for i, p in enumerate(PLANTS):
            table[b, P_PLANT0 + i] = float(plants.get(p, 0.0))
    return table


def biome_colors() -> dict[str, tuple[int, int, int]]:
    """Map colour (RGB) of every generated biome."""
    return {n: tuple(_spec()[n]["color"]) for n in BIOME_NAMES}
