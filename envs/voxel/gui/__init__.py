"""GUI screens opened by `inventory` or by using a block, driven by the mouse cursor and keys.

`base` holds the cursor and the registry, `slots` Minecraft's click rules, `screens` the
inventory / crafting table / furnace / chest layouts, `containers` the block-use system and
`click_plan` the privileged planner that turns "craft 4 sticks" into env actions.
"""

from __future__ import annotations

from . import screens  # noqa: F401  (registers the screens)
from .base import (
    GUI_H,
    GUI_SCALE,
    GUI_W,
    MOUSE_DEG,
    MOUSE_TO_GUI,
    SCREENS,
    Screen,
    Slot,
    Stacks,
    cursor_after,
    open_screen,
    register,
)
from .slots import LEFT, RIGHT, SlotScreen


def click_plan(game, item: str, count: int = 1) -> list[dict]:
    """Env actions that craft `count` of `item` through the GUI (see `click_plan.plan_craft`)."""
    from .click_plan import plan_craft

    return plan_craft(game, item, count)


__all__ = [
    "GUI_H", "GUI_SCALE", "GUI_W", "LEFT", "MOUSE_DEG", "MOUSE_TO_GUI", "RIGHT", "SCREENS",
    "Screen", "Slot", "SlotScreen", "Stacks", "click_plan", "cursor_after", "open_screen",
    "register",
]
