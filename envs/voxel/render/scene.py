"""The block scene of one frame in a single compiled call: trace the first pixel grid, fill and
trace the leftovers of the two fill stages, then shade (see `raycast.py` for the passes).

One call instead of six saves the per-call dispatch of ~30 array arguments and the Python that
builds them, which at 128×128 is a visible share of a ~1 ms step.
"""

from __future__ import annotations

import numba as nb

from .fill import fill_pass
from .raycast import JIT
from .shade import shade_pixels
from .trace import trace_pixels


@nb.njit(**JIT)
def render_scene(
    out, depth, first, nfirst, todo, adaptive, fill_grazed, cover,
    hit_kind, hit_block, hit_face, hit_t, hit_voxel, hit_uv,
    layer_block, layer_t, layer_face, layer_voxel, clear_t, t_start,
    blocks, hmax4, hmax16, qmax, kind, face_tex, atlas, boxes, U, V, invn, P,
    height, emissive, sky_lut, light_lut, crack,
):  # fmt: skip
    """Trace (adaptively), fill and shade the block scene into `out` and `depth`; returns the
    number of rays cast. `first[:nfirst]`: the pixels traced first; `todo`: scratch (W·H)."""
    trace_pixels(first, nfirst, hit_kind, hit_block, hit_face, hit_t, hit_voxel, hit_uv,
                 layer_block, layer_t, layer_face, layer_voxel, clear_t, t_start,
                 blocks, hmax4, hmax16, qmax, kind, face_tex, atlas, boxes, U, V, invn, P)
    rays = nfirst
    if adaptive:
        for stage in range(1, 3):
            n = fill_pass(stage, todo, hit_kind, hit_block, hit_face, hit_t, hit_voxel,
                          layer_block, layer_t, layer_face, layer_voxel, clear_t, t_start, kind,
                          blocks, U, V, invn, P, True, True, fill_grazed, cover)
            trace_pixels(todo, n, hit_kind, hit_block, hit_face, hit_t, hit_voxel, hit_uv,
                         layer_block, layer_t, layer_face, layer_voxel, clear_t, t_start,
                         blocks, hmax4, hmax16, qmax, kind, face_tex, atlas, boxes, U, V, invn, P)
            rays += n
    shade_pixels(out, depth, hit_kind, hit_block, hit_face, hit_t, hit_voxel, hit_uv,
                 layer_block, layer_t, layer_face, layer_voxel, height, kind, face_tex, atlas,
                 emissive, U, V, invn, P, sky_lut, light_lut, crack, cover)
    return rays
