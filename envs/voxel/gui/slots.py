"""Screens made of slots, clicked like Minecraft 1.16's containers (`Container.slotClick`).

`attack` press = left click, `use` press = right click, either with `sneak` held = shift-click
(quick move), `drop` over a slot throws one item, `hotbar.N` over a slot swaps it with hotbar
slot N. A click outside the window throws the carried stack (left) or one item (right).
Clicks that make no sense in Minecraft (empty slots, full inventory, wrong slot) do nothing.
"""

from __future__ import annotations

from ..drops import THROW_DELAY
from ..spaces import B
from .base import GUI_H, GUI_SCALE, GUI_W, Screen, Slot, Stacks

LEFT, RIGHT = 0, 1
PLAYER_ORDER = (*range(9, 36), *range(9))  # the player's slots in container order
_HOTBAR_KEYS = tuple(B[f"hotbar.{i}"] for i in range(1, 10))
_ARMOR_SUFFIX = {36: ("_boots",), 37: ("_leggings",), 38: ("_chestplate", "elytra"),
                 39: ("_helmet", "_head", "_skull", "carved_pumpkin")}


class SlotScreen(Screen):
    """A panel of `panel` GUI units with slots, a carried stack and click handling."""

    panel = (176, 166)
    labels: tuple[tuple[str, int, int], ...] = ()  # (text, x, y) in GUI units

    def __init__(self, game, pos=None):
        super().__init__(game, pos)
        self.gd = game.gd
        self.carried = Stacks(1)
        self.slots: list[Slot] = []
        self.block = game.world.get(*pos) if pos is not None else -1  # the block it belongs to

    # -- layout --------------------------------------------------------------------------------
    def add_slot(self, store, index: int, x: int, y: int, role: str) -> int:
        self.slots.append(Slot(store, index, x, y, role))
        return len(self.slots) - 1

    def add_player_slots(self, game, y_main: int = 84, y_hotbar: int = 142) -> None:
        inv = game.inventory
        for r in range(3):
            for c in range(9):
                self.add_slot(inv, 9 + r * 9 + c, 8 + c * 18, y_main + r * 18, "main")
        for c in range(9):
            self.add_slot(inv, c, 8 + c * 18, y_hotbar, "hotbar")

    def origin(self) -> tuple[float, float]:
        """Top-left corner of the panel in GUI pixels."""
        w, h = self.panel
        return (GUI_W - w * GUI_SCALE) / 2, (GUI_H - h * GUI_SCALE) / 2

    def slot_center(self, k: int) -> tuple[float, float]:
        ox, oy = self.origin()
        s = self.slots[k]
        return ox + (s.x + 8) * GUI_SCALE, oy + (s.y + 8) * GUI_SCALE

    def slot_at(self, gx: float, gy: float) -> int:
        """Index of the slot under GUI point (gx, gy), or -1."""
        ox, oy = self.origin()
        u, v = (gx - ox) / GUI_SCALE, (gy - oy) / GUI_SCALE
        for k, s in enumerate(self.slots):
            if s.x - 1 <= u < s.x + 17 and s.y - 1 <= v < s.y + 17:
                return k
        return -1

    def outside(self, gx: float, gy: float) -> bool:
        ox, oy = self.origin()
        w, h = self.panel
        return not (ox <= gx < ox + w * GUI_SCALE and oy <= gy < oy + h * GUI_SCALE)

    def hovered(self) -> int:
        return self.slot_at(*self.cursor)

    def find(self, role: str, index: int | None = None) -> int:
        """Screen slot index of the first slot with `role` (and store index), or -1."""
        for k, s in enumerate(self.slots):
            if s.role == role and (index is None or s.index == index):
                return k
        return -1

    # -- contents ------------------------------------------------------------------------------
    def contents_key(self) -> tuple:
        """A cheap value that changes whenever what a slot shows may have: the bytes of every
        store behind the slots (subclasses add what `content` derives from other state)."""
        stores = self.__dict__.get("_stores")
        if stores is None or stores[0] != len(self.slots):
            unique = {id(s.store): s.store for s in self.slots if s.store is not None}
            stores = self._stores = (len(self.slots), list(unique.values()))
        return tuple(a.tobytes() for st in stores[1] for a in (st.item, st.count, st.damage))

    def content(self, k: int) -> tuple[int, int, int]:
        """(item, count, damage) shown in slot k."""
        s = self.slots[k]
        i = s.index
        return int(s.store.item[i]), int(s.store.count[i]), int(s.store.damage[i])

    def _set(self, k: int, item: int, count: int, damage: int) -> None:
        s = self.slots[k]
        if count <= 0:
            s.store.clear_slot(s.index)
        else:
            s.store.item[s.index], s.store.count[s.index], s.store.damage[s.index] = item, count, damage

    def accepts(self, k: int, item: int) -> bool:
        s = self.slots[k]
        if s.role in ("result", "output"):
            return False
        if s.role == "armor":
            name = self.gd.item_name(item)
            return name.endswith(_ARMOR_SUFFIX[s.index])
        return True

    def capacity(self, k: int, item: int) -> int:
        if self.slots[k].role == "armor":
            return 1
        return max(1, int(self.gd.stack_size[item]))

    # -- input ---------------------------------------------------------------------------------
    def still_valid(self, game) -> bool:
        """Minecraft closes a block's screen when the block is gone or the player is > 8 away."""
        if self.pos is None:
            return True
        x, y, z = self.pos
        ex, ey, ez = game.eye()
        far = (x + 0.5 - ex) ** 2 + (y + 0.5 - ey) ** 2 + (z + 0.5 - ez) ** 2 > 64.0
        return not far and game.world.get(x, y, z) == self.block

    def tick(self, game, buttons, pressed, d_pitch: float, d_yaw: float) -> None:
        if not self.still_valid(game):
            game.close_gui()
            return
        self.move_cursor(d_pitch, d_yaw)
        shift = bool(buttons[B["sneak"]])
        if pressed[B["attack"]]:
            self.click(game, LEFT, shift)
        elif pressed[B["use"]]:
            self.click(game, RIGHT, shift)
        if pressed[B["drop"]]:
            self.drop_from_slot(game, self.hovered())
        for n, key in enumerate(_HOTBAR_KEYS):
            if pressed[key]:
                self.swap_hotbar(game, self.hovered(), n)
                break
        self.changed(game)

    def click(self, game, button: int, shift: bool = False) -> None:
        """One mouse click at the cursor, as Minecraft's PICKUP / QUICK_MOVE / THROW clicks."""
        k = self.hovered()
        if k < 0:
            c_item, c_n, c_d = self.carried_stack()
            if c_n and self.outside(*self.cursor):
                n = c_n if button == LEFT else 1
                game.throw(c_item, n, c_d)
                self._carry(c_item, c_n - n, c_d)
            return
        if shift:
            self.quick_move(game, k)
        elif self.slots[k].role == "result":
            self.take_result(game, button)
        else:
            self.pickup(game, k, button)

    def carried_stack(self) -> tuple[int, int, int]:
        c = self.carried
        return int(c.item[0]), int(c.count[0]), int(c.damage[0])

    def _carry(self, item: int, count: int, damage: int) -> None:
        if count <= 0:
            self.carried.clear_slot(0)
        else:
            self.carried.item[0], self.carried.count[0], self.carried.damage[0] = item, count, damage

    def pickup(self, game, k: int, button: int) -> None:
        s_item, s_n, s_d = self.content(k)
        c_item, c_n, c_d = self.carried_stack()
        if s_n == 0:
            if c_n and self.accepts(k, c_item):
                put = min(c_n if button == LEFT else 1, self.capacity(k, c_item))
                self._set(k, c_item, put, c_d)
                self._carry(c_item, c_n - put, c_d)
            return
        if c_n == 0:
            take = s_n if button == LEFT else (s_n + 1) // 2
            self._set(k, s_item, s_n - take, s_d)
            self._carry(s_item, take, s_d)
            self.taken(game, k, s_item, take)
            return
        same = s_item == c_item and s_d == c_d
        if self.accepts(k, c_item):
            if same:
                put = min(c_n if button == LEFT else 1, self.capacity(k, c_item) - s_n)
                if put > 0:
                    self._set(k, s_item, s_n + put, s_d)
                    self._carry(c_item, c_n - put, c_d)
            elif c_n <= self.capacity(k, c_item):
                self._set(k, c_item, c_n, c_d)
                self._carry(s_item, s_n, s_d)
        elif same:  # an output slot: take into the carried stack while it fits
            take = min(s_n, int(self.gd.stack_size[s_item]) - c_n)
            if take > 0:
                self._set(k, s_item, s_n - take, s_d)
                self._carry(c_item, c_n + take, c_d)
                self.taken(game, k, s_item, take)

    def taken(self, game, k: int, item: int, n: int) -> None:
        """Called when the player takes `n` of `item` out of slot k (stats for outputs)."""

    def changed(self, game) -> None:
        """Called after every tick's clicks (the crafting grid re-matches here)."""

    # -- quick move (shift-click) --------------------------------------------------------------
    def quick_targets(self, k: int) -> list[tuple[list[int], bool]]:
        """Where a shift-click on slot k tries to move its stack: [(slots, reverse)] in order."""
        role = self.slots[k].role
        if role == "main":
            return [(self.slots_with("hotbar"), False)]
        if role == "hotbar":
            return [(self.slots_with("main"), False)]
        return [(self.player_slots(), False)]

    def slots_with(self, *roles: str) -> list[int]:
        return [k for k, s in enumerate(self.slots) if s.role in roles]

    def player_slots(self) -> list[int]:
        return self.slots_with("main") + self.slots_with("hotbar")

    def quick_move(self, game, k: int) -> None:
        if self.slots[k].role == "result":
            self.craft_all(game)
            return
        item, n, dmg = self.content(k)
        if n == 0:
            return
        left = n
        for targets, reverse in self.quick_targets(k):
            left = self.merge(item, left, dmg, targets, reverse)
            if left == 0:
                break
        if left != n:
            self._set(k, item, left, dmg)
            self.taken(game, k, item, n - left)

    def merge(self, item: int, n: int, dmg: int, targets: list[int], reverse: bool = False,
              dry: bool = False) -> int:
        """Minecraft's mergeItemStack: fill matching stacks, then empty slots; returns the rest."""
        order = list(reversed(targets)) if reverse else targets
        plan = []
        for want_empty in (False, True):
            for t in order:
                if n == 0 or not self.accepts(t, item):
                    continue
                t_item, t_n, t_d = self.content(t)
                if want_empty != (t_n == 0) or (t_n and (t_item != item or t_d != dmg)):
                    continue
                put = min(n, self.capacity(t, item) - t_n)
                if put > 0:
                    plan.append((t, t_n + put))
                    n -= put
        if not dry:
            for t, total in plan:
                self._set(t, item, total, dmg)
        return n

    # -- crafting result (screens with a grid override) ----------------------------------------
    def take_result(self, game, button: int) -> None:
        """Clicking a crafting result slot (only screens with a grid have one)."""

    def craft_all(self, game) -> None:
        """Shift-clicking a crafting result slot."""

    # -- keys over slots -----------------------------------------------------------------------
    def drop_from_slot(self, game, k: int) -> None:
        if k < 0 or self.slots[k].role == "result" or self.carried_stack()[1]:
            return
        item, n, dmg = self.content(k)
        if n:
            self._set(k, item, n - 1, dmg)
            self.taken(game, k, item, 1)
            game.throw(item, 1, dmg)

    def swap_hotbar(self, game, k: int, n: int) -> None:
        h = self.find("hotbar", n)
        if k < 0 or h < 0 or h == k or self.carried_stack()[1] or self.slots[k].role == "result":
            return
        a, b = self.content(k), self.content(h)
        if b[1] and (not self.accepts(k, b[0]) or b[1] > self.capacity(k, b[0])):
            return
        self._set(k, *b)
        self._set(h, *a)
        if a[1]:
            self.taken(game, k, a[0], a[1])

    # -- drawing -------------------------------------------------------------------------------
    def draw(self, game, pov) -> None:
        """Draw the screen over the rendered world in `pov` (any size), in place."""
        from ..render.gui_draw import draw_screen

        draw_screen(self, game, pov)

    # -- closing -------------------------------------------------------------------------------
    def close(self, game) -> None:
        item, n, dmg = self.carried_stack()
        self.carried.clear_slot(0)
        give_back(game, item, n, dmg)


def give_back(game, item: int, n: int, dmg: int = 0) -> None:
    """Put items into the inventory; drop at the player's feet what does not fit."""
    if n <= 0 or item <= 0:
        return
    left = game.inventory.add(item, n, dmg)
    if left:
        x, y, z = game.feet()
        game.drops.spawn(x, y + 0.3, z, item, left, game.rng, dmg, vel=(0.0, 0.1, 0.0),
                         delay=THROW_DELAY)
