"""The compiled mob tick (`_step`): steering towards a goal or the player, jumping onto steps,
not walking off cliffs or into fluids, gravity, fluids, fall damage, pushing, melee reach /
ranged / fuse timers; and the ray-vs-mob test (`_raycast`). Numba, no Python objects."""

from __future__ import annotations

import math

import numba as nb

from ..physics import _is_solid
from ..world import ORIGIN
from .layout import (
    CHASE,
    DESPAWN_DISTANCE,
    DIED_FALL,
    DIED_LAVA,
    DIED_VOID,
    EV_DIED,
    EV_EXPLODE,
    EV_HISS,
    EV_MELEE,
    EV_SHOOT,
    EV_THINK,
    F_PERSISTENT,
    FDIST,
    FFALL,
    FGX,
    FGZ,
    FH,
    FHP,
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
    ICOOL,
    IDLE,
    IFLAGS,
    IFUSE,
    IGROUND,
    IHCOLL,
    IHURT,
    IKIND,
    IMODE,
    INVULNERABLE_TICKS,
    IRNG,
    ISTUCK,
    ITHINK,
    MAX_DROP,
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
    P_SPEED,
    P_STOP,
    WALK,
)


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
                if not _is_solid(blocks, solid, bx, by, bz):
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
        if _is_solid(blocks, solid, bx, yy, bz):
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
