"""Batched stepping through gymnasium.vector (sync in-process and async subprocesses)."""

import gymnasium as gym
import numpy as np
import pytest

import envs  # noqa: F401
from envs.voxel.vector import batch_noop, make_vec


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_vector_env_steps_batches(mode):
    venv = make_vec(2, mode=mode, width=32, height=32)
    try:
        obs, infos = venv.reset(seed=[5, 6])
        assert obs["pov"].shape == (2, 32, 32, 3)
        acts = batch_noop(2)
        acts["forward"][:] = 1
        for _ in range(5):
            obs, rew, term, trunc, infos = venv.step(acts)
        assert rew.shape == (2,) and term.shape == (2,)
        assert isinstance(obs["inventory"], tuple) and len(obs["inventory"]) == 2
        assert not np.array_equal(obs["pov"][0], obs["pov"][1])  # two different worlds
    finally:
        venv.close()


def test_sync_vector_matches_single_env():
    single = gym.make("openha/VoxelWorld-v0", width=32, height=32)
    o1, _ = single.reset(seed=9)
    venv = make_vec(1, width=32, height=32)
    o2, _ = venv.reset(seed=9)
    assert np.array_equal(o1["pov"], o2["pov"][0])
    venv.close()


def test_make_vec_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode='threads'"):
        make_vec(2, mode="threads")
