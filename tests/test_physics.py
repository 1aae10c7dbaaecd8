"""Player movement against Minecraft 1.16's numbers, collisions and falls."""

import pytest


def test_walk_and_sprint_speeds_match_minecraft(flat):
    g = flat.game
    flat.tick(40, forward=1)  # reach terminal speed
    z0 = g.feet()[2]
    flat.tick(100, forward=1)
    assert (g.feet()[2] - z0) / 5.0 == pytest.approx(4.317, rel=0.01)
    flat.tick(40, forward=1, sprint=1)
    z0 = g.feet()[2]
    flat.tick(100, forward=1, sprint=1)
    assert (g.feet()[2] - z0) / 5.0 == pytest.approx(5.612, rel=0.01)
    flat.tick(40, forward=1, sneak=1)
    z0 = g.feet()[2]
    flat.tick(100, forward=1, sneak=1)
    assert (g.feet()[2] - z0) / 5.0 == pytest.approx(1.295, rel=0.02)


def test_jump_height_is_1_25_blocks_and_lands(flat):
    g = flat.game
    ys = []
    for _ in range(15):
        flat.tick(jump=1)
        ys.append(g.feet()[1])
    assert max(ys) - 64.0 == pytest.approx(1.2522, abs=0.002)
    flat.tick(20)
    assert g.feet()[1] == 64.0 and g.player[6] == 1.0  # back on the ground


def test_cannot_walk_through_a_wall_but_can_jump_one_block(flat):
    g = flat.game
    flat.run("/fill -3 64 3 3 65 3 minecraft:stone")  # 2-high wall at z=3
    flat.tick(60, forward=1)
    assert g.feet()[2] == pytest.approx(3 - 0.3, abs=1e-6)  # stopped by the wall face
    flat.run("/fill -3 65 3 3 65 3 minecraft:air")  # now a 1-high step
    flat.tick(30, forward=1, jump=1)
    assert g.feet()[1] >= 65.0 and g.feet()[2] > 3.0


def test_fall_damage_follows_fall_distance(flat):
    g = flat.game
    g.teleport(0.5, 74.0, 0.5)  # 10 blocks above ground: 10 - 3 = 7 damage
    flat.tick(60)
    assert g.health == pytest.approx(13.0)
    g.teleport(0.5, 66.0, 0.5)  # 2 blocks: no damage
    flat.tick(40)
    assert g.health == pytest.approx(13.0)


def test_long_fall_kills_with_cause(flat):
    g = flat.game
    g.teleport(0.5, 120.0, 0.5)
    flat.tick(120)
    assert g.dead and g.death_cause == "fall"


def test_water_slows_movement(flat):
    g = flat.game
    flat.run("/fill -4 63 0 4 63 40 minecraft:water")
    flat.run("/tp @p 0.5 63 0.5")
    flat.tick(40, forward=1)
    z0 = g.feet()[2]
    flat.tick(40, forward=1)
    speed = (g.feet()[2] - z0) / 2.0
    assert 0.3 < speed < 2.5  # swimming, far slower than walking


def test_camera_pitch_is_clamped_and_yaw_wraps(flat):
    g = flat.game
    flat.tick(3, camera=(50.0, 100.0))
    assert g.pitch == 90.0
    assert -180.0 <= g.yaw < 180.0 and g.yaw == pytest.approx(-60.0)


def test_sneaking_does_not_walk_off_edges(flat):
    g = flat.game
    flat.run("/fill -2 63 2 2 63 10 minecraft:air")  # a pit starting at z=2
    flat.tick(60, forward=1, sneak=1)
    assert g.feet()[1] == 64.0  # still on the ledge
    assert g.feet()[2] < 2.3
