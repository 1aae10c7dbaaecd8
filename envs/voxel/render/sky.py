"""The sky: its colour per view direction (gradient, sunrise glow, sun, moon, stars; inlined into
the shading pass) and the per-time-of-day tables (sky gradient, fog, light levels, tints)."""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from . import raycast as rc
from .raycast import INLINE

_ROW = np.arange(256) / 127.5 - 1.0  # sky-gradient table rows: direction y from -1 to 1
_GRAD = np.where(_ROW > 0, np.clip(_ROW / 0.45, 0.0, 1.0), 0.0)
_GRAD = np.where(_ROW > 0, _GRAD * _GRAD * (3 - 2 * _GRAD), 0.0)[:, None]
_LEVELS = np.arange(16, dtype=np.float64)


@nb.njit(**INLINE)
def sky_colour(dx, dy, dz, r, g, b, sx, sy, sz, sunvis, moonvis, stars, glow, gr, gg, gb):
    """Sky RGB for a normalised direction, given the gradient colour (r, g, b) for its height:
    adds the sunrise/sunset glow, the square sun and moon, and stars. Scalars only: numba
    helpers that take arrays pay reference counting on every call."""
    if glow > 0.0 and dy > -0.3 and sx * dx > 0.0:
        # sunrise/sunset: orange towards the sun (east or west) near the horizon
        a = abs(dx)
        w = glow * a * a * a * max(0.0, 1.0 - abs(dy) * 2.5)
        r += (gr - r) * w
        g += (gg - g) * w
        b += (gb - b) * w
    # sun and moon are squares on the celestial sphere rotating about the z axis
    cs = dx * sx + dy * sy + dz * sz
    if cs > 0.9 and sunvis > 0.0:
        a1 = dz / cs
        a2 = (dx * sy - dy * sx) / cs
        if abs(a1) < 0.1 and abs(a2) < 0.1:
            m = max(abs(a1), abs(a2))
            if m < 0.065:
                r += (255.0 - r) * sunvis
                g += (250.0 - g) * sunvis
                b += (215.0 - b) * sunvis
            else:
                r += (255.0 - r) * sunvis * 0.55
                g += (225.0 - g) * sunvis * 0.55
                b += (120.0 - b) * sunvis * 0.55
    elif cs < -0.9 and moonvis > 0.0:
        c = -cs
        a1 = dz / c
        a2 = -(dx * sy - dy * sx) / c
        if abs(a1) < 0.07 and abs(a2) < 0.07:
            iu = int((a1 + 0.07) * 57.0)
            iv = int((a2 + 0.07) * 57.0)
            crater = ((iu * 7 + iv * 13) % 11) < 3
            lum = 170.0 if crater else 225.0
            r += (lum - r) * moonvis
            g += (lum - g) * moonvis
            b += (lum + 10.0 - b) * moonvis
    if stars > 0.0 and dy > 0.0:
        qx = int((dx + 2.0) * 180.0)
        qy = int((dy + 2.0) * 180.0)
        qz = int((dz + 2.0) * 180.0)
        h = (qx * 73856093) ^ (qy * 19349663) ^ (qz * 83492791)
        h = (h ^ (h >> 13)) & 1023
        if h < 3:
            w = stars * (0.6 + 0.2 * h)
            r += (255.0 - r) * w
            g += (255.0 - g) * w
            b += (255.0 - b) * w
    return r, g, b


_TABLES: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}  # (zen, fog, darken) -> LUTs


def _tables(zen: tuple, fog: tuple, darken: float, night_vision: bool):
    """The sky gradient and light-level tables; cached, as they stay the same all day long."""
    key = (zen, fog, darken, night_vision)
    hit = _TABLES.get(key)
    if hit is None:
        if len(_TABLES) > 256:
            _TABLES.clear()
        zen_, fog_ = np.array(zen), np.array(fog)
        sky = (fog_ + (zen_ - fog_) * _GRAD).astype(np.float32)
        if night_vision:
            light = np.ones(16, np.float32)
        else:  # Minecraft lightmap with the "bright" gamma, sky darkened at night
            s = np.maximum(0.0, _LEVELS - darken) / 15.0
            b0 = s / (4.0 - 3.0 * s)
            light = (0.08 + 0.92 * (1.0 - (1.0 - b0) ** 4)).astype(np.float32)
        hit = _TABLES[key] = (sky, light)
    return hit


@nb.njit(cache=True)
def _smoothstep(x):
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


@nb.njit(cache=True)
def _sky_params(P, t, rain, underwater, vd):
    """Write the sky/fog/sun/light slots of `P` for time of day `t` (ticks, 6000 = noon);
    returns the zenith and fog colours and the sky darkening the lookup tables depend on."""
    # Minecraft's celestial angle: 0 at noon (6000 ticks), 0.5 at midnight
    f = (t / 24000.0 - 0.25) % 1.0
    f = f + ((1.0 - (math.cos(f * math.pi) + 1.0) / 2.0) - f) / 3.0
    ang = f * 2 * math.pi
    day = min(1.0, max(0.0, math.cos(ang) * 2.0 + 0.5))  # sky brightness
    rain_k = 1.0 if rain else 0.0
    n0, n1, n2 = 8.0, 10.0, 22.0  # night sky
    z0, z1, z2 = max(120.0 * day, n0), max(167.0 * day, n1), max(255.0 * day, n2)
    k = day * 0.94 + 0.06
    f0, f1, f2 = max(192.0 * k, n0 * 1.3), max(216.0 * k, n1 * 1.3), max(255.0 * k, n2 * 1.3)
    if rain:
        g = (z0 + z1 + z2) / 3.0 * 0.6
        z0, z1, z2 = z0 * 0.25 + g * 0.75, z1 * 0.25 + g * 0.75, z2 * 0.25 + g * 0.75
        g = (f0 + f1 + f2) / 3.0 * 0.65
        f0, f1, f2 = f0 * 0.25 + g * 0.75, f1 * 0.25 + g * 0.75, f2 * 0.25 + g * 0.75
    # sunrise/sunset glow near the horizon
    glow = max(0.0, 1.0 - abs(math.cos(ang)) / 0.4) * (1 - 0.8 * rain_k)
    glow = _smoothstep(glow) * 0.8
    if underwater:
        k = 0.25 + 0.75 * day
        z0, z1, z2 = 22.0 * k, 55.0 * k, 140.0 * k
        f0, f1, f2 = z0, z1, z2
    P[rc.P_FOGR], P[rc.P_FOGG], P[rc.P_FOGB] = f0, f1, f2
    P[rc.P_SKYR], P[rc.P_SKYG], P[rc.P_SKYB] = z0, z1, z2
    P[rc.P_SUNX], P[rc.P_SUNY], P[rc.P_SUNZ] = -math.sin(ang), math.cos(ang), 0.0
    vis = 0.0 if rain else 1.0
    P[rc.P_SUNVIS] = vis
    P[rc.P_MOONVIS] = vis * 0.9
    P[rc.P_STARS] = vis * _smoothstep((0.35 - day) / 0.35) * 0.8
    P[rc.P_GLOW] = glow
    P[rc.P_GLOWR], P[rc.P_GLOWG], P[rc.P_GLOWB] = 250.0, 130.0, 50.0
    P[rc.P_RAIN] = rain_k
    if underwater:
        P[rc.P_VIEW] = min(vd, 24.0)
        P[rc.P_FOG0], P[rc.P_FOG1] = 0.0, min(vd, 24.0)
        P[rc.P_TINTR], P[rc.P_TINTG], P[rc.P_TINTB] = 0.55, 0.7, 1.0
    else:
        P[rc.P_VIEW] = vd
        P[rc.P_FOG0], P[rc.P_FOG1] = vd * (0.5 if rain else 0.7), vd
        P[rc.P_TINTR], P[rc.P_TINTG], P[rc.P_TINTB] = 1.0, 1.0, 1.0
    return z0, z1, z2, f0, f1, f2, (1.0 - day) * 11.0 + rain_k * 3.0


def fill_sky_tables(
    P: np.ndarray, sky_lut: np.ndarray, light_lut: np.ndarray, view_distance: float,
    time_of_day: int, rain: bool, underwater: bool, night_vision: bool, tables_key=None,
) -> tuple:
    """Fill the sky/fog/light slots of the parameter vector `P`, the 256-row sky gradient
    `sky_lut` and the 16 light levels `light_lut` for a time of day (ticks, 6000 = noon).
    Returns the key of the tables; given the key of what the LUTs already hold
    (`tables_key`), they are only rewritten when it changed (all day long they stay the same)."""
    z0, z1, z2, f0, f1, f2, darken = _sky_params(
        P, float(int(time_of_day) % 24000), bool(rain), bool(underwater), float(view_distance))
    key = ((z0, z1, z2), (f0, f1, f2), darken, bool(night_vision))
    if key != tables_key:
        sky, light = _tables(*key)
        sky_lut[:] = sky
        light_lut[:] = light
    return key
