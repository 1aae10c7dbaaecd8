"""Contract tests for the real-engine adapters (MineRL 1.0, MineStudio) without the engines:
importing never fails, constructing says what is missing, and the conversions match the
engines' documented spaces and our own."""

from __future__ import annotations

import importlib

import gymnasium as gym
import numpy as np
import pytest

import envs
from envs import minerl, minestudio
from envs.engine_adapter import EngineAdapter
from envs.voxel import gamedata
from envs.voxel.spaces import BUTTONS, observation_space

# MineRL 1.0 HumanSurvival (minerl/herobraine/env_specs/human_{controls,survival}_specs.py)
MINERL_ACTION_KEYS = {"ESC", "attack", "back", "forward", "jump", "left", "right", "sneak", "sprint",
                      "use", "drop", "inventory", *(f"hotbar.{i}" for i in range(1, 10)), "pickItem",
                      "swapHands", "camera"}  # fmt: skip
MINERL_OBS_KEYS = {"pov", "inventory", "equipped_items", "life_stats", "location_stats", "use_item",
                   "drop", "pickup", "break_item", "craft_item", "mine_block", "damage_dealt",
                   "entity_killed_by", "kill_entity", "full_stats"}  # fmt: skip


def fake_minerl_obs(w=64, h=36):
    """An observation shaped like MineRL 1.0 HumanSurvival's (flat inventory over all items)."""
    z = np.zeros((), np.int64)
    inv = {name: z for name in ("air", "dirt", "oak_log", "stone_pickaxe", "diamond")}
    inv["oak_log"] = np.array(3)
    return {
        "pov": np.zeros((h, w, 3), np.uint8),
        "inventory": inv,
        "equipped_items": {slot: {"type": "air", "damage": z, "maxDamage": z}
                           for slot in ("mainhand", "offhand", "head", "chest", "legs", "feet")}
                          | {"mainhand": {"type": "stone_pickaxe", "damage": np.array(2), "maxDamage": np.array(131)}},
        "life_stats": {"life": np.array(18.0), "food": np.array(20), "saturation": np.array(5.0),
                       "xp": z, "is_alive": np.array(True), "air": np.array(300), "score": z},
        "location_stats": {"xpos": np.array(1.5), "ypos": np.array(64.0), "zpos": np.array(-3.5),
                           "pitch": np.array(10.0), "yaw": np.array(-90.0), "biome_id": z},
        "use_item": {}, "drop": {}, "pickup": {"oak_log": np.array(3)}, "break_item": {},
        "craft_item": {"oak_planks": np.array(0)}, "mine_block": {"oak_log": np.array(3)},
        "damage_dealt": {}, "entity_killed_by": {}, "kill_entity": {"zombie": np.array(1)},
        "full_stats": {},
    }  # fmt: skip


def test_importing_never_needs_the_engines_and_ids_are_registered():
    for mod in ("envs.minerl", "envs.minestudio", "envs.crafter", "openha.compat.minestudio"):
        importlib.import_module(mod)
    for env_id in ("openha/MineRL-v0", "openha/MineStudio-v0", "openha/Crafter-v0"):
        assert env_id in envs.ENV_IDS and env_id in gym.registry


@pytest.mark.parametrize("module,env_id", [(minerl, "openha/MineRL-v0"), (minestudio, "openha/MineStudio-v0")])
def test_constructing_says_exactly_what_is_missing(module, env_id):
    problems = module.missing()
    if not problems:
        pytest.skip(f"this machine can run {env_id}; see docs/BACKENDS.md for the real runs")
    with pytest.raises(ImportError) as e:
        gym.make(env_id)
    assert all(p in str(e.value) for p in problems)


def test_minerl_missing_names_the_repository_route_and_jdk8(monkeypatch):
    monkeypatch.setattr(minerl.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(minerl.shutil, "which", lambda name: None)
    text = " ".join(minerl.missing())
    assert "minerl@v1.0.2" in text and "0.4.4" in text and "JDK 8" in text


def test_minerl_action_keys_match_humansurvival():
    a = minerl.to_minerl_action({"forward": 1, "camera": [1.5, -2.0]}, chat="/time set day")
    assert set(a) == MINERL_ACTION_KEYS | {"chat"}
    assert set(BUTTONS) | {"camera"} == MINERL_ACTION_KEYS  # our space is MineRL 1.0's
    assert a["camera"].dtype == np.float32 and a["camera"].tolist() == [1.5, -2.0]
    assert int(a["forward"]) == 1 and int(a["attack"]) == 0
    with pytest.raises(KeyError, match="not a MineRL 1.0"):
        minerl.to_minerl_action({"fly": 1})


def test_minerl_observation_converts_into_our_space():
    raw = fake_minerl_obs()
    assert set(raw) == MINERL_OBS_KEYS
    ours = minerl.minerl_obs_to_ours(raw, {"isGuiOpen": False})
    names = tuple(i["name"] for i in gamedata.load().items if i["name"] != "air")
    assert observation_space(64, 36, names).contains(ours)
    assert ours["inventory"] == {"oak_log": 3}
    assert ours["equipped_items"]["mainhand"]["type"] == "stone_pickaxe"
    stats = minerl.stats_from_groups(raw)
    assert stats == {"pickup.oak_log": 3, "mine_block.oak_log": 3, "kill_entity.zombie": 1}
    assert minerl.delta(stats, {"mine_block.oak_log": 1}) == {"pickup.oak_log": 3, "mine_block.oak_log": 2,
                                                              "kill_entity.zombie": 1}  # fmt: skip


def test_minestudio_info_round_trips_through_our_facade():
    """The facade emits MineStudio's info format; the real-engine adapter reads that format
    back into ours: the two must agree on inventory, position and stats."""
    from openha.compat.minestudio import MinecraftSim

    sim = MinecraftSim(action_type="env", obs_size=(32, 32), render_size=(32, 32), seed=2,
                       num_empty_frames=1, view_distance=16)  # fmt: skip
    sim.reset()
    sim.env.execute_cmd("/give @p minecraft:oak_log 5")
    sim.env.execute_cmd("/replaceitem entity @p armor.head minecraft:iron_helmet")
    obs, _, _, info = sim.env.step({**sim.env.noop_action(), "jump": 1})
    merged = {**info, **obs}
    ours = minestudio.minestudio_info_to_ours(merged)
    voxel_obs = sim.env.voxel._observe()  # noqa: SLF001 - the ground truth
    assert ours["inventory"] == voxel_obs["inventory"] == {"oak_log": 5, "iron_helmet": 1}
    for k in ("xpos", "ypos", "zpos", "yaw"):
        assert float(ours["location_stats"][k]) == pytest.approx(float(voxel_obs["location_stats"][k]))
    names = tuple(i["name"] for i in gamedata.load().items if i["name"] != "air")
    assert observation_space(32, 32, names).contains(ours)
    groups = {k: merged.get(k) for k in minerl.STAT_GROUPS}
    assert minerl.stats_from_groups(groups) == {k: v for k, v in sim.env.voxel.game.stats.items() if v}


class _RecordingEngine(EngineAdapter):
    """The smallest engine: remembers what the adapter asked of it (MineRL/MineStudio can't run here)."""

    engine = "TestEngine"

    def __init__(self):
        self._init_spaces(64, 36)
        self.calls = []

    def _engine_reset(self, seed, commands):
        self.calls.append((seed, commands))
        self._pov = np.zeros((36, 64, 3), np.uint8)
        return {}, {"stats": self._stats({"mine_block.dirt": 2})}


def test_engine_adapters_share_reset_options_and_counter_deltas():
    from openha.tasks import load_suite

    spec = next(t for t in load_suite() if t.init.commands)
    env = _RecordingEngine()
    env.reset(seed=3, options={"task": spec, "commands": ["/time set day"]})
    assert env.calls[-1] == (3, [*spec.init.commands, "/time set day"])  # task first, then extras
    env.reset(options={"commands": ["/weather clear"]})
    assert env.calls[-1] == (None, ["/weather clear"])
    env._base = {"mine_block.dirt": 1}
    assert env.reset()[1]["stats"] == {"mine_block.dirt": 1}
    with pytest.raises(ValueError, match=r"\['inventory'\]: TestEngine takes 'task' and 'commands'"):
        env.reset(options={"inventory": {}})
    assert env.render().shape == (36, 64, 3)
    assert issubclass(minerl.MineRLEnv, EngineAdapter) and issubclass(minestudio.MineStudioEnv, EngineAdapter)
