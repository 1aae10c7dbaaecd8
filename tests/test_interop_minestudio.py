"""`openha.compat.minestudio.MinecraftSim` with MineStudio's real callback classes (see
interop_helpers for how they are imported without the engine)."""

from __future__ import annotations

import interop_helpers as ms
import numpy as np
import pytest

from openha.compat.minestudio import MinecraftSim


@pytest.fixture(scope="module")
def cbs():
    found = ms.callbacks()
    if found is None:
        pytest.skip(f"MineStudio's callbacks cannot be imported: {ms.why_not()}")
    return found


def make(callbacks, action_type="env", **kw):
    kw = {"obs_size": (64, 48), "render_size": (64, 64), "seed": 3, "num_empty_frames": 3,
          "view_distance": 16, **kw}  # fmt: skip
    return MinecraftSim(action_type=action_type, callbacks=callbacks, **kw)


def test_commands_summon_and_init_inventory_callbacks_set_the_world_up(cbs):
    sim = make([
        cbs["CommandsCallback"](["/give @p minecraft:diamond_pickaxe",
                                 "/replaceitem entity @s armor.head minecraft:iron_helmet",
                                 "/summon minecraft:villager ~2 ~ ~", "/give @s minecraft:planks 3"]),
        cbs["SummonMobsCallback"]([{"name": "cow", "number": 2, "range_x": [-3, 3], "range_z": [-3, 3]}]),
        cbs["InitInventoryCallback"]([{"slot": 3, "type": "oak_planks", "quantity": 10}]),
        cbs["TaskCallback"]([{"name": "craft", "text": "craft a crafting table"}]),
    ])  # fmt: skip
    obs, info = sim.reset()
    assert obs["image"].shape == (48, 64, 3) and obs["task"]["name"] == "craft"
    held = {s: v["type"] for s, v in info["inventory"].items() if v["type"] != "none"}
    assert held == {0: "diamond_pickaxe", 1: "oak_planks", 3: "oak_planks", 39: "iron_helmet"}
    assert info["equipped_items"]["head"]["type"] == "iron_helmet"
    assert sum(m.kind == "cow" for m in sim.env.voxel.game.mobs.mobs) >= 2
    assert info["pov"].shape == (64, 64, 3) and set(info["player_pos"]) == {"x", "y", "z", "pitch", "yaw"}
    assert sim.env.command_errors == []  # villager noted and skipped, planks fixed
    obs, reward, terminated, truncated, info = sim.step(sim.noop_action())
    assert (reward, terminated, truncated) == (0.0, False, False)
    sim.close()


def test_execute_cmd_returns_minerl_4_tuple_and_never_raises(cbs):
    sim = make([])
    sim.reset()
    out = sim.env.execute_cmd("/give @p minecraft:oak_log 4")
    assert len(out) == 4 and out[0]["inventory"][0] == {"type": "oak_log", "quantity": 4}
    with pytest.warns(UserWarning, match="unknown command 'dance'"):
        _, _, done, info = sim.env.execute_cmd("/dance")
    assert "unknown command" in info["command_error"] and not done


def test_rewards_callback_counts_stats_and_agent_actions_use_vpt_classes(cbs):
    reward_cfg = [{"event": "custom", "objects": ["jump"], "reward": 1.0, "identity": "jump",
                   "max_reward_times": 1}]  # fmt: skip
    sim = make([cbs["RewardsCallback"](reward_cfg)], action_type="agent")
    sim.reset()
    jump = sim.env_action_to_agent_action({**sim.env.noop_action(), "jump": 1})
    assert set(jump) == {"buttons", "camera"} and int(jump["camera"][0]) == 60
    rewards = []
    for _ in range(20):
        _, r, *_ = sim.step({"buttons": jump["buttons"].copy(), "camera": jump["camera"].copy()})
        rewards.append(r)
    assert sum(rewards) == 1.0  # once: max_reward_times
    assert sim.info["custom"]["jump"] >= 1


def test_fast_reset_kills_respawns_and_teleports_without_a_new_world(cbs):
    sim = make([cbs["FastResetCallback"](biomes=["forest"], random_tp_range=100)])
    sim.reset()
    world = sim.env.voxel.game.world
    sim.env.execute_cmd("/summon minecraft:zombie ~3 ~ ~")
    _, info = sim.reset()
    g = sim.env.voxel.game
    assert g.world is world and not g.dead and g.health == 20.0
    assert not any(m.kind == "zombie" for m in g.mobs.mobs)


def test_record_callback_collects_frames(cbs, tmp_path):
    rec = cbs["RecordCallback"](record_path=str(tmp_path), fps=20, frame_type="pov", recording=True)
    sim = make([rec])
    sim.reset()
    for _ in range(4):
        sim.step(sim.noop_action())
    assert len(rec.frames) == 5 and rec.frames[0].shape == (64, 64, 3)
    if "av" in ms.STUBBED:  # PyAV is not installed: the mp4 cannot be written here
        rec.recording = False
    sim.close()
    if "av" not in ms.STUBBED:
        assert (tmp_path / "episode_0.mp4").stat().st_size > 0


def test_constructor_contract_and_spaces():
    sim = MinecraftSim(action_type="agent", obs_size=(32, 32), render_size=(32, 32), seed=0,
                       num_empty_frames=1, view_distance=16)  # fmt: skip
    assert sim.action_space["buttons"].nvec.tolist() == [8641]
    assert sim.action_space["camera"].nvec.tolist() == [121]
    assert sim.observation_space["image"].shape == (32, 32, 3)
    env_action = sim.agent_action_to_env_action({"buttons": np.array([0]), "camera": np.array([60])})
    assert env_action["camera"].tolist() == [0.0, 0.0]
    with pytest.raises(ValueError, match="action_type"):
        MinecraftSim(action_type="keyboard")
    sim_env = MinecraftSim(action_type="env", obs_size=(32, 32), render_size=(32, 32), seed=0,
                           num_empty_frames=1, view_distance=16,
                           inventory={0: {"type": "stone_pickaxe", "quantity": 1}})  # fmt: skip
    _, info = sim_env.reset()
    assert info["inventory"][0]["type"] == "stone_pickaxe"
    assert set(sim_env.action_space.spaces) >= {"attack", "camera", "hotbar.9", "inventory"}
