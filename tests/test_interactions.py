"""Right-click interactions: doors, beds, buckets, fire, farming, shearing and milking."""

import pytest
from survival_helpers import hurts, install, look_at, tick_events


def _door(flat, kind="oak_door"):
    flat.run(f"/setblock 0 64 3 minecraft:{kind}")
    flat.run(f"/setblock 0 65 3 minecraft:{kind}")
    flat.run("/fill -3 64 3 -1 66 3 minecraft:stone")
    flat.run("/fill 1 64 3 3 66 3 minecraft:stone")


def test_door_toggles_collision(flat, gd):
    g = install(flat, "interactions")
    _door(flat)
    flat.tick(60, forward=1)
    assert g.feet()[2] == pytest.approx(3 - 0.3)  # the closed door blocks
    look_at(g, 0.5, 65.0, 3.0)
    flat.tick(1, use=1)
    assert g.world.get(0, 64, 3) == 0 and g.world.get(0, 65, 3) == 0
    assert g.stats["interact_with.oak_door"] == 1
    assert len(g.mobs.decor) == 2 and len(g.mobs.boxes()) == 2  # the open panels are drawn
    flat.tick(12, forward=1)
    assert 4.4 < g.feet()[2] < 6.5  # walked through
    look_at(g, 0.5, 65.0, 3.5)  # turn round and close it behind
    flat.tick(5)
    flat.tick(1, use=1)
    assert g.world.get(0, 64, 3) == gd.block("oak_door") == g.world.get(0, 65, 3)
    assert g.stats["interact_with.oak_door"] == 2 and not g.mobs.decor


def test_door_does_not_close_on_the_player(flat, gd):
    g = install(flat, "interactions")
    _door(flat)
    look_at(g, 0.5, 65.0, 3.0)
    flat.tick(1, use=1)
    flat.tick(12, forward=1)
    assert 2.7 < g.feet()[2] < 3.7  # standing in the doorway
    g.pitch = 60.0
    look_at(g, 0.5, 64.2, 3.5)
    flat.tick(4)
    flat.tick(1, use=1)
    assert g.world.get(0, 64, 3) == 0


def test_iron_doors_need_redstone(flat):
    g = install(flat, "interactions")
    _door(flat, "iron_door")
    look_at(g, 0.5, 65.0, 3.0)
    flat.tick(1, use=1)
    assert g.world.get(0, 64, 3) != 0


def test_placing_a_door_item_makes_a_two_block_door(flat, gd):
    g = install(flat, "interactions")
    flat.run("/give @p minecraft:spruce_door")
    look_at(g, 0.5, 64.0, 2.5)
    flat.tick(1, use=1)
    door = gd.block("spruce_door")
    assert g.world.get(0, 64, 2) == door and g.world.get(0, 65, 2) == door
    assert g.stats["use_item.spruce_door"] == 1 and not g.inventory.as_dict()


def test_trapdoor_opens(flat, gd):
    g = install(flat, "interactions")
    flat.run("/setblock 0 64 2 minecraft:oak_trapdoor")
    look_at(g, 0.5, 64.5, 2.0)
    flat.tick(1, use=1)
    assert g.world.get(0, 64, 2) == 0 and g.stats["interact_with.oak_trapdoor"] == 1


@pytest.mark.parametrize("block", ["lever", "stone_button", "oak_button"])
def test_levers_and_buttons_count_a_use(flat, block):
    g = install(flat, "interactions")
    flat.run("/setblock 0 64 2 minecraft:stone")
    flat.run(f"/setblock 0 65 2 minecraft:{block}")
    look_at(g, 0.5, 65.2, 2.5)
    flat.tick(1, use=1)
    flat.tick(5)  # past the right-click delay
    flat.tick(1, use=1)
    assert g.stats[f"interact_with.{block}"] == 2 and g.world.get(0, 65, 2) != 0


def test_bed_skips_the_night_and_sets_spawn(flat):
    g = install(flat, "interactions")
    flat.run("/setblock 0 64 2 minecraft:red_bed")
    look_at(g, 0.5, 64.5, 2.0)
    flat.run("/time set noon")
    flat.tick(1, use=1)
    assert g.spawnpoint == (0.5, 65.0, 2.5) and g.day_time == 6001  # day: spawn only
    assert g.stats["custom.sleep_in_bed"] == 0
    flat.run("/spawnpoint @p 9 64 9")
    flat.run("/time set midnight")
    flat.tick(5)
    flat.tick(1, use=1)
    assert g.day_time < 10  # woke up in the morning
    assert g.spawnpoint == (0.5, 65.0, 2.5)
    assert g.stats["custom.sleep_in_bed"] == 1 and g.stats["interact_with.red_bed"] == 2


def test_cannot_sleep_with_monsters_nearby(flat):
    g = install(flat, "interactions")
    flat.run("/setblock 0 64 2 minecraft:white_bed")
    flat.run("/summon minecraft:zombie 4 64 4")
    flat.run("/time set midnight")
    look_at(g, 0.5, 64.5, 2.0)
    events = tick_events(flat, 1, use=1)
    assert ("bed", "monsters_nearby") in events and g.day_time > 17000


def test_bed_item_places_two_blocks(flat, gd):
    g = install(flat, "interactions")
    flat.run("/give @p minecraft:blue_bed")
    look_at(g, 0.5, 64.0, 2.5)
    flat.tick(1, use=1)
    bed = gd.block("blue_bed")
    assert g.world.get(0, 64, 2) == bed and g.world.get(0, 64, 3) == bed


def test_buckets_move_water(flat, gd):
    g = install(flat, "interactions")
    flat.run("/setblock 0 63 2 minecraft:water")
    flat.run("/give @p minecraft:bucket 3")
    look_at(g, 0.5, 63.9, 2.5)
    flat.tick(1, use=1)
    assert g.world.get(0, 63, 2) == 0
    assert g.inventory.as_dict() == {"bucket": 2, "water_bucket": 1}
    assert g.stats["use_item.bucket"] == 1
    flat.tick(1, hotbar_2=1)  # the water bucket went to the next free slot
    look_at(g, -1.5, 64.0, 2.5)
    flat.tick(5)  # Minecraft's 4-tick right-click delay
    flat.tick(1, use=1)
    assert g.world.get(-2, 64, 2) == gd.block("water")
    assert g.inventory.as_dict() == {"bucket": 3}
    assert g.stats["use_item.water_bucket"] == 1


def test_lava_bucket_round_trip(flat, gd):
    g = install(flat, "interactions")
    flat.run("/setblock 0 63 2 minecraft:lava")
    flat.run("/give @p minecraft:bucket")
    look_at(g, 0.5, 63.9, 2.5)
    flat.tick(1, use=1)
    assert g.inventory.as_dict() == {"lava_bucket": 1} and g.world.get(0, 63, 2) == 0
    look_at(g, 0.5, 63.0, 3.5)
    flat.tick(5)
    flat.tick(1, use=1)
    assert g.inventory.as_dict() == {"bucket": 1}
    assert g.world.get(0, 63, 2) == gd.block("lava") or g.world.get(0, 64, 3) == gd.block("lava")


def test_flint_and_steel_lights_fire_that_burns_out_and_hurts(flat, gd):
    g = install(flat, "interactions", "survival")
    flat.run("/give @p minecraft:flint_and_steel")
    look_at(g, 0.5, 64.0, 2.5)
    flat.tick(1, use=1)
    assert g.world.get(0, 64, 2) == gd.block("fire")
    assert g.stats["use_item.flint_and_steel"] == 1 and g.inventory.damage[0] == 1
    events = tick_events(flat, 20, forward=1)
    assert hurts(events, "in_fire")
    flat.tick(200, back=1)
    assert g.world.get(0, 64, 2) == 0  # burnt out


def test_tnt_is_primed_and_explodes(flat, gd):
    g = install(flat, "interactions")
    flat.run("/setblock 0 64 4 minecraft:tnt")
    flat.run("/give @p minecraft:flint_and_steel")
    look_at(g, 0.5, 64.5, 4.0)
    flat.tick(1, use=1)
    assert g.world.get(0, 64, 4) == 0
    events = tick_events(flat, 85)
    assert any(e[:2] == ("explosion", "tnt") for e in events)
    assert g.world.get(0, 63, 4) == 0 and hurts(events, "tnt")


def test_hoe_tills_and_seeds_grow_only_on_farmland(flat, gd):
    g = install(flat, "interactions")
    flat.run("/give @p minecraft:wheat_seeds 3")
    flat.run("/give @p minecraft:wooden_hoe")
    look_at(g, 0.5, 64.0, 2.5)
    flat.tick(1, use=1)  # seeds on grass: nothing
    assert g.world.get(0, 64, 2) == 0 and g.inventory.as_dict()["wheat_seeds"] == 3
    flat.tick(5, hotbar_2=1)
    flat.tick(1, hotbar_2=1, use=1)
    assert g.world.get(0, 63, 2) == gd.block("farmland")
    assert g.stats["use_item.wooden_hoe"] == 1 and g.inventory.damage[1] == 1
    flat.tick(5, hotbar_1=1)
    flat.tick(1, hotbar_1=1, use=1)
    assert g.world.get(0, 64, 2) == gd.block("wheat")
    assert g.stats["use_item.wheat_seeds"] == 1 and g.inventory.as_dict()["wheat_seeds"] == 2


def test_saplings_plant_on_grass_and_dirt(flat, gd):
    g = install(flat, "interactions")
    flat.run("/give @p minecraft:birch_sapling 2")
    flat.run("/setblock 0 64 2 minecraft:stone")
    look_at(g, 0.5, 65.0, 2.5)
    flat.tick(1, use=1)
    assert g.world.get(0, 65, 2) == 0  # not on stone
    look_at(g, -1.5, 64.0, 2.5)
    flat.tick(5)
    flat.tick(1, use=1)
    assert g.world.get(-2, 64, 2) == gd.block("birch_sapling")
    assert g.stats["use_item.birch_sapling"] == 1


def test_shovel_makes_paths_and_axe_strips_logs(flat, gd):
    g = install(flat, "interactions")
    flat.run("/give @p minecraft:stone_shovel")
    look_at(g, 0.5, 64.0, 2.5)
    flat.tick(1, use=1)
    assert g.world.get(0, 63, 2) == gd.block("grass_path")
    flat.run("/clear")
    flat.run("/give @p minecraft:iron_axe")
    flat.run("/setblock 2 64 2 minecraft:oak_log")
    look_at(g, 2.5, 64.5, 2.0)
    flat.tick(5)
    flat.tick(1, use=1)
    assert g.world.get(2, 64, 2) == gd.block("stripped_oak_log")
    assert g.stats["use_item.iron_axe"] == 1


def test_shearing_a_sheep(flat):
    g = install(flat, "interactions")
    flat.run("/give @p minecraft:shears")
    sheep = g.mobs.summon("sheep", 0.5, 64, 2.0)
    look_at(g, 0.5, 64.8, 2.0)
    flat.tick(1, use=1)
    assert sheep.sheared
    assert g.stats["use_item.shears"] == 1 and g.inventory.damage[0] == 1
    flat.tick(5)
    flat.tick(1, use=1)  # already shorn: nothing
    assert g.stats["use_item.shears"] == 1
    flat.run("/kill @e[type=sheep]")
    flat.tick(40, forward=1)
    assert 1 <= g.inventory.as_dict().get("white_wool", 0) <= 3


def test_sheared_sheep_drops_no_wool(flat, gd):
    g = flat.game
    sheep = g.mobs.summon("sheep", 0.5, 64, 2.0)
    sheep.sheared = True
    assert all(gd.item_name(i) != "white_wool" for i, _ in g.mobs.loot(sheep, g.rng))


def test_milking_a_cow_and_drinking(flat):
    g = install(flat, "interactions", "survival")
    flat.run("/give @p minecraft:bucket")
    g.mobs.summon("cow", 0.5, 64, 2.0)
    look_at(g, 0.5, 64.8, 2.0)
    flat.tick(1, use=1)
    assert g.inventory.as_dict() == {"milk_bucket": 1}
    assert g.stats["use_item.bucket"] == 1
    flat.run("/effect give @p minecraft:hunger 30")
    g.pitch = -60.0  # look at the sky to drink
    flat.tick(5)
    flat.tick(32, use=1)
    assert g.inventory.as_dict() == {"bucket": 1} and g.effects == {}
