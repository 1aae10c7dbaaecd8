"""GUI screens opened by `inventory` or by using a block, driven by the mouse cursor and keys.

`base` holds the cursor and the registry, `slots` Minecraft's click rules, `screens` the
inventory / crafting table / furnace / chest layouts, `containers` the block-use system,
`panels` the static panel art and `planner` the privileged click planner that turns "craft 4
sticks" into env actions (`click_plan`, `plan_craft`, `plan_smelt`).
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
    """Env actions that craft `count` of `item` through the GUI (see `planner.plan_craft`)."""
    from .planner import plan_craft

    return plan_craft(game, item, count)


def __getattr__(name: str):
    if name in ("plan_craft", "plan_smelt", "PlanError"):  # lazy: the planner imports the game
        from . import planner

        return getattr(planner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "GUI_H", "GUI_SCALE", "GUI_W", "LEFT", "MOUSE_DEG", "MOUSE_TO_GUI", "RIGHT", "SCREENS",
    "PlanError", "Screen", "Slot", "SlotScreen", "Stacks", "click_plan", "cursor_after",
    "open_screen", "plan_craft", "plan_smelt", "register",
]
