"""Mob brains: passive animals wander and panic, hostile mobs chase, hit, shoot, explode, burn
in daylight and despawn. `MobAI` also handles the kernel's events and runs arrows and spawning."""

from __future__ import annotations

import math
import random

import numpy as np

from .. import physics
from ..explosions import explode
from ..world import ORIGIN
from .arrows import ARROW_SPEED, Arrows
from .conditions import DIFFICULTY, is_bright_day, sees_sky
from .layout import (
    CHASE,
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
)
from .spawning import SPAWN_MAX, SPAWN_MIN, MobSpawning

PASSIVE_THINK, HOSTILE_THINK = 20, 10  # ticks between brain calls
PANIC_TICKS = 100  # how long a hit animal runs (Minecraft: until it reaches its panic target)
PANIC_SPEED = {"cow": 2.0, "sheep": 1.25, "pig": 1.25, "chicken": 1.4}
STROLL_CHANCE = 1 / 6  # per think (Minecraft's random stroll: 1/120 per tick ≈ 1/6 per 20 ticks)
UNDEAD = ("zombie", "skeleton")
CREEPER_POWER = 3.0


PLAYER_KILL_WINDOW = 100  # ticks (Minecraft: LivingEntity.lastHurtByPlayerTime = 100)


class MobAI(MobSpawning):
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
        """A death by fall, lava or the void. As in Minecraft, a mob that dies within
        PLAYER_KILL_WINDOW ticks of being hurt by the player counts as killed by the player."""
        attacked_at = mob.memory.get("attacked_at")
        if (mob.memory.get("attacked_by") == "player" and attacked_at is not None
                and mob.age - attacked_at <= PLAYER_KILL_WINDOW):
            game.credit_kill(mob.kind)
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
