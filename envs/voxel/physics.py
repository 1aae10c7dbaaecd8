"""Player movement with Minecraft 1.16 rules, compiled with numba.

One call of `player_tick` is one game tick (1/20 s): input → acceleration (`moveRelative`),
jumping, AABB collision against full blocks (y first, then the larger horizontal axis, as
Minecraft's legacy collision does), friction/drag, gravity, water, fall distance and damage.
Constants are Minecraft's: walk 4.317 m/s, sprint 5.612 m/s, sneak 1.295 m/s, jump 0.42 b/t,
gravity 0.08 b/t², air drag 0.98, ground friction 0.6 × 0.91.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from .world import ORIGIN

WIDTH = 0.6
HEIGHT = 1.8
SNEAK_HEIGHT = 1.5
EYE_HEIGHT = 1.62
SNEAK_EYE_HEIGHT = 1.27

# indices into the player state vector (float64)
X, Y, Z, VX, VY, VZ, ON_GROUND, FALL, IN_WATER, SPRINTING, JUMP_DELAY, SNEAKING, H_COLLIDED = range(13)
STATE_SIZE = 13

# input flags (int32 vector given to player_tick)
I_FORWARD, I_BACK, I_LEFT, I_RIGHT, I_JUMP, I_SNEAK, I_SPRINT = range(7)


def new_state(x: float, y: float, z: float) -> np.ndarray:
    s = np.zeros(STATE_SIZE, np.float64)
    s[X], s[Y], s[Z] = x, y, z
    s[ON_GROUND] = 1.0
    return s


@nb.njit(cache=True, inline="always")
def _is_solid(blocks, solid, x, y, z):
    if y < 0:
        return True
    if y >= blocks.shape[2]:
        return False
    ax = x + ORIGIN
    az = z + ORIGIN
    if ax < 0 or az < 0 or ax >= blocks.shape[0] or az >= blocks.shape[1]:
        return True  # world border
    return solid[blocks[ax, az, y]]


@nb.njit(cache=True)
def _clip_axis(blocks, solid, box, axis, d):
    """Clip a move of `box` (minx,miny,minz,maxx,maxy,maxz) by `d` along `axis`."""
    if d == 0.0:
        return 0.0
    eps = 1e-7
    lo = np.empty(3)
    hi = np.empty(3)
    for k in range(3):
        lo[k] = box[k]
        hi[k] = box[k + 3]
    if d > 0:
        hi[axis] += d
    else:
        lo[axis] += d
    x0, x1 = math.floor(lo[0] + eps), math.floor(hi[0] - eps)
    y0, y1 = math.floor(lo[1] + eps), math.floor(hi[1] - eps)
    z0, z1 = math.floor(lo[2] + eps), math.floor(hi[2] - eps)
    for bx in range(x0, x1 + 1):
        for by in range(y0, y1 + 1):
            for bz in range(z0, z1 + 1):
                if not _is_solid(blocks, solid, bx, by, bz):
                    continue
                if axis == 0:
                    c = bx
                elif axis == 1:
                    c = by
                else:
                    c = bz
                if d > 0:
                    gap = c - box[axis + 3]
                    if gap >= -eps and gap < d:
                        d = max(gap, 0.0)
                else:
                    gap = (c + 1.0) - box[axis]
                    if gap <= eps and gap > d:
                        d = min(gap, 0.0)
    return d


@nb.njit(cache=True)
def _make_box(x, y, z, h):
    b = np.empty(6)
    hw = WIDTH / 2
    b[0], b[1], b[2] = x - hw, y, z - hw
    b[3], b[4], b[5] = x + hw, y + h, z + hw
    return b


@nb.njit(cache=True)
def _touches_block(blocks, ids_mask, x, y, z, h):
    """Does the player box (deflated by 0.001) overlap any block whose id is in ids_mask?"""
    hw = WIDTH / 2 - 0.001
    for bx in range(math.floor(x - hw), math.floor(x + hw) + 1):
        for by in range(math.floor(y + 0.001), math.floor(y + h - 0.001) + 1):
            for bz in range(math.floor(z - hw), math.floor(z + hw) + 1):
                ax = bx + ORIGIN
                az = bz + ORIGIN
                if by < 0 or by >= blocks.shape[2] or ax < 0 or az < 0:
                    continue
                if ax >= blocks.shape[0] or az >= blocks.shape[1]:
                    continue
                if ids_mask[blocks[ax, az, by]]:
                    return True
    return False


@nb.njit(cache=True)
def _has_ground_below(blocks, solid, x, y, z, dx, dz):
    box = _make_box(x + dx, y, z + dz, HEIGHT)
    return _clip_axis(blocks, solid, box, 1, -0.6) > -0.6


@nb.njit(cache=True)
def player_tick(state, inputs, yaw_deg, speed_mult, blocks, solid, water_mask, slip):
    """Advance the player one tick. Returns fall damage (hit points) taken on landing."""
    fwd = float(inputs[I_FORWARD] - inputs[I_BACK])
    strafe = float(inputs[I_LEFT] - inputs[I_RIGHT])
    sneak = inputs[I_SNEAK] != 0
    state[SNEAKING] = 1.0 if sneak else 0.0
    in_water = _touches_block(blocks, water_mask, state[X], state[Y], state[Z], HEIGHT)
    state[IN_WATER] = 1.0 if in_water else 0.0

    # sprinting: starts with sprint key + forward, stops on no forward, sneak, or a wall
    if inputs[I_SPRINT] != 0 and fwd > 0 and not sneak:
        state[SPRINTING] = 1.0
    if fwd <= 0 or sneak or state[H_COLLIDED] > 0:
        state[SPRINTING] = 0.0
    sprinting = state[SPRINTING] > 0

    if sneak:
        fwd *= 0.3
        strafe *= 0.3
    fwd *= 0.98
    strafe *= 0.98

    # jumping
    if state[JUMP_DELAY] > 0:
        state[JUMP_DELAY] -= 1
    yaw = math.radians(yaw_deg)
    if inputs[I_JUMP] != 0:
        if in_water:
            state[VY] += 0.04
        elif state[ON_GROUND] > 0 and state[JUMP_DELAY] == 0:
            state[VY] = 0.42
            if sprinting:
                state[VX] -= math.sin(yaw) * 0.2
                state[VZ] += math.cos(yaw) * 0.2
            state[JUMP_DELAY] = 10
    else:
        state[JUMP_DELAY] = 0

    # acceleration (Minecraft's moveRelative)
    speed = 0.1 * speed_mult * (1.3 if sprinting else 1.0)
    if in_water:
        accel = 0.02
        friction = 0.8
    elif state[ON_GROUND] > 0:
        accel = speed * (0.21600002 / (slip * slip * slip))
        friction = slip * 0.91
    else:
        accel = 0.026 if sprinting else 0.02
        friction = 0.91
    mag2 = fwd * fwd + strafe * strafe
    if mag2 >= 1e-7:
        mag = math.sqrt(mag2)
        if mag > 1.0:
            fwd /= mag
            strafe /= mag
        fx, fz = strafe * accel, fwd * accel
        s, c = math.sin(yaw), math.cos(yaw)
        state[VX] += fx * c - fz * s
        state[VZ] += fz * c + fx * s

    # collide and move
    h = SNEAK_HEIGHT if sneak else HEIGHT
    dx, dy, dz = state[VX], state[VY], state[VZ]
    if sneak and state[ON_GROUND] > 0 and not in_water:  # don't walk off edges while sneaking
        while dx != 0.0 and not _has_ground_below(blocks, solid, state[X], state[Y], state[Z], dx, 0.0):
            dx = 0.0 if abs(dx) < 0.05 else dx - 0.05 * np.sign(dx)
        while dz != 0.0 and not _has_ground_below(blocks, solid, state[X], state[Y], state[Z], 0.0, dz):
            dz = 0.0 if abs(dz) < 0.05 else dz - 0.05 * np.sign(dz)
    box = _make_box(state[X], state[Y], state[Z], h)
    cy = _clip_axis(blocks, solid, box, 1, dy)
    box[1] += cy
    box[4] += cy
    if abs(dx) >= abs(dz):
        cx = _clip_axis(blocks, solid, box, 0, dx)
        box[0] += cx
        box[3] += cx
        cz = _clip_axis(blocks, solid, box, 2, dz)
        box[2] += cz
        box[5] += cz
    else:
        cz = _clip_axis(blocks, solid, box, 2, dz)
        box[2] += cz
        box[5] += cz
        cx = _clip_axis(blocks, solid, box, 0, dx)
        box[0] += cx
        box[3] += cx
    state[X] = (box[0] + box[3]) * 0.5
    state[Y] = box[1]
    state[Z] = (box[2] + box[5]) * 0.5
    hit_x = cx != dx
    hit_z = cz != dz
    landed = cy != dy and dy < 0
    state[H_COLLIDED] = 1.0 if (hit_x or hit_z) else 0.0
    state[ON_GROUND] = 1.0 if landed else 0.0
    if hit_x:
        state[VX] = 0.0
    if hit_z:
        state[VZ] = 0.0
    if cy != dy:
        state[VY] = 0.0

    # fall distance and damage
    damage = 0.0
    if in_water:
        state[FALL] = 0.0
    elif landed:
        if state[FALL] > 3.0:
            damage = math.ceil(state[FALL] - 3.0)
        state[FALL] = 0.0
    elif cy < 0:
        state[FALL] -= cy

    # drag and gravity
    if in_water:
        state[VX] *= friction
        state[VZ] *= friction
        state[VY] = state[VY] * 0.8 - 0.005
    else:
        state[VX] *= friction
        state[VZ] *= friction
        state[VY] = (state[VY] - 0.08) * 0.98
    return damage


@nb.njit(cache=True)
def box_free(blocks, solid, minx, miny, minz, maxx, maxy, maxz):
    """True if no solid block overlaps the box (used before placing a block or teleporting)."""
    for bx in range(math.floor(minx), math.floor(maxx - 1e-9) + 1):
        for by in range(math.floor(miny), math.floor(maxy - 1e-9) + 1):
            for bz in range(math.floor(minz), math.floor(maxz - 1e-9) + 1):
                if _is_solid(blocks, solid, bx, by, bz):
                    return False
    return True


@nb.njit(cache=True)
def raycast_block(blocks, targetable, ex, ey, ez, dx, dy, dz, reach):
    """First targetable block along a ray (grid DDA). Returns (hit, bx, by, bz, fx, fy, fz, dist)
    where (fx, fy, fz) is the normal of the face that was hit."""
    bx, by, bz = math.floor(ex), math.floor(ey), math.floor(ez)
    step_x = 1 if dx > 0 else -1
    step_y = 1 if dy > 0 else -1
    step_z = 1 if dz > 0 else -1
    inf = 1e30
    tdx = abs(1.0 / dx) if dx != 0 else inf
    tdy = abs(1.0 / dy) if dy != 0 else inf
    tdz = abs(1.0 / dz) if dz != 0 else inf
    tx = ((bx + 1 - ex) if dx > 0 else (ex - bx)) * tdx if dx != 0 else inf
    ty = ((by + 1 - ey) if dy > 0 else (ey - by)) * tdy if dy != 0 else inf
    tz = ((bz + 1 - ez) if dz > 0 else (ez - bz)) * tdz if dz != 0 else inf
    fx = fy = fz = 0
    t = 0.0
    while t <= reach:
        if 0 <= by < blocks.shape[2]:
            ax = bx + ORIGIN
            az = bz + ORIGIN
            if 0 <= ax < blocks.shape[0] and 0 <= az < blocks.shape[1]:
                if targetable[blocks[ax, az, by]]:
                    return True, bx, by, bz, fx, fy, fz, t
        if tx < ty and tx < tz:
            t = tx
            tx += tdx
            bx += step_x
            fx, fy, fz = -step_x, 0, 0
        elif ty < tz:
            t = ty
            ty += tdy
            by += step_y
            fx, fy, fz = 0, -step_y, 0
        else:
            t = tz
            tz += tdz
            bz += step_z
            fx, fy, fz = 0, 0, -step_z
    return False, 0, 0, 0, 0, 0, 0, reach


def look_vector(pitch_deg: float, yaw_deg: float) -> tuple[float, float, float]:
    """Minecraft's view direction: yaw 0 faces +z, yaw 90 faces -x, pitch +90 looks down."""
    p, y = math.radians(pitch_deg), math.radians(yaw_deg)
    return (-math.sin(y) * math.cos(p), -math.sin(p), math.cos(y) * math.cos(p))
