"""MineRL 1.0 `HumanSurvival` behind our env API: `openha/MineRL-v0` (optional, import-guarded).

    env = gymnasium.make("openha/MineRL-v0")          # needs MineRL 1.0 + JDK 8 (docs/BACKENDS.md)
    obs, info = env.reset(seed=7, options={"task": spec})   # init commands go through chat
    obs, reward, terminated, truncated, info = env.step(action)   # the same MineRL 1.0 dict

Observations are converted to VoxelWorld's (`envs.voxel.spaces.observation_space`): the sparse
`inventory` {item: count}, `equipped_items.mainhand`, `life_stats`, `location_stats`,
`is_gui_open`; `info["stats"]` holds `kind.name` counter deltas since reset built from MineRL's
`mine_block` / `craft_item` / `use_item` / … observations — what `TaskSpec.success` reads.
MineRL 1.0's HumanSurvival has no chat action, so the adapter adds one (Malmo's
`<ChatCommands/>`), as MineStudio's fork does. Importing this module never needs minerl;
`missing()` says what a machine lacks and constructing the env raises with that text.

PyPI only has minerl 0.4.4, which fails to build on current setuptools (its gym 0.19 pin);
MineRL 1.0 installs from its repository and needs JDK 8.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import shutil
import subprocess
from collections.abc import Mapping
from typing import Any

import numpy as np

from envs.engine_adapter import EngineAdapter, delta, mainhand_of

__all__ = ["MineRLEnv", "missing", "STAT_GROUPS", "to_minerl_action", "minerl_obs_to_ours",
           "stats_from_groups", "delta", "INSTALL"]  # fmt: skip

INSTALL = ("pip install git+https://github.com/minerllabs/minerl@v1.0.2 (needs JDK 8 on PATH; "
           "PyPI's minerl 0.4.4 fails to build) — see docs/BACKENDS.md")  # fmt: skip
# MineRL 1.0 HumanSurvival's statistic observations ({name: count} each).
STAT_GROUPS = ("use_item", "drop", "pickup", "break_item", "craft_item", "mine_block",
               "damage_dealt", "entity_killed_by", "kill_entity", "smelt_item", "custom")  # fmt: skip
_LIFE = {"life": np.float32, "food": np.int32, "saturation": np.float32, "air": np.int32}
_LOC = ("xpos", "ypos", "zpos", "pitch", "yaw")


def _java_major() -> int | None:
    java = shutil.which("java")
    if java is None:
        return None
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def missing() -> list[str]:
    """What this machine lacks to run MineRL 1.0 (empty: it can)."""
    out = []
    if importlib.util.find_spec("minerl") is None:
        out.append(f"minerl 1.0 is not installed: {INSTALL}")
    else:
        v = importlib.metadata.version("minerl") if _has_dist("minerl") else "unknown"
        if not v.startswith("1."):
            out.append(f"minerl {v} is installed but this adapter needs 1.0: {INSTALL}")
    java = _java_major()
    if shutil.which("java") is None:
        out.append("java is not on PATH: install JDK 8 (e.g. apt-get install openjdk-8-jdk)")
    elif java != 8:
        out.append(f"java is version {java}; MineRL 1.0 builds and runs its Minecraft with JDK 8")
    return out


def _has_dist(name: str) -> bool:
    try:
        importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


# -- pure conversions (contract-tested without the engine) ----------------------------------
def to_minerl_action(action: Mapping[str, Any], chat: str = "") -> dict:
    """Our (= MineRL 1.0 HumanSurvival) action dict -> what MineRL's env takes: every key,
    numpy values, camera float32 (2,), plus the `chat` key of the adapter's spec."""
    from envs.voxel.spaces import noop

    out = {k: np.asarray(v) for k, v in noop().items()}
    for k, v in action.items():
        if k not in out:
            raise KeyError(f"action key {k!r} is not a MineRL 1.0 HumanSurvival key")
        out[k] = np.asarray(v, np.float32).reshape(2) if k == "camera" else np.asarray(int(v))
    out["chat"] = chat
    return out


def stats_from_groups(obs: Mapping[str, Any]) -> dict[str, int]:
    """MineRL's per-kind statistic dicts -> our flat counters {"mine_block.oak_log": n}."""
    out = {}
    for kind in STAT_GROUPS:
        for name, n in (obs.get(kind) or {}).items():
            n = int(np.asarray(n).item())
            if n:
                out[f"{kind}.{name.removeprefix('minecraft:')}"] = n
    return out


def minerl_obs_to_ours(obs: Mapping[str, Any], info: Mapping[str, Any] | None = None) -> dict:
    """MineRL 1.0 HumanSurvival observation -> VoxelWorld's observation dict."""
    inv = {k: int(np.asarray(v).item()) for k, v in obs["inventory"].items()}
    main = obs.get("equipped_items", {}).get("mainhand", {})
    gui = (info or {}).get("isGuiOpen", obs.get("is_gui_open", 0))
    return {
        "pov": np.asarray(obs["pov"], np.uint8),
        "inventory": {k: v for k, v in inv.items() if v > 0 and k not in ("air", "none")},
        "equipped_items": {"mainhand": mainhand_of(main)},
        "life_stats": {k: np.asarray(obs["life_stats"].get(k, 0), t) for k, t in _LIFE.items()},
        "location_stats": {k: np.asarray(obs["location_stats"].get(k, 0.0), np.float32) for k in _LOC},
        "is_gui_open": int(bool(np.asarray(gui).item())),
    }


class MineRLEnv(EngineAdapter):
    """MineRL 1.0 HumanSurvival with our observations, task set-up and `info["stats"]`."""

    engine = "MineRL"

    def __init__(self, width: int = 640, height: int = 360, **spec_kwargs):
        problems = missing()
        if problems:
            raise ImportError("openha/MineRL-v0 cannot start:\n- " + "\n- ".join(problems))
        self._env = _make_with_chat((int(width), int(height)), **spec_kwargs)
        self._init_spaces(width, height)

    def _engine_reset(self, seed: int | None, cmds: list[str]):
        if seed is not None:
            self._env.seed(int(seed))
        obs = self._env.reset()
        info: dict = {}
        for c in cmds:
            obs, _, _, info = self._env.step(to_minerl_action({}, chat=c))
        self._base = stats_from_groups(obs)
        return self._out(obs, info)

    def step(self, action):
        obs, reward, done, info = self._env.step(to_minerl_action(action))
        ours, info2 = self._out(obs, info)
        return ours, float(reward), bool(done), False, info2

    def execute_cmd(self, command: str) -> str:
        """Send a chat command (MineRL reports no feedback; one tick passes)."""
        self._env.step(to_minerl_action({}, chat=command))
        return f"sent {command!r}"

    def close(self):
        self._env.close()

    def _out(self, obs, info):
        ours = minerl_obs_to_ours(obs, info)
        self._pov = ours["pov"]
        return ours, {"stats": self._stats(stats_from_groups(obs)), "minerl_info": info}


def _make_with_chat(resolution, **kwargs):
    """HumanSurvival plus a chat action (Malmo's <ChatCommands/>), made into a gym env."""
    from minerl.herobraine.env_specs.human_survival_specs import HumanSurvival
    from minerl.herobraine.hero import spaces
    from minerl.herobraine.hero.handlers.agent.action import Action

    class ChatAction(Action):
        def __init__(self):
            super().__init__("chat", spaces.Text([1]))

        def xml_template(self) -> str:
            return "<ChatCommands> </ChatCommands>"

        def from_universal(self, x):
            return []

    class HumanSurvivalChat(HumanSurvival):
        def create_actionables(self):
            return super().create_actionables() + [ChatAction()]

    return HumanSurvivalChat(resolution=resolution, **kwargs).make()
