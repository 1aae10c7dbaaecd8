"""The slot screens: player inventory (2×2 grid), crafting table (3×3), furnace and chest.

Layouts are Minecraft 1.16's, in GUI units (176 units wide panels, 18-unit slots).
"""

from __future__ import annotations

from .. import crafting, furnace
from .base import Stacks, register
from .slots import SlotScreen, give_back


class GridScreen(SlotScreen):
    """A screen with a crafting grid and its result slot (the result shows the match live)."""

    grid_w = 2

    def __init__(self, game, pos=None):
        super().__init__(game, pos)
        self.book = crafting.book(game.gd)
        self.grid = Stacks(self.grid_w**2)
        self.match: crafting.Match | None = None

    def add_grid(self, x0: int, y0: int, result_x: int, result_y: int) -> None:
        w = self.grid_w
        for r in range(w):
            for c in range(w):
                self.add_slot(self.grid, r * w + c, x0 + c * 18, y0 + r * 18, "grid")
        self.add_slot(None, 0, result_x, result_y, "result")

    def contents_key(self) -> tuple:
        m = self.match
        return (*super().contents_key(), (m.result, m.count) if m else None)

    def content(self, k: int) -> tuple[int, int, int]:
        if self.slots[k].role == "result":
            m = self.match
            return (m.result, m.count, 0) if m else (0, 0, 0)
        return super().content(k)

    def changed(self, game) -> None:
        w = self.grid_w
        self.match = self.book.match(self.grid.item.reshape(w, w))

    def take_result(self, game, button: int) -> None:
        m = self.match
        if m is None:
            return
        c_item, c_n, c_d = self.carried_stack()
        if c_n == 0:
            self._carry(m.result, m.count, 0)
        elif c_item == m.result and c_d == 0 and c_n + m.count <= self.gd.stack_size[c_item]:
            self._carry(c_item, c_n + m.count, 0)
        else:
            return
        self._crafted(game, m)

    def craft_all(self, game) -> None:
        first = self.match.result if self.match else 0
        for _ in range(64):
            m = self.match
            if m is None or m.result != first:
                break
            targets = self.player_slots()
            if self.merge(m.result, m.count, 0, targets, reverse=True, dry=True):
                break  # the inventory cannot take a whole craft
            self.merge(m.result, m.count, 0, targets, reverse=True)
            self._crafted(game, m)

    def _crafted(self, game, m: crafting.Match) -> None:
        """Count the craft (Minecraft's craft_item statistic) and use one item per grid slot."""
        name = self.gd.item_name(m.result)
        game.stats[f"craft_item.{name}"] += m.count
        game.events.append(("craft_item", name, m.count))
        g = self.grid
        for k in range(len(g)):
            if not g.count[k]:
                continue
            g.count[k] -= 1
            if g.count[k] == 0:
                g.clear_slot(k)
            left = m.remainders[k]
            if left and g.count[k] == 0:
                g.item[k], g.count[k] = left, 1
            elif left:
                give_back(game, left, 1)
        self.changed(game)

    def close(self, game) -> None:
        super().close(game)
        g = self.grid
        for k in range(len(g)):
            item, n, dmg = int(g.item[k]), int(g.count[k]), int(g.damage[k])
            g.clear_slot(k)
            give_back(game, item, n, dmg)
        self.match = None


@register("inventory")
class InventoryScreen(GridScreen):
    """The player inventory: armor, 2×2 crafting grid, offhand, 27 main + 9 hotbar slots."""

    grid_w = 2
    labels = (("Crafting", 97, 8),)

    def __init__(self, game, pos=None):
        super().__init__(game, pos)
        inv = game.inventory
        for i, slot in enumerate((39, 38, 37, 36)):  # head, chest, legs, feet
            self.add_slot(inv, slot, 8, 8 + i * 18, "armor")
        self.add_grid(98, 18, 154, 28)
        self.add_slot(inv, 40, 77, 62, "offhand")
        self.add_player_slots(game)

    def quick_targets(self, k: int) -> list[tuple[list[int], bool]]:
        s = self.slots[k]
        if s.role in ("main", "hotbar"):
            item = self.content(k)[0]
            armor = [a for a in self.slots_with("armor")
                     if self.accepts(a, item) and self.content(a)[1] == 0]
            return [(armor, False)] if armor else super().quick_targets(k)
        return super().quick_targets(k)


@register("crafting_table")
class CraftingTableScreen(GridScreen):
    """A crafting table: 3×3 grid and result above the player's slots."""

    grid_w = 3
    labels = (("Crafting", 28, 6), ("Inventory", 8, 72))

    def __init__(self, game, pos=None):
        super().__init__(game, pos)
        self.add_grid(30, 17, 124, 35)
        self.add_player_slots(game)


@register("furnace")
class FurnaceScreen(SlotScreen):
    """A furnace: input, fuel and output slots, flame (fuel left) and arrow (cook progress)."""

    labels = (("Furnace", 67, 6), ("Inventory", 8, 72))

    def __init__(self, game, pos=None):
        super().__init__(game, pos)
        self.tables = furnace.tables(game.gd)
        if pos is not None:
            if not hasattr(game, "furnaces"):
                game.furnaces = {}
            self.furnace = furnace.get(game, pos)
        else:  # opened without a block (tests, commands): a furnace that lives with the screen
            self.furnace = furnace.Furnace()
        st = self.furnace.stacks
        self.add_slot(st, furnace.INPUT, 56, 17, "input")
        self.add_slot(st, furnace.FUEL, 56, 53, "fuel")
        self.add_slot(st, furnace.OUTPUT, 116, 35, "output")
        self.add_player_slots(game)

    def accepts(self, k: int, item: int) -> bool:
        if self.slots[k].role == "fuel":
            return self.tables.is_fuel(item) or item == self.tables.bucket
        return super().accepts(k, item)

    def capacity(self, k: int, item: int) -> int:
        if self.slots[k].role == "fuel" and item == self.tables.bucket:
            return 1  # an empty bucket waits for a wet sponge's water, one at a time
        return super().capacity(k, item)

    def taken(self, game, k: int, item: int, n: int) -> None:
        if self.slots[k].role == "output" and n > 0:
            name = self.gd.item_name(item)
            game.stats[f"smelt_item.{name}"] += n
            game.events.append(("smelt_item", name, n))

    def quick_targets(self, k: int) -> list[tuple[list[int], bool]]:
        role = self.slots[k].role
        if role == "output":
            return [(self.player_slots(), True)]
        if role in ("main", "hotbar"):
            item = self.content(k)[0]
            if self.tables.smeltable(item):
                return [(self.slots_with("input"), False)]
            if self.tables.is_fuel(item):
                return [(self.slots_with("fuel"), False)]
        return super().quick_targets(k)

    def progress(self) -> tuple[float, float]:
        """(fuel left, cook progress) as fractions, for drawing the flame and the arrow."""
        f = self.furnace
        flame = f.burn_left / f.burn_total if f.burn_total and f.burn_left else 0.0
        return flame, f.cook / furnace.COOK_TICKS

    def close(self, game) -> None:
        super().close(game)
        if self.pos is None:
            st = self.furnace.stacks
            for k in range(len(st)):
                give_back(game, int(st.item[k]), int(st.count[k]), int(st.damage[k]))
                st.clear_slot(k)


@register("chest")
class ChestScreen(SlotScreen):
    """A single chest: 27 slots that stay with the block (`game.chests[pos]`)."""

    panel = (176, 168)
    labels = (("Chest", 8, 6), ("Inventory", 8, 73))

    def __init__(self, game, pos=None):
        super().__init__(game, pos)
        if not hasattr(game, "chests"):
            game.chests = {}
        self.store = game.chests.setdefault(pos, Stacks(27)) if pos is not None else Stacks(27)
        for r in range(3):
            for c in range(9):
                self.add_slot(self.store, r * 9 + c, 8 + c * 18, 18 + r * 18, "container")
        self.add_player_slots(game, 85, 143)

    def quick_targets(self, k: int) -> list[tuple[list[int], bool]]:
        if self.slots[k].role == "container":
            return [(self.player_slots(), True)]
        return [(self.slots_with("container"), False)]

    def close(self, game) -> None:
        super().close(game)
        if self.pos is None:
            for k in range(27):
                give_back(game, int(self.store.item[k]), int(self.store.count[k]),
                          int(self.store.damage[k]))
                self.store.clear_slot(k)

