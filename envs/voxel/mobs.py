"""Mobs: summoned or spawned creatures with Minecraft sizes, health, gravity, collisions,
knockback, invulnerability frames and loot. Behaviour (wandering, fleeing, attacking) plugs in
through `Mobs.brains`, a name → callable(mob, game) table filled by the AI module."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .gamedata import GameData
from .physics import _clip_axis

INVULNERABLE_TICKS = 10
DESPAWN_DISTANCE = 128.0


@dataclass
class Mob:
    uid: int
    kind: str
    x: float
    y: float
    z: float
    width: float
    height: float
    health: float
    max_health: float
    hostile: bool
    yaw: float = 0.0
    vx: float = 0.0
    vy: float = 0.0
    vz: float = 0.0
    on_ground: bool = False
    hurt_time: int = 0
    age: int = 0
    persistent: bool = False  # summoned mobs never despawn (like name-tagged / commanded ones)
    memory: dict = field(default_factory=dict)  # AI scratch space

    def box(self) -> np.ndarray:
        hw = self.width / 2
        return np.array([self.x - hw, self.y, self.z - hw, self.x + hw, self.y + self.height, self.z + hw])


class Mobs:
    """All mobs of one world."""

    def __init__(self, gd: GameData):
        self.gd = gd
        self.table = gd.extra["mobs"]
        self.mobs: list[Mob] = []
        self._next_uid = 1
        self.brains: dict[str, Callable] = {}

    def kinds(self) -> list[str]:
        return sorted(self.table)

    def summon(self, kind: str, x: float, y: float, z: float, persistent: bool = True) -> Mob:
        info = self.gd.entity(kind)  # raises UnknownNameError for unknown entities
        name = info["name"]
        if name not in self.table:
            raise ValueError(
                f"entity {name!r} exists in Minecraft but VoxelWorld does not simulate it; "
                f"supported mobs: {', '.join(self.kinds())}"
            )
        spec = self.table[name]
        mob = Mob(
            uid=self._next_uid, kind=name, x=x, y=y, z=z,
            width=float(info["width"]), height=float(info["height"]),
            health=float(spec["health"]), max_health=float(spec["health"]),
            hostile=bool(spec["hostile"]), persistent=persistent,
        )
        self._next_uid += 1
        self.mobs.append(mob)
        return mob

    def tick(self, game) -> None:
        """Behaviour, gravity and collisions for every mob; removes the dead and far away."""
        blocks, solid = game.world.blocks, game.solid
        for mob in self.mobs:
            mob.age += 1
            if mob.hurt_time > 0:
                mob.hurt_time -= 1
            brain = self.brains.get(mob.kind)
            if brain is not None:
                brain(mob, game)
            mob.vy = (mob.vy - 0.08) * 0.98
            box = mob.box()
            moved = []
            for axis, v in ((1, mob.vy), (0, mob.vx), (2, mob.vz)):
                d = _clip_axis(blocks, solid, box, axis, v)
                box[axis] += d
                box[axis + 3] += d
                moved.append(d != v)
            mob.x, mob.y, mob.z = (box[0] + box[3]) / 2, box[1], (box[2] + box[5]) / 2
            mob.on_ground = moved[0] and mob.vy < 0
            if moved[0]:
                mob.vy = 0.0
            if moved[1]:
                mob.vx = 0.0
            if moved[2]:
                mob.vz = 0.0
            f = 0.546 if mob.on_ground else 0.91
            mob.vx *= f
            mob.vz *= f
            if mob.y < -64:
                mob.health = 0
        px, pz = game.player[0], game.player[2]
        self.mobs = [
            m for m in self.mobs
            if m.health > 0 and (m.persistent or math.hypot(m.x - px, m.z - pz) < DESPAWN_DISTANCE)
        ]

    def hurt(self, mob: Mob, damage: float, from_x: float, from_z: float) -> bool:
        """Apply melee damage with knockback; returns True if this hit killed the mob."""
        if mob.hurt_time > 0 or mob.health <= 0:
            return False
        mob.health -= damage
        mob.hurt_time = INVULNERABLE_TICKS
        dx, dz = mob.x - from_x, mob.z - from_z
        d = math.hypot(dx, dz) or 1.0
        mob.vx += 0.4 * dx / d
        mob.vz += 0.4 * dz / d
        mob.vy = 0.4 if mob.on_ground else mob.vy
        mob.memory["attacked_at"] = mob.age
        return mob.health <= 0

    def loot(self, mob: Mob, rng: np.random.Generator) -> list[tuple[int, int]]:
        out = []
        for e in self.table[mob.kind].get("loot", []):
            if rng.random() >= e.get("chance", 1.0):
                continue
            lo, hi = e.get("count", [1, 1])
            n = int(rng.integers(lo, hi + 1))
            if n > 0:
                out.append((self.gd.item(e["item"]), n))
        return out

    def raycast(self, eye, direction, reach: float) -> tuple[Mob | None, float]:
        """Nearest mob whose box the ray enters within `reach` (slab test)."""
        best, best_t = None, reach
        o = np.asarray(eye, float)
        d = np.asarray(direction, float)
        inv = np.where(np.abs(d) > 1e-12, 1.0 / np.where(d == 0, 1, d), 1e30)
        for mob in self.mobs:
            b = mob.box()
            t1 = (b[:3] - o) * inv
            t2 = (b[3:] - o) * inv
            tmin = np.minimum(t1, t2).max()
            tmax = np.maximum(t1, t2).min()
            if tmax >= max(tmin, 0.0) and tmin < best_t:
                best, best_t = mob, max(tmin, 0.0)
        return best, best_t

    def boxes(self) -> np.ndarray:
        """Render boxes (N, 9): each mob as body + head, tinted red while hurt."""
        rows = []
        for m in self.mobs:
            col = np.array(self.table[m.kind]["colour"], np.float32)
            if m.hurt_time > 0:
                col = np.array([230, 60, 60], np.float32)
            hw = m.width / 2
            body_h = m.height * 0.75
            rows.append([m.x - hw, m.y, m.z - hw, m.x + hw, m.y + body_h, m.z + hw, *col])
            hs = min(m.width, m.height) * 0.3
            fx, fz = -math.sin(math.radians(m.yaw)) * hw, math.cos(math.radians(m.yaw)) * hw
            hx, hz = m.x + fx, m.z + fz
            rows.append([hx - hs, m.y + body_h - hs * 0.5, hz - hs, hx + hs, m.y + body_h + hs * 1.5,
                         hz + hs, *(col * 0.8)])
        return np.array(rows, np.float32).reshape(-1, 9)

    def clear(self) -> None:
        self.mobs.clear()
