"""Mobs: combat, loot, fleeing, explosions, arrows, daylight, spawning, cliffs, rendering, speed."""

import math
import time

import numpy as np
import pytest
from survival_helpers import hurts, install, look_at, tick_events

from envs.voxel import mob_ai


@pytest.mark.parametrize("kind,damage", [("zombie", 3.0), ("spider", 2.0)])
def test_melee_mob_hits_the_player_at_night(flat, kind, damage):
    g = install(flat)
    flat.run("/time set midnight")
    flat.run(f"/summon minecraft:{kind} 0.5 64 4.5")
    events = tick_events(flat, 100)
    hits = hurts(events, kind)
    assert hits and set(hits) == {damage}  # normal difficulty
    assert g.health <= 20 - damage
    assert g.stats["custom.damage_taken"] >= damage * 10


def test_difficulty_scales_zombie_damage(flat):
    g = install(flat)
    g.difficulty = "hard"
    flat.run("/time set midnight")
    flat.run("/summon minecraft:zombie 0.5 64 3.5")
    assert set(hurts(tick_events(flat, 60), "zombie")) == {4.5}


def test_killing_a_cow_drops_beef_and_counts(flat):
    g = install(flat)
    flat.run("/give @p minecraft:netherite_axe")  # 10 damage: one hit
    flat.run("/summon minecraft:cow 0.5 64 2.5")
    look_at(g, 0.5, 64.7, 2.5)
    flat.tick(1, attack=1)
    assert g.stats["kill_entity.cow"] == 1
    assert not g.mobs.mobs
    flat.tick(40, forward=1)
    assert g.inventory.as_dict().get("beef", 0) >= 1
    assert g.stats["pickup.beef"] >= 1


def test_passive_mobs_flee_when_hit(flat):
    g = install(flat)
    for kind in ("cow", "pig", "sheep", "chicken"):
        flat.run("/kill @e[type=!player]")
        mob = g.mobs.summon(kind, 0.5, 64, 2.0)
        flat.tick(5)
        look_at(g, mob.x, mob.y + mob.height / 2, mob.z)
        flat.tick(1, attack=1)
        assert mob.health < mob.max_health
        flat.tick(60)
        assert mob.distance > 5.0, kind
        assert mob.health > 0


def test_creeper_hisses_explodes_destroys_blocks_and_hurts(flat, gd):
    g = install(flat)
    g.difficulty = "easy"  # so the player survives the blast
    flat.run("/summon minecraft:creeper 0.5 64 5.5")
    events = tick_events(flat, 120)
    kinds = [e[0] for e in events]
    assert "hiss" in kinds and "explosion" in kinds
    assert kinds.index("hiss") < kinds.index("explosion")
    assert not any(m.kind == "creeper" for m in g.mobs.mobs)
    boom = next(e for e in events if e[0] == "explosion")
    assert boom[2] >= 5  # blocks destroyed
    assert hurts(events, "explosion") and g.health < 20
    # bedrock and obsidian survive
    flat.run("/kill @e")
    flat.run("/setblock 10 64 10 minecraft:obsidian")
    mob_ai.explode(g, 10.5, 65.0, 11.5, 3.0)
    assert g.world.get(10, 64, 10) == gd.block("obsidian")


def test_explosion_leaves_a_crater_and_spares_water(flat, gd):
    g = install(flat)
    flat.run("/setblock 20 63 20 minecraft:water")
    n = mob_ai.explode(g, 20.5, 64.0, 22.5, 3.0)
    assert n > 10
    assert g.world.get(20, 63, 22) == 0 and g.world.get(20, 62, 22) == 0
    assert g.world.get(20, 63, 20) == gd.block("water")
    assert g.world.get(20, 0, 22) == gd.block("bedrock")


def test_skeleton_arrows_hit(flat):
    g = install(flat)
    flat.run("/time set midnight")
    flat.run("/summon minecraft:skeleton 0.5 64 10.5")
    events, drawn = [], 0
    for _ in range(200):
        events += tick_events(flat, 1)
        drawn = max(drawn, len(g.mobs.boxes()) - len(g.mobs.mobs[0:1]) * 8)
    hits = hurts(events, "arrow")
    assert hits and all(2 <= h <= 4 for h in hits)  # normal difficulty
    assert any(e[0] == "shoot" for e in events)
    assert drawn >= 2  # a flying arrow is drawn as two boxes


def test_skeleton_does_not_shoot_through_walls(flat):
    install(flat)
    flat.run("/time set midnight")
    flat.run("/fill -3 64 4 3 67 4 minecraft:stone")
    flat.run("/summon minecraft:skeleton 0.5 64 10.5")
    events = tick_events(flat, 200)
    assert not hurts(events, "arrow")


def test_undead_burn_in_daylight_but_not_in_shade(flat):
    g = install(flat)
    flat.run("/time set noon")
    flat.run("/fill 20 63 20 22 66 22 minecraft:stone hollow")  # a roofed cell
    sunny = g.mobs.summon("zombie", -50.5, 64, -50.5)  # beyond its 35-block follow range
    shaded = g.mobs.summon("zombie", 21.5, 64, 21.5)
    events = tick_events(flat, 420)
    assert sunny.health <= 0 and sunny not in g.mobs.mobs
    assert shaded.health == 20.0
    assert not hurts(events)


def test_hostiles_spawn_at_night_and_not_at_noon(flat):
    g = install(flat, spawning=True)
    flat.run("/time set noon")
    flat.tick(1200)
    assert not [m for m in g.mobs.mobs if m.hostile]
    assert any(not m.hostile for m in g.mobs.mobs)  # world-generation herds
    flat.run("/time set midnight")
    flat.tick(600)
    hostile = [m for m in g.mobs.mobs if m.hostile]
    assert 1 <= len(hostile) <= mob_ai.HOSTILE_CAP
    assert all(not m.persistent for m in hostile)


def test_torches_keep_monsters_away(flat):
    g = install(flat, spawning=True)
    flat.run("/time set midnight")
    for x in range(-48, 49, 8):
        for z in range(-48, 49, 8):
            flat.run(f"/setblock {x} 64 {z} minecraft:torch")
    flat.tick(600)
    assert not [m for m in g.mobs.mobs if m.hostile]


def test_mobs_do_not_walk_off_cliffs(flat):
    g = install(flat)
    flat.run("/fill 9 64 9 11 69 11 minecraft:stone")
    flat.run("/fill 15 64 9 17 69 11 minecraft:stone")
    cow = g.mobs.summon("cow", 10.5, 70, 10.5)
    cow.walk_to(16.5, 10.5)  # across a three-block gap, six deep
    sheep = g.mobs.summon("sheep", 10.5, 70, 10.5)
    flat.tick(5)
    look_at(g, sheep.x, sheep.y + 0.5, sheep.z)
    g.mobs.hurt(sheep, 1.0, source="player")  # panics (no knockback), running off anywhere
    flat.tick(400)
    assert cow.y == 70.0 and 11 < cow.x < 12  # stopped at the edge
    assert sheep.y == 70.0


def test_mobs_step_up_one_block(flat):
    g = install(flat)
    flat.run("/fill 3 64 -3 8 64 3 minecraft:stone")
    flat.run("/fill 5 65 -3 8 65 3 minecraft:stone")
    cow = g.mobs.summon("cow", 0.5, 64, 0.5)
    cow.walk_to(7.5, 0.5)
    reached = False
    for _ in range(200):
        flat.tick()
        reached |= cow.y == 66.0 and cow.x > 6.5
    assert reached


def test_summoned_mob_falls_and_lands(flat):
    g = flat.game  # no AI installed: mobs only fall
    cow = g.mobs.summon("cow", 0.5, 67.0, 5.5)
    flat.tick(40)
    assert cow.y == 64.0 and cow.on_ground and cow.health == 10.0  # 3 blocks: no damage
    pig = g.mobs.summon("pig", 3.5, 70.0, 5.5)
    flat.tick(60)
    assert pig.health == 7.0  # six blocks: ceil(6 - 3) damage


def test_mob_render_boxes_are_recognisable(flat):
    g = install(flat)
    kinds = g.mobs.kinds()
    for n, kind in enumerate(kinds):
        g.mobs.summon(kind, n * 3.5, 64, 5.5)
    boxes = g.mobs.boxes()
    assert boxes.shape[1] == 9 and len(boxes) >= 6 * len(kinds)
    assert (boxes[:, 3:6] > boxes[:, 0:3]).all()
    sheep = next(m for m in g.mobs.mobs if m.kind == "sheep")
    n_before = len(g.mobs.boxes())
    sheep.sheared = True
    after = g.mobs.boxes()
    assert len(after) == n_before - 1  # fleece and wool cap gone, shorn body shown
    # a mob's boxes stay near its position whatever it faces
    for yaw in (0, 90, 180, -90):
        for m in g.mobs.mobs:
            m.yaw = yaw
        b = g.mobs.boxes()
        centres = (b[:, 0] + b[:, 3]) / 2
        assert np.abs(centres - np.round(centres / 3.5) * 3.5).max() < 1.0


def test_mob_ai_is_deterministic(flat, gd):
    from conftest import Driver, flat_generator

    from envs.voxel.game import Game
    from envs.voxel.world import World

    def run():
        world = World(0, generator=flat_generator(gd))
        world.ensure_chunks(0, 0, 64)
        game = Game(gd, world, seed=3)
        game.teleport(0.5, 64.0, 0.5)
        d = Driver(game)
        install(d, spawning=True)
        d.run("/time set midnight")
        for k, kind in enumerate(("cow", "sheep", "zombie", "spider", "skeleton")):
            d.run(f"/summon minecraft:{kind} {k * 3} 64 12")
        d.tick(400)
        return [(m.kind, round(m.x, 9), round(m.z, 9)) for m in game.mobs.mobs], game.health

    assert run() == run()


def test_ten_mobs_stay_cheap(flat):
    g = install(flat)
    g.hurt = lambda *a, **k: None
    flat.run("/time set midnight")
    buttons = np.zeros(23, np.int8)
    for _ in range(50):
        g.tick(buttons, 0.0, 0.0)
    t0 = time.process_time()
    for _ in range(1000):
        g.tick(buttons, 0.0, 0.0)
    empty = time.process_time() - t0
    for k, kind in enumerate(["cow", "pig", "sheep", "chicken", "zombie", "skeleton", "spider",
                              "zombie", "cow", "sheep"]):
        g.mobs.summon(kind, 10 * math.cos(k), 64, 10 * math.sin(k))
    for _ in range(50):
        g.tick(buttons, 0.0, 0.0)
    t0 = time.process_time()
    for _ in range(1000):
        g.tick(buttons, 0.0, 0.0)
    busy = time.process_time() - t0
    per_mob_us = (busy - empty) / 1000 / 10 * 1e6
    assert per_mob_us < 15  # budget 3 µs; generous here for shared CI machines (CPU time: load elsewhere does not count)


@pytest.mark.parametrize("hit_by_player", [True, False])
def test_fall_death_soon_after_a_player_hit_counts_as_a_kill(flat, hit_by_player):
    g = install(flat)
    flat.run("/summon minecraft:pig 6.5 90 6.5")  # 26 blocks up: the fall kills it
    pig = g.mobs.mobs[-1]
    if hit_by_player:
        g.mobs.hurt(pig, 1.0, source="player")
    else:
        g.mobs.hurt(pig, 1.0, source="lava")
    flat.tick(80)
    assert pig.health <= 0 and pig.memory.get("death") == "fall"
    assert g.stats["kill_entity.pig"] == (1 if hit_by_player else 0)
    assert g.drops.alive.any()  # a mob that dies of a fall drops its loot either way
