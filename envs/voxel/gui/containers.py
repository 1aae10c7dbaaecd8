"""System module: `use` on a crafting table, furnace or chest opens its screen, as in Minecraft
(skipped while sneaking with an item in either hand, so sneak-use places the held block).
Chest contents persist per block position in `game.chests`; breaking a chest spills them."""

from __future__ import annotations

# block name → (screen kind, statistic bumped when opened)
BLOCK_SCREENS = {
    "crafting_table": ("crafting_table", "custom.interact_with_crafting_table"),
    "furnace": ("furnace", "custom.interact_with_furnace"),
    "chest": ("chest", "custom.open_chest"),
    "trapped_chest": ("chest", "custom.trigger_trapped_chest"),
    "barrel": ("chest", "custom.open_barrel"),
}
_CHEST_BLOCKS = ("chest", "trapped_chest", "barrel")


def use_block(game) -> bool:
    """Use handler: open the targeted container block's screen; True if it did."""
    if game.target is None:
        return False
    inv = game.inventory
    if game.sneaking and (inv.held() or inv.item[40]):
        return False
    name = game.gd.block_name(game.world.get(*game.target))
    entry = BLOCK_SCREENS.get(name)
    if entry is None:
        return False
    kind, stat = entry
    game.open_gui(kind, tuple(game.target))
    game.stats[stat] += 1
    game.events.append(("interact", name))
    return True


def spill_chest(game, x: int, y: int, z: int, block: int) -> None:
    """Break listener: a broken chest drops what it held."""
    if game.gd.block_name(block) not in _CHEST_BLOCKS:
        return
    stacks = game.chests.pop((x, y, z), None)
    if stacks is not None:
        from ..furnace import spill_stacks

        spill_stacks(game, stacks, x, y, z)


def install(game) -> None:
    if not hasattr(game, "chests"):
        game.chests = {}
    game.use_handlers.append(use_block)
    game.break_listeners.append(spill_chest)
