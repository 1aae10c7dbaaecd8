"""Path finding of the scripted experts (openha.experts.navigation) on a flat test world."""

from __future__ import annotations

import pytest
from conftest import flat_generator

from envs.voxel.game import Game
from envs.voxel.world import World
from openha.experts.navigation import NoPath, find_path, standable

GROUND = 64  # feet level on the flat world (grass block at y 63)


@pytest.fixture
def game(gd):
    world = World(0, generator=flat_generator(gd))
    world.ensure_chunks(0, 0, 64)
    g = Game(gd, world, seed=0)
    g.teleport(0.5, GROUND, 0.5)
    return g


def _fill(game, a, b, name):
    game.world.fill(*a, *b, game.gd.block(name))


def _cells(path):
    return [s.cell for s in path]


def test_walks_straight_on_flat_ground(game):
    path = find_path(game, (0, GROUND, 0), {(6, GROUND, 0)}, dig=False)
    assert _cells(path)[-1] == (6, GROUND, 0)
    assert all(s.kind == "walk" and not s.dig for s in path)
    assert len(path) == 6


def test_diagonals_shorten_open_ground(game):
    path = find_path(game, (0, GROUND, 0), {(5, GROUND, 5)}, dig=False)
    assert len(path) == 5
    assert all(standable(game, *c) for c in _cells(path))


def test_jumps_up_one_block_and_drops_down(game):
    _fill(game, (3, GROUND, -3), (3, GROUND, 3), "stone")  # a 1-high step, wide
    path = find_path(game, (0, GROUND, 0), {(6, GROUND, 0)}, dig=False)
    kinds = [s.kind for s in path]
    assert "up" in kinds and "drop" in kinds
    assert (3, GROUND + 1, 0) in _cells(path)


def test_never_drops_more_than_three_blocks(game):
    # a pit 6 deep and 3 wide in front: walking in would hurt; without digging, go around
    _fill(game, (2, GROUND - 6, -1), (4, GROUND - 1, 1), "air")
    path = find_path(game, (0, GROUND, 0), {(6, GROUND, 0)}, dig=False)
    ys = [GROUND] + [c[1] for c in _cells(path)]
    assert all(a - b <= 3 for a, b in zip(ys, ys[1:], strict=False))
    assert min(ys) == GROUND  # it walked around the pit


def test_walls_are_dug_through_with_a_pickaxe(game):
    _fill(game, (3, GROUND, -20), (3, GROUND + 3, 20), "stone")  # a long 4-high wall
    with pytest.raises(NoPath):
        find_path(game, (0, GROUND, 0), {(6, GROUND, 0)}, dig=False, max_nodes=3000)
    pickaxe = game.gd.item("stone_pickaxe")
    path = find_path(game, (0, GROUND, 0), {(6, GROUND, 0)}, dig=True, tools=[pickaxe])
    dug = [c for s in path for c in s.dig]
    assert dug and all(c[0] == 3 for c in dug)
    assert len(dug) == 2  # a 1x2 doorway: feet and head


def test_pillars_up_with_blocks_in_hand(game):
    _fill(game, (2, GROUND, -20), (40, GROUND + 4, 20), "bedrock")  # a cliff that cannot be dug
    goal = {(3, GROUND + 5, 0)}
    with pytest.raises(NoPath):
        find_path(game, (0, GROUND, 0), goal, pillar_blocks=0, max_nodes=4000)
    path = find_path(game, (0, GROUND, 0), goal, pillar_blocks=10)
    assert [s.kind for s in path].count("pillar") >= 4
    for s in path:
        if s.kind == "pillar":
            assert s.place == (s.cell[0], s.cell[1] - 1, s.cell[2])


def test_never_walks_through_lava(game):
    _fill(game, (3, GROUND - 1, -2), (3, GROUND - 1, 2), "lava")  # a lava trench, 5 long
    path = find_path(game, (0, GROUND, 0), {(6, GROUND, 0)}, dig=False)
    lava = game.gd.block("lava")
    for c in _cells(path):
        assert game.world.get(c[0], c[1] - 1, c[2]) != lava
        assert game.world.get(*c) != lava


def test_digs_down_to_a_buried_goal(game):
    goal = (0, GROUND - 10, 0)
    path = find_path(game, (0, GROUND, 0), {goal}, rock=20.0)
    assert _cells(path)[-1] == goal
    assert any(s.dig for s in path)
    assert path.expanded < 10000  # the rock heuristic keeps the search narrow


def test_goal_function_and_heuristic_points(game):
    path = find_path(game, (0, GROUND, 0), goal_fn=lambda x, y, z: x >= 8, toward=[(8, GROUND, 0)], dig=False)
    assert _cells(path)[-1][0] == 8
