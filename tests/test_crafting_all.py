"""Every 1.16.5 crafting recipe, crafted through the GUI with the click planner.

The sweep gives the player exactly one craft's worth of each minecraft-data recipe variant
(all 1,198, over 562 result items), asks `plan_craft` for the actions and steps the game with
them: the result must be crafted (craft_item stat) with the screens closed at the end. A sample
of 40 recipes also runs through the gymnasium env (rendered 128×128 frames, `env.step`).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import Driver, flat_generator
from gui_helpers import GUI_SYSTEMS, run_actions, with_gui_systems

from envs.voxel import crafting, gamedata, systems
from envs.voxel.game import Game
from envs.voxel.gui.planner import PlanError, plan_craft
from envs.voxel.world import World

GD = gamedata.load()
RESULTS = sorted(GD.recipes, key=int)
NAMES = [GD.item_name(int(k)) for k in RESULTS]


@pytest.fixture
def gui(flat):
    return with_gui_systems(flat)


@pytest.fixture(scope="module")
def table_game():
    """A flat world, systems installed, the player looking at a crafting table."""
    world = World(0, generator=flat_generator(GD))
    world.ensure_chunks(0, 0, 64)
    game = Game(GD, world, seed=0)
    systems.install(game, GUI_SYSTEMS)
    game.teleport(0.5, 64.0, 0.5)
    d = Driver(game)
    d.run("/setblock 0 64 2 minecraft:crafting_table")
    d.tick(1, camera=(30.0, 0.0))
    d.tick(5)
    assert game.target == (0, 64, 2)
    return d


def _variant_items(v) -> list[int]:
    if "inShape" in v:
        return [x for row in v["inShape"] for x in row if x is not None]
    return list(v["ingredients"])


@pytest.mark.parametrize("key", RESULTS, ids=NAMES)
def test_every_recipe_variant_crafts_through_the_gui(table_game, key):
    d, g = table_game, table_game.game
    name = GD.item_name(int(key))
    for v in GD.recipes[key]:
        g.inventory.clear()
        g.stats.clear()
        for item in _variant_items(v):
            assert g.inventory.add(item, 1) == 0
        actions = plan_craft(g, name, v["result"]["count"])
        run_actions(g, actions)
        assert not g.gui_open
        assert g.stats[f"craft_item.{name}"] == v["result"]["count"], v
        assert g.inventory.total(int(key)) >= v["result"]["count"]
        d.tick(4)  # let the use cooldown pass before the next plan


def test_planner_crafts_several_and_keeps_the_rest(table_game):
    g = table_game.game
    g.inventory.clear()
    g.stats.clear()
    table_game.run("/give @p minecraft:oak_planks 10")
    run_actions(g, plan_craft(g, "stick", 6))  # 2 crafts: 4 planks used
    assert g.inventory.as_dict() == {"stick": 8, "oak_planks": 6}
    run_actions(g, plan_craft(g, "wooden_pickaxe"))
    assert g.inventory.as_dict() == {"stick": 6, "oak_planks": 3, "wooden_pickaxe": 1}


def test_planner_errors_are_clear(table_game, gui):
    g = table_game.game
    g.inventory.clear()
    with pytest.raises(PlanError, match="no crafting recipe"):
        plan_craft(g, "iron_ore", 1)
    with pytest.raises(PlanError, match="unknown item"):
        plan_craft(g, "oak_plank", 1)
    with pytest.raises(PlanError, match=r"needs 3 × any of acacia_planks.*; 2 × stick"):
        plan_craft(g, "wooden_pickaxe", 1)
    gui.run("/give @p minecraft:oak_planks 3")
    gui.run("/give @p minecraft:stick 2")
    with pytest.raises(PlanError, match="crafting table"):  # nothing targeted in the open
        gui.tick(1, camera=(-60.0, 0.0))
        plan_craft(gui.game, "wooden_pickaxe", 1)


SAMPLE = [NAMES[i] for i in np.linspace(0, len(NAMES) - 1, 40).astype(int)]


@pytest.fixture(scope="module")
def env():
    from envs.voxel.env import VoxelWorldEnv

    e = VoxelWorldEnv(width=128, height=128)
    yield e
    e.close()


def _look_at(env, x, y, z):
    g = env.game
    ex, ey, ez = g.eye()
    dx, dy, dz = x + 0.5 - ex, y + 0.5 - ey, z + 0.5 - ez
    yaw = math.degrees(math.atan2(-dx, dz))
    pitch = math.degrees(-math.atan2(dy, math.hypot(dx, dz)))
    a = env.action_space.noop()
    a["camera"] = np.array([pitch - g.pitch, ((yaw - g.yaw + 180) % 360) - 180], np.float32)
    env.step(a)
    env.step(env.action_space.noop())


@pytest.mark.parametrize("name", SAMPLE)
def test_sample_crafts_through_the_env(env, name):
    recipe = crafting.book(GD).for_item(name)[0]
    gives = [f"/give @p minecraft:{GD.item_name(min(opts))} 1" for _, _, opts in recipe.slots()]
    env.reset(seed=1, options={"commands": ["/fill ~-1 ~ ~1 ~1 ~2 ~2 minecraft:air",
                                            "/setblock ~ ~ ~1 minecraft:crafting_table", *gives]})
    g = env.game
    x, y, z = (math.floor(c) for c in g.feet())
    _look_at(env, x, y, z + 1)
    assert g.target == (x, y, z + 1)
    saw_gui = False
    for a in plan_craft(g, name, recipe.count):
        obs, _, terminated, _, info = env.step(a)
        saw_gui |= bool(obs["is_gui_open"])
        assert not terminated
    assert saw_gui and not obs["is_gui_open"]
    assert info["stats"][f"craft_item.{name}"] == recipe.count
    assert obs["inventory"].get(name, 0) >= recipe.count


def test_plan_is_deterministic(table_game):
    g = table_game.game
    g.inventory.clear()
    table_game.run("/give @p minecraft:oak_log 1")
    from envs.voxel import gui as gui_pkg

    assert [str(a) for a in plan_craft(g, "oak_planks", 4)] == \
        [str(a) for a in gui_pkg.click_plan(g, "oak_planks", 4)]
    assert gui_pkg.plan_craft is plan_craft


def test_camera_steps_stay_within_limits(table_game):
    g = table_game.game
    g.inventory.clear()
    table_game.run("/give @p minecraft:cobblestone 8")
    for a in plan_craft(g, "furnace", 1):
        assert np.all(np.abs(a["camera"]) <= 180.0)
