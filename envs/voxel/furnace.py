"""Furnaces: smelting with fuel as Minecraft 1.16's `AbstractFurnaceTileEntity.tick`.

Each furnace block with contents has a `Furnace` in `game.furnaces` keyed by block position; all
of them tick every game tick, whether or not their screen is open. One item smelts in 200 ticks
(10 s); fuel burn times and the smelting table come from `data/extra.yaml` (minecraft-data has
neither). Breaking the furnace spills its contents. System module: `install(game)`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from .gamedata import GameData
from .gui.base import Stacks

COOK_TICKS = 200
INPUT, FUEL, OUTPUT = 0, 1, 2


@dataclass
class Furnace:
    """One furnace's slots (input, fuel, output) and its burn/cook progress in ticks."""

    stacks: Stacks = field(default_factory=lambda: Stacks(3))
    burn_left: int = 0
    burn_total: int = 0
    cook: int = 0

    @property
    def burning(self) -> bool:
        return self.burn_left > 0


@dataclass(frozen=True)
class FurnaceTables:
    """Per item id: the smelting result (0 = not smeltable) and the fuel burn time (0 = none)."""

    result: np.ndarray
    burn: np.ndarray
    bucket: int
    lava_bucket: int  # the one fuel that leaves its container (a bucket) behind
    wet_sponge: int
    water_bucket: int
    block: int

    def smeltable(self, item: int) -> bool:
        return item > 0 and self.result[item] > 0

    def is_fuel(self, item: int) -> bool:
        return item > 0 and self.burn[item] > 0


@functools.cache
def tables(gd: GameData) -> FurnaceTables:
    result = np.zeros(gd.n_items, np.int32)
    burn = np.zeros(gd.n_items, np.int32)
    for src, (out, _xp) in gd.extra["smelting"].items():
        result[gd.item(src)] = gd.item(out)
    for name, ticks in gd.extra["fuel"].items():
        burn[gd.item(name)] = int(ticks)
    return FurnaceTables(result, burn, gd.item("bucket"), gd.item("lava_bucket"),
                         gd.item("wet_sponge"), gd.item("water_bucket"), gd.block("furnace"))


def can_smelt(f: Furnace, t: FurnaceTables, stack_size: np.ndarray) -> bool:
    s = f.stacks
    item = int(s.item[INPUT])
    if not s.count[INPUT] or not t.smeltable(item):
        return False
    out = int(t.result[item])
    if s.count[OUTPUT] == 0:
        return True
    return int(s.item[OUTPUT]) == out and int(s.count[OUTPUT]) < int(stack_size[out])


def step(f: Furnace, t: FurnaceTables, stack_size: np.ndarray) -> int:
    """Advance one furnace one tick; returns the item id smelted this tick (0 if none)."""
    s = f.stacks
    if f.burn_left > 0:
        f.burn_left -= 1
    if f.burn_left > 0 or (s.count[FUEL] and s.count[INPUT]):
        ok = can_smelt(f, t, stack_size)
        if f.burn_left == 0 and ok:
            fuel = int(s.item[FUEL])
            f.burn_left = f.burn_total = int(t.burn[fuel])
            if f.burn_left > 0:
                s.count[FUEL] -= 1
                if s.count[FUEL] == 0:
                    s.clear_slot(FUEL)
                    if fuel == t.lava_bucket:
                        s.item[FUEL], s.count[FUEL] = t.bucket, 1
        if f.burn_left > 0 and ok:
            f.cook += 1
            if f.cook >= COOK_TICKS:
                f.cook = 0
                return _smelt(f, t)
        else:
            f.cook = 0
    elif f.cook > 0:
        f.cook = max(f.cook - 2, 0)
    return 0


def _smelt(f: Furnace, t: FurnaceTables) -> int:
    s = f.stacks
    src = int(s.item[INPUT])
    out = int(t.result[src])
    s.count[INPUT] -= 1
    if s.count[INPUT] == 0:
        s.clear_slot(INPUT)
    if s.count[OUTPUT] == 0:
        s.item[OUTPUT], s.damage[OUTPUT] = out, 0
    s.count[OUTPUT] += 1
    if src == t.wet_sponge and s.count[FUEL] and s.item[FUEL] == t.bucket:
        s.item[FUEL] = t.water_bucket  # the sponge's water fills a bucket in the fuel slot
    return out


def get(game, pos: tuple[int, int, int]) -> Furnace:
    """The furnace at a block position (created empty on first use)."""
    f = game.furnaces.get(pos)
    if f is None:
        f = game.furnaces[pos] = Furnace()
    return f


def tick_all(game) -> None:
    """Tick system: advance every furnace in the world; forget those whose block is gone."""
    if not game.furnaces:
        return
    t = tables(game.gd)
    for pos, f in list(game.furnaces.items()):
        if game.world.get(*pos) != t.block:
            del game.furnaces[pos]  # replaced by a command: contents vanish, as in Minecraft
            continue
        if f.burn_left or f.cook or (f.stacks.count[FUEL] and f.stacks.count[INPUT]):
            step(f, t, game.gd.stack_size)


def spill(game, x: int, y: int, z: int, block: int) -> None:
    """Break listener: a broken furnace drops its contents."""
    f = game.furnaces.pop((x, y, z), None)
    if f is not None:
        spill_stacks(game, f.stacks, x, y, z)


def spill_stacks(game, stacks: Stacks, x: int, y: int, z: int) -> None:
    from .drops import scatter_velocity

    for k in range(len(stacks)):
        if stacks.count[k]:
            game.drops.spawn(x + 0.5, y + 0.5, z + 0.5, int(stacks.item[k]), int(stacks.count[k]),
                             game.rng, int(stacks.damage[k]), vel=scatter_velocity(game.rng))
            stacks.clear_slot(k)


def install(game) -> None:
    if not hasattr(game, "furnaces"):
        game.furnaces = {}
    game.tick_systems.append(tick_all)
    game.break_listeners.append(spill)
