"""Mobs: summoned or spawned creatures with Minecraft sizes, health, gravity, collisions,
knockback, invulnerability frames and loot.

State lives in two numpy tables (`Mobs.f` floats, `Mobs.i` ints, one row per slot) advanced by
one compiled kernel per tick (`_step`): steering towards a goal or the player, jumping onto
steps, not walking off cliffs or into fluids, gravity, fluids, fall damage, pushing, melee reach /
ranged / fuse timers. `Mob` objects are thin views on a row, so Python code reads `mob.x`.

Behaviour plugs in through two tables filled by the AI module (`mob_ai`):
- `Mobs.brains`: kind → callable(mob, game), called every few ticks per mob ("think": set a
  goal, a mode, a speed) — never every tick, which keeps the AI cheap;
- `Mobs.handlers`: event code (`EV_*`) → callable(mob, game) for what the kernel reports
  (melee reach reached, bow ready, fuse lit / done, death by the environment).
Without them mobs stand still and only fall, as in the engine tests.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numba as nb
import numpy as np

from .gamedata import GameData
from .world import ORIGIN

INVULNERABLE_TICKS = 10
DESPAWN_DISTANCE = 128.0
MAX_DROP = 3  # blocks a walking mob is willing to fall (Minecraft's path finder: 3)

# float row layout
FX, FY, FZ, FVX, FVY, FVZ, FYAW, FGX, FGZ, FSPD, FW, FH, FHP, FMAXHP, FDIST, FFALL = range(16)
NF = 16
# int row layout
IKIND, IGROUND, IHURT, IAGE, IMODE, ITHINK, ICOOL, IFUSE, IFLAGS, IRNG, IHCOLL, ISTUCK, ICOLOR = range(13)
NI = 13
# modes
IDLE, WALK, CHASE = 0, 1, 2
# flags
F_PERSISTENT, F_SHEARED, F_HOSTILE, F_PANIC = 1, 2, 4, 8
# per-kind parameters (rows of `Mobs.params`)
(P_SPEED, P_MELEE, P_MELEE_EVERY, P_RANGED_EVERY, P_RANGE, P_FUSE, P_FUSE_START, P_FUSE_STOP,
 P_STOP, P_LEAP, P_CLIMB, P_SLOWFALL, P_AVOID_WATER) = range(13)
NP = 13
# events reported by the kernel: (slot, code, arg)
EV_THINK, EV_MELEE, EV_SHOOT, EV_HISS, EV_EXPLODE, EV_DIED = range(1, 7)
# causes of EV_DIED
DIED_FALL, DIED_LAVA, DIED_VOID, DIED_DROWN = range(4)
DEATH_CAUSES = ("fall", "lava", "void", "drown")


# -- the compiled tick ---------------------------------------------------------------------------
@nb.njit(cache=True, inline="always")
def _solid_at(blocks, solid, x, y, z):
    if y < 0:
        return True
    if y >= blocks.shape[2]:
        return False
    ax, az = x + ORIGIN, z + ORIGIN
    if ax < 0 or az < 0 or ax >= blocks.shape[0] or az >= blocks.shape[1]:
        return True
    return solid[blocks[ax, az, y]]


@nb.njit(cache=True, inline="always")
def _block_at(blocks, x, y, z):
    ax, az = x + ORIGIN, z + ORIGIN
    if y < 0 or y >= blocks.shape[2] or ax < 0 or az < 0 or ax >= blocks.shape[0] or az >= blocks.shape[1]:
        return 0
    return blocks[ax, az, y]


@nb.njit(cache=True)
def _clip(blocks, solid, x0, y0, z0, x1, y1, z1, axis, d):
    """physics._clip_axis without allocations: clip a move of the box by `d` along `axis`."""
    if d == 0.0:
        return 0.0
    eps = 1e-7
    lx, ly, lz, hx, hy, hz = x0, y0, z0, x1, y1, z1
    if axis == 0:
        if d > 0:
            hx += d
        else:
            lx += d
    elif axis == 1:
        if d > 0:
            hy += d
        else:
            ly += d
    elif d > 0:
        hz += d
    else:
        lz += d
    lo = (x0, y0, z0)[axis]
    hi = (x1, y1, z1)[axis]
    for bx in range(math.floor(lx + eps), math.floor(hx - eps) + 1):
        for by in range(math.floor(ly + eps), math.floor(hy - eps) + 1):
            for bz in range(math.floor(lz + eps), math.floor(hz - eps) + 1):
                if not _solid_at(blocks, solid, bx, by, bz):
                    continue
                c = bx if axis == 0 else (by if axis == 1 else bz)
                if d > 0:
                    gap = c - hi
                    if gap >= -eps and gap < d:
                        d = max(gap, 0.0)
                else:
                    gap = (c + 1.0) - lo
                    if gap <= eps and gap > d:
                        d = min(gap, 0.0)
    return d


@nb.njit(cache=True)
def _rand(iv, s):
    """Per-mob xorshift32 in [0, 1): deterministic, no Python RNG on the hot path."""
    v = iv[s, IRNG] & 0xFFFFFFFF
    v ^= (v << 13) & 0xFFFFFFFF
    v ^= v >> 17
    v ^= (v << 5) & 0xFFFFFFFF
    iv[s, IRNG] = v
    return (v & 0xFFFFFF) / 16777216.0


@nb.njit(cache=True)
def _safe_ahead(blocks, solid, fluid, x, y, z, dx, dz, reach, avoid_water):
    """Is the ground ahead (x, z) + (dx, dz) * reach within MAX_DROP and not a fluid to avoid?"""
    bx = math.floor(x + dx * reach)
    bz = math.floor(z + dz * reach)
    by = math.floor(y + 0.01)
    for k in range(0, MAX_DROP + 2):
        yy = by - k
        b = _block_at(blocks, bx, yy, bz)
        f = fluid[b]
        if f == 2 or (f == 1 and avoid_water):
            return False
        if _solid_at(blocks, solid, bx, yy, bz):
            return True
    return False


@nb.njit(cache=True)
def _step(F, iv, P, idx, n, blocks, solid, fluid, player, env, ev):
    """Advance mobs idx[:n] one tick. player: the player's physics state (x, y, z first);
    env = (unused, unused, unused, player alive, player width, player height).
    Writes events to `ev` and returns (number of events, number of mobs to remove)."""
    px, py, pz, alive = player[0], player[1], player[2], env[3] > 0
    pw, ph = env[4], env[5]
    ne = 0
    nrm = 0
    for j in range(n):
        s = idx[j]
        if F[s, FHP] <= 0:
            nrm += 1
            continue
        k = iv[s, IKIND]
        iv[s, IAGE] += 1
        if iv[s, IHURT] > 0:
            iv[s, IHURT] -= 1
        if iv[s, ICOOL] > 0:
            iv[s, ICOOL] -= 1
        x, y, z = F[s, FX], F[s, FY], F[s, FZ]
        w, h = F[s, FW], F[s, FH]
        hw = w * 0.5
        ddx, ddy, ddz = px - x, py - y, pz - z
        dh2 = ddx * ddx + ddz * ddz
        dist = math.sqrt(dh2 + ddy * ddy)
        F[s, FDIST] = dist
        if dist > DESPAWN_DISTANCE and (iv[s, IFLAGS] & F_PERSISTENT) == 0:
            F[s, FHP] = 0.0
            nrm += 1
            continue
        iv[s, ITHINK] -= 1
        if iv[s, ITHINK] == 0:
            ev[ne, 0], ev[ne, 1], ev[ne, 2] = s, EV_THINK, 0
            ne += 1
        on_ground = iv[s, IGROUND] != 0
        mode = iv[s, IMODE]
        gx, gz, stop = F[s, FGX], F[s, FGZ], 0.35
        # -- combat (only while chasing a living player) ---------------------------------------
        if mode == CHASE:
            if not alive:
                mode = IDLE
                iv[s, IMODE] = IDLE
            else:
                gx, gz, stop = px, pz, P[k, P_STOP]
                if P[k, P_MELEE] > 0 and iv[s, ICOOL] == 0:
                    reach2 = (w * 2.0) * (w * 2.0) + pw
                    if dh2 <= reach2 and ddy < h and ddy > -ph:
                        ev[ne, 0], ev[ne, 1], ev[ne, 2] = s, EV_MELEE, 0
                        ne += 1
                        iv[s, ICOOL] = int(P[k, P_MELEE_EVERY])
                if P[k, P_RANGED_EVERY] > 0 and iv[s, ICOOL] == 0 and dist <= P[k, P_RANGE]:
                    ev[ne, 0], ev[ne, 1], ev[ne, 2] = s, EV_SHOOT, 0
                    ne += 1
                    iv[s, ICOOL] = int(P[k, P_RANGED_EVERY])
                if P[k, P_FUSE] > 0:
                    if dist < P[k, P_FUSE_START]:
                        if iv[s, IFUSE] == 0:
                            ev[ne, 0], ev[ne, 1], ev[ne, 2] = s, EV_HISS, 0
                            ne += 1
                        iv[s, IFUSE] += 1
                        if iv[s, IFUSE] >= int(P[k, P_FUSE]):
                            ev[ne, 0], ev[ne, 1], ev[ne, 2] = s, EV_EXPLODE, 0
                            ne += 1
                            iv[s, IFUSE] = 0
                    elif dist > P[k, P_FUSE_STOP] and iv[s, IFUSE] > 0:
                        iv[s, IFUSE] -= 1
                if (P[k, P_LEAP] > 0 and on_ground and 4.0 <= dh2 <= 16.0
                        and _rand(iv, s) < 0.2 and iv[s, ICOOL] < 5):
                    d = math.sqrt(dh2)
                    F[s, FVX] += ddx / d * 0.4 + F[s, FVX] * 0.2
                    F[s, FVZ] += ddz / d * 0.4 + F[s, FVZ] * 0.2
                    F[s, FVY] = 0.4
        if mode == CHASE and iv[s, IFUSE] > 0:
            mode = IDLE  # a lit creeper stands still
        # -- steering ---------------------------------------------------------------------------
        feet = _block_at(blocks, math.floor(x), math.floor(y + 0.1), math.floor(z))
        mid = _block_at(blocks, math.floor(x), math.floor(y + h * 0.5), math.floor(z))
        fl = max(fluid[feet], fluid[mid])
        if mode != IDLE:
            tx, tz = gx - x, gz - z
            d = math.sqrt(tx * tx + tz * tz)
            if d <= stop:
                if mode == WALK:
                    iv[s, IMODE] = IDLE
                    if iv[s, ITHINK] > 20:
                        iv[s, ITHINK] = 20
                if mode == CHASE and d > 1e-6:
                    F[s, FYAW] = math.degrees(math.atan2(-tx, tz))
            else:
                tx /= d
                tz /= d
                F[s, FYAW] = math.degrees(math.atan2(-tx, tz))
                ok = True
                if on_ground and fl == 0:
                    ok = _safe_ahead(blocks, solid, fluid, x, y, z, tx, tz, hw + 0.35,
                                     P[k, P_AVOID_WATER] > 0 and mode == WALK)
                if not ok:
                    if mode == WALK:
                        iv[s, IMODE] = IDLE
                        iv[s, ITHINK] = 1  # think again next tick: pick another goal
                else:
                    spd = P[k, P_SPEED] * F[s, FSPD]
                    acc = spd * spd if (on_ground and fl == 0) else 0.02 * spd * 5.0
                    F[s, FVX] += tx * acc
                    F[s, FVZ] += tz * acc
                    if iv[s, IHCOLL] != 0:
                        if P[k, P_CLIMB] > 0:
                            F[s, FVY] = 0.2
                        elif on_ground:
                            F[s, FVY] = 0.42
                        iv[s, ISTUCK] += 1
                        if iv[s, ISTUCK] > 40 and mode == WALK:
                            iv[s, IMODE] = IDLE
                            iv[s, ISTUCK] = 0
                            iv[s, ITHINK] = 1
                    else:
                        iv[s, ISTUCK] = 0
        # -- pushing: the player shoves mobs, mobs shove each other ---------------------------
        if abs(ddx) < hw + pw * 0.5 and abs(ddz) < hw + pw * 0.5 and ddy < h and ddy > -ph:
            d = max(math.sqrt(dh2), 0.01)
            F[s, FVX] -= ddx / d * 0.05
            F[s, FVZ] -= ddz / d * 0.05
        for jj in range(n):
            o = idx[jj]
            if o == s or F[o, FHP] <= 0:
                continue
            ox, oz = F[o, FX] - x, F[o, FZ] - z
            r = hw + F[o, FW] * 0.5
            if abs(ox) < r and abs(oz) < r and abs(F[o, FY] - y) < h:
                d = max(math.sqrt(ox * ox + oz * oz), 0.01)
                F[s, FVX] -= ox / d * 0.05
                F[s, FVZ] -= oz / d * 0.05
        # -- fluids, collisions, then gravity and drag (Minecraft's travel order) -------------
        if fl != 0:
            F[s, FVY] += 0.04 if _rand(iv, s) < 0.8 else 0.0  # swim up, like Minecraft's 80 %
            if fl == 2 and iv[s, IHURT] == 0:
                F[s, FHP] -= 4.0
                iv[s, IHURT] = INVULNERABLE_TICKS
                if F[s, FHP] <= 0:
                    ev[ne, 0], ev[ne, 1], ev[ne, 2] = s, EV_DIED, DIED_LAVA
                    ne += 1
                    nrm += 1
                    continue
        x0, y0, z0, x1, y1, z1 = x - hw, y, z - hw, x + hw, y + h, z + hw
        vy = F[s, FVY]
        cy = _clip(blocks, solid, x0, y0, z0, x1, y1, z1, 1, vy)
        y0 += cy
        y1 += cy
        vx = F[s, FVX]
        cx = _clip(blocks, solid, x0, y0, z0, x1, y1, z1, 0, vx)
        x0 += cx
        x1 += cx
        vz = F[s, FVZ]
        cz = _clip(blocks, solid, x0, y0, z0, x1, y1, z1, 2, vz)
        z0 += cz
        z1 += cz
        F[s, FX], F[s, FY], F[s, FZ] = (x0 + x1) * 0.5, y0, (z0 + z1) * 0.5
        landed = cy != vy and vy < 0
        on_ground = landed
        iv[s, IGROUND] = 1 if landed else 0
        iv[s, IHCOLL] = 1 if (cx != vx or cz != vz) else 0
        if cy != vy:
            F[s, FVY] = 0.0
        if cx != vx:
            F[s, FVX] = 0.0
        if cz != vz:
            F[s, FVZ] = 0.0
        if fl != 0:
            F[s, FFALL] = 0.0
            f = 0.8
            F[s, FVY] = F[s, FVY] * 0.8 - 0.02
        else:
            if landed:
                fall = F[s, FFALL]
                F[s, FFALL] = 0.0
                if fall > 3.0 and P[k, P_SLOWFALL] == 0:
                    F[s, FHP] -= math.ceil(fall - 3.0)
                    iv[s, IHURT] = INVULNERABLE_TICKS
                    if F[s, FHP] <= 0:
                        ev[ne, 0], ev[ne, 1], ev[ne, 2] = s, EV_DIED, DIED_FALL
                        ne += 1
                        nrm += 1
                        continue
                f = 0.546
            else:
                if cy < 0:
                    F[s, FFALL] -= cy
                f = 0.91
            F[s, FVY] = (F[s, FVY] - 0.08) * 0.98
            if P[k, P_SLOWFALL] > 0 and not on_ground and F[s, FVY] < 0:
                F[s, FVY] *= 0.6
        F[s, FVX] *= f
        F[s, FVZ] *= f
        if F[s, FY] < -64:
            F[s, FHP] = 0.0
            ev[ne, 0], ev[ne, 1], ev[ne, 2] = s, EV_DIED, DIED_VOID
            ne += 1
            nrm += 1
    return ne, nrm


@nb.njit(cache=True)
def _raycast(F, idx, n, ox, oy, oz, dx, dy, dz, reach):
    """Slot of the nearest mob whose box the ray enters within `reach` (slab test), or -1."""
    best, best_t = -1, reach
    for j in range(n):
        s = idx[j]
        if F[s, FHP] <= 0:
            continue
        hw = F[s, FW] * 0.5
        lo = (F[s, FX] - hw, F[s, FY], F[s, FZ] - hw)
        hi = (F[s, FX] + hw, F[s, FY] + F[s, FH], F[s, FZ] + hw)
        o = (ox, oy, oz)
        d = (dx, dy, dz)
        tmin, tmax = -1e30, 1e30
        for a in range(3):
            if abs(d[a]) < 1e-12:
                if o[a] < lo[a] or o[a] > hi[a]:
                    tmin, tmax = 1.0, 0.0
                continue
            t1 = (lo[a] - o[a]) / d[a]
            t2 = (hi[a] - o[a]) / d[a]
            tmin = max(tmin, min(t1, t2))
            tmax = min(tmax, max(t1, t2))
        if tmax >= max(tmin, 0.0) and tmin < best_t:
            best, best_t = s, max(tmin, 0.0)
    return best, best_t


@nb.njit(cache=True)
def _boxes(F, iv, idx, n, parts, part_kind, part_start, wool_rgb, out):
    """Render boxes of mobs idx[:n] from per-kind part templates (pixels, facing +z), turned to
    the mob's yaw in 90° steps; hurt mobs tinted red, lit creepers flash white."""
    m = 0
    for j in range(n):
        s = idx[j]
        k = iv[s, IKIND]
        q = int(math.floor(((F[s, FYAW] % 360.0) + 45.0) / 90.0)) % 4
        x, y, z = F[s, FX], F[s, FY], F[s, FZ]
        hurt = iv[s, IHURT] > 0
        flash = iv[s, IFUSE] > 0 and (iv[s, IFUSE] // 4) % 2 == 1
        sheared = (iv[s, IFLAGS] & F_SHEARED) != 0
        for p in range(part_start[k], part_start[k + 1]):
            flag = part_kind[p]
            if (flag == 1 and sheared) or (flag == 2 and not sheared):
                continue
            a0, b0, c0, a1, b1, c1 = (parts[p, 0] / 16.0, parts[p, 1] / 16.0, parts[p, 2] / 16.0,
                                      parts[p, 3] / 16.0, parts[p, 4] / 16.0, parts[p, 5] / 16.0)
            # yaw 0 faces +z; 90 faces -x; 180 faces -z; 270 faces +x (Minecraft's convention)
            if q == 0:
                lx0, lx1, lz0, lz1 = a0, a1, c0, c1
            elif q == 1:
                lx0, lx1, lz0, lz1 = -c1, -c0, a0, a1
            elif q == 2:
                lx0, lx1, lz0, lz1 = -a1, -a0, -c1, -c0
            else:
                lx0, lx1, lz0, lz1 = c0, c1, -a1, -a0
            out[m, 0], out[m, 1], out[m, 2] = x + lx0, y + b0, z + lz0
            out[m, 3], out[m, 4], out[m, 5] = x + lx1, y + b1, z + lz1
            r, g, b = parts[p, 6], parts[p, 7], parts[p, 8]
            if flag == 1:  # wool takes the sheep's colour
                r, g, b = wool_rgb[iv[s, ICOLOR], 0], wool_rgb[iv[s, ICOLOR], 1], wool_rgb[iv[s, ICOLOR], 2]
            if hurt:
                r, g, b = 0.45 * r + 0.55 * 230.0, 0.45 * g + 0.55 * 50.0, 0.45 * b + 0.55 * 50.0
            elif flash:
                r, g, b = 0.3 * r + 0.7 * 255.0, 0.3 * g + 0.7 * 255.0, 0.3 * b + 0.7 * 255.0
            out[m, 6], out[m, 7], out[m, 8] = r, g, b
            m += 1
    return m


# -- shapes ----------------------------------------------------------------------------------
# Parts in model pixels (1/16 block) around the feet centre, the mob facing +z:
# (x0, y0, z0, x1, y1, z1, (r, g, b), flag) — flag 1: wool (hidden once sheared), 2: shorn body.
def _legs(w, h, x, z, rgb):
    return [(sx * x - w / 2, 0, sz * z - w / 2, sx * x + w / 2, h, sz * z + w / 2, rgb, 0)
            for sx in (-1, 1) for sz in (-1, 1)]


_BLACK = (25, 25, 25)
SHAPES: dict[str, list[tuple]] = {
    "cow": _legs(4, 12, 4, 6, (60, 42, 28)) + [
        (-6, 12, -9, 6, 22, 8, (86, 60, 40), 0),
        (-6.2, 14, -4, 6.2, 19, 2, (225, 225, 220), 0),  # white patches
        (-4, 15, 8, 4, 23, 14, (74, 52, 36), 0),  # head
        (-2.5, 15, 14, 2.5, 18.5, 15, (205, 180, 160), 0),  # muzzle
        (-5.5, 22, 10, 5.5, 24, 11.5, (215, 205, 185), 0),  # horns
    ],
    "pig": _legs(4, 6, 3, 5, (220, 135, 140)) + [
        (-5, 6, -8, 5, 14, 8, (240, 160, 160), 0),
        (-4, 8, 8, 4, 16, 15, (240, 165, 165), 0),
        (-2, 9, 15, 2, 12, 16.5, (225, 115, 125), 0),  # snout
    ],
    "sheep": _legs(4, 12, 3, 5, (215, 190, 170)) + [
        (-5.5, 11, -8.5, 5.5, 21, 8.5, (235, 235, 235), 1),  # fleece
        (-4, 12, -7, 4, 18, 7, (215, 185, 165), 2),  # shorn body
        (-3, 15, 7, 3, 21, 14, (200, 175, 155), 0),  # head
        (-3.5, 19, 8, 3.5, 22, 12, (235, 235, 235), 1),  # wool cap
    ],
    "chicken": [
        (-2, 0, -0.5, -1, 5, 0.5, (235, 170, 40), 0), (1, 0, -0.5, 2, 5, 0.5, (235, 170, 40), 0),
        (-3, 5, -4, 3, 11, 4, (250, 250, 250), 0),
        (-4, 6, -3, 4, 10, 3, (232, 232, 232), 0),  # wings
        (-2, 9, 3, 2, 15, 6, (250, 250, 250), 0),  # head
        (-2, 12, 6, 2, 14, 8, (240, 160, 40), 0),  # beak
        (-1, 10, 6, 1, 12, 7, (210, 30, 30), 0),  # wattle
    ],
    "zombie": [
        (-4, 0, -2, 0, 12, 2, (60, 70, 160), 0), (0, 0, -2, 4, 12, 2, (55, 65, 150), 0),
        (-4, 12, -2, 4, 24, 2, (40, 160, 170), 0),
        (-8, 20, -2, -4, 24, 10, (90, 150, 80), 0), (4, 20, -2, 8, 24, 10, (90, 150, 80), 0),
        (-4, 24, -4, 4, 32, 4, (95, 155, 85), 0),
        (-3, 27, 4, 3, 28.5, 4.3, _BLACK, 0),
    ],
    "skeleton": [
        (-3, 0, -1, -1, 12, 1, (190, 190, 190), 0), (1, 0, -1, 3, 12, 1, (190, 190, 190), 0),
        (-4, 12, -1.5, 4, 24, 1.5, (200, 200, 200), 0),
        (-6, 12, -1, -4, 24, 1, (190, 190, 190), 0), (4, 12, -1, 6, 24, 1, (190, 190, 190), 0),
        (4, 13, 2, 5, 23, 3, (110, 80, 40), 0),  # bow
        (-4, 24, -4, 4, 32, 4, (215, 215, 215), 0),
        (-3, 27, 4, 3, 29, 4.3, (40, 40, 40), 0),
    ],
    "spider": [
        (-5, 4, -12, 5, 12, -1, (52, 42, 36), 0),  # abdomen
        (-3, 5, -1, 3, 11, 3, (45, 36, 30), 0),
        (-4, 4, 3, 4, 12, 11, (40, 32, 28), 0),  # head
        (-3, 8, 11, 3, 10, 11.3, (200, 20, 20), 0),  # eyes
        (-15, 7, -1, 15, 9, 1, (34, 27, 23), 0), (-15, 7, 2, 15, 9, 4, (34, 27, 23), 0),
        (-15, 7, 5, 15, 9, 7, (34, 27, 23), 0), (-15, 7, 8, 15, 9, 10, (34, 27, 23), 0),
    ],
    "creeper": _legs(4, 6, 2, 4, (70, 150, 60)) + [
        (-4, 6, -2, 4, 18, 2, (80, 170, 70), 0),
        (-4, 18, -4, 4, 26, 4, (92, 182, 80), 0),
        (-3, 22, 4, -1, 24, 4.3, _BLACK, 0), (1, 22, 4, 3, 24, 4.3, _BLACK, 0),
        (-1, 19, 4, 1, 22, 4.3, _BLACK, 0),
    ],
}
WOOL = ("white", "light_gray", "gray", "black", "brown", "pink")
WOOL_RGB = np.array([(235, 235, 235), (160, 160, 155), (70, 72, 75), (25, 25, 30), (115, 75, 45),
                     (235, 150, 175)], np.float32)


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
                if mob is None or mob.health <= 0:
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
            out.append(source())
        if self.decor:
            out.append(np.array(list(self.decor.values()), np.float32).reshape(-1, 9))
        if not out:
            return np.zeros((0, 9), np.float32)
        return np.concatenate(out) if len(out) > 1 else out[0]

    def clear(self) -> None:
        self.mobs = []
        self._sync()
