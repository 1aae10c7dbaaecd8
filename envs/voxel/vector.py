"""Vectorised VoxelWorld: gymnasium.vector support for the sparse inventory space, and
`make_vec(n, ...)`, which steps n worlds in one process (sync) or in n worker processes (async).

    venv = envs.voxel.vector.make_vec(4, mode="async", width=128, height=128)
    obs, infos = venv.reset(seed=0)          # obs["pov"]: (4, 128, 128, 3)
    obs, rew, term, trunc, infos = venv.step(actions)   # actions: dict of batched arrays

gymnasium auto-resets finished sub-envs on the next step (its default "next step" mode).
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np
from gymnasium.vector.utils import batch_space, concatenate, create_empty_array, iterate

from .spaces import ItemCounts, noop


@batch_space.register(ItemCounts)
def _batch_item_counts(space: ItemCounts, n: int = 1) -> gym.spaces.Tuple:
    return gym.spaces.Tuple([space] * n)


@concatenate.register(ItemCounts)
def _concat_item_counts(space: ItemCounts, items, out):
    return tuple(items)


@create_empty_array.register(ItemCounts)
def _empty_item_counts(space: ItemCounts, n: int = 1, fn=np.zeros):
    return tuple({} for _ in range(n))


@iterate.register(ItemCounts)
def _iterate_item_counts(space: ItemCounts, items):
    return iter(items)


def batch_noop(n: int) -> dict[str, np.ndarray]:
    """n null actions in gymnasium's batched-Dict layout (one array per key)."""
    a = noop()
    return {k: np.repeat(np.asarray(v)[None], n, axis=0) for k, v in a.items()}


def make_vec(n: int, mode: str = "sync", **env_kwargs) -> gym.vector.VectorEnv:
    """n VoxelWorld envs as one gymnasium VectorEnv (`mode`: "sync" or "async")."""
    import envs  # noqa: F401  (registers the id)

    if mode not in ("sync", "async"):
        raise ValueError(f"mode={mode!r}: use 'sync' (one process) or 'async' (one process per env)")
    fns = [lambda: gym.make("openha/VoxelWorld-v0", **env_kwargs) for _ in range(n)]
    if mode == "sync":
        return gym.vector.SyncVectorEnv(fns)
    # the inventory is a sparse dict: it travels by pipe, not shared memory
    return gym.vector.AsyncVectorEnv(fns, shared_memory=False)
