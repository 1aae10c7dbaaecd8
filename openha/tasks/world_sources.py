"""Where VoxelWorld's world generator places each block (surface per biome, trees, plants, ore
depth ranges), as `Where` facts for the recipe graph."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

from .recipe_types import (
    Where,
)


def _world_blocks() -> dict[str, tuple[Where, ...]]:
    """Where VoxelWorld's generator places each block, read from `envs/voxel/worldgen`."""
    from envs.voxel.worldgen import biomes, features, terrain

    sea = int(features.SEA_LEVEL)
    spec = yaml.safe_load(Path(biomes.BIOMES_YAML).read_text())
    out: dict[str, list[Where]] = defaultdict(list)

    def add(block: str, w: Where) -> None:
        if w not in out[block]:
            out[block].append(w)

    land = {n: e for n, e in spec.items() if n not in ("ocean", "deep_ocean", "river")}
    surface_y = (sea - 1, 140)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in biomes.BIOME_NAMES:
        e = spec[name]
        groups[("surface", e["top"])].append(name)
        groups[("subsurface", e["filler"])].append(name)
        if e.get("subsoil") and e["subsoil"] != "stone":
            groups[("subsurface", e["subsoil"])].append(name)
        if name in land and e.get("trees", 0) > 0:
            for kind, weight in (e.get("tree_kinds") or {"oak": 1.0}).items():
                if weight > 0:
                    groups[("tree", f"{kind}_log")].append(name)
                    groups[("tree", f"{kind}_leaves")].append(name)
        for plant, dens in (e.get("plants") or {}).items():
            if dens > 0:
                groups[("plant", plant)].append(name)
    for (kind, block), names in sorted(groups.items()):
        y = (sea - 8, sea) if names and all(n in ("ocean", "deep_ocean", "river") for n in names) else surface_y
        add(block, Where(kind, y, tuple(names)))
    # the terrain under shallow water is sand, gravel or clay patches; mountain peaks get snow
    for block in ("sand", "gravel", "clay"):
        add(block, Where("underwater", (48, sea - 2)))
    add("snow", Where("surface", (118, 160), ("mountains",)))
    add("stone", Where("underground", (terrain.CAVE_FLOOR, sea + 60)))
    palette = biomes.PALETTE
    for row in features.ORES.tolist():
        block, tries, size, ylo, yhi, mode = row
        name = palette[block]
        biome = ("mountains",) if mode == 2 else ()
        add(name, Where("underground", (max(int(ylo), 1), int(yhi)), biome, float(tries * size)))
    # keep only blocks the generator's palette really uses
    return {b: tuple(ws) for b, ws in sorted(out.items()) if b in palette and b not in ("air", "water", "lava", "bedrock")}
