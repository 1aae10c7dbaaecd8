"""Explosions (creepers, TNT): Minecraft's ray-marched block destruction with blast resistance,
loot from destroyed blocks, and damage / knockback by distance and exposure."""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from . import physics
from .mobs.conditions import scale_damage
from .world import ORIGIN, refresh_region


@nb.njit(cache=True)
def _blast(blocks, resistance, fluid, cx, cy, cz, power, rand, mask, r):
    """Minecraft's explosion rays: 16³ grid surface directions, intensity power·(0.7..1.3) decays
    by (resistance + 0.3)·0.3 per block and 0.225 per 0.3-block step; marks destroyed blocks in
    `mask` (a (2r+1)³ box centred on the explosion's block)."""
    n = 0
    bx0, by0, bz0 = math.floor(cx) - r, math.floor(cy) - r, math.floor(cz) - r
    for i in range(16):
        for j in range(16):
            for k in range(16):
                if not (i == 0 or i == 15 or j == 0 or j == 15 or k == 0 or k == 15):
                    continue
                dx, dy, dz = i / 15.0 * 2 - 1, j / 15.0 * 2 - 1, k / 15.0 * 2 - 1
                dn = math.sqrt(dx * dx + dy * dy + dz * dz)
                dx, dy, dz = dx / dn * 0.3, dy / dn * 0.3, dz / dn * 0.3
                f = power * (0.7 + 0.6 * rand[n])
                n += 1
                x, y, z = cx, cy, cz
                while f > 0.0:
                    ix, iy, iz = math.floor(x), math.floor(y), math.floor(z)
                    ax, az = ix + ORIGIN, iz + ORIGIN
                    if iy < 0 or iy >= blocks.shape[2] or ax < 0 or az < 0 or ax >= blocks.shape[0] \
                            or az >= blocks.shape[1]:
                        break
                    b = blocks[ax, az, iy]
                    if b != 0:
                        f -= (resistance[b] + 0.3) * 0.3
                        if f > 0.0 and fluid[b] == 0:
                            mx, my, mz = ix - bx0, iy - by0, iz - bz0
                            if 0 <= mx < mask.shape[0] and 0 <= my < mask.shape[1] and 0 <= mz < mask.shape[2]:
                                mask[mx, my, mz] = True
                    x += dx
                    y += dy
                    z += dz
                    f -= 0.22500001



def explode(game, x: float, y: float, z: float, power: float, cause: str = "explosion") -> int:
    """Destroy blocks (not bedrock, obsidian or fluids: their blast resistance stops the rays),
    drop 1/power of their loot, hurt the player and mobs by distance and exposure. Returns the
    number of blocks destroyed."""
    gd, world = game.gd, game.world
    ai = game.mobs.ai
    if ai is None:  # TNT may go off where no mob AI is installed
        from .mobs.brains import MobAI  # (the AI imports this module: import it late)

        ai = MobAI(game)
    r = int(math.ceil(power * 1.3 / 0.225 * 0.3)) + 1
    mask = np.zeros((2 * r + 1,) * 3, np.bool_)
    rand = np.array([ai.rng.random() for _ in range(1352)])
    _blast(world.blocks, ai.resistance, game.mobs.fluid, x, y, z, power, rand, mask, r)
    bx0, by0, bz0 = math.floor(x) - r, math.floor(y) - r, math.floor(z) - r
    destroyed = []
    for mx, my, mz in np.argwhere(mask).tolist():
        bx, by, bz = bx0 + mx, by0 + my, bz0 + mz
        if not world.in_bounds(bx, by, bz):
            continue
        b = world.get(bx, by, bz)
        if b == 0:
            continue
        destroyed.append((bx, by, bz, b))
        world.blocks[bx + ORIGIN, bz + ORIGIN, by] = 0
    for bx, by, bz, b in destroyed:
        if ai.rng.random() < 1.0 / power:
            tools = gd.harvest_tools.get(b)
            for e in gd.loot(b, min(tools) if tools else -1):
                if ai.rng.random() < e["chance"]:
                    n = ai.rng.randint(e["min"], e["max"])
                    if n > 0:
                        game.drops.spawn(bx + 0.5, by + 0.25, bz + 0.5, e["item"], n, game.rng)
        for listener in game.break_listeners:
            listener(game, bx, by, bz, b)
    if destroyed:
        x0, z0 = bx0 + ORIGIN, bz0 + ORIGIN
        refresh_region(world.blocks, world.height, world.bricks, max(x0, 0),
                       min(x0 + 2 * r + 1, world.blocks.shape[0]), max(z0, 0),
                       min(z0 + 2 * r + 1, world.blocks.shape[1]))
        world.version += 1
    game.events.append(("explosion", cause, len(destroyed)))
    # entities: damage = (impact² + impact) / 2 · 7 · 2·power + 1, impact = (1 - d / 2power)·exposure
    reach = 2 * power
    px, py, pz = game.feet()
    q = math.dist((px, py, pz), (x, y, z)) / reach
    if q <= 1.0:
        impact = (1 - q) * _exposure(game, x, y, z, px, py, pz, 0.6, 1.8)
        dmg = int((impact * impact + impact) / 2 * 7 * reach + 1)
        game.hurt(scale_damage(game, dmg), cause)
        d = math.dist((px, py + 1.62, pz), (x, y, z)) or 1.0
        p = game.player
        p[physics.VX] += (px - x) / d * impact
        p[physics.VY] += (py + 1.62 - y) / d * impact
        p[physics.VZ] += (pz - z) / d * impact
    for mob in list(game.mobs.mobs):
        q = math.dist((mob.x, mob.y, mob.z), (x, y, z)) / reach
        if q > 1.0 or mob.health <= 0:
            continue
        impact = (1 - q) * _exposure(game, x, y, z, mob.x, mob.y, mob.z, mob.width, mob.height)
        dmg = int((impact * impact + impact) / 2 * 7 * reach + 1)
        if game.mobs.hurt(mob, dmg, x, z, source=cause):
            ai.drop_loot(mob, game)
    return len(destroyed)


def _exposure(game, x, y, z, ex, ey, ez, w, h) -> float:
    """Fraction of sample points of an entity box in line of sight of the explosion."""
    seen = total = 0
    for fx in (-0.5, 0.5):
        for fy in (0.05, 0.5, 0.95):
            for fz in (-0.5, 0.5):
                tx, ty, tz = ex + fx * w * 0.9, ey + fy * h, ez + fz * w * 0.9
                d = math.dist((x, y, z), (tx, ty, tz))
                total += 1
                if d < 1e-6:
                    seen += 1
                    continue
                hit, *_, t = physics.raycast_block(game.world.blocks, game.solid, x, y, z,
                                                   (tx - x) / d, (ty - y) / d, (tz - z) / d, d)
                seen += not hit
    return seen / total
