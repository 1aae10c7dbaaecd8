"""The player inventory: 36 slots (0-8 hotbar, 9-35 main), 4 armor slots and the offhand.

Stacks follow the item's 1.16 stack size; tools carry their damage (durability used).
"""

from __future__ import annotations

import numpy as np

from .gamedata import GameData

MAIN_SLOTS = 36
HOTBAR = 9
ARMOR_SLOTS = (36, 37, 38, 39)  # feet, legs, chest, head (Minecraft's order)
OFFHAND = 40
N_SLOTS = 41


class Inventory:
    """Slots as three int32 arrays (item id, count, damage); item id 0 = empty."""

    def __init__(self, gd: GameData):
        self.gd = gd
        self.item = np.zeros(N_SLOTS, np.int32)
        self.count = np.zeros(N_SLOTS, np.int32)
        self.damage = np.zeros(N_SLOTS, np.int32)
        self.selected = 0

    # -- queries -----------------------------------------------------------------------------
    def held(self) -> int:
        """Item id in the main hand (0 = empty)."""
        return int(self.item[self.selected])

    def total(self, item_id: int) -> int:
        return int(self.count[self.item == item_id].sum()) if item_id else 0

    def as_dict(self) -> dict[str, int]:
        """{item name: total count} over all slots, like MineRL's inventory observation."""
        out: dict[str, int] = {}
        for iid, n in zip(self.item.tolist(), self.count.tolist(), strict=True):
            if iid and n:
                name = self.gd.items[iid]["name"]
                out[name] = out.get(name, 0) + n
        return out

    def slots(self) -> list[dict]:
        """Per-slot view (MineStudio style): [{"slot", "type", "quantity", "damage"}] for non-empty slots."""
        return [
            {"slot": s, "type": self.gd.items[int(self.item[s])]["name"],
             "quantity": int(self.count[s]), "damage": int(self.damage[s])}
            for s in range(N_SLOTS)
            if self.item[s]
        ]

    def max_stack(self, item_id: int) -> int:
        return max(1, int(self.gd.stack_size[item_id]))

    # -- changes -----------------------------------------------------------------------------
    def add(self, item_id: int, count: int, damage: int = 0) -> int:
        """Add items like Minecraft's pickup: fill matching stacks (selected slot first, then
        slots 0..35), then empty slots 0..35. Returns how many did not fit."""
        if item_id <= 0 or count <= 0:
            return max(count, 0)
        cap = self.max_stack(item_id)
        if cap > 1:
            order = [self.selected, *range(MAIN_SLOTS)]
            for s in order:
                if count == 0:
                    break
                if self.item[s] == item_id and self.count[s] < cap:
                    moved = min(cap - self.count[s], count)
                    self.count[s] += moved
                    count -= moved
        for s in range(MAIN_SLOTS):
            if count == 0:
                break
            if self.item[s] == 0:
                moved = min(cap, count)
                self.item[s], self.count[s], self.damage[s] = item_id, moved, damage
                count -= moved
        return count

    def remove(self, item_id: int, count: int) -> int:
        """Remove up to `count` items (last slots first, like /clear); returns how many removed."""
        removed = 0
        for s in range(N_SLOTS - 1, -1, -1):
            if removed == count:
                break
            if self.item[s] == item_id:
                take = min(int(self.count[s]), count - removed)
                self.count[s] -= take
                removed += take
                if self.count[s] == 0:
                    self.clear_slot(s)
        return removed

    def take_from_slot(self, slot: int, count: int = 1) -> tuple[int, int, int]:
        """Remove up to `count` from one slot; returns (item, taken, damage)."""
        iid, dmg = int(self.item[slot]), int(self.damage[slot])
        taken = min(count, int(self.count[slot]))
        self.count[slot] -= taken
        if self.count[slot] <= 0:
            self.clear_slot(slot)
        return iid, taken, dmg

    def clear_slot(self, slot: int) -> None:
        self.item[slot] = self.count[slot] = self.damage[slot] = 0

    def clear(self) -> int:
        n = int(self.count.sum())
        self.item[:] = 0
        self.count[:] = 0
        self.damage[:] = 0
        return n

    def damage_held(self, amount: int = 1) -> bool:
        """Use durability of the held tool; returns True if it broke."""
        s = self.selected
        iid = int(self.item[s])
        max_d = int(self.gd.max_durability[iid]) if iid else 0
        if max_d <= 0:
            return False
        self.damage[s] += amount
        if self.damage[s] >= max_d:
            self.clear_slot(s)
            return True
        return False

    def copy_from(self, other: Inventory) -> None:
        self.item[:], self.count[:], self.damage[:] = other.item, other.count, other.damage
        self.selected = other.selected
