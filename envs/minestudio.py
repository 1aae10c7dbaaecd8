"""The real MineStudio `MinecraftSim` behind our env API: `openha/MineStudio-v0` (optional).

    env = gymnasium.make("openha/MineStudio-v0")      # needs `pip install minestudio` + its engine
    obs, info = env.reset(seed=7, options={"task": spec})   # commands via sim.env.execute_cmd

The sim runs with `action_type="env"` (MineRL dict actions, as ours); its info (MineStudio's
MineRL fork: `pov`, `inventory` by slot, `equipped_items`, `mine_block`/`craft_item`/… counters,
`player_pos`, `health`, `food_level`, `isGuiOpen`) is converted to VoxelWorld's observation and
`info["stats"]` deltas since reset. MineStudio downloads its engine (Hugging Face,
CraftJarvis/SimulatorEngine) at first use, so it cannot start offline. Importing this module never
needs minestudio; `missing()` says what a machine lacks and constructing raises with that text.
(The other direction — MineStudio code on VoxelWorld — is `openha.compat.minestudio`.)
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from envs.engine_adapter import EngineAdapter, mainhand_of
from envs.minerl import STAT_GROUPS, _java_major, stats_from_groups, to_minerl_action

# Import-time dependencies of `minestudio.simulator` (a --no-deps install lacks them).
_SIM_DEPS = ("gym", "gym3", "torch", "av", "absl", "coloredlogs", "daemoniker", "lxml", "Pyro4",
             "xmltodict", "einops")  # fmt: skip

__all__ = ["MineStudioEnv", "missing", "engine_path", "minestudio_info_to_ours"]


def engine_path() -> Path:
    """Where MineStudio keeps its engine jar ($MINESTUDIO_DIR, else <tmp>/MineStudio)."""
    root = os.getenv("MINESTUDIO_DIR") or os.path.join(tempfile.gettempdir(), "MineStudio")
    return Path(root) / "engine" / "build" / "libs" / "mcprec-6.13.jar"


def missing() -> list[str]:
    """What this machine lacks to run MineStudio's simulator (empty: it can)."""
    out = []
    if importlib.util.find_spec("minestudio") is None:
        out.append("minestudio is not installed: pip install minestudio==1.1.6 (with its "
                   "dependencies: torch, MineRL fork requirements; see docs/BACKENDS.md)")  # fmt: skip
    else:
        lack = [m for m in _SIM_DEPS if not _installed(m)]
        if lack:
            out.append(f"minestudio is installed without its dependencies {', '.join(lack)}: "
                       "pip install minestudio==1.1.6 (not --no-deps)")  # fmt: skip
    if shutil.which("java") is None:
        out.append("java is not on PATH: MineStudio's engine needs JDK 8 (apt-get install openjdk-8-jdk)")
    elif _java_major() != 8:
        out.append(f"java is version {_java_major()}; MineStudio's engine (MineRL 1.0's Minecraft) needs JDK 8")
    if not engine_path().exists():
        out.append(f"MineStudio's engine is not downloaded ({engine_path()}): it is fetched from "
                   "Hugging Face at first use (python -m minestudio.simulator.entry -y), which "
                   "needs network access")  # fmt: skip
    return out


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ValueError:  # in sys.modules without a spec: a stand-in, not an installed package
        return False


def minestudio_info_to_ours(info: Mapping[str, Any]) -> dict:
    """MineStudio's merged obs/info dict -> VoxelWorld's observation dict."""
    inv: dict[str, int] = {}
    for slot in (info.get("inventory") or {}).values():
        t = str(slot.get("type", "none")).removeprefix("minecraft:")
        if t not in ("none", "air") and int(slot.get("quantity", 0)) > 0:
            inv[t] = inv.get(t, 0) + int(slot["quantity"])
    main = (info.get("equipped_items") or {}).get("mainhand", {})
    pos = info.get("player_pos") or {}
    loc = info.get("location_stats") or {}
    life = info.get("life_stats") or {}
    return {
        "pov": np.asarray(info["pov"], np.uint8),
        "inventory": inv,
        "equipped_items": {"mainhand": mainhand_of(main)},
        "life_stats": {
            "life": np.asarray(info.get("health", life.get("life", 20.0)), np.float32),
            "food": np.asarray(info.get("food_level", life.get("food", 20)), np.int32),
            "saturation": np.asarray(life.get("saturation", 5.0), np.float32),
            "air": np.asarray(life.get("air", 300), np.int32),
        },
        "location_stats": {  # player_pos {x, y, z, pitch, yaw}, else MineRL's location_stats
            k: np.asarray(pos.get(p, loc.get(k, 0.0)), np.float32)
            for k, p in (("xpos", "x"), ("ypos", "y"), ("zpos", "z"), ("pitch", "pitch"), ("yaw", "yaw"))
        },
        "is_gui_open": int(bool(info.get("isGuiOpen", info.get("is_gui_open", False)))),
    }


class MineStudioEnv(EngineAdapter):
    """MineStudio's MinecraftSim with our observations, task set-up and `info["stats"]`."""

    engine = "MineStudio"

    def __init__(self, width: int = 640, height: int = 360, seed: int = 0, **sim_kwargs):
        problems = missing()
        if problems:
            raise ImportError("openha/MineStudio-v0 cannot start:\n- " + "\n- ".join(problems))
        from minestudio.simulator import MinecraftSim

        self.sim = MinecraftSim(action_type="env", obs_size=(int(width), int(height)),
                                render_size=(int(width), int(height)), seed=seed, **sim_kwargs)  # fmt: skip
        self._init_spaces(width, height)

    def _engine_reset(self, seed: int | None, cmds: list[str]):
        if seed is not None:
            self.sim.env.seed(int(seed))
        _, info = self.sim.reset()
        for c in cmds:
            obs, _, _, raw = self.sim.env.execute_cmd(c)
            _, info = self.sim._wrap_obs_info(obs, raw)  # noqa: SLF001 - MineStudio's own merge
        self._base = stats_from_groups(info)
        return self._out(info)

    def step(self, action):
        a = {k: v for k, v in to_minerl_action(action).items() if k != "chat"}  # extra keys: ignored
        _, reward, terminated, truncated, info = self.sim.step(a)
        obs, info2 = self._out(info)
        return obs, float(reward), bool(terminated), False, info2

    def execute_cmd(self, command: str) -> str:
        self.sim.env.execute_cmd(command)
        return f"sent {command!r}"

    def close(self):
        self.sim.close()

    def _out(self, info):
        ours = minestudio_info_to_ours(info)
        self._pov = ours["pov"]
        groups = {k: info.get(k) for k in STAT_GROUPS}
        return ours, {"stats": self._stats(stats_from_groups(groups))}
