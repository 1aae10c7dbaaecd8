"""Item entities: dropped stacks that fall, slide, get picked up when the player is near, and
despawn after 5 minutes, as in Minecraft 1.16. Stored as fixed-capacity arrays; ticks compiled."""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from .physics import _clip_axis

CAPACITY = 256
PICKUP_DELAY = 10  # ticks before a dropped item can be picked up
THROW_DELAY = 40  # items the player throws (Q) wait 2 s
DESPAWN = 6000
SIZE = 0.25


@nb.njit(cache=True)
def _boxes(pos, age, alive, item, colors, out):
    """Fill `out` with the render boxes of live items (see `ItemEntities.boxes`); returns N."""
    hs = SIZE / 2
    n = 0
    for i in range(pos.shape[0]):
        if not alive[i]:
            continue
        bob = max(0.0, 0.1 * math.sin(age[i] * 0.1))
        y0 = np.float32(pos[i, 1] + 0.05 + bob)
        out[n, 0] = pos[i, 0] - hs
        out[n, 1] = y0
        out[n, 2] = pos[i, 2] - hs
        out[n, 3] = pos[i, 0] + hs
        out[n, 4] = y0 + np.float32(SIZE)
        out[n, 5] = pos[i, 2] + hs
        for c in range(3):
            out[n, 6 + c] = colors[item[i], c]
        n += 1
    return n


@nb.njit(cache=True)
def _tick(pos, vel, alive, age, delay, blocks, solid, px, py, pz, ph, can_pickup):
    """Move all live items one tick; flag those the player picks up in `can_pickup`."""
    n = 0
    box = np.empty(6)
    hs = SIZE / 2
    for i in range(pos.shape[0]):
        can_pickup[i] = False
        if not alive[i]:
            continue
        n += 1
        age[i] += 1
        if age[i] >= DESPAWN:
            alive[i] = False
            continue
        if delay[i] > 0:
            delay[i] -= 1
        vel[i, 1] -= 0.04
        box[0], box[1], box[2] = pos[i, 0] - hs, pos[i, 1], pos[i, 2] - hs
        box[3], box[4], box[5] = pos[i, 0] + hs, pos[i, 1] + SIZE, pos[i, 2] + hs
        for axis in (1, 0, 2):
            d = _clip_axis(blocks, solid, box, axis, vel[i, axis])
            if d != vel[i, axis]:
                vel[i, axis] = 0.0
            box[axis] += d
            box[axis + 3] += d
        pos[i, 0], pos[i, 1], pos[i, 2] = box[0] + hs, box[1], box[2] + hs
        on_ground = _clip_axis(blocks, solid, box, 1, -0.01) > -0.01
        f = 0.6 * 0.98 if on_ground else 0.98
        vel[i, 0] *= f
        vel[i, 2] *= f
        vel[i, 1] *= 0.98
        # pickup: player box grown by 1 block horizontally and 0.5 vertically
        if delay[i] == 0:
            if (
                abs(pos[i, 0] - px) < 0.3 + 1.0 + hs
                and abs(pos[i, 2] - pz) < 0.3 + 1.0 + hs
                and pos[i, 1] + SIZE > py - 0.5
                and pos[i, 1] < py + ph + 0.5
            ):
                can_pickup[i] = True
    return n


class Drops:
    """All item entities of one world."""

    def __init__(self) -> None:
        self.pos = np.zeros((CAPACITY, 3))
        self.vel = np.zeros((CAPACITY, 3))
        self.alive = np.zeros(CAPACITY, np.bool_)
        self.age = np.zeros(CAPACITY, np.int32)
        self.delay = np.zeros(CAPACITY, np.int32)
        self.item = np.zeros(CAPACITY, np.int32)
        self.count = np.zeros(CAPACITY, np.int32)
        self.damage = np.zeros(CAPACITY, np.int32)
        self._pick = np.zeros(CAPACITY, np.bool_)
        self._boxes = np.zeros((CAPACITY, 9), np.float32)
        self.n_alive = 0

    def spawn(self, x, y, z, item, count, rng, damage=0, vel=None, delay=PICKUP_DELAY) -> bool:
        """Add one stack; returns False if the world already holds CAPACITY item entities."""
        free = np.flatnonzero(~self.alive)
        if free.size == 0:
            oldest = int(np.argmax(self.age))  # like Minecraft's entity cap: drop the oldest
            free = np.array([oldest])
        i = int(free[0])
        self.pos[i] = (x, y, z)
        if vel is None:
            vel = (rng.uniform(-0.1, 0.1), 0.2, rng.uniform(-0.1, 0.1))
        self.vel[i] = vel
        self.alive[i] = True
        self.age[i] = 0
        self.delay[i] = delay
        self.item[i], self.count[i], self.damage[i] = item, count, damage
        self.n_alive += 1
        return True

    def tick(self, blocks, solid, px, py, pz, ph, inventory) -> list[tuple[int, int]]:
        """Advance items; move those in reach into `inventory`. Returns [(item, picked count)]."""
        if not self.alive.any():
            self.n_alive = 0
            return []
        self.n_alive = _tick(
            self.pos, self.vel, self.alive, self.age, self.delay, blocks, solid,
            px, py, pz, ph, self._pick,
        )
        picked = []
        for i in np.flatnonzero(self._pick):
            left = inventory.add(int(self.item[i]), int(self.count[i]), int(self.damage[i]))
            got = int(self.count[i]) - left
            if got:
                picked.append((int(self.item[i]), got))
            if left:
                self.count[i] = left
            else:
                self.alive[i] = False
        return picked

    def boxes(self, colors: np.ndarray) -> np.ndarray:
        """(N, 9) float32 render boxes (min xyz, max xyz, rgb) of live items (a view of a buffer
        reused by the next call)."""
        if self.n_alive == 0 and not self.alive.any():
            return self._boxes[:0]
        n = _boxes(self.pos, self.age, self.alive, self.item, colors, self._boxes)
        return self._boxes[:n]

    def clear(self) -> None:
        self.alive[:] = False
        self.n_alive = 0


def scatter_velocity(rng) -> tuple[float, float, float]:
    """Minecraft's random pop of a block drop."""
    a = rng.uniform(0, 2 * math.pi)
    return (0.1 * math.cos(a) * rng.uniform(0, 1), 0.2, 0.1 * math.sin(a) * rng.uniform(0, 1))
