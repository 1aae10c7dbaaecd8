"""Crafting recipes (matching rules) and a wooden pickaxe crafted from logs click by click."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import Mouse, look_at_block, with_gui_systems

from envs.voxel import crafting


@pytest.fixture
def gui(flat):
    return with_gui_systems(flat)


@pytest.fixture(scope="module")
def book(gd):
    return crafting.book(gd)


def grid(gd, rows: list[str]) -> np.ndarray:
    """A 3×3 grid from rows of item names separated by spaces ('.' = empty)."""
    g = np.zeros((3, 3), np.int32)
    for r, row in enumerate(rows):
        for c, name in enumerate(row.split()):
            g[r, c] = 0 if name == "." else gd.item(name)
    return g


def made(gd, book, rows) -> str | None:
    m = book.match(grid(gd, rows))
    return None if m is None else f"{m.count} {gd.item_name(m.result)}"


def test_every_minecraft_data_variant_matches_its_result_anywhere_and_mirrored(gd, book):
    n = 0
    for key, variants in gd.recipes.items():
        for v in variants:
            for dr in (0, 1):
                for dc in (0, 1):
                    g = np.zeros((3, 3), np.int32)
                    if "inShape" in v:
                        shape = np.array([[x or 0 for x in row] for row in v["inShape"]])
                        h, w = shape.shape
                        if dr + h > 3 or dc + w > 3:
                            continue
                        g[dr : dr + h, dc : dc + w] = shape[:, ::-1] if (dr + dc) % 2 else shape
                    else:  # shapeless: scattered, reversed
                        cells = np.random.default_rng(n).permutation(9)[: len(v["ingredients"])]
                        g.ravel()[cells] = v["ingredients"][::-1]
                    m = book.match(g)
                    assert m is not None and m.result == int(key), (gd.item_name(int(key)), g)
                    assert m.count == v["result"]["count"]
                    n += 1
    assert n > 2000


def test_shaped_recipes_mirror_and_move(gd, book):
    axe = ["oak_planks oak_planks", "oak_planks stick", ". stick"]
    mirrored = ["oak_planks oak_planks", "stick oak_planks", "stick ."]
    assert made(gd, book, axe) == "1 wooden_axe"
    assert made(gd, book, mirrored) == "1 wooden_axe"
    assert made(gd, book, [". oak_planks oak_planks", ". stick oak_planks", ". stick ."]) == "1 wooden_axe"
    assert made(gd, book, [". . .", ". . coal", ". . stick"]) == "4 torch"
    assert made(gd, book, ["oak_planks . .", "oak_planks oak_planks .",
                           "oak_planks oak_planks oak_planks"]) == "4 oak_stairs"
    assert made(gd, book, [". . oak_planks", ". oak_planks oak_planks",
                           "oak_planks oak_planks oak_planks"]) == "4 oak_stairs"
    # upside down is not a mirror
    assert made(gd, book, [". stick", "stick oak_planks", "oak_planks oak_planks"]) is None


def test_tags_accept_mixed_items(gd, book):
    assert made(gd, book, ["oak_planks birch_planks spruce_planks", ". stick .", ". stick ."]) == \
        "1 wooden_pickaxe"
    assert made(gd, book, ["cobblestone blackstone cobblestone", "cobblestone . blackstone",
                           "cobblestone cobblestone cobblestone"]) == "1 furnace"
    assert made(gd, book, ["charcoal", "stick"]) == "4 torch"


def test_shapeless_any_arrangement(gd, book):
    assert made(gd, book, [". . .", ". . .", ". . oak_log"]) == "4 oak_planks"
    assert made(gd, book, ["gunpowder . .", ". . .", "charcoal . blaze_powder"]) == "3 fire_charge"
    assert made(gd, book, ["book ink_sac feather"]) == "1 writable_book"
    assert made(gd, book, ["book ink_sac feather", "feather . ."]) is None  # one too many


def test_no_match_for_junk_or_extras(gd, book):
    assert book.match(np.zeros((3, 3), np.int32)) is None
    assert made(gd, book, ["dirt stick"]) is None
    assert made(gd, book, ["oak_planks oak_planks oak_planks", ". stick .", ". stick stick"]) is None
    assert book.match(np.zeros((2, 2), np.int32)) is None


def test_container_items_stay_in_the_grid(gd, book):
    m = book.match(grid(gd, ["milk_bucket milk_bucket milk_bucket", "sugar egg sugar",
                             "wheat wheat wheat"]))
    assert gd.item_name(m.result) == "cake"
    assert [gd.item_name(i) if i else None for i in m.remainders[:4]] == ["bucket"] * 3 + [None]


def test_only_small_recipes_fit_the_inventory_grid(gd, book):
    fits = {gd.item_name(r.result) for r in book.recipes if r.fits(2)}
    assert {"oak_planks", "stick", "crafting_table", "torch"} <= fits
    assert not {"wooden_pickaxe", "furnace", "chest"} & fits


def _slot_of(screen, item_id: int) -> int:
    for k in screen.player_slots():
        if screen.content(k)[0] == item_id:
            return k
    raise AssertionError(f"item {item_id} not in the inventory")


def _left(mouse, k: int, shift: bool = False) -> None:
    mouse.move(*mouse.screen.slot_center(k))
    mouse.d.tick(1, attack=1, sneak=int(shift))
    mouse.d.tick(1)


def _right(mouse, k: int) -> None:
    mouse.move(*mouse.screen.slot_center(k))
    mouse.d.tick(1, use=1)
    mouse.d.tick(1)


def test_wooden_pickaxe_from_logs_action_by_action(gui, gd):
    d, g = gui, gui.game
    d.run("/give @p minecraft:oak_log 3")
    planks, stick, table = gd.item("oak_planks"), gd.item("stick"), gd.item("crafting_table")
    d.tick(1, inventory=1)
    d.tick(1)
    assert g.gui_open and g.gui.kind == "inventory"
    m, s = Mouse(d), g.gui
    # logs → 12 planks: all three logs into one grid slot, shift-click the result
    m.left("hotbar", 0)
    assert s.carried_stack()[1] == 3
    m.left("grid", 0)
    assert s.content(s.find("result"))[:2] == (planks, 4)
    m.left("result", shift=True)
    assert g.stats["craft_item.oak_planks"] == 12 and g.inventory.total(planks) == 12
    # planks → 4 sticks: one plank in each of two stacked cells, take the result
    src = _slot_of(s, planks)
    _left(m, src)
    m.right("grid", 0)
    m.right("grid", 2)
    _left(m, src)  # put the rest back
    m.left("result")
    assert s.carried_stack()[:2] == (stick, 4)
    m.left("main", 20)
    # 4 planks → crafting table
    src = _slot_of(s, planks)
    _left(m, src)
    for cell in range(4):
        m.right("grid", cell)
    _left(m, src)
    m.left("result", shift=True)
    assert g.inventory.total(table) == 1 and g.inventory.total(planks) == 6
    m.key("ESC")
    assert not g.gui_open and g.inventory.total(stick) == 4
    # place the table in front and use it
    g.inventory.selected = int(np.flatnonzero(g.inventory.item[:9] == table)[0])
    look_at_block(d, 0, 63, 2)
    d.tick(1, use=1)
    assert gd.block_name(g.world.get(0, 64, 2)) == "crafting_table"
    look_at_block(d, 0, 64, 2)
    d.tick(5)
    d.tick(1, use=1)
    d.tick(1)
    assert g.gui_open and g.gui.kind == "crafting_table"
    s = g.gui
    src = _slot_of(s, planks)
    _left(m, src)
    for cell in (0, 1, 2):
        m.right("grid", cell)
    _left(m, src)
    src = _slot_of(s, stick)
    _left(m, src)
    for cell in (4, 7):
        m.right("grid", cell)
    _left(m, src)
    assert gd.item_name(s.content(s.find("result"))[0]) == "wooden_pickaxe"
    m.left("result")
    m.left("main", 30)
    m.key("ESC")
    assert g.stats["craft_item.wooden_pickaxe"] == 1
    assert g.inventory.as_dict() == {"wooden_pickaxe": 1, "stick": 2, "oak_planks": 3}
