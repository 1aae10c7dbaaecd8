"""The gymnasium contract of openha/VoxelWorld-v0: spaces, check_env, determinism, bad input."""

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import envs  # noqa: F401
from envs.voxel.spaces import ACTION_KEYS, ActionError, noop


@pytest.fixture(scope="module")
def env():
    e = gym.make("openha/VoxelWorld-v0", width=64, height=64)
    yield e
    e.close()


def test_action_space_is_minerl_1_0_human_survival(env):
    keys = set(env.action_space.spaces)
    assert keys == set(ACTION_KEYS) and len(keys) == 24
    assert env.action_space["camera"].shape == (2,)
    assert env.action_space.noop()["camera"].tolist() == [0.0, 0.0]


def test_check_env_passes():
    e = gym.make("openha/VoxelWorld-v0", width=32, height=32).unwrapped
    check_env(e, skip_render_check=True)


def test_observation_keys_and_shapes(env):
    obs, info = env.reset(seed=3)
    assert set(obs) == {"pov", "inventory", "equipped_items", "life_stats", "location_stats", "is_gui_open"}
    assert obs["pov"].shape == (64, 64, 3) and obs["pov"].dtype == np.uint8
    assert obs["life_stats"]["life"] == 20.0
    assert env.observation_space.contains(obs)
    assert info["stats"] == {}


def _rollout(seed, actions, **kw):
    e = gym.make("openha/VoxelWorld-v0", width=48, height=32, **kw)
    obs, _ = e.reset(seed=seed, options={"commands": ["/give @p minecraft:dirt 8"]})
    frames = [obs["pov"]]
    for a in actions:
        obs, *_ = e.step(a)
        frames.append(obs["pov"])
    return np.stack(frames), obs


def test_same_seed_same_actions_give_identical_observations():
    rng = np.random.default_rng(0)
    actions = []
    for _ in range(120):
        a = noop()
        for k in ("forward", "jump", "attack", "use", "sprint", "left"):
            a[k] = int(rng.random() < 0.3)
        a["camera"] = rng.uniform(-8, 8, 2).astype(np.float32)
        actions.append(a)
    f1, o1 = _rollout(11, actions)
    f2, o2 = _rollout(11, actions)
    assert np.array_equal(f1, f2)
    assert o1["inventory"] == o2["inventory"]
    f3, _ = _rollout(12, actions)
    assert not np.array_equal(f1, f3)  # another seed is another world


def test_reset_commands_and_stats(env):
    obs, info = env.reset(seed=1, options={"commands": ["/give @p minecraft:stone_pickaxe",
                                                        "/time set night"]})
    assert obs["inventory"] == {"stone_pickaxe": 1}
    assert env.unwrapped.game.day_time == 13000
    assert info["stats"] == {}  # set-up commands don't count


def test_execute_cmd_reports_bad_commands(env):
    env.reset(seed=1)
    from envs.voxel.commands import CommandError

    with pytest.raises(CommandError, match="unknown item 'stik'"):
        env.unwrapped.execute_cmd("/give @p minecraft:stik")


@pytest.mark.parametrize(
    "action,fragment",
    [
        ({"forwrd": 1}, "unknown action key 'forwrd' (did you mean 'forward'?)"),
        ({"forward": 2}, "buttons take 0 or 1"),
        ({"attack": "yes"}, "buttons take 0 or 1"),
        ({"camera": [1.0, 2.0, 3.0]}, "shape (3,)"),
        ({"camera": [float("nan"), 0.0]}, "finite"),
        ({"camera": [0.0, 500.0]}, "within ±180"),
        ([1, 0, 0], "action must be a dict"),
    ],
)
def test_bad_actions_raise_clear_errors(env, action, fragment):
    env.reset(seed=0)
    with pytest.raises(ActionError) as e:
        env.step(action)
    assert fragment in str(e.value)


def test_partial_action_dicts_mean_unpressed(env):
    env.reset(seed=0)
    obs, *_ = env.step({"camera": np.array([0.0, 10.0], np.float32)})
    obs2, *_ = env.step({})
    assert obs2["location_stats"]["yaw"] == obs["location_stats"]["yaw"]


def test_bad_constructor_arguments():
    with pytest.raises(ValueError, match="width"):
        gym.make("openha/VoxelWorld-v0", width=0)
    with pytest.raises(ValueError, match="reset options"):
        e = gym.make("openha/VoxelWorld-v0", width=32, height=32)
        e.reset(options={"comands": []})


def test_death_terminates_with_cause(env):
    env.reset(seed=2)
    env.unwrapped.execute_cmd("/kill @p")
    obs, _, terminated, truncated, info = env.step(noop())
    assert terminated and info["death"]["cause"] == "kill"
