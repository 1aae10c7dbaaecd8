"""Mobs: summoned or spawned creatures with Minecraft sizes, health, gravity, collisions,
knockback, invulnerability frames and loot.

State lives in two numpy tables (`Mobs.f` floats, `Mobs.i` ints, one row per slot) advanced by
one compiled kernel per tick (`_step`): steering towards a goal or the player, jumping onto
steps, not walking off cliffs or into fluids, gravity, fluids, fall damage, pushing, melee reach /
ranged / fuse timers. `Mob` objects are thin views on a row, so Python code reads `mob.x`.

Behaviour plugs in through two tables filled by the AI module (`mob_ai`):
- `Mobs.brains`: kind → callable(mob, game), called every few ticks per mob ("think": set a
  goal, a mode, a speed) — never every tick, which keeps the AI cheap;
- `Mobs.handlers`: event code (`EV_*`) → callable(mob, game) for what the kernel reports
  (melee reach reached, bow ready, fuse lit / done, death by the environment).
Without them mobs stand still and only fall, as in the engine tests.

Modules: `layout` (table columns, codes), `kernel` (compiled tick), `shapes` (render
models), `population` (`Mobs`, `Mob`); behaviour: `brains`, `spawning`, `arrows`, `conditions`.
"""

from __future__ import annotations

from ..physics import _is_solid as _solid_at  # noqa: F401  (the kernel uses physics' test)
from .kernel import (  # noqa: F401
    _block_at,
    _clip,
    _rand,
    _raycast,
    _safe_ahead,
    _step,
)
from .layout import *  # noqa: F403  (every column, mode, flag and event code)
from .population import (  # noqa: F401
    Mob,
    Mobs,
    _fprop,
    _iprop,
)
from .shapes import (  # noqa: F401
    _BLACK,
    SHAPES,
    WOOL,
    WOOL_RGB,
    _boxes,
    _legs,
)
