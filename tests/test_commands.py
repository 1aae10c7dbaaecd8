"""Minecraft commands used by task set-up: good ones change the world, bad ones say why."""

import pytest

from envs.voxel.commands import CommandError


def test_give_and_clear(flat):
    g = flat.game
    flat.run("/give @p minecraft:iron_ingot 3")
    flat.run("give @s oak_planks 70")
    assert g.inventory.as_dict() == {"iron_ingot": 3, "oak_planks": 70}
    flat.run("/clear @p minecraft:oak_planks 10")
    assert g.inventory.as_dict()["oak_planks"] == 60
    flat.run("/clear")
    assert g.inventory.as_dict() == {}


def test_relative_and_absolute_coordinates(flat, gd):
    g = flat.game
    flat.run("/setblock ~2 ~ ~ minecraft:crafting_table")
    assert g.world.get(2, 64, 0) == gd.block("crafting_table")
    flat.run("/tp @p 10 70 -5")
    assert g.feet() == (10.5, 70.0, -4.5)
    flat.run("/tp ~1 ~ ~1.5")
    assert g.feet() == (11.5, 70.0, -3.0)


def test_local_caret_coordinates_follow_the_view(flat, gd):
    g = flat.game
    g.yaw, g.pitch = 0.0, 0.0  # facing +z
    flat.run("/setblock ^ ^ ^3 minecraft:stone")
    assert g.world.get(0, 65, 3) == gd.block("stone")


def test_fill_modes(flat, gd):
    g = flat.game
    out = flat.run("/fill 0 70 0 4 74 4 minecraft:glass hollow")
    assert "125" in out
    assert g.world.get(0, 70, 0) == gd.block("glass")
    assert g.world.get(2, 72, 2) == 0
    flat.run("/fill 0 70 0 4 74 4 minecraft:air")
    assert g.world.get(0, 70, 0) == 0


def test_block_states_and_nbt_are_accepted(flat, gd):
    flat.run("/setblock 1 64 1 minecraft:furnace[facing=north]{Items:[]}")
    assert flat.game.world.get(1, 64, 1) == gd.block("furnace")
    flat.run('/give @p minecraft:diamond_sword{Damage:10} 1')
    assert flat.game.inventory.as_dict()["diamond_sword"] == 1


def test_time_weather_effect_spawnpoint(flat):
    g = flat.game
    flat.run("/time set night")
    assert g.day_time == 13000
    flat.run("/time add 1000")
    assert g.day_time == 14000
    flat.run("/time set 0")
    flat.run("/weather rain")
    assert g.weather == "rain"
    flat.run("/effect give @p minecraft:speed 10 1")
    assert g.effects["speed"] == [1, 200]
    flat.run("/effect clear @p")
    assert g.effects == {}
    flat.run("/spawnpoint @p 5 64 5")
    assert g.spawnpoint == (5.5, 64.0, 5.5)


def test_summon_and_kill_by_type(flat):
    g = flat.game
    flat.run("/summon minecraft:cow ~3 ~ ~")
    flat.run("/summon zombie 5 64 5")
    assert sorted(m.kind for m in g.mobs.mobs) == ["cow", "zombie"]
    assert "Killed 1" in flat.run("/kill @e[type=minecraft:zombie]")
    assert [m.kind for m in g.mobs.mobs] == ["cow"]
    flat.run("/kill @e[type=!cow]")
    assert [m.kind for m in g.mobs.mobs] == ["cow"]


def test_speed_effect_makes_walking_faster(flat):
    g = flat.game
    flat.tick(40, forward=1)
    z0 = g.feet()[2]
    flat.tick(40, forward=1)
    base = g.feet()[2] - z0
    flat.run("/effect give @p speed 30 1")
    flat.tick(40, forward=1)
    z0 = g.feet()[2]
    flat.tick(40, forward=1)
    assert g.feet()[2] - z0 == pytest.approx(base * 1.4, rel=0.02)


@pytest.mark.parametrize(
    "cmd,fragment",
    [
        ("/dance @p", "unknown command 'dance'"),
        ("/give @p minecraft:oak_plank 3", "did you mean 'oak_planks'"),
        ("/give @p", "usage: /give"),
        ("/give @p stone zero", "count must be a whole number"),
        ("/setblock 1 2 minecraft:stone", "usage: /setblock"),
        ("/setblock 1 two 3 minecraft:stone", "expected a coordinate"),
        ("/setblock 0 400 0 stone", "outside the world"),
        ("/time set teatime", "invalid time 'teatime'"),
        ("/weather snow", "unknown weather 'snow'"),
        ("/summon minecraft:dragonn", "unknown entity"),
        ("/summon minecraft:ender_dragon", "does not simulate it"),
        ("/effect give @p minecraft:sped", "did you mean speed"),
        ("/fill 0 0 0 100 100 100 stone", "too many blocks"),
        ("/give @e[type=cow] stone", "does not select the player"),
        ("/give @p stone[facing=north", "unbalanced"),
        ("", "empty command"),
    ],
)
def test_bad_commands_raise_a_clear_error_quoting_the_command(flat, cmd, fragment):
    with pytest.raises(CommandError) as e:
        flat.run(cmd)
    assert fragment in str(e.value)
    assert repr(cmd) in str(e.value)
