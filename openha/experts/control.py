"""Low-level control for the scripted experts: action dicts, the camera, and the skill context.

Skills are generators that `yield` one MineRL action dict per tick and read the privileged game
state (`ctx.game`) between ticks; `yield from` composes them and their `return` value says
whether they succeeded. Camera moves are whole VPT mouse units (0.15°) and at most `MAX_TURN`
degrees per tick, so recorded demonstrations convert to contractor mouse deltas exactly and look
like a person turning.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from envs.voxel import physics
from envs.voxel.spaces import noop

MOUSE_DEG = 360.0 / 2400.0  # degrees of camera per VPT mouse unit
MAX_TURN = 20.0  # degrees per tick (a brisk human flick is ~20-30°/tick)
AIM_TOL = 1.0  # degrees: aligned enough to start attacking / using

Action = dict[str, Any]
Skill = Generator[Action, None, Any]  # yields actions, returns a result


class SkillFailed(RuntimeError):
    """A skill that cannot finish (no path, nothing to mine...); the message says why."""


@dataclass
class Ctx:
    """What every skill sees: the env (privileged game inside), the task, and a trace."""

    env: Any  # the unwrapped VoxelWorldEnv
    task: Any = None  # TaskSpec or None
    notes: list[str] = field(default_factory=list)  # skill log for traces
    stack: list[str] = field(default_factory=list)  # current skill names (outermost first)
    ticks: int = 0  # actions yielded so far
    max_ticks: int = 10**9
    home: tuple[int, int, int] | None = None  # where the episode started
    placed: list = field(default_factory=list)  # stations this expert placed
    explore_legs: int = 0

    @property
    def game(self):
        return self.env.game

    @property
    def gd(self):
        return self.env.game.gd

    def note(self, text: str) -> None:
        self.notes.append(f"[{self.ticks}] {text}")
        if len(self.notes) > 200:
            del self.notes[:100]

    def ticks_left(self) -> int:
        return self.max_ticks - self.ticks


def action(camera: tuple[float, float] = (0.0, 0.0), **keys: int) -> Action:
    """A MineRL action: `action(forward=1, jump=1, camera=(dpitch, dyaw))` (keys may use `hotbar_1`
    for `hotbar.1`)."""
    a = noop()
    for k, v in keys.items():
        a[k.replace("hotbar_", "hotbar.")] = int(v)
    a["camera"] = np.array(camera, np.float32)
    return a


def quantize(deg: float, limit: float = MAX_TURN) -> float:
    """Whole mouse units, at most `limit` degrees."""
    units = round(max(-limit, min(limit, deg)) / MOUSE_DEG)
    return units * MOUSE_DEG


def wrap(deg: float) -> float:
    return (deg + 180.0) % 360.0 - 180.0


def angles_to(eye: tuple[float, float, float], point: tuple[float, float, float]) -> tuple[float, float]:
    """(pitch, yaw) that look from `eye` at `point` (Minecraft: yaw 0 = +z, pitch + = down)."""
    dx, dy, dz = point[0] - eye[0], point[1] - eye[1], point[2] - eye[2]
    yaw = math.degrees(math.atan2(-dx, dz))
    pitch = math.degrees(math.atan2(-dy, math.hypot(dx, dz)))
    return pitch, yaw


def turn_towards(game, pitch: float | None, yaw: float | None, limit: float = MAX_TURN) -> tuple[float, float]:
    """The camera delta for one tick towards (pitch, yaw); None keeps that axis still."""
    dp = 0.0 if pitch is None else quantize(max(-90.0, min(90.0, pitch)) - game.pitch, limit)
    dy = 0.0 if yaw is None else quantize(wrap(yaw - game.yaw), limit)
    return dp, dy


def aim_error(game, pitch: float | None, yaw: float | None) -> float:
    e = 0.0
    if pitch is not None:
        e = max(e, abs(max(-90.0, min(90.0, pitch)) - game.pitch))
    if yaw is not None:
        e = max(e, abs(wrap(yaw - game.yaw)))
    return e


def look(ctx: Ctx, pitch: float | None, yaw: float | None, tol: float = AIM_TOL, **keys) -> Skill:
    """Turn until within `tol` degrees of (pitch, yaw), holding `keys`."""
    for _ in range(40):
        if aim_error(ctx.game, pitch, yaw) <= tol:
            return True
        yield action(turn_towards(ctx.game, pitch, yaw), **keys)
    return aim_error(ctx.game, pitch, yaw) <= tol


def look_at(ctx: Ctx, point: tuple[float, float, float], tol: float = AIM_TOL, **keys) -> Skill:
    pitch, yaw = angles_to(ctx.game.eye(), point)
    return (yield from look(ctx, pitch, yaw, tol, **keys))


def idle(n: int = 1, **keys) -> Skill:
    for _ in range(n):
        yield action(**keys)


def press(key: str, then_release: bool = True) -> Skill:
    """Press a toggle key for one tick (and release it on the next, so it can press again)."""
    yield action(**{key: 1})
    if then_release:
        yield action()


def view_ray(game) -> tuple[float, float, float]:
    return physics.look_vector(game.pitch, game.yaw)


def horizontal_speed(game) -> float:
    p = game.player
    return math.hypot(float(p[physics.VX]), float(p[physics.VZ]))


def on_ground(game) -> bool:
    return bool(game.player[physics.ON_GROUND] > 0)


def in_water(game) -> bool:
    return bool(game.player[physics.IN_WATER] > 0)
