"""Breaking, drops, pickup, placing and statistics, driven through buttons like a player."""

import pytest

# (block, tool, ticks from the Minecraft Wiki's breaking-time table, 20 ticks = 1 s)
WIKI_TIMES = [
    ("stone", "wooden_pickaxe", 23),  # 1.15 s
    ("stone", None, 150),  # 7.5 s, and no drop
    ("oak_log", None, 60),  # 3 s
    ("oak_log", "stone_axe", 15),  # 0.75 s
    ("dirt", None, 15),  # 0.75 s
    ("dirt", "wooden_shovel", 8),  # 0.4 s
    ("iron_ore", "stone_pickaxe", 23),  # 1.15 s
    ("obsidian", "diamond_pickaxe", 188),  # 9.4 s
    ("sand", None, 15),  # 0.75 s
]


@pytest.mark.parametrize("block,tool,ticks", WIKI_TIMES)
def test_break_time_matches_minecraft(gd, block, tool, ticks):
    assert gd.break_ticks(gd.block(block), gd.item(tool) if tool else 0) == ticks


def _mine_in_front(flat, block, tool=None, limit=400):
    g = flat.game
    flat.run(f"/setblock 0 64 2 minecraft:{block}")
    if tool:
        flat.run(f"/give @p minecraft:{tool}")
    g.pitch, g.yaw = 20.0, 0.0
    n = 0
    while g.world.get(0, 64, 2) != 0 and n < limit:
        flat.tick(attack=1)
        n += 1
    return n


def test_mining_by_holding_attack_takes_the_wiki_time(flat):
    assert _mine_in_front(flat, "oak_log") == 60
    flat.tick(40, forward=1)  # walk over the drop
    assert flat.game.inventory.as_dict() == {"oak_log": 1}
    assert flat.game.stats["mine_block.oak_log"] == 1
    assert flat.game.stats["pickup.oak_log"] == 1


def test_wrong_tool_is_slow_and_drops_nothing(flat):
    assert _mine_in_front(flat, "iron_ore", "wooden_pickaxe") == 150
    flat.tick(40, forward=1)
    assert "iron_ore" not in flat.game.inventory.as_dict()
    assert flat.game.stats["mine_block.iron_ore"] == 1


def test_right_tool_drops_and_wears(flat, gd):
    assert _mine_in_front(flat, "stone", "wooden_pickaxe") == 23
    flat.tick(40, forward=1)
    inv = flat.game.inventory
    assert inv.as_dict() == {"wooden_pickaxe": 1, "cobblestone": 1}
    assert inv.damage[0] == 1  # one durability point used


def test_releasing_attack_resets_progress(flat):
    g = flat.game
    flat.run("/setblock 0 64 2 minecraft:oak_log")
    g.pitch, g.yaw = 20.0, 0.0
    flat.tick(50, attack=1)
    flat.tick(1)
    flat.tick(50, attack=1)
    assert g.world.get(0, 64, 2) != 0  # 100 ticks, but never 60 in a row


def test_place_block_on_targeted_face(flat, gd):
    g = flat.game
    flat.run("/give @p minecraft:cobblestone 3")
    g.pitch, g.yaw = 45.0, 0.0  # looking at the ground in front
    flat.tick(use=1)
    placed = [(x, z) for x in range(-2, 3) for z in range(0, 4) if g.world.get(x, 64, z) == gd.block("cobblestone")]
    assert len(placed) == 1
    assert g.inventory.as_dict() == {"cobblestone": 2}
    assert g.stats["use_item.cobblestone"] == 1


def test_cannot_place_inside_the_player(flat):
    g = flat.game
    flat.run("/give @p minecraft:dirt 1")
    g.pitch = 90.0  # straight down: the face above the ground is where we stand
    flat.tick(use=1)
    assert g.inventory.as_dict() == {"dirt": 1}


def test_drop_throws_one_item_and_counts(flat):
    g = flat.game
    flat.run("/give @p minecraft:stick 5")
    flat.tick(drop=1)
    assert g.inventory.as_dict() == {"stick": 4}
    assert g.stats["drop.stick"] == 1
    assert g.drops.alive.sum() == 1


def test_hotbar_selection_and_stack_limits(flat, gd):
    g = flat.game
    flat.run("/give @p minecraft:dirt 100")
    flat.run("/give @p minecraft:diamond_sword 2")
    assert g.inventory.count[:4].tolist() == [64, 36, 1, 1]
    flat.tick(hotbar_3=1)
    assert g.inventory.held() == gd.item("diamond_sword")


def test_killing_a_mob_counts_and_drops(flat):
    g = flat.game
    flat.run("/give @p minecraft:diamond_sword")
    flat.run("/summon minecraft:chicken 0.5 64 2.5")
    g.pitch, g.yaw = 30.0, 0.0
    for _ in range(40):
        flat.tick(attack=1)
    assert g.stats["kill_entity.chicken"] == 1
    assert not g.mobs.mobs
