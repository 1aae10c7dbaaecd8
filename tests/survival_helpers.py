"""Helpers for the survival / mob / interaction tests (the `flat` fixture installs no systems)."""

from __future__ import annotations

import math

from envs.voxel import systems

MINE = ("interactions", "survival", "mob_ai")


def install(flat, *names: str, spawning: bool = False):
    """Install our systems (all three by default) on the flat test game; natural spawning is off
    unless asked for, so tests see only the mobs they summon."""
    systems.install(flat.game, list(names) or list(MINE))
    flat.game.rules["doMobSpawning"] = spawning
    return flat.game


def look_at(game, x: float, y: float, z: float) -> None:
    """Turn the player's view to the point (x, y, z)."""
    ex, ey, ez = game.eye()
    dx, dy, dz = x - ex, y - ey, z - ez
    game.yaw = math.degrees(math.atan2(-dx, dz))
    game.pitch = -math.degrees(math.atan2(dy, math.hypot(dx, dz)))


def tick_events(flat, n: int, **held) -> list[tuple]:
    """Tick n times holding `held` buttons; return every event of those ticks."""
    out = []
    for _ in range(n):
        flat.tick(**held)
        out.extend(flat.game.events)
    return out


def hurts(events, cause: str | None = None) -> list[float]:
    return [e[2] for e in events if e[0] == "hurt" and (cause is None or e[1] == cause)]
