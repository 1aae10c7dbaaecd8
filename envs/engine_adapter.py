"""What the real-engine adapters (`openha/MineRL-v0`, `openha/MineStudio-v0`) share: our spaces,
the task/commands reset options, counter deltas since reset, and the mainhand conversion.

A subclass says how its engine resets (`_engine_reset(seed, commands) -> (obs, info)` in our
format); `reset` here turns `options={"task": spec, "commands": [...]}` into that call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import gymnasium as gym
import numpy as np


def mainhand_of(main: Mapping[str, Any]) -> dict[str, Any]:
    """An engine's `equipped_items.mainhand` entry -> ours (`none` is `air`, no namespace)."""
    return {
        "type": str(main.get("type", "air")).removeprefix("minecraft:").replace("none", "air"),
        "damage": np.asarray(main.get("damage", 0), np.int32),
        "maxDamage": np.asarray(main.get("maxDamage", 0), np.int32),
    }


def delta(stats: Mapping[str, int], base: Mapping[str, int]) -> dict[str, int]:
    """Non-zero counter changes from `base` to `stats` (what `info["stats"]` holds)."""
    out = {k: int(v - base.get(k, 0)) for k, v in stats.items()}
    return {k: v for k, v in out.items() if v}


class EngineAdapter(gym.Env):
    """Base of the real-engine envs: VoxelWorld's action/observation spaces and reset options."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 20}
    engine = "the engine"  # named in option errors

    def _init_spaces(self, width: int, height: int) -> None:
        from envs.voxel import gamedata
        from envs.voxel.spaces import action_space, observation_space

        self.action_space = action_space()
        names = tuple(i["name"] for i in gamedata.load().items if i["name"] != "air")
        self.observation_space = observation_space(int(width), int(height), names)
        self._base: dict[str, int] = {}
        self._pov = None

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        options = dict(options or {})
        task = options.pop("task", None)
        cmds = list(options.pop("commands", []) or [])
        if task is not None:
            cmds = list(task.init.commands) + cmds
            seed = task.init.seed if seed is None and task.init.seed is not None else seed
        if options:
            raise ValueError(f"reset options {sorted(options)}: {self.engine} takes 'task' and 'commands'")
        return self._engine_reset(seed, cmds)

    def _engine_reset(self, seed: int | None, commands: list[str]):
        raise NotImplementedError

    def _stats(self, totals: Mapping[str, int]) -> dict[str, int]:
        """Counter deltas since reset (`self._base` holds the totals at reset)."""
        return delta(totals, self._base)

    def render(self):
        return self._pov
