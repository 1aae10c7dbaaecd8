"""Two tiny policies for demos and benchmarks: uniformly random MineRL actions, and a wanderer
that walks, jumps over steps, looks around and mines what is in front of it. Both read only
observations and emit env action dicts."""

from __future__ import annotations

import numpy as np

from envs.voxel.spaces import BUTTONS, noop


class RandomPolicy:
    """Each button pressed with probability `p`, camera uniform in ±`camera` degrees (MineRL's
    `action_space.sample()` spins the camera up to 180°, which makes useless videos)."""

    def __init__(self, seed: int = 0, p: float = 0.1, camera: float = 10.0):
        self.rng = np.random.default_rng(seed)
        self.p, self.camera = p, camera
        self._skip = {"ESC", "inventory", "drop"}

    def __call__(self, obs: dict) -> dict:
        a = noop()
        for k in BUTTONS:
            if k not in self._skip and self.rng.random() < self.p:
                a[k] = 1
        a["camera"] = self.rng.uniform(-self.camera, self.camera, 2).astype(np.float32)
        return a


class WanderPolicy:
    """Walk forward (sprinting now and then), jump when stuck, turn smoothly at random, and
    sometimes stop to mine the block in front for a few seconds."""

    def __init__(self, seed: int = 0):
        self.rng = np.random.default_rng(seed)
        self.turn = 0.0
        self.mine_left = 0
        self.last_pos = None
        self.stuck = 0

    def __call__(self, obs: dict) -> dict:
        a = noop()
        loc = obs["location_stats"]
        pos = np.array([float(loc["xpos"]), float(loc["zpos"])])
        pitch = float(loc["pitch"])
        if self.mine_left > 0:
            self.mine_left -= 1
            a["attack"] = 1
            a["camera"] = np.array([np.clip(25 - pitch, -5, 5), 0.0], np.float32)
            return a
        if self.rng.random() < 0.01:
            self.mine_left = int(self.rng.integers(20, 80))
        if self.rng.random() < 0.05:
            self.turn = float(self.rng.uniform(-6, 6))
        moved = 1.0 if self.last_pos is None else float(np.linalg.norm(pos - self.last_pos))
        self.last_pos = pos
        self.stuck = self.stuck + 1 if moved < 0.05 else 0
        a["forward"] = 1
        a["sprint"] = int(self.rng.random() < 0.3)
        a["jump"] = int(self.stuck > 2)
        if self.stuck > 20:
            self.turn = 90.0 / 10
        a["camera"] = np.array([np.clip(-pitch, -3, 3), self.turn], np.float32)
        return a


POLICIES = {"random": RandomPolicy, "wander": WanderPolicy}
