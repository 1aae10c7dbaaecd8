"""`Mobs`, all mobs of one world (summon, remove, the tick, damage, loot, ray queries, render
boxes), and `Mob`, a thin view on one row of its state tables."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..gamedata import GameData
from .kernel import (
    _raycast,
    _step,
)
from .layout import (
    CHASE,
    DEATH_CAUSES,
    EV_DIED,
    EV_THINK,
    F_HOSTILE,
    F_PERSISTENT,
    F_SHEARED,
    FDIST,
    FGX,
    FGZ,
    FH,
    FHP,
    FMAXHP,
    FSPD,
    FVX,
    FVY,
    FVZ,
    FW,
    FX,
    FY,
    FYAW,
    FZ,
    IAGE,
    ICOLOR,
    IDLE,
    IFLAGS,
    IFUSE,
    IGROUND,
    IHURT,
    IKIND,
    IMODE,
    INVULNERABLE_TICKS,
    IRNG,
    ITHINK,
    NF,
    NI,
    NP,
    P_SPEED,
    WALK,
)
from .shapes import SHAPES, WOOL, WOOL_RGB, _boxes


def _fprop(k: int, doc: str = ""):
    def get(m):
        return float(m._o.f[m.slot, k])

    def put(m, v):
        m._o.f[m.slot, k] = v

    return property(get, put, doc=doc)


def _iprop(k: int):
    def get(m):
        return int(m._o.i[m.slot, k])

    def put(m, v):
        m._o.i[m.slot, k] = int(v)

    return property(get, put)


class Mob:
    """One mob: a view on its row of `Mobs.f` / `Mobs.i` plus Python-side `memory`."""

    __slots__ = ("uid", "kind", "hostile", "persistent", "memory", "slot", "_o")

    x, y, z = _fprop(FX), _fprop(FY), _fprop(FZ)
    vx, vy, vz = _fprop(FVX), _fprop(FVY), _fprop(FVZ)
    yaw = _fprop(FYAW)
    width, height = _fprop(FW), _fprop(FH)
    health, max_health = _fprop(FHP), _fprop(FMAXHP)
    distance = _fprop(FDIST, "distance to the player at the last tick")
    speed = _fprop(FSPD, "speed multiplier of the kind's movement speed (1 = walking)")
    hurt_time, age, mode, fuse = _iprop(IHURT), _iprop(IAGE), _iprop(IMODE), _iprop(IFUSE)
    color = _iprop(ICOLOR)

    def __init__(self, owner: Mobs, slot: int, uid: int, kind: str, hostile: bool, persistent: bool):
        self._o, self.slot, self.uid, self.kind = owner, slot, uid, kind
        self.hostile, self.persistent = hostile, persistent
        self.memory: dict = {}  # AI scratch space

    @property
    def on_ground(self) -> bool:
        return bool(self._o.i[self.slot, IGROUND])

    def flag(self, bit: int) -> bool:
        return bool(self._o.i[self.slot, IFLAGS] & bit)

    def set_flag(self, bit: int, on: bool = True) -> None:
        row = self._o.i[self.slot]
        row[IFLAGS] = (row[IFLAGS] | bit) if on else (row[IFLAGS] & ~bit)

    @property
    def sheared(self) -> bool:
        return self.flag(F_SHEARED)

    @sheared.setter
    def sheared(self, v: bool) -> None:
        self.set_flag(F_SHEARED, v)

    def walk_to(self, x: float, z: float, speed: float = 1.0) -> None:
        f = self._o.f[self.slot]
        f[FGX], f[FGZ], f[FSPD] = x, z, speed
        self._o.i[self.slot, IMODE] = WALK

    def chase(self, speed: float = 1.0) -> None:
        self._o.f[self.slot, FSPD] = speed
        self._o.i[self.slot, IMODE] = CHASE

    def stop(self) -> None:
        self._o.i[self.slot, IMODE] = IDLE

    def think_in(self, ticks: int) -> None:
        """Call the brain again after `ticks` ticks (at least 1)."""
        self._o.i[self.slot, ITHINK] = max(1, int(ticks))

    def box(self) -> np.ndarray:
        f = self._o.f[self.slot]
        hw = f[FW] / 2
        return np.array([f[FX] - hw, f[FY], f[FZ] - hw, f[FX] + hw, f[FY] + f[FH], f[FZ] + hw])

    def __repr__(self) -> str:
        return f"Mob({self.kind}#{self.uid} at {self.x:.1f},{self.y:.1f},{self.z:.1f} hp={self.health:g})"


class Mobs:
    """All mobs of one world."""

    def __init__(self, gd: GameData, capacity: int = 32):
        self.gd = gd
        self.table = gd.extra["mobs"]
        self.kind_names = self.kinds()
        self.kind_index = {k: n for n, k in enumerate(self.kind_names)}
        self.f = np.zeros((capacity, NF), np.float64)
        self.i = np.zeros((capacity, NI), np.int64)
        self.params = np.zeros((len(self.kind_names), NP), np.float64)
        for n, kind in enumerate(self.kind_names):
            self.params[n, P_SPEED] = float(self.table[kind].get("speed", 0.25))
        self.mobs: list[Mob] = []
        self._free = list(range(capacity - 1, -1, -1))
        self._next_uid = 1
        self._seen: tuple[int, int] = (0, 0)  # (id, len) of the list the slot index was built from
        self._idx = np.zeros(capacity, np.int64)
        self._ev = np.zeros((capacity * 6, 3), np.int64)
        self._env = np.array([0.0, 0.0, 0.0, 1.0, 0.6, 1.8])  # player alive, width, height
        self._by_slot: list[Mob | None] = [None] * capacity
        self._dirty = False  # a mob died outside the kernel (hurt, remove): prune the list
        self.fluid = np.zeros(gd.n_blocks, np.int8)
        for name in ("water", "bubble_column"):
            self.fluid[gd.block(name)] = 1
        self.fluid[gd.block("lava")] = 2
        self.brains: dict[str, Callable] = {}
        self.handlers: dict[int, Callable] = {}
        self.player_hits = 0  # successful melee hits by the player (hunger exhaustion)
        self.box_sources: list[Callable[[], np.ndarray]] = []  # projectiles etc.
        self.decor: dict = {}  # key → (9,) render box of non-mob things (open door panels)
        self.ai = None  # the behaviour system (mob_ai.MobAI) once installed
        self._shape_tables()

    def kinds(self) -> list[str]:
        return sorted(self.table)

    # -- life cycle --------------------------------------------------------------------------
    def summon(self, kind: str, x: float, y: float, z: float, persistent: bool = True) -> Mob:
        info = self.gd.entity(kind)  # raises UnknownNameError for unknown entities
        name = info["name"]
        if name not in self.table:
            raise ValueError(
                f"entity {name!r} exists in Minecraft but VoxelWorld does not simulate it; "
                f"supported mobs: {', '.join(self.kinds())}"
            )
        spec = self.table[name]
        self._sync()
        if not self._free:
            self._grow()
        slot = self._free.pop()
        f, i = self.f[slot], self.i[slot]
        f[:] = 0.0
        i[:] = 0
        f[FX], f[FY], f[FZ] = x, y, z
        f[FW], f[FH] = float(info["width"]), float(info["height"])
        f[FHP] = f[FMAXHP] = float(spec["health"])
        f[FSPD] = 1.0
        f[FDIST] = 1e9
        i[IKIND] = self.kind_index[name]
        i[IFLAGS] = (F_PERSISTENT if persistent else 0) | (F_HOSTILE if spec["hostile"] else 0)
        i[IRNG] = (self._next_uid * 2654435761) & 0xFFFFFFFF or 1
        i[ITHINK] = 1 + self._next_uid % 10  # staggered so brains do not all run on one tick
        mob = Mob(self, slot, self._next_uid, name, bool(spec["hostile"]), persistent)
        self._next_uid += 1
        self.mobs.append(mob)
        self._sync(force=True)
        return mob

    def remove(self, mob: Mob) -> None:
        """Take a mob out of the world without loot (despawning)."""
        mob.health = 0.0
        self.mobs = [m for m in self.mobs if m is not mob]
        self._sync()

    def _grow(self) -> None:
        n = len(self.f)
        self.f = np.concatenate([self.f, np.zeros_like(self.f)])
        self.i = np.concatenate([self.i, np.zeros_like(self.i)])
        self._idx = np.zeros(2 * n, np.int64)
        self._ev = np.zeros((2 * n * 6, 3), np.int64)
        self._free.extend(range(2 * n - 1, n - 1, -1))

    def _sync(self, force: bool = False) -> None:
        """Rebuild the slot index when `mobs` was replaced or resized (e.g. by /kill)."""
        key = (id(self.mobs), len(self.mobs))
        if key == self._seen and not force:
            return
        used = {m.slot for m in self.mobs}
        self._free = [s for s in range(len(self.f) - 1, -1, -1) if s not in used]
        for s in self._free:
            self.f[s, FHP] = 0.0
        self._by_slot = [None] * len(self.f)
        for m in self.mobs:
            self._by_slot[m.slot] = m
        self._idx[: len(self.mobs)] = [m.slot for m in self.mobs]
        self._seen = (id(self.mobs), len(self.mobs))

    # -- the tick ------------------------------------------------------------------------------
    def tick(self, game) -> None:
        """Brains (every few ticks), steering, combat timers, gravity and collisions for every
        mob; removes the dead and the far away."""
        if not self.mobs:
            return
        self._sync()
        env = self._env
        env[3] = 0.0 if game.health <= 0 else 1.0
        ne, nrm = _step(self.f, self.i, self.params, self._idx, len(self.mobs), game.world.blocks,
                        game.solid, self.fluid, game.player, env, self._ev)
        if ne:
            by_slot = self._by_slot
            for s, code, arg in self._ev[:ne].tolist():
                mob = by_slot[s]
                if mob is None or (mob.health <= 0 and code != EV_DIED):
                    continue
                if code == EV_THINK:
                    brain = self.brains.get(mob.kind)
                    if brain is None:
                        mob.think_in(1 << 30)
                    else:
                        mob.think_in(20)
                        brain(mob, game)
                elif code in self.handlers:
                    if code == EV_DIED:
                        mob.memory["death"] = DEATH_CAUSES[arg]
                    self.handlers[code](mob, game)
        if nrm or self._dirty:
            self._dirty = False
            self.mobs = [m for m in self.mobs if m.health > 0]
            self._sync()

    # -- combat --------------------------------------------------------------------------------
    def hurt(self, mob: Mob, damage: float, from_x: float | None = None,
             from_z: float | None = None, source: str = "player") -> bool:
        """Apply damage (knockback away from (from_x, from_z) if given); returns True if this hit
        killed the mob. Hits within the invulnerability frames are ignored, as in Minecraft."""
        if mob.hurt_time > 0 or mob.health <= 0:
            return False
        f = self.f[mob.slot]
        f[FHP] -= damage
        self.i[mob.slot, IHURT] = INVULNERABLE_TICKS
        if from_x is not None and from_z is not None:
            dx, dz = f[FX] - from_x, f[FZ] - from_z
            d = math.hypot(dx, dz) or 1.0
            f[FVX] = f[FVX] / 2 + 0.4 * dx / d
            f[FVZ] = f[FVZ] / 2 + 0.4 * dz / d
            f[FVY] = 0.4 if mob.on_ground else f[FVY]
        if source == "player":
            self.player_hits += 1
        mob.memory["attacked_at"] = mob.age
        mob.memory["attacked_by"] = source
        mob.think_in(1)  # react (flee / fight back) on the next tick
        if f[FHP] <= 0:
            self._dirty = True
            return True
        return False

    def loot(self, mob: Mob, rng: np.random.Generator) -> list[tuple[int, int]]:
        out = []
        for e in self.table[mob.kind].get("loot", []):
            item = e["item"]
            if item == "white_wool":
                if mob.sheared:
                    continue
                item = f"{WOOL[mob.color]}_wool"
            if rng.random() >= e.get("chance", 1.0):
                continue
            lo, hi = e.get("count", [1, 1])
            n = int(rng.integers(lo, hi + 1))
            if n > 0:
                out.append((self.gd.item(item), n))
        return out

    # -- queries -------------------------------------------------------------------------------
    def raycast(self, eye, direction, reach: float) -> tuple[Mob | None, float]:
        """Nearest mob whose box the ray enters within `reach` (slab test)."""
        if not self.mobs:
            return None, reach
        self._sync()
        s, t = _raycast(self.f, self._idx, len(self.mobs), *map(float, eye), *map(float, direction),
                        float(reach))
        if s < 0:
            return None, reach
        return next(m for m in self.mobs if m.slot == s), t

    def _shape_tables(self) -> None:
        rows, flags, start = [], [], [0]
        for kind in self.kind_names:
            for p in SHAPES.get(kind, [(-4, 0, -4, 4, 16, 4, (200, 0, 200), 0)]):
                rows.append([*p[:6], *p[6]])
                flags.append(p[7])
            start.append(len(rows))
        self._parts = np.array(rows, np.float64)
        self._part_kind = np.array(flags, np.int64)
        self._part_start = np.array(start, np.int64)
        self._max_parts = int(np.diff(self._part_start).max())

    def boxes(self) -> np.ndarray:
        """Render boxes (N, 9): min xyz, max xyz, rgb — several per mob (legs, body, head…),
        then projectiles and decorations such as open door panels."""
        out = []
        if self.mobs:
            self._sync()
            n = len(self.mobs)
            buf = np.empty((n * self._max_parts, 9), np.float32)
            m = _boxes(self.f, self.i, self._idx, n, self._parts, self._part_kind,
                       self._part_start, WOOL_RGB, buf)
            out.append(buf[:m])
        for source in self.box_sources:
            part = source()
            if len(part):
                out.append(part)
        if self.decor:
            out.append(np.array(list(self.decor.values()), np.float32).reshape(-1, 9))
        if not out:
            return np.zeros((0, 9), np.float32)
        return np.concatenate(out) if len(out) > 1 else out[0]

    def clear(self) -> None:
        self.mobs = []
        self._sync()
