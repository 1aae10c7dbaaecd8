"""World generator: determinism, order independence, layers, ores by depth, biomes, trees, spawn."""

from __future__ import annotations

import numpy as np
import pytest

from envs.voxel.world import CHUNK, N_CHUNKS, ORIGIN, SEA_LEVEL, SIZE_XZ, World
from envs.voxel.worldgen import BIOME_NAMES, biome_at, column_map, find_spawn, make_generator

SEED = 1


@pytest.fixture(scope="module")
def ids(gd):
    names = (
        "bedrock", "stone", "grass_block", "dirt", "sand", "sandstone", "water", "gravel", "clay",
        "oak_log", "oak_leaves", "birch_log", "birch_leaves", "spruce_log", "spruce_leaves",
        "grass", "coal_ore", "iron_ore", "gold_ore", "redstone_ore", "lapis_ore", "diamond_ore",
        "emerald_ore", "lava", "cactus",
    )  # fmt: skip
    return {n: gd.block(n) for n in names}


@pytest.fixture(scope="module")
def world():
    """The whole 512x512 world of SEED (1024 chunks, about a second)."""
    w = World(SEED, make_generator(SEED))
    w.ensure_chunks(0, 0, SIZE_XZ)
    assert w.chunk_done.all()
    return w


@pytest.fixture(scope="module")
def cmap():
    top, biome = column_map(SEED, -ORIGIN, -ORIGIN, SIZE_XZ, SIZE_XZ)
    return top, biome


def _chunk(world, cx, cz):
    return world.blocks[cx * CHUNK : (cx + 1) * CHUNK, cz * CHUNK : (cz + 1) * CHUNK]


def test_same_seed_same_chunks_in_any_order(world):
    chunks = [(cx, cz) for cx in range(13, 19) for cz in range(13, 19)]
    orders = [
        chunks,
        chunks[::-1],
        [chunks[i] for i in np.random.default_rng(0).permutation(len(chunks))],
    ]
    worlds = []
    for order in orders:
        w = World(SEED, make_generator(SEED))
        for cx, cz in order:
            w.generator(w, cx, cz)
        worlds.append(w)
    lone = World(SEED, make_generator(SEED))  # a chunk generated with none of its neighbours
    lone.generator(lone, 16, 16)
    for cx, cz in chunks:
        ref = _chunk(world, cx, cz)
        for w in worlds:
            assert np.array_equal(_chunk(w, cx, cz), ref), (cx, cz)
    assert np.array_equal(_chunk(lone, 16, 16), _chunk(world, 16, 16))
    other = World(SEED + 1, make_generator(SEED + 1))
    other.generator(other, 16, 16)
    assert not np.array_equal(_chunk(other, 16, 16), _chunk(world, 16, 16))


def test_bedrock_floor(world, ids):
    bedrock = world.blocks[:, :, :8] == ids["bedrock"]
    assert bedrock[:, :, 0].all()
    assert not bedrock[:, :, 5:].any()
    frac = bedrock.mean(axis=(0, 1))[:5]
    assert np.all(np.diff(frac) < 0) and 0.05 < frac[4] < 0.35  # thinning out like Minecraft's


def test_columns_are_layered(world, cmap, ids):
    top, biome = cmap
    dry = (top >= SEA_LEVEL) & np.isin(biome, [BIOME_NAMES.index(b) for b in ("plains", "forest")])
    ax, az = np.nonzero(dry)
    surface = world.blocks[ax, az, top[ax, az]]
    assert np.mean(surface == ids["grass_block"]) > 0.95  # the rest: cave mouths
    below = world.blocks[ax, az, top[ax, az] - 2]
    assert np.mean(below == ids["dirt"]) > 0.9
    assert np.mean(world.blocks[ax, az, 20] != 0) > 0.8  # stone (with ores and caves) deep down


def test_water_up_to_sea_level(world, cmap, ids):
    top, biome = cmap
    wet = top < SEA_LEVEL - 1
    assert wet.mean() > 0.05
    ax, az = np.nonzero(wet)
    assert np.all(world.blocks[ax, az, SEA_LEVEL - 1] == ids["water"])
    assert np.all(world.blocks[ax, az, SEA_LEVEL] == 0)
    beds = world.blocks[ax, az, top[ax, az]]
    assert np.isin(beds, [ids["sand"], ids["gravel"], ids["clay"]]).mean() > 0.99
    # caves never open under water: the bed and 4 blocks below it are solid
    for d in range(5):
        assert not np.isin(
            world.blocks[ax, az, top[ax, az] - d], [0, ids["water"], ids["lava"]]
        ).any()


def test_ores_by_depth(world, cmap, ids):
    top, biome = cmap
    ymax = {"coal_ore": 127, "iron_ore": 63, "gold_ore": 31, "redstone_ore": 15, "lapis_ore": 30,
            "diamond_ore": 15, "emerald_ore": 31}  # fmt: skip
    found = {}
    for name, hi in ymax.items():
        ax, az, y = found[name] = np.nonzero(world.blocks == ids[name])
        assert len(y) > 0, name
        assert y.max() <= hi, (name, y.max())
        assert np.all(y <= top[ax, az]), name  # never above the terrain
    # about Minecraft 1.16's per-chunk amounts
    per_chunk = {n: len(found[n][0]) / N_CHUNKS**2 for n in ymax}
    assert 80 < per_chunk["coal_ore"] < 250 and 40 < per_chunk["iron_ore"] < 130
    assert 0.5 < per_chunk["diamond_ore"] < 8
    ax, az, y = found["emerald_ore"]
    assert np.all(biome[ax, az] == BIOME_NAMES.index("mountains")) and y.min() >= 4


def test_biomes_and_their_blocks(world, cmap, ids):
    top, biome = cmap
    found = {BIOME_NAMES[b] for b in np.unique(biome)}
    wanted = {
        "plains",
        "forest",
        "birch_forest",
        "taiga",
        "desert",
        "mountains",
        "ocean",
        "river",
        "beach",
    }
    assert wanted <= found
    desert = (biome == BIOME_NAMES.index("desert")) & (top >= SEA_LEVEL)
    ax, az = np.nonzero(desert)
    surface = world.blocks[ax, az, top[ax, az]]
    assert np.all(surface[surface != 0] == ids["sand"])  # (0: a rare cave mouth)
    assert np.mean(world.blocks[ax, az, top[ax, az] - 5] == ids["sandstone"]) > 0.5
    assert np.count_nonzero(world.blocks[desert] == ids["cactus"]) > 0
    mountains = biome == BIOME_NAMES.index("mountains")
    assert 110 <= top[mountains].max() <= 160
    assert biome_at(SEED, 0, 0) == BIOME_NAMES[biome[ORIGIN, ORIGIN]]


def test_grass_is_common_on_plains_and_forests(world, cmap, ids):
    top, biome = cmap
    for name in ("plains", "forest"):
        ax, az = np.nonzero((biome == BIOME_NAMES.index(name)) & (top >= SEA_LEVEL))
        frac = np.mean(world.blocks[ax, az, top[ax, az] + 1] == ids["grass"])
        assert frac > 0.1, (name, frac)


@pytest.mark.parametrize(
    ("biome_name", "kinds"),
    [("forest", ("oak", "birch")), ("birch_forest", ("birch",)), ("taiga", ("spruce",))],
)
def test_trees_have_trunks_and_leaves(world, cmap, ids, biome_name, kinds):
    top, biome = cmap
    area = biome == BIOME_NAMES.index(biome_name)
    for kind in kinds:
        log, leaves = ids[f"{kind}_log"], ids[f"{kind}_leaves"]
        is_log = world.blocks == log
        # trunk bases: a log on dirt
        base = is_log[:, :, 1:] & (world.blocks[:, :, :-1] == ids["dirt"])
        inner = np.zeros_like(area)
        inner[2:-2, 2:-2] = area[2:-2, 2:-2]
        ax, az, y = np.nonzero(base & inner[:, :, None])
        assert len(ax) > 10, (biome_name, kind)
        for x, z, y0 in zip(ax[:200], az[:200], y[:200] + 1, strict=False):
            h = int(np.argmin(is_log[x, z, y0:]))  # trunk height
            assert 4 <= h <= 7, (kind, h)
            crown = world.blocks[x - 2 : x + 3, z - 2 : z + 3, y0 + h - 3 : y0 + h + 2]
            assert np.count_nonzero(crown == leaves) >= 8
    if biome_name == "birch_forest":  # only birches grow there
        assert not np.isin(world.blocks[area], [ids["oak_log"], ids["spruce_log"]]).any()


def test_surface_is_not_full_of_holes(world, cmap):
    top, _ = cmap
    ax, az = np.nonzero(top >= SEA_LEVEL)
    assert np.mean(world.blocks[ax, az, top[ax, az]] == 0) < 0.02
    below = np.arange(256)[None, None, :] < (top[:, :, None] - 8)
    cave = np.count_nonzero((world.blocks == 0) & below) / np.count_nonzero(below)
    assert 0.02 < cave < 0.2  # caves exist underground


@pytest.mark.parametrize("seed", [0, 7, 12345])
def test_find_spawn_on_dry_land(gd, seed):
    w = World(seed, make_generator(seed))
    x, y, z = find_spawn(w)
    bx, by, bz = int(np.floor(x)), int(y), int(np.floor(z))
    assert abs(bx) < 64 and abs(bz) < 64
    assert gd.block_name(w.get(bx, by - 1, bz)) in ("grass_block", "sand")
    assert w.get(bx, by, bz) == 0 and w.get(bx, by + 1, bz) == 0
    assert w.surface_y(bx, bz) == by  # open sky
    assert by - 1 >= SEA_LEVEL - 1
