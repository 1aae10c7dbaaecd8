"""Baselines that read nothing: `random` (seeded random MineRL actions) and `noop`."""

from __future__ import annotations

from typing import Any

from envs.voxel.spaces import noop
from openha.demo_policies import RandomPolicy


class RandomAgent:
    """Each button pressed with probability `p`, small random camera moves (see
    `openha.demo_policies.RandomPolicy`); reseeded from the episode seed at every reset, so an
    episode is reproducible."""

    name = "random"
    needs_pov = False  # it ignores observations: the runner may skip rendering

    def __init__(self, p: float = 0.1, camera: float = 10.0):
        self.p, self.camera = p, camera
        self.policy = RandomPolicy(0, p, camera)

    def reset(self, task: Any, obs: Any = None, info: Any = None) -> None:
        seed = int(((info or {}).get("episode") or {}).get("seed", 0))
        self.policy = RandomPolicy(seed, self.p, self.camera)

    def act(self, obs: Any = None, info: Any = None) -> tuple[dict, dict]:
        return self.policy(obs), {}


class NoopAgent:
    """Does nothing: a floor for success rates and a probe of pure env + system cost."""

    name = "noop"
    needs_pov = False

    def reset(self, task: Any, obs: Any = None, info: Any = None) -> None:
        return None

    def act(self, obs: Any = None, info: Any = None) -> tuple[dict, dict]:
        return noop(), {}
