"""Hunger, eating, regeneration, starvation, environmental damage and tool tiers (1.16 rules)."""

import pytest
from survival_helpers import hurts, install, look_at, tick_events


def _hungry(game, food=10, saturation=0.0):
    game.food, game.saturation = food, saturation


def test_eating_takes_32_ticks_of_holding_use_and_restores_hunger(flat):
    g = install(flat, "survival")
    _hungry(g)
    flat.run("/give @p minecraft:bread 2")
    flat.tick(31, use=1)
    assert g.food == 10 and g.inventory.as_dict() == {"bread": 2}
    flat.tick(1, use=1)
    assert g.food == 15  # bread: 5 hunger, 6.0 saturation
    assert g.saturation == pytest.approx(6.0)
    assert g.inventory.as_dict() == {"bread": 1}
    assert g.stats["use_item.bread"] == 1


def test_releasing_use_interrupts_eating(flat):
    g = install(flat, "survival")
    _hungry(g)
    flat.run("/give @p minecraft:cooked_beef")
    flat.tick(20, use=1)
    flat.tick(1)
    flat.tick(20, use=1)
    assert g.food == 10
    flat.tick(12, use=1)  # 32 uninterrupted ticks
    assert g.food == 18 and g.stats["use_item.cooked_beef"] == 1


def test_full_bar_blocks_eating_except_golden_apples(flat):
    g = install(flat, "survival")
    flat.run("/give @p minecraft:apple")
    flat.tick(40, use=1)
    assert g.inventory.as_dict() == {"apple": 1}
    flat.run("/clear")
    flat.run("/give @p minecraft:golden_apple")
    flat.tick(32, use=1)
    assert not g.inventory.as_dict()
    assert g.effects["regeneration"][0] == 1


def test_carrot_is_eaten_not_placed_and_planted_on_farmland(flat, gd):
    g = install(flat, "interactions", "survival")
    _hungry(g)
    flat.run("/give @p minecraft:carrot 2")
    look_at(g, 0.5, 64.0, 2.5)
    flat.tick(32, use=1)
    assert g.food == 13 and g.world.get(0, 64, 2) == 0
    flat.run("/setblock 0 63 2 minecraft:farmland")
    flat.tick(1)
    flat.tick(1, use=1)
    assert g.world.get(0, 64, 2) == gd.block("carrots")
    assert g.stats["use_item.carrot"] == 2  # eaten once, planted once


def test_walking_costs_no_hunger_but_sprint_jumping_does(flat):
    g = install(flat, "survival")
    g.saturation = 0.0
    flat.tick(200, forward=1)
    assert g.food == 20
    assert g.stats["custom.walk_one_cm"] > 800
    flat.tick(400, forward=1, sprint=1, jump=1)
    # ~110 m sprinted (11 exhaustion) + ~40 sprint-jumps (8) ≈ 19 exhaustion: 4 hunger points
    assert 15 <= g.food <= 17
    assert g.stats["custom.sprint_one_cm"] > 5000


def test_saturation_is_used_before_hunger(flat):
    g = install(flat, "survival")
    g.saturation = 5.0
    g.systems["survival"].add_exhaustion(4.5)
    flat.tick(1)
    assert (g.food, g.saturation) == (20, 4.0)


def test_starvation_stops_at_half_a_heart_on_normal(flat):
    g = install(flat, "survival")
    _hungry(g, food=0)
    events = tick_events(flat, 80 * 25)
    assert g.health == 1.0 and not g.dead
    assert len(hurts(events, "starve")) == 19


def test_starvation_kills_on_hard(flat):
    g = install(flat, "survival")
    g.difficulty = "hard"
    _hungry(g, food=0)
    g.health = 2.0
    flat.tick(160)
    assert g.dead and g.death_cause == "starve"


def test_natural_regeneration_when_fed(flat):
    g = install(flat, "survival")
    g.health, g.food, g.saturation = 10.0, 18, 0.0
    flat.tick(79)
    assert g.health == 10.0
    flat.tick(1)
    assert g.health == 11.0  # one heal per 80 ticks at food >= 18, costing 6 exhaustion
    flat.tick(1)
    assert g.food == 17  # exhaustion 6 > 4: one hunger point
    flat.tick(200)
    assert g.health == 11.0  # below 18: no more regeneration


def test_saturated_full_bar_heals_fast(flat):
    g = install(flat, "survival")
    g.health, g.saturation = 10.0, 5.0
    flat.tick(10)
    assert g.health == pytest.approx(10 + 5 / 6)


def test_lava_and_fire_burn(flat):
    g = install(flat, "survival")
    flat.run("/setblock 0 64 0 minecraft:lava")
    events = tick_events(flat, 20)
    assert hurts(events, "lava")[:2] == [4.0, 4.0]
    flat.run("/setblock 0 64 0 minecraft:air")
    events = tick_events(flat, 40)
    assert hurts(events, "on_fire") == [1.0, 1.0]  # keeps burning after leaving the lava
    flat.run("/setblock 0 64 0 minecraft:water")
    flat.tick(1)
    assert g.systems["survival"].fire_ticks == 0  # water puts it out


def test_poison_never_kills(flat):
    g = install(flat, "survival")
    g.health, g.food = 3.0, 17  # no regeneration
    flat.run("/effect give @p minecraft:poison 30 1")
    flat.tick(400)
    assert g.health == 1.0 and not g.dead


def test_milk_cures_effects_and_leaves_a_bucket(flat):
    g = install(flat, "survival")
    flat.run("/effect give @p minecraft:poison 30 0")
    flat.run("/give @p minecraft:milk_bucket")
    flat.tick(32, use=1)
    assert g.effects == {} and g.inventory.as_dict() == {"bucket": 1}
    assert g.stats["use_item.milk_bucket"] == 1


# -- tools: durability and harvest tiers (minecraft-data + gamedata.can_harvest) ---------------
@pytest.mark.parametrize("tool,durability", [
    ("wooden_pickaxe", 59), ("stone_pickaxe", 131), ("iron_pickaxe", 250), ("golden_pickaxe", 32),
    ("diamond_pickaxe", 1561), ("netherite_pickaxe", 2031), ("shears", 238), ("flint_and_steel", 64),
])
def test_tool_durability_is_1_16(gd, tool, durability):
    assert gd.max_durability[gd.item(tool)] == durability


TIERS = [
    ("iron_ore", "wooden_pickaxe", False), ("iron_ore", "stone_pickaxe", True),
    ("diamond_ore", "stone_pickaxe", False), ("diamond_ore", "iron_pickaxe", True),
    ("gold_ore", "stone_pickaxe", False), ("gold_ore", "iron_pickaxe", True),
    ("redstone_ore", "stone_pickaxe", False), ("redstone_ore", "iron_pickaxe", True),
    ("obsidian", "iron_pickaxe", False), ("obsidian", "diamond_pickaxe", True),
    ("stone", None, False), ("stone", "wooden_pickaxe", True), ("coal_ore", "wooden_pickaxe", True),
    ("dirt", None, True), ("oak_log", None, True), ("diamond_ore", "golden_pickaxe", False),
]


@pytest.mark.parametrize("block,tool,ok", TIERS)
def test_harvest_tiers(gd, block, tool, ok):
    assert gd.can_harvest(gd.block(block), gd.item(tool) if tool else 0) is ok
    assert bool(gd.loot(gd.block(block), gd.item(tool) if tool else 0)) is ok


@pytest.mark.parametrize("block,tool,drop", [
    ("iron_ore", "stone_pickaxe", "iron_ore"), ("diamond_ore", "iron_pickaxe", "diamond"),
    ("diamond_ore", "stone_pickaxe", None),
])
def test_mining_by_tier_in_play(flat, block, tool, drop):
    g = flat.game
    flat.run(f"/setblock 0 64 2 minecraft:{block}")
    flat.run(f"/give @p minecraft:{tool}")
    look_at(g, 0.5, 64.5, 2.0)
    for _ in range(400):
        if g.world.get(0, 64, 2) == 0:
            break
        flat.tick(attack=1)
    assert g.world.get(0, 64, 2) == 0
    flat.tick(40, forward=1)
    inv = g.inventory.as_dict()
    assert inv.get(drop, 0) == (1 if drop else 0)
    assert inv == ({tool: 1, drop: 1} if drop else {tool: 1})


# -- death through the env: terminated with info["death"] --------------------------------------
def _env_until_dead(commands, setup, limit):
    import gymnasium as gym

    import envs  # noqa: F401

    env = gym.make("openha/VoxelWorld-v0", width=16, height=16, hud=False)
    env.reset(seed=5, options={"commands": commands})
    setup(env.unwrapped.game)
    for n in range(limit):
        _, _, terminated, truncated, info = env.step(env.action_space.noop())
        if terminated:
            env.close()
            return n, info
    env.close()
    raise AssertionError("the player did not die")


def test_starvation_terminates_the_episode_with_its_cause():
    def starve(g):
        g.difficulty, g.food, g.saturation, g.health = "hard", 0, 0.0, 3.0

    n, info = _env_until_dead(["/time set noon"], starve, 400)
    assert info["death"] == {"cause": "starve"} and n >= 3 * 80 - 2


def test_drowning_terminates_the_episode_with_its_cause():
    cmds = ["/time set noon", "/tp @p 0 200 0", "/fill -2 190 -2 2 190 2 minecraft:stone",
            "/fill -1 191 -1 1 196 1 minecraft:water", "/tp @p 0 191 0"]

    def weak(g):
        g.health, g.food, g.saturation = 6.0, 10, 0.0

    n, info = _env_until_dead(cmds, weak, 800)
    assert info["death"] == {"cause": "drown"} and n >= 300
