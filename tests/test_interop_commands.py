"""Commands MCU / MineStudio set-ups use beyond the basics (`flat` world from conftest)."""

import pytest

from envs.voxel.commands import CommandError, CommandRunner


def test_replaceitem_and_item_replace_fill_exact_slots(flat, gd):
    inv = flat.game.inventory
    flat.run("/replaceitem entity @s armor.head minecraft:iron_helmet")
    flat.run("/replaceitem entity @p weapon.mainhand minecraft:diamond_sword")
    flat.run("/replaceitem entity @p weapon.offhand minecraft:obsidian 64")
    flat.run("/replaceitem entity @p inventory.2 minecraft:stick 5")
    flat.run("/item replace entity @s hotbar.4 with minecraft:torch 3")
    assert inv.item[39] == gd.item("iron_helmet")
    assert inv.item[inv.selected] == gd.item("diamond_sword")
    assert (inv.item[40], inv.count[40]) == (gd.item("obsidian"), 64)
    assert (inv.item[11], inv.count[11]) == (gd.item("stick"), 5)
    assert (inv.item[4], inv.count[4]) == (gd.item("torch"), 3)
    out = flat.run("/replaceitem entity @p hotbar.1 minecraft:diamond_sword 5")
    assert "note:" in out and inv.count[1] == 1  # a sword stacks to 1
    with pytest.raises(CommandError, match="unknown or unsupported slot 'horse.saddle'"):
        flat.run("/replaceitem entity @p horse.saddle minecraft:saddle")


def test_execute_as_at_runs_relative_to_the_entity(flat, gd):
    g = flat.game
    flat.run("/execute as @p at @s run fill ~1 ~ ~1 ~2 ~ ~2 minecraft:oak_planks")
    assert g.world.get(1, 64, 1) == gd.block("oak_planks")
    flat.run("/summon minecraft:cow 10 64 10")
    flat.run("/execute at @e[type=cow,limit=1] run setblock ~ ~-1 ~ minecraft:gold_block")
    assert g.world.get(10, 63, 10) == gd.block("gold_block")
    flat.run("/execute as @p at @p run summon minecraft:pig ~2 ~ ~ {Age:0}")
    assert sorted(m.kind for m in g.mobs.mobs) == ["cow", "pig"]
    assert flat.run("/execute if entity @e[type=zombie] run kill @e") == "Test failed"
    flat.run("/execute positioned 5 64 5 run setblock ~ ~ ~ minecraft:stone")
    assert g.world.get(5, 64, 5) == gd.block("stone")
    with pytest.raises(CommandError, match="unsupported execute subcommand 'store'"):
        flat.run("/execute store result score @p x run time query daytime")


def test_summon_without_slash_setworldspawn_gamerule_difficulty(flat):
    g = flat.game
    flat.run("summon minecraft:sheep ~2 ~ ~")
    assert [m.kind for m in g.mobs.mobs] == ["sheep"]
    flat.run("/setworldspawn 3 64 3")
    assert g.spawnpoint == (3.5, 64.0, 3.5)
    flat.run("/setworldspawn")
    assert g.spawnpoint == (0.5, 64.0, 0.5)
    flat.run("/gamerule doMobSpawning false")
    assert g.rules["doMobSpawning"] is False
    assert "does not simulate" in flat.run("/gamerule doDaylightCycle false")
    flat.run("/difficulty peaceful")
    assert g.difficulty == "peaceful"


def test_selectors_type_distance_limit_sort_and_items(flat):
    g = flat.game
    for x in (3, 6, 20):
        flat.run(f"/summon minecraft:zombie {x} 64 0")
    flat.run("/summon minecraft:cow 4 64 4")
    assert "Killed 1" in flat.run("/kill @e[type=zombie,distance=..5]")
    assert "Killed 1" in flat.run("/kill @e[type=zombie,sort=furthest,limit=1]")
    assert sorted(m.kind for m in g.mobs.mobs) == ["cow", "zombie"]
    flat.run("/give @p minecraft:dirt 3000")  # what does not fit drops as item entities
    assert g.drops.alive.sum() > 0
    flat.run("/kill @e[type=item]")
    assert g.drops.alive.sum() == 0 and not g.dead
    flat.run("/kill @e[type=!player]")
    assert g.mobs.mobs == [] and not g.dead
    with pytest.raises(CommandError, match="unknown selector argument 'colour'"):
        flat.run("/kill @e[colour=red]")


def test_nbt_and_ignored_parts_are_noted_once_per_command(flat):
    runner: CommandRunner = flat.commands
    out = flat.run('/give @s minecraft:diamond_shovel{Enchantments:[{id:"minecraft:silk_touch",lvl:1}]}')
    assert "note: NBT" in out and out.count("note:") == 1
    flat.run('/setblock ~2 ~ ~ minecraft:chest{LootTable:"minecraft:chests/simple_dungeon"}')
    flat.run("/effect give @a night_vision 99999 250 true")
    assert len(runner.notes) == 2
    assert flat.game.effects["night_vision"] == [250, 99999 * 20]


def test_strict_and_lenient_unsimulated_entities(flat, gd):
    with pytest.raises(CommandError, match="does not simulate"):
        flat.run("/summon minecraft:villager ~3 ~ ~")
    lenient = CommandRunner(flat.game, strict=False)
    assert "nothing was summoned" in lenient.run('/summon minecraft:villager ~3 ~ ~ {Profession:"x"}')
    with pytest.raises(CommandError, match="unknown entity 'goat'"):
        lenient.run("/summon minecraft:goat ~5 ~ ~")  # not a Minecraft 1.16 entity at all


def test_fill_replace_filter_and_unknown_commands(flat, gd):
    g = flat.game
    flat.run("/fill -2 63 -2 2 63 2 minecraft:lava replace minecraft:grass_block")
    assert g.world.get(0, 63, 0) == gd.block("lava")
    assert g.world.get(0, 62, 0) == gd.block("dirt")
    with pytest.raises(CommandError) as e:
        flat.run("/tellraw @p hello")
    assert "unknown command 'tellraw'" in str(e.value) and "replaceitem" in str(e.value)


def test_teleportbiome_goes_to_a_column_of_that_biome(flat):
    from envs.voxel.worldgen import biome_at

    out = flat.run("/teleportbiome @a forest 10 ~0 10")
    x, _, z = flat.game.feet()
    assert "forest" in out and biome_at(flat.game.world.seed, x, z) == "forest"
