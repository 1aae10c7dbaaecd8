"""Game systems beyond the core tick (survival, mob behaviour, block interactions, furnaces).

Each system module exposes `install(game)`, which appends its callables to the game's extension
points (`game.tick_systems`, `game.use_handlers`, `game.break_listeners`, `game.mobs.brains`).
The env installs all of them on every reset; engine tests may install a subset.
"""

from __future__ import annotations

import importlib

# One line per system module (envs/voxel/<name>.py), in the order their hooks run.
SYSTEMS: list[str] = ["furnace", "gui.containers", "interactions", "survival", "mob_ai"]


def install(game, names: list[str] | None = None) -> None:
    for name in SYSTEMS if names is None else names:
        importlib.import_module(f"envs.voxel.{name}").install(game)
