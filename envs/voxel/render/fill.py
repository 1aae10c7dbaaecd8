"""Adaptive 2x2 tracing: which pixels the trace pass must cast, and the in-between pixels that are
filled from their neighbours instead.

Every other pixel per axis is traced first. A pixel between two traced neighbours (left/right,
or above/below) whose rays both hit the same face of the same opaque cube, through the same
translucent layer face (or none), is filled: its ray direction is the mean of theirs, so it
meets the face plane on the segment between their hit points, which lies on that (convex)
face; its distance is one plane intersection, and the shading pass textures it exactly like a
traced pixel. Only an occluder thinner than the gap between the two neighbour rays could be
missed. Pixels whose neighbours disagree are traced. Pixels between two sky rays are filled as
sky when `fill_sky` is set (a sub-2-pixel object against the sky could then be missed).
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from .raycast import (
    CUBE,
    FAR,
    GRAZED,
    HIT_FACE,
    HIT_MASK,
    HIT_SKY,
    INLINE,
    JIT,
    P_FX,
    P_FY,
    P_FZ,
    P_OX,
    P_OY,
    P_OZ,
    P_RX,
    P_RZ,
    P_UX,
    P_UY,
    P_UZ,
)

START_MARGIN = 1.0  # blocks


def grid_pixels(width: int, height: int) -> np.ndarray:
    """The pixels traced first, even column and even row, as (row << 16) | column."""
    j, i = np.mgrid[0:height:2, 0:width:2]
    return np.ascontiguousarray(((j << 16) | i).reshape(-1), np.int64)


def all_pixels(width: int, height: int) -> np.ndarray:
    """Every pixel as (row << 16) | column (the pixel list of a full trace)."""
    j, i = np.mgrid[0:height, 0:width]
    return np.ascontiguousarray(((j << 16) | i).reshape(-1), np.int64)


def uncovered(pixels: np.ndarray, cover: tuple[int, int, int, int]) -> np.ndarray:
    """The pixels of a list outside the rectangle `cover` (y0, y1, x0, x1)."""
    j, i = pixels >> 16, pixels & 0xFFFF
    inside = (cover[0] <= j) & (j < cover[1]) & (cover[2] <= i) & (i < cover[3])
    return np.ascontiguousarray(pixels[~inside])


@nb.njit(**INLINE)
def _plane_t(face, vx, vy, vz, ox, oy, oz, dx, dy, dz):
    """Ray parameter where o + t d meets the plane of `face` of voxel (vx, vy, vz)."""
    axis = face >> 1
    side = face & 1
    if axis == 0:
        return (vx + side - ox) / dx
    if axis == 1:
        return (vy + side - oy) / dy
    return (vz + side - oz) / dz


@nb.njit(**JIT)
def fill_pass(
    stage, todo, hit_kind, hit_block, hit_face, hit_t, hit_voxel,
    layer_block, layer_t, layer_face, layer_voxel, clear_t, t_start, kind, blocks, U, V, invn,
    P, fill_sky, planes, fill_grazed, cover,
):  # fmt: skip
    """Stage 1: pixels with one odd coordinate (neighbours along that axis); stage 2: pixels
    with both odd (left/right, else above/below). Fills what it can; writes the pixels left to
    trace into `todo` and returns their count, with t_start set where their rays may begin:
    `START_MARGIN` blocks before the nearer neighbour met its first block (nothing thinner
    than the gap between the neighbour rays sits in front of that). The neighbours must be
    traced or filled. Pixels in the rectangle `cover` (y0, y1, x0, x1) are neither filled nor
    traced, nor used as neighbours."""
    H = V.shape[0]
    W = U.shape[0]
    SX = blocks.shape[0]
    SZ = blocks.shape[1]
    SY = blocks.shape[2]
    ox, oy, oz = P[P_OX], P[P_OY], P[P_OZ]
    fx, fy, fz = P[P_FX], P[P_FY], P[P_FZ]
    rx, rz = P[P_RX], P[P_RZ]
    ux, uy, uz = P[P_UX], P[P_UY], P[P_UZ]
    cy0, cy1, cx0, cx1 = cover[0], cover[1], cover[2], cover[3]
    n = 0
    for j in range(H):
        jodd = j & 1
        rows = cy0 <= j < cy1  # this row crosses the covered rectangle
        near = cy0 - 1 <= j <= cy1  # a neighbour above or below may be covered
        if stage == 2 and jodd == 0:
            continue
        # stage 1: odd columns of even rows, even columns of odd rows; stage 2: odd, odd
        for i in range(1 - jodd if stage == 1 else 1, W, 2):
            iodd = i & 1
            if rows and cx0 <= i < cx1:
                continue
            p = j * W + i
            dy = fy + V[j] * uy
            if abs(dy) < 1e-9:
                dy = 1e-9
            dx = fx + U[i] * rx + V[j] * ux
            dz = fz + U[i] * rz + V[j] * uz
            if abs(dx) < 1e-9:
                dx = 1e-9
            if abs(dz) < 1e-9:
                dz = 1e-9
            # the pair of neighbours to fill from: left/right, else above/below
            # (the test is written out here: an inlined helper taking the buffers would cost
            # reference counting per pixel)
            r = 0
            a = p
            tc = FAR  # where the neighbour rays met their first non-air voxel
            paired = False
            for pair in range(2):
                if pair == 0:
                    if not iodd or i + 1 >= W or (rows and cx0 - 1 <= i <= cx1):
                        continue
                    a, b = p - 1, p + 1
                else:
                    if not jodd or j + 1 >= H or (near and cx0 <= i < cx1):
                        continue
                    a, b = p - W, p + W
                paired = True
                tc = min(tc, min(clear_t[a], clear_t[b]))
                ka = hit_kind[a]
                kb = hit_kind[b]
                grazed = ((ka | kb) & GRAZED) != 0
                ka &= HIT_MASK
                if ka != kb & HIT_MASK or layer_block[a] != layer_block[b]:
                    continue
                if grazed and not fill_grazed:
                    continue
                if layer_block[a] != 0 and (
                    layer_face[a] < 0
                    or layer_face[a] != layer_face[b]
                    or layer_voxel[a, 0] != layer_voxel[b, 0]
                    or layer_voxel[a, 1] != layer_voxel[b, 1]
                    or layer_voxel[a, 2] != layer_voxel[b, 2]
                ):
                    continue
                if ka == HIT_SKY:
                    if fill_sky and layer_block[a] == 0 and not grazed:
                        r = 2
                        break
                    continue
                # both hit the same face plane of opaque cubes
                f = hit_face[a]
                ax = f >> 1
                if ka != HIT_FACE or hit_face[b] != f or hit_voxel[a, ax] != hit_voxel[b, ax]:
                    continue
                if kind[hit_block[a]] != CUBE or kind[hit_block[b]] != CUBE:
                    continue
                vx, vy, vz = hit_voxel[a, 0], hit_voxel[a, 1], hit_voxel[a, 2]
                same = vx == hit_voxel[b, 0] and vy == hit_voxel[b, 1] and vz == hit_voxel[b, 2]
                if not same and (not planes or layer_block[a] != 0):
                    continue
                t = _plane_t(f, vx, vy, vz, ox, oy, oz, dx, dy, dz)
                blk = hit_block[a]
                if not same:  # the cube under this ray's point on the plane must be opaque
                    if ax != 0:
                        vx = int(math.floor(ox + t * dx))
                    if ax != 1:
                        vy = int(math.floor(oy + t * dy))
                    if ax != 2:
                        vz = int(math.floor(oz + t * dz))
                    if min(vx, vy, vz) < 0 or vx >= SX or vz >= SZ or vy >= SY:
                        continue
                    blk = blocks[vx, vz, vy]
                    if kind[blk] != CUBE:
                        continue
                if not same or grazed:  # ... and open on that face (no plant standing on it)
                    nx = vx + (f == 1) - (f == 0)
                    ny = vy + (f == 3) - (f == 2)
                    nz = vz + (f == 5) - (f == 4)
                    if min(nx, ny, nz) >= 0 and nx < SX and nz < SZ and ny < SY:
                        if blocks[nx, nz, ny] != 0:
                            continue
                r = 1
                break
            if r == 0:
                todo[n] = (j << 16) | i
                n += 1
                ts = tc - START_MARGIN * invn[j, i]
                t_start[p] = ts if paired and tc < FAR and ts > 0.0 else 0.0
                continue
            clear_t[p] = tc
            hit_kind[p] = ka
            layer_block[p] = layer_block[a]
            if r == 2:
                hit_t[p] = FAR
                continue
            hit_block[p] = blk
            hit_face[p] = f
            hit_voxel[p, 0] = vx
            hit_voxel[p, 1] = vy
            hit_voxel[p, 2] = vz
            hit_t[p] = t
            if layer_block[a] != 0:
                f = layer_face[a]
                vx, vy, vz = layer_voxel[a, 0], layer_voxel[a, 1], layer_voxel[a, 2]
                layer_face[p] = f
                layer_voxel[p, 0] = vx
                layer_voxel[p, 1] = vy
                layer_voxel[p, 2] = vz
                layer_t[p] = _plane_t(f, vx, vy, vz, ox, oy, oz, dx, dy, dz)
    return n
