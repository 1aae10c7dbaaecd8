"""GUI skills: crafting (at a crafting table when the recipe needs one) and smelting, through
the click planner of `envs.voxel.gui.planner`."""

from __future__ import annotations

from envs.voxel.gui.planner import PlanError, plan_craft, plan_smelt

from .control import Ctx, Skill, press
from .movement import stop
from .skills import use_station


def craft(ctx: Ctx, item: str, count: int = 1, station: str | None = None) -> Skill:
    """Craft `count` `item` through the GUI (at a crafting table when the recipe needs one)."""
    game = ctx.game
    stat = f"craft_item.{item}"
    before = game.stats[stat]
    for _attempt in range(3):
        if game.stats[stat] - before >= count:
            return True
        need = count - (game.stats[stat] - before)
        if game.gui_open:
            yield from press("ESC")
        yield from stop(ctx)
        try:
            actions = plan_craft(game, item, need)
        except PlanError as e:
            if "crafting table" not in str(e) and "3×3" not in str(e):
                ctx.note(f"craft {item}: {e}")
                return False
            if (yield from use_station(ctx, "crafting_table")) is None:
                ctx.note(f"craft {item}: no crafting table")
                return False
            try:
                actions = plan_craft(game, item, need)
            except PlanError as e2:
                ctx.note(f"craft {item}: {e2}")
                return False
        yield from actions
        if game.gui_open:
            yield from press("ESC")
    return game.stats[stat] - before >= count


def craftable_variant(game, names: list[str], count: int) -> str | None:
    """The first of `names` the inventory has the ingredients for (crafting table or not)."""
    for name in names:
        try:
            plan_craft(game, name, count)
            return name
        except PlanError as e:
            if "crafting table" in str(e) or "3×3" in str(e):
                return name
    return None


def smelt(ctx: Ctx, item: str, count: int = 1, fuel: str | None = None) -> Skill:
    """Smelt `count` `item` in a furnace (placing one from the inventory if none is near)."""
    game = ctx.game
    stat = f"smelt_item.{item}"
    before = game.stats[stat]
    for _attempt in range(4):
        left = count - (game.stats[stat] - before)
        if left <= 0:
            return True
        if game.gui_open:
            yield from press("ESC")
        if (yield from use_station(ctx, "furnace")) is None:
            ctx.note(f"smelt {item}: no furnace")
            return False
        try:
            actions = plan_smelt(game, item, min(left, 64), fuel=fuel)
        except PlanError as e:
            if fuel is not None:
                fuel = None
                continue
            # e.g. fuel split over several kinds (oak + birch planks): smelt what one kind covers
            actions = next((a for k in range(min(left, 64) - 1, 0, -1)
                            if (a := _try_plan_smelt(game, item, k)) is not None), None)
            if actions is None:
                ctx.note(f"smelt {item}: {e}")
                return False
        yield from actions
        if game.gui_open:
            yield from press("ESC")
    return game.stats[stat] - before >= count


def _try_plan_smelt(game, item: str, count: int):
    try:
        return plan_smelt(game, item, count)
    except PlanError:
        return None
