"""Screens driven by keys and mouse: Minecraft's click rules, closing, containers, bad clicks."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import Mouse, look_at_block, with_gui_systems

from envs.voxel.gui import GUI_H, GUI_W, SCREENS
from envs.voxel.spaces import BUTTONS


@pytest.fixture
def gui(flat):
    return with_gui_systems(flat)


def open_inventory(d):
    d.tick(1, inventory=1)
    d.tick(1)
    assert d.game.gui_open and d.game.gui.kind == "inventory"
    return Mouse(d), d.game.gui


def item_total(g) -> dict:
    """Every item the player owns: inventory, grid, carried, and dropped in the world."""
    out = dict(g.inventory.as_dict())
    s = g.gui
    stores = [s.carried] + ([s.grid] if hasattr(s, "grid") else [])
    for st in stores:
        for i, n in zip(st.item.tolist(), st.count.tolist(), strict=True):
            if n:
                out[g.gd.item_name(i)] = out.get(g.gd.item_name(i), 0) + n
    dr = g.drops
    for i in np.flatnonzero(dr.alive):
        name = g.gd.item_name(int(dr.item[i]))
        out[name] = out.get(name, 0) + int(dr.count[i])
    return out


def test_inventory_key_toggles_and_esc_closes(gui):
    assert set(SCREENS) >= {"inventory", "crafting_table", "furnace", "chest"}
    m, s = open_inventory(gui)
    assert tuple(s.cursor) == (GUI_W / 2, GUI_H / 2)
    m.key("inventory")
    assert not gui.game.gui_open
    open_inventory(gui)
    m.key("ESC")
    assert not gui.game.gui_open


def test_movement_keys_do_nothing_while_open(gui):
    g = gui.game
    x0 = g.feet()
    open_inventory(gui)
    gui.tick(20, forward=1, jump=1)
    assert g.feet() == x0 and g.pitch == 0.0


def test_left_and_right_clicks(gui, gd):
    gui.run("/give @p minecraft:cobblestone 10")
    gui.run("/give @p minecraft:dirt 5")
    m, s = open_inventory(gui)
    cob, dirt = gd.item("cobblestone"), gd.item("dirt")
    m.right("hotbar", 0)  # half of 10
    assert s.carried_stack() == (cob, 5, 0) and s.content(s.find("hotbar", 0))[1] == 5
    m.right("main", 9)  # place one
    m.right("main", 9)
    assert s.content(s.find("main", 9))[:2] == (cob, 2) and s.carried_stack()[1] == 3
    m.left("main", 9)  # merge the rest
    assert s.content(s.find("main", 9))[:2] == (cob, 5) and s.carried_stack()[1] == 0
    m.left("hotbar", 1)  # pick up dirt, then swap it with the cobblestone
    m.left("main", 9)
    assert s.content(s.find("main", 9))[:2] == (dirt, 5) and s.carried_stack()[:2] == (cob, 5)
    m.left("hotbar", 1)
    assert s.content(s.find("hotbar", 1))[:2] == (cob, 5)


def test_stacks_respect_the_stack_size(gui, gd):
    gui.run("/give @p minecraft:ender_pearl 16")
    gui.run("/give @p minecraft:ender_pearl 10")
    m, s = open_inventory(gui)
    m.left("hotbar", 1)
    m.left("hotbar", 0)  # 10 onto a full stack of 16: nothing moves
    assert s.content(s.find("hotbar", 0))[1] == 16 and s.carried_stack()[1] == 10


def test_shift_click_moves_between_sections_and_equips_armor(gui, gd):
    gui.run("/give @p minecraft:stone 20")
    gui.run("/give @p minecraft:iron_helmet")
    m, s = open_inventory(gui)
    m.left("hotbar", 0, shift=True)
    assert gui.game.inventory.item[9] == gd.item("stone") and gui.game.inventory.count[0] == 0
    m.left("main", 9, shift=True)
    assert gui.game.inventory.item[0] == gd.item("stone")
    m.left("hotbar", 1, shift=True)
    assert gd.item_name(int(gui.game.inventory.item[39])) == "iron_helmet"
    m.left("armor", 39, shift=True)  # back out
    assert gui.game.inventory.item[39] == 0


def test_armor_slots_take_only_matching_armor(gui, gd):
    gui.run("/give @p minecraft:stone 1")
    gui.run("/give @p minecraft:diamond_boots")
    m, s = open_inventory(gui)
    m.left("hotbar", 0)
    m.left("armor", 39)
    assert gui.game.inventory.item[39] == 0 and s.carried_stack()[1] == 1
    m.left("hotbar", 0)
    m.left("hotbar", 1)
    m.left("armor", 39)  # boots on the head: refused
    assert gui.game.inventory.item[39] == 0
    m.left("armor", 36)
    assert gd.item_name(int(gui.game.inventory.item[36])) == "diamond_boots"


def test_clicking_outside_the_window_drops(gui, gd):
    g = gui.game
    gui.run("/give @p minecraft:oak_log 5")
    m, s = open_inventory(gui)
    m.left("hotbar", 0)
    m.move(10, 10)
    gui.tick(1, use=1)  # right: one
    gui.tick(1)
    assert s.carried_stack()[1] == 4 and g.stats["drop.oak_log"] == 1
    gui.tick(1, attack=1)  # left: all
    gui.tick(1)
    assert s.carried_stack()[1] == 0 and g.stats["drop.oak_log"] == 5
    assert g.drops.alive.sum() == 2


def test_hotbar_keys_and_drop_key_over_slots(gui, gd):
    g = gui.game
    gui.run("/give @p minecraft:stone 3")
    m, s = open_inventory(gui)
    m.to_slot("main", 20)
    m.key("hotbar.1")  # swap hotbar 1 (stone) with the empty main slot
    assert g.inventory.item[20] == gd.item("stone") and g.inventory.item[0] == 0
    m.key("drop")
    assert g.inventory.count[20] == 2 and g.stats["drop.stone"] == 1


def test_closing_returns_grid_and_cursor_and_drops_the_overflow(gui, gd):
    g = gui.game
    gui.run("/give @p minecraft:oak_log 2")
    m, s = open_inventory(gui)
    m.left("hotbar", 0)
    m.right("grid", 3)
    m.key("ESC")
    assert g.inventory.as_dict() == {"oak_log": 2} and not g.drops.alive.any()
    # a full inventory: what the grid held falls at the player's feet
    m, s = open_inventory(gui)
    m.left("hotbar", 0)
    m.left("grid", 0)
    for slot in range(36):
        g.inventory.item[slot], g.inventory.count[slot] = gd.item("dirt"), 64
    m.key("ESC")
    assert g.drops.alive.sum() == 1 and int(g.drops.count[g.drops.alive][0]) == 2


def test_malformed_clicks_never_crash(gui, gd):
    g = gui.game
    m, s = open_inventory(gui)
    m.left("grid", 0)  # empty slot, empty cursor
    m.left("result")  # no recipe
    m.left("result", shift=True)
    m.right("result")
    m.left("main", 9, shift=True)
    m.move(0, 0)
    gui.tick(1, attack=1)  # outside, nothing carried
    gui.tick(1)
    m.move(GUI_W / 2, 20)
    gui.tick(1, attack=1)  # on the panel background
    gui.tick(1)
    gui.run("/give @p minecraft:oak_log 1")
    gui.run("/give @p minecraft:stone 1")
    m.left("hotbar", 0)
    m.left("grid", 0)  # the result shows planks
    m.left("hotbar", 1)  # carry stone
    m.left("result")  # result with a different item on the cursor: nothing
    assert s.carried_stack()[:2] == (gd.item("stone"), 1) and g.stats["craft_item.oak_planks"] == 0
    m.left("result", shift=True)  # sneak-click with a carried stack still quick-crafts
    m.left("hotbar", 1)
    for slot in range(36):  # full inventory: shift-crafting does nothing
        g.inventory.item[slot], g.inventory.count[slot] = gd.item("dirt"), 64
    before = dict(g.stats)
    g.gui.grid.item[0], g.gui.grid.count[0] = gd.item("oak_log"), 1
    g.gui.changed(g)
    m.left("result", shift=True)
    assert g.stats.get("craft_item.oak_planks", 0) == before.get("craft_item.oak_planks", 0)
    assert g.gui.grid.count[0] == 1
    m.left("result")  # plain click still takes it onto the cursor
    assert g.gui.carried_stack()[0] == gd.item("oak_planks")
    for _ in range(3):
        gui.tick(1, camera=(180.0, 180.0), attack=1)
        gui.tick(1, camera=(-180.0, -180.0), use=1)
    assert 0 <= s.cursor[0] <= GUI_W - 1 and 0 <= s.cursor[1] <= GUI_H - 1


def test_random_mashing_keeps_every_item(gui, gd):
    """Thousands of random GUI actions: no crash, and no item appears or vanishes (items that
    make nothing in a 2×2 grid, so every click only moves them)."""
    g = gui.game
    given = {"dirt": 70, "cobblestone": 40, "gold_ore": 6, "iron_ore": 9, "diamond_pickaxe": 1,
             "ender_pearl": 20, "milk_bucket": 2}
    for name, n in given.items():
        gui.run(f"/give @p minecraft:{name} {n}")
    rng = np.random.default_rng(0)
    buttons = np.zeros(len(BUTTONS), np.int8)
    idx = {k: BUTTONS.index(k) for k in ("attack", "use", "sneak", "drop", "hotbar.3", "inventory")}
    open_inventory(gui)
    for _ in range(3000):
        buttons[:] = 0
        for k in ("attack", "use", "sneak"):
            buttons[idx[k]] = rng.random() < 0.3
        buttons[idx["drop"]] = rng.random() < 0.01
        buttons[idx["hotbar.3"]] = rng.random() < 0.02
        if rng.random() < 0.01 or not g.gui_open:  # close / reopen, not acting in the world
            buttons[:] = 0
            buttons[idx["inventory"]] = not g.held_buttons[idx["inventory"]]
        g.tick(buttons, *rng.normal(0, 25, 2).clip(-180, 180))
        if g.gui_open:
            assert item_total(g) == given
    assert not any(k.startswith("craft_item") for k in g.stats)
    assert g.stats["drop.dirt"] > 0  # some clicks landed outside the window


def test_crafting_table_opens_with_use_but_not_when_sneaking_with_an_item(gui, gd):
    g = gui.game
    gui.run("/setblock 0 64 2 minecraft:crafting_table")
    look_at_block(gui, 0, 64, 2)
    gui.run("/give @p minecraft:dirt 1")
    gui.tick(1, use=1, sneak=1)  # sneaking with dirt: places it instead
    gui.tick(5, sneak=1)
    assert not g.gui_open and g.inventory.total(gd.item("dirt")) == 0
    assert gd.block_name(g.world.get(0, 64, 1)) == "dirt"
    gui.run("/setblock 0 64 1 minecraft:air")
    gui.tick(1, sneak=1)
    gui.tick(1, use=1, sneak=1)  # sneaking with empty hands still opens it
    gui.tick(1)
    assert g.gui_open
    gui.tick(1, ESC=1)
    gui.tick(5)
    gui.tick(1, use=1)
    gui.tick(1)
    assert g.gui_open and g.gui.kind == "crafting_table" and g.gui.pos == (0, 64, 2)
    assert g.stats["custom.interact_with_crafting_table"] == 2


def test_chest_contents_persist_and_spill_when_broken(gui, gd):
    g = gui.game
    gui.run("/setblock 0 64 2 minecraft:chest")
    gui.run("/give @p minecraft:gold_ingot 12")
    look_at_block(gui, 0, 64, 2)
    gui.tick(1, use=1)
    gui.tick(1)
    assert g.gui.kind == "chest"
    m = Mouse(gui)
    m.left("hotbar", 0, shift=True)  # into the chest
    m.key("ESC")
    assert g.inventory.total(gd.item("gold_ingot")) == 0
    gui.tick(5)
    gui.tick(1, use=1)
    gui.tick(1)
    assert g.gui.content(g.gui.find("container", 0))[:2] == (gd.item("gold_ingot"), 12)
    m.key("ESC")
    g.break_block(0, 64, 2, 0)
    assert (0, 64, 2) not in g.chests
    golds = [int(g.drops.count[i]) for i in np.flatnonzero(g.drops.alive)
             if g.drops.item[i] == gd.item("gold_ingot")]
    assert golds == [12]


def test_screen_closes_when_its_block_goes(gui, gd):
    g = gui.game
    gui.run("/setblock 0 64 2 minecraft:crafting_table")
    gui.run("/give @p minecraft:oak_log 4")
    look_at_block(gui, 0, 64, 2)
    gui.tick(1, use=1)
    gui.tick(1)
    m = Mouse(gui)
    m.left("hotbar", 0)
    m.left("grid", 4)
    gui.run("/setblock 0 64 2 minecraft:air")
    gui.tick(1)
    assert not g.gui_open and g.inventory.total(gd.item("oak_log")) == 4
