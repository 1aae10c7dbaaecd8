"""Arrows shot by skeletons: fixed-capacity arrays advanced by one compiled tick (gravity,
drag, sticking in blocks, hitting the player)."""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from .. import physics
from ..world import ORIGIN
from .conditions import scale_damage

ARROW_SPEED, ARROW_CAP, ARROW_STUCK_LIFE = 1.6, 64, 200


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
