"""Mob behaviour: passive animals wander and panic, hostile mobs chase, hit, shoot, explode, burn
in daylight and despawn; natural spawning keeps herds and night monsters around the player.

Cheap by construction: the per-tick work (steering, reach / bow / fuse timers, physics) is the
compiled kernel in `mobs.py`; the Python brains here run only every 10–20 ticks per mob (or at
once when a mob is hurt) and the spawner every 20 ticks. Randomness comes from a
`random.Random` seeded by the game seed, so runs stay deterministic.
"""

from __future__ import annotations

import math
import random

import numba as nb
import numpy as np

from . import physics
from .mobs import (
    CHASE,
    EV_DIED,
    EV_EXPLODE,
    EV_HISS,
    EV_MELEE,
    EV_SHOOT,
    F_PANIC,
    ICOOL,
    IDLE,
    P_AVOID_WATER,
    P_CLIMB,
    P_FUSE,
    P_FUSE_START,
    P_FUSE_STOP,
    P_LEAP,
    P_MELEE,
    P_MELEE_EVERY,
    P_RANGE,
    P_RANGED_EVERY,
    P_SLOWFALL,
    P_STOP,
    WOOL,
)
from .world import CHUNK, ORIGIN, refresh_region

DIFFICULTY = {"peaceful": 0, "easy": 1, "normal": 2, "hard": 3}
PASSIVE_THINK, HOSTILE_THINK = 20, 10  # ticks between brain calls
PANIC_TICKS = 100  # how long a hit animal runs (Minecraft: until it reaches its panic target)
PANIC_SPEED = {"cow": 2.0, "sheep": 1.25, "pig": 1.25, "chicken": 1.4}
STROLL_CHANCE = 1 / 6  # per think (Minecraft's random stroll: 1/120 per tick ≈ 1/6 per 20 ticks)
UNDEAD = ("zombie", "skeleton")
HOSTILE_CAP, PASSIVE_CAP = 8, 10  # natural mobs within 128 blocks of the player
HOSTILE_WEIGHTS = {"zombie": 100, "skeleton": 100, "spider": 100, "creeper": 100}
PASSIVE_WEIGHTS = {"sheep": 12, "pig": 10, "chicken": 10, "cow": 8}
SPAWN_MIN, SPAWN_MAX = 24, 48  # distance band of natural spawns around the player
NIGHT = (13000, 23000)  # sky light ≤ 7 (monsters spawn outdoors) between these day times
ARROW_SPEED, ARROW_CAP, ARROW_STUCK_LIFE = 1.6, 64, 200
CREEPER_POWER = 3.0


def is_night(game) -> bool:
    return NIGHT[0] <= game.day_time < NIGHT[1] or game.weather == "thunder"


def is_bright_day(game) -> bool:
    """Daylight strong enough to burn undead (Minecraft: brightness > 0.5, no rain)."""
    return (game.day_time < 12000 or game.day_time >= 23500) and game.weather == "clear"


def sees_sky(world, x: float, y: float, z: float) -> bool:
    """No block at all above (x, y, z) in its column (leaves shade, as `canSeeSky`)."""
    ax, az = math.floor(x) + ORIGIN, math.floor(z) + ORIGIN
    if not (0 <= ax < world.height.shape[0] and 0 <= az < world.height.shape[1]):
        return True
    return math.floor(y) >= world.height[ax, az]


# -- arrows ------------------------------------------------------------------------------------
@nb.njit(cache=True)
def _arrows_tick(pos, vel, alive, age, stuck, blocks, solid, water, px, py, pz, hits):
    """Fly arrows one tick (gravity 0.05, drag 0.99); stick in blocks; report player hits."""
    nh = 0
    hw, h = 0.3 + 0.25, 1.8 + 0.25
    for i in range(pos.shape[0]):
        if not alive[i]:
            continue
        age[i] += 1
        if stuck[i]:
            if age[i] > ARROW_STUCK_LIFE:
                alive[i] = False
            continue
        vx, vy, vz = vel[i, 0], vel[i, 1], vel[i, 2]
        sp = math.sqrt(vx * vx + vy * vy + vz * vz)
        if sp < 1e-9:
            continue
        dx, dy, dz = vx / sp, vy / sp, vz / sp
        ox, oy, oz = pos[i, 0], pos[i, 1], pos[i, 2]
        hit, _, _, _, _, _, _, tb = physics.raycast_block(blocks, solid, ox, oy, oz, dx, dy, dz, sp)
        if not hit:
            tb = 1e30
        # segment vs the player's box grown by the arrow's half size (slab test)
        lo = (px - hw, py - 0.25, pz - hw)
        hi = (px + hw, py + h, pz + hw)
        o = (ox, oy, oz)
        d = (dx, dy, dz)
        t0, t1 = 0.0, sp
        for a in range(3):
            if abs(d[a]) < 1e-12:
                if o[a] < lo[a] or o[a] > hi[a]:
                    t0, t1 = 1.0, 0.0
                continue
            ta, tb2 = (lo[a] - o[a]) / d[a], (hi[a] - o[a]) / d[a]
            t0 = max(t0, min(ta, tb2))
            t1 = min(t1, max(ta, tb2))
        if t0 <= t1 and t0 < tb:
            hits[nh] = i
            nh += 1
            alive[i] = False
            continue
        if hit:
            pos[i, 0], pos[i, 1], pos[i, 2] = ox + dx * tb, oy + dy * tb, oz + dz * tb
            stuck[i] = True
            age[i] = 0
            continue
        pos[i, 0], pos[i, 1], pos[i, 2] = ox + vx, oy + vy, oz + vz
        drag = 0.6 if water[blocks[min(max(math.floor(pos[i, 0]) + ORIGIN, 0), blocks.shape[0] - 1),
                                  min(max(math.floor(pos[i, 2]) + ORIGIN, 0), blocks.shape[1] - 1),
                                  min(max(math.floor(pos[i, 1]), 0), blocks.shape[2] - 1)]] else 0.99
        vel[i, 0] *= drag
        vel[i, 1] = vel[i, 1] * drag - 0.05
        vel[i, 2] *= drag
        if pos[i, 1] < -64:
            alive[i] = False
    return nh


class Arrows:
    """Projectiles shot by skeletons: fixed-capacity arrays, one compiled tick."""

    def __init__(self) -> None:
        self.pos = np.zeros((ARROW_CAP, 3))
        self.vel = np.zeros((ARROW_CAP, 3))
        self.alive = np.zeros(ARROW_CAP, np.bool_)
        self.stuck = np.zeros(ARROW_CAP, np.bool_)
        self.age = np.zeros(ARROW_CAP, np.int64)
        self.damage = np.zeros(ARROW_CAP)
        self._hits = np.zeros(ARROW_CAP, np.int64)
        self.flying = 0  # arrows spawned since the array was last seen empty

    def spawn(self, x, y, z, vx, vy, vz, base_damage: float) -> None:
        free = np.flatnonzero(~self.alive)
        i = int(free[0]) if free.size else int(np.argmax(self.age))
        self.pos[i], self.vel[i] = (x, y, z), (vx, vy, vz)
        self.alive[i], self.stuck[i], self.age[i], self.damage[i] = True, False, 0, base_damage
        self.flying += 1

    def tick(self, game) -> None:
        if not self.flying:
            return
        if not self.alive.any():
            self.flying = 0
            return
        p = game.player
        nh = _arrows_tick(self.pos, self.vel, self.alive, self.age, self.stuck, game.world.blocks,
                          game.solid, game.water_mask, p[0], p[1], p[2], self._hits)
        for i in self._hits[:nh]:
            v = self.vel[i]
            dmg = math.ceil(float(np.linalg.norm(v)) * self.damage[i])
            game.hurt(scale_damage(game, dmg), "arrow")
            sp = math.hypot(v[0], v[2]) or 1.0
            p[physics.VX] += v[0] / sp * 0.3
            p[physics.VZ] += v[2] / sp * 0.3

    def boxes(self) -> np.ndarray:
        """Two render boxes per arrow: the head and, behind it along the flight, the shaft."""
        if not self.flying:
            return np.zeros((0, 9), np.float32)
        idx = np.flatnonzero(self.alive)
        p, v = self.pos[idx], self.vel[idx]
        d = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        tail = p - d * 0.35
        out = np.empty((2 * idx.size, 9), np.float32)
        out[0::2, 0:3], out[0::2, 3:6], out[0::2, 6:9] = p - 0.06, p + 0.06, (80, 80, 80)
        out[1::2, 0:3], out[1::2, 3:6], out[1::2, 6:9] = tail - 0.05, tail + 0.05, (125, 95, 60)
        return out


# -- explosions -------------------------------------------------------------------------------
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


def scale_damage(game, dmg: float) -> float:
    """Minecraft's difficulty scaling of damage mobs deal to the player."""
    d = DIFFICULTY.get(game.difficulty, 2)
    if d == 0:
        return 0.0
    if d == 1:
        return min(dmg / 2 + 1, dmg)
    return dmg * 1.5 if d == 3 else dmg


def explode(game, x: float, y: float, z: float, power: float, cause: str = "explosion") -> int:
    """Destroy blocks (not bedrock, obsidian or fluids: their blast resistance stops the rays),
    drop 1/power of their loot, hurt the player and mobs by distance and exposure. Returns the
    number of blocks destroyed."""
    gd, world = game.gd, game.world
    ai = game.mobs.ai or MobAI(game)  # TNT may go off where no mob AI is installed
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


# -- brains ------------------------------------------------------------------------------------
class MobAI:
    """Brains, event handlers, arrows and spawning for one game."""

    def __init__(self, game):
        gd = game.gd
        self.game = game
        self.rng = random.Random(game.seed * 7919 + 17)
        self.arrows = Arrows()
        self.resistance = np.array([float(b.get("resistance") or 0.0) for b in gd.blocks])
        self.emits = np.array([b.get("emitLight", 0) >= 10 for b in gd.blocks])
        self.grass, self.dirt = gd.block("grass_block"), gd.block("dirt")
        self.tall_grass = gd.block("grass")
        self.egg = gd.item("egg")
        self.seeded = False  # world-generation herds placed
        self.difficulty = game.difficulty

    # passive animals: stroll, look around, panic when hit
    def passive(self, mob, game) -> None:
        r = self.rng.random
        att = mob.memory.get("attacked_at")
        if att is not None and mob.age - att < PANIC_TICKS:
            px, pz = game.player[0], game.player[2]
            a = math.atan2(mob.z - pz, mob.x - px) + (r() - 0.5) * 1.2
            dist = 6 + 4 * r()
            mob.walk_to(mob.x + math.cos(a) * dist, mob.z + math.sin(a) * dist,
                        PANIC_SPEED.get(mob.kind, 1.25))
            mob.set_flag(F_PANIC)
            mob.think_in(15)
            return
        if mob.flag(F_PANIC):
            mob.set_flag(F_PANIC, False)
            mob.stop()
        if mob.mode == IDLE:
            if r() < STROLL_CHANCE:
                self.stroll(mob, game)
            elif r() < 0.3:
                mob.yaw = mob.yaw + (r() - 0.5) * 120
        if mob.kind == "sheep" and mob.sheared and r() < 1 / 50:
            self._eat_grass(mob, game)
        elif mob.kind == "chicken":
            lay = mob.memory.setdefault("egg_at", mob.age + 6000 + int(r() * 6000))
            if mob.age >= lay:
                game.drops.spawn(mob.x, mob.y + 0.3, mob.z, self.egg, 1, game.rng)
                mob.memory["egg_at"] = mob.age + 6000 + int(r() * 6000)
        mob.think_in(PASSIVE_THINK)

    def _eat_grass(self, mob, game) -> None:
        w = game.world
        x, y, z = math.floor(mob.x), math.floor(mob.y + 0.1), math.floor(mob.z)
        if w.get(x, y, z) == self.tall_grass:
            w.set(x, y, z, 0)
        elif w.get(x, y - 1, z) == self.grass:
            w.set(x, y - 1, z, self.dirt)
        else:
            return
        mob.sheared = False

    def stroll(self, mob, game, radius: float = 10.0) -> None:
        """Walk to a random dry spot within `radius` blocks at most 3 blocks up or down."""
        w, r = game.world, self.rng.random
        for _ in range(3):
            a, d = r() * 2 * math.pi, 3 + r() * (radius - 3)
            tx, tz = math.floor(mob.x + math.cos(a) * d), math.floor(mob.z + math.sin(a) * d)
            if not w.in_bounds(tx, 0, tz):
                continue
            top = int(w.height[tx + ORIGIN, tz + ORIGIN])
            if abs(top - mob.y) > 3 or game.mobs.fluid[w.get(tx, top - 1, tz)]:
                continue
            mob.walk_to(tx + 0.5, tz + 0.5, 1.0)
            return

    # hostile mobs: chase what they can see, burn in daylight, despawn far away
    def hostile(self, mob, game) -> None:
        mob.think_in(HOSTILE_THINK)
        if game.difficulty == "peaceful":
            game.mobs.remove(mob)
            return
        if mob.kind in UNDEAD and is_bright_day(game) and sees_sky(game.world, mob.x, mob.y + mob.height, mob.z):
            if mob.age >= mob.memory.get("burn_at", 0):
                mob.memory["burn_at"] = mob.age + 20
                if game.mobs.hurt(mob, 1.0, source="fire"):
                    self.drop_loot(mob, game)
                    return
        d = mob.distance
        if not mob.persistent and d > 32 and self.rng.random() < HOSTILE_THINK / 800:
            game.mobs.remove(mob)  # Minecraft: 1/800 per tick beyond 32 blocks
            return
        provoked = mob.memory.get("attacked_by") == "player"
        spec = game.mobs.table[mob.kind]
        if not game.dead and d < spec.get("follow", 16):
            calm = mob.kind == "spider" and is_bright_day(game) and not provoked
            if not calm and (mob.mode == CHASE or provoked or self.can_see(mob, game)):
                mob.chase(1.0)
                return
        if mob.mode == CHASE:
            mob.stop()
        if mob.mode == IDLE and self.rng.random() < STROLL_CHANCE / 2:
            self.stroll(mob, game)

    def can_see(self, mob, game) -> bool:
        ex, ey, ez = game.eye()
        ox, oy, oz = mob.x, mob.y + mob.height * 0.85, mob.z
        d = math.dist((ox, oy, oz), (ex, ey, ez))
        if d < 1e-6:
            return True
        hit, *_ = physics.raycast_block(game.world.blocks, game.gd.opaque, ox, oy, oz,
                                        (ex - ox) / d, (ey - oy) / d, (ez - oz) / d, d)
        return not hit

    # events from the kernel
    def melee(self, mob, game) -> None:
        dmg = game.mobs.table[mob.kind].get("melee", [2, 3, 4.5])
        d = DIFFICULTY.get(game.difficulty, 2)
        if d == 0:
            return
        game.hurt(float(dmg[d - 1]), mob.kind)
        p = game.player
        dx, dz = p[physics.X] - mob.x, p[physics.Z] - mob.z
        n = math.hypot(dx, dz) or 1.0
        p[physics.VX] = p[physics.VX] / 2 + dx / n * 0.4
        p[physics.VZ] = p[physics.VZ] / 2 + dz / n * 0.4
        if p[physics.ON_GROUND] > 0:
            p[physics.VY] = min(0.4, p[physics.VY] / 2 + 0.4)

    def shoot(self, mob, game) -> None:
        if not self.can_see(mob, game):
            game.mobs.i[mob.slot, ICOOL] = 10
            return
        g = self.rng.gauss
        d = DIFFICULTY.get(game.difficulty, 2)
        ox, oy, oz = mob.x, mob.y + mob.height * 0.85 - 0.1, mob.z
        px, py, pz = game.feet()
        dx, dy, dz = px - ox, py + 1.8 / 3 - oy, pz - oz
        dy += math.hypot(dx, dz) * 0.2
        n = math.sqrt(dx * dx + dy * dy + dz * dz) or 1.0
        spread = 0.0075 * (14 - 4 * d)
        v = [c / n + g(0, 1) * spread for c in (dx, dy, dz)]
        n = math.sqrt(sum(c * c for c in v))
        base = 2.0 + max(-1.0, min(1.0, g(0, 1))) * 0.25 + 0.11 * d  # Minecraft: 2 + N(0, .25)
        self.arrows.spawn(ox, oy, oz, *(c / n * ARROW_SPEED for c in v), base)
        game.events.append(("shoot", mob.kind))

    def hiss(self, mob, game) -> None:
        game.events.append(("hiss", mob.kind))

    def creeper_explodes(self, mob, game) -> None:
        x, y, z = mob.x, mob.y, mob.z
        game.mobs.remove(mob)
        explode(game, x, y, z, CREEPER_POWER)

    def died(self, mob, game) -> None:
        self.drop_loot(mob, game)

    def drop_loot(self, mob, game) -> None:
        for item, n in game.mobs.loot(mob, game.rng):
            game.drops.spawn(mob.x, mob.y + 0.5, mob.z, item, n, game.rng)

    # -- natural spawning ------------------------------------------------------------------
    def spawn_tick(self, game) -> None:
        self.arrows.tick(game)
        if game.difficulty != self.difficulty:  # bow cadence depends on it
            self.difficulty = game.difficulty
            configure(game.mobs, game.difficulty)
        if not game.rules.get("doMobSpawning", True):
            return
        if not self.seeded:
            self.seeded = True
            for _ in range(3):
                self.spawn_herd(game, 8, SPAWN_MAX, need_day=False)
        t = game.world_age
        if t % 20 == 0 and game.difficulty != "peaceful":
            self.spawn_hostiles(game)
        if t % 400 == 0:
            self.spawn_herd(game, SPAWN_MIN, SPAWN_MAX, need_day=True)

    def _count(self, game, hostile: bool) -> int:
        # (a mob summoned this tick has no distance yet: age 0 counts as near)
        return sum(1 for m in game.mobs.mobs
                   if m.hostile == hostile and (m.distance < 128 or m.age == 0))

    def _column(self, game, lo: float, hi: float):
        r, w = self.rng.random, game.world
        a, d = r() * 2 * math.pi, lo + r() * (hi - lo)
        x, z = math.floor(game.player[0] + math.cos(a) * d), math.floor(game.player[2] + math.sin(a) * d)
        ax, az = x + ORIGIN, z + ORIGIN
        if not (0 <= ax < w.blocks.shape[0] and 0 <= az < w.blocks.shape[1]):
            return None
        if not w.chunk_done[ax // CHUNK, az // CHUNK]:
            return None
        return x, z

    def _free_at(self, game, x: int, y: int, z: int) -> bool:
        """Two non-solid, fluid-free cells over a solid opaque (non-bedrock) block."""
        w, gd = game.world, game.gd
        below = w.get(x, y - 1, z)
        if y < 1 or not gd.opaque[below] or below == self._bedrock(gd):
            return False
        for yy in (y, y + 1):
            b = w.get(x, yy, z)
            if game.solid[b] or game.mobs.fluid[b]:
                return False
        return True

    @staticmethod
    def _bedrock(gd) -> int:
        return gd.block_id["bedrock"]

    def _lit(self, game, x: int, y: int, z: int) -> bool:
        """Is a light source (torch, glowstone, lava, lit furnace…) within ~7 blocks?"""
        b = game.world.blocks
        ax, az = x + ORIGIN, z + ORIGIN
        box = b[max(ax - 7, 0): ax + 8, max(az - 7, 0): az + 8, max(y - 4, 0): y + 5]
        return bool(self.emits[box].any())

    def spawn_hostiles(self, game) -> None:
        if self._count(game, True) >= HOSTILE_CAP:
            return
        col = self._column(game, SPAWN_MIN, SPAWN_MAX)
        if col is None:
            return
        x, z = col
        w = game.world
        top = int(w.height[x + ORIGIN, z + ORIGIN])
        if self.rng.random() < 0.5:
            y = top  # the surface: dark only at night
        else:  # a random height below: caves are dark at any time
            y = self.rng.randint(1, max(top - 1, 1))
            while y > 1 and not game.solid[w.get(x, y - 1, z)]:
                y -= 1
        if not self._free_at(game, x, y, z):
            return
        exposed = not game.gd.opaque[w.blocks[x + ORIGIN, z + ORIGIN, y:top]].any()
        if (exposed and not is_night(game)) or self._lit(game, x, y, z):
            return
        if math.dist((x + 0.5, y, z + 0.5), game.feet()) < SPAWN_MIN:
            return
        kinds = list(HOSTILE_WEIGHTS)
        kind = self.rng.choices(kinds, weights=[HOSTILE_WEIGHTS[k] for k in kinds])[0]
        for _ in range(self.rng.randint(1, 3)):
            if self._count(game, True) >= HOSTILE_CAP:
                return
            sx, sz = x + self.rng.randint(-3, 3), z + self.rng.randint(-3, 3)
            if self._free_at(game, sx, y, sz):
                game.mobs.summon(kind, sx + 0.5, y, sz + 0.5, persistent=False)

    def spawn_herd(self, game, lo: float, hi: float, need_day: bool) -> None:
        """A herd of 2–4 animals of one kind on sunlit grass."""
        if self._count(game, False) >= PASSIVE_CAP or (need_day and is_night(game)):
            return
        col = self._column(game, lo, hi)
        if col is None:
            return
        x, z = col
        w = game.world
        kinds = list(PASSIVE_WEIGHTS)
        kind = self.rng.choices(kinds, weights=[PASSIVE_WEIGHTS[k] for k in kinds])[0]
        for _ in range(self.rng.randint(2, 4)):
            if self._count(game, False) >= PASSIVE_CAP:
                return
            sx, sz = x + self.rng.randint(-4, 4), z + self.rng.randint(-4, 4)
            if not w.in_bounds(sx, 0, sz):
                continue
            y = int(w.height[sx + ORIGIN, sz + ORIGIN])
            if w.get(sx, y - 1, sz) == self.grass and self._free_at(game, sx, y, sz):
                mob = game.mobs.summon(kind, sx + 0.5, y, sz + 0.5, persistent=False)
                if kind == "sheep":
                    mob.color = self._wool_colour()

    def _wool_colour(self) -> int:
        """Minecraft's natural fleece: 81.836 % white, 5 % each greys/black, 3 % brown, pink."""
        r = self.rng.random() * 100
        for k, p in enumerate((81.836, 5, 5, 5, 3)):
            if r < p:
                return k
            r -= p
        return WOOL.index("pink")


def configure(mobs, difficulty: str) -> None:
    """Fill the kernel's per-kind parameter table (movement speed comes from extra.yaml)."""
    P, ix = mobs.params, mobs.kind_index
    P[:, P_AVOID_WATER] = 1.0
    hard = DIFFICULTY.get(difficulty, 2) == 3
    for kind, row in (("zombie", {P_MELEE: 1, P_MELEE_EVERY: 20, P_STOP: 0.5}),
                      ("spider", {P_MELEE: 1, P_MELEE_EVERY: 20, P_STOP: 0.5, P_LEAP: 1, P_CLIMB: 1}),
                      ("skeleton", {P_RANGED_EVERY: 20 if hard else 40, P_RANGE: 15, P_STOP: 8}),
                      ("creeper", {P_FUSE: 30, P_FUSE_START: 3.0, P_FUSE_STOP: 7.0, P_STOP: 1.5}),
                      ("chicken", {P_SLOWFALL: 1})):
        if kind in ix:
            for col, v in row.items():
                P[ix[kind], col] = v


def install(game) -> None:
    ai = MobAI(game)
    mobs = game.mobs
    mobs.ai = ai
    game.systems["mob_ai"] = ai
    configure(mobs, game.difficulty)
    for kind in mobs.kinds():
        mobs.brains[kind] = ai.hostile if mobs.table[kind]["hostile"] else ai.passive
    mobs.handlers.update({EV_MELEE: ai.melee, EV_SHOOT: ai.shoot, EV_HISS: ai.hiss,
                          EV_EXPLODE: ai.creeper_explodes, EV_DIED: ai.died})
    mobs.box_sources.append(ai.arrows.boxes)
    game.tick_systems.append(ai.spawn_tick)

