"""First-person software renderer of a VoxelWorld: numba ray caster + HUD, CPU only, no display.

`Renderer(gd, width, height).render(world, eye, pitch, yaw, ...)` returns an (H, W, 3) uint8 RGB
frame. Conventions are Minecraft's: yaw 0 faces +z (south), 90 faces -x, pitch +90 looks down;
vertical FOV `fov_deg`; with `minerl_aspect` the horizontal FOV is that of a 16:9 frame whatever
the output size (a 128x128 frame is MineRL's 640x360 view squashed, as VPT trains on).

A frame is made in passes (see `raycast.py`): trace every other pixel per axis, fill the pixels
in between from their neighbours where both hit the same face plane of opaque cubes (tracing the
rest), shade, then entities, the target outline, rain and the HUD. `adaptive=False` traces every
pixel; `fill_grazed=False` also traces pixels whose neighbours passed a plant or other partial
block without hitting it (pixel-exact with a full trace but for sub-2-pixel occluders; the
default fills them when the cube face itself is open, which thins grass blades in ~0.3% of
pixels at 128x128 for ~10% less time).
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from ..gamedata import GameData
from ..world import ORIGIN, World
from . import raycast as rc
from .fill import all_pixels, grid_pixels, uncovered
from .heightmaps import update_hmax, update_qmax
from .hud import HudRenderer, HudState
from .overlays import draw_outline, rain_overlay, render_entities
from .scene import render_scene
from .sky import fill_sky_tables
from .textures import RenderAssets, load_assets

__all__ = ["Renderer", "HudState"]

_JIT = dict(cache=True, fastmath=True, boundscheck=False, nogil=True)


@nb.njit(**_JIT)
def _composite(out, idx, rgba, lum):
    """Alpha-blend a sparse overlay (flat pixel indices + RGBA, colour scaled by `lum`);
    alpha 1 marks crosshair pixels, which invert the scene like Minecraft's crosshair."""
    flat = out.reshape(-1)
    for k in range(idx.shape[0]):
        p = idx[k] * 3
        a = rgba[k, 3]
        if a == 1:
            flat[p] = 255 - flat[p]
            flat[p + 1] = 255 - flat[p + 1]
            flat[p + 2] = 255 - flat[p + 2]
        else:
            w = a * (1.0 / 255.0)
            for c in range(3):
                v = flat[p + c] + (rgba[k, c] * lum - flat[p + c]) * w
                flat[p + c] = np.uint8(min(255.0, max(0.0, v)))


class Renderer:
    """Renders first-person frames of a World at a fixed size (see module docstring)."""

    def __init__(
        self,
        gd: GameData,
        width: int,
        height: int,
        fov_deg: float = 70.0,
        view_distance: int = 64,
        minerl_aspect: bool = True,
        adaptive: bool = True,
        fill_grazed: bool = True,
    ):
        if width < 1 or height < 1:
            raise ValueError(f"Renderer: width and height must be >= 1, got {width}x{height}")
        self.gd = gd
        self.width = int(width)
        self.height = int(height)
        self.fov_deg = float(fov_deg)
        self.view_distance = int(view_distance)
        self.minerl_aspect = bool(minerl_aspect)
        self.assets: RenderAssets = load_assets(gd)
        tv = math.tan(math.radians(self.fov_deg) / 2)
        th = tv * (16.0 / 9.0 if minerl_aspect else self.width / self.height)
        self.tan_h, self.tan_v = th, tv
        self.U = ((2 * (np.arange(self.width) + 0.5) / self.width - 1) * th).astype(np.float64)
        self.V = ((1 - 2 * (np.arange(self.height) + 0.5) / self.height) * tv).astype(np.float64)
        self.depth = np.empty((self.height, self.width), np.float32)
        self.P = np.zeros(rc.N_PARAMS, np.float64)
        self.P[rc.P_TANH], self.P[rc.P_TANV] = th, tv
        self._scratch = np.empty(12 * 2 * (2 * (self.width + self.height) + 2), np.int64)
        self.sky_lut = np.zeros((256, 3), np.float32)
        self.light_lut = np.ones(16, np.float32)
        self._sky_key = None
        self._lut_key = None  # what sky_lut / light_lut hold (see sky.fill_sky_tables)
        self._hmax4: np.ndarray | None = None
        self._hmax16: np.ndarray | None = None
        self._hmax_key = None
        self._hmax_box = (0, 0, 0, 0)
        self._ytop = 0
        self.invn = (1.0 / np.sqrt(1.0 + self.U[None, :] ** 2 + self.V[:, None] ** 2)).astype(
            np.float32
        )
        self.water_id = gd.block_id.get("water", -1)
        self.hud = HudRenderer(self.assets, self.width, self.height, gd.item_to_block)
        # per-pixel hit buffers of the trace pass (flat), read by the fill and shading passes
        n = self.width * self.height
        self.hit_kind = np.zeros(n, np.uint8)
        self.hit_block = np.zeros(n, np.uint16)
        self.hit_face = np.zeros(n, np.int8)
        self.hit_t = np.zeros(n, np.float64)
        self.hit_voxel = np.zeros((n, 3), np.int32)
        self.hit_uv = np.zeros((n, 2), np.uint8)
        self.layer_block = np.zeros(n, np.uint16)
        self.layer_t = np.zeros(n, np.float64)
        self.layer_face = np.zeros(n, np.int8)
        self.layer_voxel = np.zeros((n, 3), np.int32)
        self.clear_t = np.zeros(n, np.float64)
        self.t_start = np.zeros(n, np.float64)
        self.adaptive = bool(adaptive)
        self.fill_grazed = bool(fill_grazed)
        pixels = grid_pixels if adaptive else all_pixels
        self._first = pixels(self.width, self.height)
        self._todo = np.empty(n, np.int64)
        self._first_uncovered: dict[tuple, np.ndarray] = {}
        self._buffers = (self.hit_kind, self.hit_block, self.hit_face, self.hit_t, self.hit_voxel,
                         self.hit_uv, self.layer_block, self.layer_t, self.layer_face,
                         self.layer_voxel, self.clear_t, self.t_start)
        self.rays_traced = 0  # rays cast for the last frame (the rest were filled)
        self._load_overlay_kernels()

    def _load_overlay_kernels(self) -> None:
        """Load the compiled kernels that only some frames use (entities, outline, rain, HUD)
        now, from numba's on-disk cache, instead of in the middle of an episode."""
        out = np.zeros((self.height, self.width, 3), np.uint8)
        depth = np.zeros((self.height, self.width), np.float32)
        render_entities(out, depth, np.zeros((0, 9), np.float32), np.zeros((1, 1), np.int16),
                        self.U, self.V, self.P, self.light_lut, 0.0)
        draw_outline(out, depth, self.P, self._scratch)
        rain_overlay(out, 0)
        _composite(out, np.zeros(0, np.int64), np.zeros((0, 4), np.uint8), 1.0)

    # -- per-frame state ------------------------------------------------------------------
    def _world_top(self, world: World, ax: float, az: float) -> int:
        """Refresh the pooled max-height maps around the eye when the world changed or the
        eye left the square they cover; returns the max height of that square."""
        sx, sz = world.height.shape
        if self._hmax4 is None or self._hmax4.shape != (sx // 4, sz // 4):
            self._hmax4 = np.zeros((sx // 4, sz // 4), np.int16)
            self._hmax16 = np.zeros((sx // 16, sz // 16), np.int16)
            self._qmax = np.zeros((4, sx // 16, sz // 16), np.int16)
            self._hmax_key = None
        r = self.view_distance + 2
        x0, x1, z0, z1 = self._hmax_box
        inside = x0 <= ax - r and ax + r <= x1 and z0 <= az - r and az + r <= z1
        key = (id(world), world.version)
        if key != self._hmax_key or not inside:
            m = r + 24
            x0 = max(0, int(ax - m) // 16 * 16)
            z0 = max(0, int(az - m) // 16 * 16)
            x1 = min(sx, (int(ax + m) // 16 + 1) * 16)
            z1 = min(sz, (int(az + m) // 16 + 1) * 16)
            self._ytop = int(
                update_hmax(world.height, self._hmax4, self._hmax16, x0, x1, z0, z1)
            )
            self._hmax_box = (x0, x1, z0, z1)
            self._hmax_key = key
        return self._ytop

    def _sky(self, time_of_day: int, rain: bool, underwater: bool, night_vision: bool) -> None:
        """Fill sky/fog/light parameters for the time of day (cached on the inputs)."""
        key = (int(time_of_day) % 24000, bool(rain), bool(underwater), bool(night_vision))
        if key != self._sky_key:
            self._sky_key = key
            self._lut_key = fill_sky_tables(self.P, self.sky_lut, self.light_lut,
                                            self.view_distance, *key, tables_key=self._lut_key)

    def _eye_light(
        self, world: World, bx: int, by: int, bz: int, night_vision: bool, sky_only: bool = False
    ) -> float:
        """Brightness of the hand: the scene light at the eye (day/night, cover above).
        With `sky_only`: 1.0 when the eye is under open sky, else 0.0."""
        h = world.height[bx + ORIGIN, bz + ORIGIN] if world.in_bounds(bx, 0, bz) else 0
        if sky_only:
            return 1.0 if by >= h else 0.0
        if night_vision:
            return 1.0
        lvl = 15 if by >= h else max(0, 15 - (int(h) - by))
        return float(self.light_lut[lvl]) * 0.9 + 0.1

    def _outline_box(self, world: World, target) -> np.ndarray:
        b = world.get(int(target[0]), int(target[1]), int(target[2]))
        k = self.assets.kind[b]
        if k == rc.BOX:
            return self.assets.boxes[b]
        if k == rc.CROSS:
            return np.array([0.125, 0.0, 0.125, 0.875, 0.8125, 0.875])
        return np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])

    def _blocks(self, world: World, out: np.ndarray, cover: tuple[int, int, int, int]) -> None:
        """Trace (adaptively), fill and shade the block scene into `out` and `self.depth`."""
        a, P = self.assets, self.P
        update_qmax(self._hmax16, self._qmax, P[rc.P_OX], P[rc.P_OZ], P[rc.P_VIEW])
        first = self._first
        if cover[0] < cover[1] and cover[2] < cover[3]:
            if cover not in self._first_uncovered:
                if len(self._first_uncovered) > 8:
                    self._first_uncovered.clear()
                self._first_uncovered[cover] = uncovered(self._first, cover)
            first = self._first_uncovered[cover]
        self.rays_traced = render_scene(
            out, self.depth, first, len(first), self._todo, self.adaptive, self.fill_grazed,
            cover, *self._buffers, world.blocks, self._hmax4, self._hmax16, self._qmax, a.kind,
            a.face_tex, a.atlas, a.boxes, self.U, self.V, self.invn, P, world.height, a.emissive,
            self.sky_lut, self.light_lut, a.crack)

    # -- the frame -------------------------------------------------------------------------
    def render(
        self,
        world: World,
        eye: tuple[float, float, float],
        pitch: float,
        yaw: float,
        *,
        time_of_day: int = 6000,
        rain: bool = False,
        entities: np.ndarray | None = None,
        hud: HudState | None = None,
        target: tuple[int, int, int] | None = None,
        break_progress: float = 0.0,
        night_vision: bool = False,
        out: np.ndarray | None = None,
        cover: tuple[int, int, int, int] | None = None,
    ) -> np.ndarray:
        """Render one frame; returns `out` (allocated when None) as (H, W, 3) uint8 RGB.
        `cover` (y0, y1, x0, x1): a rectangle the caller paints over opaquely afterwards (an
        open GUI screen); the scene is not rendered there."""
        H, W = self.height, self.width
        if out is None:
            out = np.empty((H, W, 3), np.uint8)
        elif out.shape != (H, W, 3) or out.dtype != np.uint8 or not out.flags.c_contiguous:
            raise ValueError(
                f"Renderer.render: out must be a C-contiguous uint8 array of shape "
                f"{(H, W, 3)}, got {out.dtype} {out.shape}"
            )
        ex, ey, ez = (float(v) for v in eye)
        if not all(math.isfinite(v) for v in (ex, ey, ez, float(pitch), float(yaw))):
            raise ValueError(
                f"Renderer.render: eye {tuple(eye)}, pitch {pitch} and yaw {yaw} must be finite"
            )
        ax, az = ex + ORIGIN, ez + ORIGIN
        bx, by, bz = math.floor(ex), math.floor(ey), math.floor(ez)
        underwater = world.get(bx, by, bz) == self.water_id if self.water_id > 0 else False
        self._sky(time_of_day, rain, underwater, night_vision)
        P = self.P
        p = math.radians(max(-90.0, min(90.0, float(pitch))))
        y = math.radians(float(yaw))
        cp, sp, cy, sy = math.cos(p), math.sin(p), math.cos(y), math.sin(y)
        f = (-sy * cp, -sp, cy * cp)
        r = (-cy, 0.0, -sy)
        u = (r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0])
        P[rc.P_OX], P[rc.P_OY], P[rc.P_OZ] = ax, ey, az
        P[rc.P_FX], P[rc.P_FY], P[rc.P_FZ] = f
        P[rc.P_RX], P[rc.P_RY], P[rc.P_RZ] = r
        P[rc.P_UX], P[rc.P_UY], P[rc.P_UZ] = u
        P[rc.P_UNDERWATER] = 1.0 if underwater else 0.0
        P[rc.P_YTOP] = self._world_top(world, ax, az)
        if target is not None:
            P[rc.P_TX], P[rc.P_TY], P[rc.P_TZ] = (target[0] + ORIGIN, target[1], target[2] + ORIGIN)
            P[rc.P_HASTGT] = 1.0
            P[rc.P_CRACK] = min(9, int(break_progress * 10)) if break_progress > 0 else -1
            P[rc.P_OB : rc.P_OB + 6] = self._outline_box(world, target)
        else:
            P[rc.P_HASTGT] = 0.0
            P[rc.P_CRACK] = -1
        if cover is None:
            cover = (0, 0, 0, 0)
        else:
            cover = tuple(int(v) for v in cover)
            if len(cover) != 4:
                raise ValueError(f"Renderer.render: cover must be (y0, y1, x0, x1), got {cover}")
        self._blocks(world, out, cover)
        if entities is not None and len(entities):
            ent = np.ascontiguousarray(entities, np.float32)
            if ent.ndim != 2 or ent.shape[1] != 9:
                raise ValueError(
                    "Renderer.render: entities must be (N, 9) rows of min xyz, max xyz, rgb; "
                    f"got shape {ent.shape}"
                )
            render_entities(
                out, self.depth, ent, world.height, self.U, self.V, P, self.light_lut, float(ORIGIN)
            )
        if target is not None:
            draw_outline(out, self.depth, P, self._scratch)
        if rain and not underwater and self._eye_light(world, bx, by, bz, True, sky_only=True):
            rain_overlay(out, int(time_of_day) % 100000)
        if hud is not None and hud.show:
            idx, rgba = self.hud.hand(hud)
            _composite(out, idx, rgba, self._eye_light(world, bx, by, bz, night_vision))
            idx, rgba = self.hud.overlay(hud)
            _composite(out, idx, rgba, 1.0)
        return out
