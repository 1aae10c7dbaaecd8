"""Shared fixtures: a flat test world for engine tests (no terrain noise, no rendering)."""

from __future__ import annotations

import os

# Every Ray in the test run (in-process `ray.init()`, `ray start --head`, CLI drivers) uses one
# auth mode. Ray >= 2.5x turns token auth on for a new local cluster and caches the mode per
# process, so a local init followed by joining a token-less head would otherwise fail.
os.environ["RAY_AUTH_MODE"] = "disabled"
os.environ["RAY_USAGE_STATS_ENABLED"] = "0"

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from envs.voxel import gamedata  # noqa: E402
from envs.voxel.commands import CommandRunner  # noqa: E402
from envs.voxel.game import Game  # noqa: E402
from envs.voxel.spaces import B  # noqa: E402
from envs.voxel.world import World  # noqa: E402


@pytest.fixture(scope="session")
def gd():
    return gamedata.load()


def flat_generator(gd):
    """Superflat-like: bedrock at y 0, stone 1-59, dirt 60-62, grass block at 63."""
    ids = [gd.block(n) for n in ("bedrock", "stone", "dirt", "grass_block")]

    def gen(world, cx, cz):
        x0, z0 = cx * 16, cz * 16
        col = world.blocks[x0 : x0 + 16, z0 : z0 + 16]
        col[:, :, 0] = ids[0]
        col[:, :, 1:60] = ids[1]
        col[:, :, 60:63] = ids[2]
        col[:, :, 63] = ids[3]

    return gen


class Driver:
    """Drives a Game tick by tick with named buttons."""

    def __init__(self, game: Game):
        self.game = game
        self.commands = CommandRunner(game)
        self.buttons = np.zeros(23, np.int8)

    def tick(self, n: int = 1, camera=(0.0, 0.0), **held) -> None:
        for _ in range(n):
            self.buttons[:] = 0
            for k, v in held.items():
                self.buttons[B[k.replace("_", ".") if k.startswith("hotbar") else k]] = v
            self.game.tick(self.buttons, *camera)

    def run(self, cmd: str) -> str:
        return self.commands.run(cmd)


@pytest.fixture
def flat(gd):
    """A Game on a flat world with the player standing at (0.5, 64, 0.5) facing +z."""
    world = World(0, generator=flat_generator(gd))
    world.ensure_chunks(0, 0, 128)
    game = Game(gd, world, seed=0)
    game.teleport(0.5, 64.0, 0.5)
    d = Driver(game)
    d.tick(2)
    return d
