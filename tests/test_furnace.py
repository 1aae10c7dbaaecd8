"""Furnace smelting: fuel, 200 ticks per item, ticking while closed, output stats, spilling."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import Mouse, look_at_block, run_actions, with_gui_systems

from envs.voxel import furnace
from envs.voxel.gui.planner import PlanError, plan_smelt


@pytest.fixture
def gui(flat):
    return with_gui_systems(flat)


def open_furnace(d, pos=(0, 64, 2)):
    d.run(f"/setblock {pos[0]} {pos[1]} {pos[2]} minecraft:furnace")
    look_at_block(d, *pos)
    d.tick(5)
    d.tick(1, use=1)
    d.tick(1)
    g = d.game
    assert g.gui_open and g.gui.kind == "furnace" and g.stats["custom.interact_with_furnace"] >= 1
    return Mouse(d), g.gui


def test_smelting_iron_ore_with_coal_through_the_gui(gui, gd):
    g = gui.game
    gui.run("/give @p minecraft:iron_ore 3")
    gui.run("/give @p minecraft:coal 1")
    m, s = open_furnace(gui)
    m.left("hotbar", 0)
    m.left("input")
    m.left("hotbar", 1)
    m.left("fuel")
    f = s.furnace
    assert f.burning and f.stacks.count[furnace.FUEL] == 0  # the coal caught at once
    assert s.progress()[0] > 0.99
    gui.tick(199 - f.cook)
    assert f.stacks.count[furnace.OUTPUT] == 0
    gui.tick(1)
    assert f.stacks.count[furnace.OUTPUT] == 1 and f.stacks.count[furnace.INPUT] == 2
    m.key("ESC")  # keeps going while closed
    gui.tick(400)
    assert f.stacks.count[furnace.OUTPUT] == 3 and f.stacks.count[furnace.INPUT] == 0
    assert "smelt_item.iron_ingot" not in g.stats  # counted when taken, as in Minecraft
    gui.tick(1, use=1)
    gui.tick(1)
    m = Mouse(gui)
    m.right("output")  # half: 2
    assert g.stats["smelt_item.iron_ingot"] == 2
    m.left("hotbar", 5)
    m.left("output", shift=True)
    assert g.stats["smelt_item.iron_ingot"] == 3
    assert g.inventory.total(gd.item("iron_ingot")) == 3
    m.key("ESC")


def test_one_coal_smelts_eight_items_and_stops(gd):
    t = furnace.tables(gd)
    f = furnace.Furnace()
    f.stacks.item[0], f.stacks.count[0] = gd.item("sand"), 10
    f.stacks.item[1], f.stacks.count[1] = gd.item("coal"), 1
    ticks = 0
    while ticks < 3000 and (f.burning or f.stacks.count[1]):
        furnace.step(f, t, gd.stack_size)
        ticks += 1
    assert f.stacks.count[2] == 8 and gd.item_name(int(f.stacks.item[2])) == "glass"
    assert f.stacks.count[0] == 2 and f.cook == 0 and ticks == 1601


def test_lava_bucket_leaves_a_bucket_and_cook_time_decays(gd):
    t = furnace.tables(gd)
    f = furnace.Furnace()
    f.stacks.item[0], f.stacks.count[0] = gd.item("beef"), 1
    f.stacks.item[1], f.stacks.count[1] = gd.item("lava_bucket"), 1
    for _ in range(100):
        furnace.step(f, t, gd.stack_size)
    assert gd.item_name(int(f.stacks.item[1])) == "bucket" and f.cook == 100
    f.stacks.clear_slot(0)  # take the beef out mid-way: progress resets
    furnace.step(f, t, gd.stack_size)
    assert f.cook == 0


def test_non_fuel_and_non_smeltable_items_are_refused(gui, gd):
    gui.run("/give @p minecraft:dirt 4")
    gui.run("/give @p minecraft:iron_ore 4")
    m, s = open_furnace(gui)
    m.left("hotbar", 0)
    m.left("fuel")  # dirt is not fuel
    m.left("output")  # nothing goes into the output
    assert s.furnace.stacks.count.sum() == 0 and s.carried_stack()[1] == 4
    m.left("input")  # anything goes into the input (it just does not smelt)
    gui.tick(50)
    assert s.furnace.stacks.count[0] == 4 and s.furnace.cook == 0
    m.left("input")
    m.left("hotbar", 0)
    m.left("hotbar", 1, shift=True)  # shift-click: smeltable → input
    assert gd.item_name(int(s.furnace.stacks.item[0])) == "iron_ore"


def test_breaking_the_furnace_spills_its_contents(gui, gd):
    g = gui.game
    gui.run("/give @p minecraft:iron_ore 5")
    m, s = open_furnace(gui)
    m.left("hotbar", 0, shift=True)
    m.key("ESC")
    g.break_block(0, 64, 2, 0)
    assert (0, 64, 2) not in g.furnaces
    alive = np.flatnonzero(g.drops.alive)
    assert [(gd.item_name(int(g.drops.item[i])), int(g.drops.count[i])) for i in alive
            if g.drops.item[i] != gd.item("furnace")] == [("iron_ore", 5)]


def test_plan_smelt(gui, gd):
    g = gui.game
    gui.run("/give @p minecraft:iron_ore 4")
    gui.run("/give @p minecraft:oak_planks 3")
    gui.run("/give @p minecraft:coal 1")
    gui.run("/setblock 0 64 2 minecraft:furnace")
    look_at_block(gui, 0, 64, 2)
    actions = plan_smelt(g, "iron_ingot", 4)
    run_actions(g, actions)
    assert not g.gui_open
    assert g.stats["smelt_item.iron_ingot"] == 4 and g.inventory.total(gd.item("iron_ingot")) == 4
    assert g.inventory.total(gd.item("coal")) == 0  # the longest-burning fuel was chosen
    assert g.inventory.total(gd.item("oak_planks")) == 3
    with pytest.raises(PlanError, match="smelts into"):
        plan_smelt(g, "gold_ingot", 1)
    gui.run("/give @p minecraft:sand 2")
    gui.tick(5)
    run_actions(g, plan_smelt(g, "glass", 2, wait=False))  # loads it and walks away
    gui.tick(400)
    assert g.furnaces[(0, 64, 2)].stacks.count[furnace.OUTPUT] == 2
    assert g.inventory.total(gd.item("oak_planks")) == 1  # 2 planks burn 600 ticks ≥ 400


def test_wet_sponge_fills_a_bucket_in_the_fuel_slot(gd):
    t = furnace.tables(gd)
    f = furnace.Furnace()
    f.stacks.item[0], f.stacks.count[0] = gd.item("wet_sponge"), 1
    f.stacks.item[1], f.stacks.count[1] = gd.item("bucket"), 1
    f.burn_left = f.burn_total = 1600  # already burning
    for _ in range(200):
        furnace.step(f, t, gd.stack_size)
    assert gd.item_name(int(f.stacks.item[2])) == "sponge"
    assert gd.item_name(int(f.stacks.item[1])) == "water_bucket"


def test_smelting_and_fuel_tables_cover_1_16(gd):
    t = furnace.tables(gd)
    burn = {n: int(t.burn[gd.item(n)]) for n in ("stripped_birch_wood", "jungle_boat",
                                                  "scaffolding", "white_carpet", "crimson_planks")}
    assert burn == {"stripped_birch_wood": 300, "jungle_boat": 1200, "scaffolding": 400,
                    "white_carpet": 67, "crimson_planks": 0}
    out = {n: gd.item_name(int(t.result[gd.item(n)])) for n in ("acacia_wood", "red_terracotta",
                                                              "chainmail_boots", "nether_bricks")}
    assert out == {"acacia_wood": "charcoal", "red_terracotta": "red_glazed_terracotta",
                   "chainmail_boots": "iron_nugget", "nether_bricks": "cracked_nether_bricks"}
