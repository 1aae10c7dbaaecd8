"""World conditions mob behaviour depends on: difficulty (and its scaling of mob damage),
night, burning daylight, open sky."""

from __future__ import annotations

import math

from ..world import ORIGIN

DIFFICULTY = {"peaceful": 0, "easy": 1, "normal": 2, "hard": 3}
NIGHT = (13000, 23000)  # sky light ≤ 7 (monsters spawn outdoors) between these day times


def is_night(game) -> bool:
    return NIGHT[0] <= game.day_time < NIGHT[1] or game.weather == "thunder"


def is_bright_day(game) -> bool:
    """Daylight strong enough to burn undead (Minecraft: brightness > 0.5, no rain)."""
    return (game.day_time < 12000 or game.day_time >= 23500) and game.weather == "clear"


def sees_sky(world, x: float, y: float, z: float) -> bool:
    """No block at all above (x, y, z) in its column (leaves shade, as `canSeeSky`)."""
    ax, az = math.floor(x) + ORIGIN, math.floor(z) + ORIGIN
    if not (0 <= ax < world.height.shape[0] and 0 <= az < world.height.shape[1]):
        return True
    return math.floor(y) >= world.height[ax, az]



def scale_damage(game, dmg: float) -> float:
    """Minecraft's difficulty scaling of damage mobs deal to the player."""
    d = DIFFICULTY.get(game.difficulty, 2)
    if d == 0:
        return 0.0
    if d == 1:
        return min(dmg / 2 + 1, dmg)
    return dmg * 1.5 if d == 3 else dmg
