"""Mob behaviour: passive animals wander and panic, hostile mobs chase, hit, shoot, explode, burn
in daylight and despawn; natural spawning keeps herds and night monsters around the player.

Cheap by construction: the per-tick work (steering, reach / bow / fuse timers, physics) is the
compiled kernel in `mobs.kernel`; the Python brains (`mobs.brains`) run only every 10–20 ticks
per mob (or at once when a mob is hurt) and the spawner (`mobs.spawning`) every 20 ticks.
Randomness comes from a `random.Random` seeded by the game seed, so runs stay deterministic.
This module is the system entry point (`install`) and keeps the names other code imports.
"""

from __future__ import annotations

from .explosions import _blast, _exposure, explode  # noqa: F401
from .mobs.arrows import ARROW_CAP, ARROW_SPEED, ARROW_STUCK_LIFE, Arrows, _arrows_tick  # noqa: F401
from .mobs.brains import (  # noqa: F401
    CREEPER_POWER,
    HOSTILE_THINK,
    PANIC_SPEED,
    PANIC_TICKS,
    PASSIVE_THINK,
    STROLL_CHANCE,
    UNDEAD,
    MobAI,
    configure,
)
from .mobs.conditions import DIFFICULTY, NIGHT, is_bright_day, is_night, scale_damage, sees_sky  # noqa: F401
from .mobs.layout import *  # noqa: F403  (names this module has always exported)
from .mobs.layout import EV_DIED, EV_EXPLODE, EV_HISS, EV_MELEE, EV_SHOOT
from .mobs.shapes import WOOL  # noqa: F401
from .mobs.spawning import (  # noqa: F401
    HOSTILE_CAP,
    HOSTILE_WEIGHTS,
    PASSIVE_CAP,
    PASSIVE_WEIGHTS,
    SPAWN_MAX,
    SPAWN_MIN,
)


def install(game) -> None:
    ai = MobAI(game)
    mobs = game.mobs
    mobs.ai = ai
    game.systems["mob_ai"] = ai
    configure(mobs, game.difficulty)
    for kind in mobs.kinds():
        mobs.brains[kind] = ai.hostile if mobs.table[kind]["hostile"] else ai.passive
    mobs.handlers.update({EV_MELEE: ai.melee, EV_SHOOT: ai.shoot, EV_HISS: ai.hiss,
                          EV_EXPLODE: ai.creeper_explodes, EV_DIED: ai.died})
    mobs.box_sources.append(ai.arrows.boxes)
    game.tick_systems.append(ai.spawn_tick)
