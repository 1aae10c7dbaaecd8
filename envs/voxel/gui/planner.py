"""Privileged click planner: the env actions that craft or smelt an item through the GUI.

    from envs.voxel.gui import plan_craft, plan_smelt
    actions = plan_craft(env.game, "wooden_pickaxe")      # list of MineRL action dicts
    for a in actions:
        env.step(a)

The planner reads the game state (a privilege a policy does not have) and returns a fixed
sequence of ordinary actions: open the inventory (or `use` the crafting table / furnace the
player looks at), move the cursor with camera actions (deterministic, ≤ 180° per step), click
ingredients into place, shift-click the result and close. It checks itself by replaying every
action on a copy of the inventory and screen with the real click code, so a plan that would not
produce the item raises `PlanError` instead of returning. The env never crafts without clicks.
"""

from __future__ import annotations

import copy
import math
from collections import Counter

import numpy as np

from .. import crafting, furnace
from ..game import USE_DELAY
from ..inventory import Inventory
from ..spaces import CAMERA_LIMIT, B, noop, parse_action
from .base import MOUSE_DEG, MOUSE_TO_GUI, open_screen
from .screens import GridScreen
from .slots import LEFT, RIGHT


class PlanError(ValueError):
    """The item cannot be crafted/smelted from the current state; the message says why."""


class _SimGame:
    """The parts of a Game the screens touch, copied so that clicks can be replayed."""

    def __init__(self, game):
        self.gd = game.gd
        self.inventory = Inventory(game.gd)
        self.inventory.copy_from(game.inventory)
        self.stats: Counter[str] = Counter()
        self.events: list = []
        self.rng = np.random.default_rng(0)
        self.furnaces = copy.deepcopy(getattr(game, "furnaces", {}))
        self.chests = copy.deepcopy(getattr(game, "chests", {}))
        self.target = game.target
        self.world = game.world  # read only: screens check that their block is still there
        self._eye = game.eye()
        self.thrown: list[tuple[int, int]] = []
        self.drops = self
        self._feet = game.feet()

    def spawn(self, x, y, z, item, count, *args, **kwargs) -> bool:  # drops.spawn
        self.thrown.append((item, count))
        return True

    def throw(self, item: int, count: int, damage: int = 0) -> None:
        self.thrown.append((item, count))

    def feet(self):
        return self._feet

    def eye(self):
        return self._eye

    def close_gui(self) -> None:
        raise PlanError("the screen's block is gone or too far away")


class _Emitter:
    """Builds the action list while replaying each action on a simulated game."""

    def __init__(self, game):
        self.game = game
        self.sim = _SimGame(game)
        self.actions: list[dict] = []
        self.prev = np.asarray(game.held_buttons, np.int8).copy()
        self.use_delay = int(game.use_delay)
        self.screen = None
        self._buttons = np.zeros(len(B), np.int8)
        if game.gui_open and game.gui is not None:
            real = game.gui
            self.screen = open_screen(self.sim, real.kind, real.pos)
            self.screen.cursor[:] = real.cursor
            for name in ("grid", "carried"):
                if hasattr(real, name):
                    src, dst = getattr(real, name), getattr(self.screen, name)
                    dst.item[:], dst.count[:], dst.damage[:] = src.item, src.count, src.damage
            self.screen.changed(self.sim)

    # -- raw steps -------------------------------------------------------------------------
    def step(self, action: dict, open_kind: str | None = None) -> None:
        """Append one action and apply it to the simulation (Game.tick's GUI part)."""
        buttons = self._buttons
        d_pitch, d_yaw = parse_action(action, buttons)
        if np.any(buttons & self.prev):  # a held key does not press again: release it first
            self.actions.append(noop())
            self._apply(np.zeros_like(buttons), 0.0, 0.0, None)
        self.actions.append(action)
        self._apply(buttons.copy(), d_pitch, d_yaw, open_kind)

    def _apply(self, buttons, d_pitch, d_yaw, open_kind) -> None:
        pressed = (buttons == 1) & (self.prev == 0)
        self.prev[:] = buttons
        if self.screen is not None:
            if pressed[B["ESC"]] or pressed[B["inventory"]]:
                self.screen.close(self.sim)
                self.screen = None
            else:
                self.screen.tick(self.sim, buttons, pressed, d_pitch, d_yaw)
        elif pressed[B["inventory"]]:
            self.screen = open_screen(self.sim, "inventory")
        if self.screen is None:  # Game._use runs on ticks that end with the GUI closed
            if self.use_delay > 0:
                self.use_delay -= 1
            if buttons[B["use"]] and self.use_delay == 0:
                self.use_delay = USE_DELAY
                if open_kind is not None:
                    self.screen = open_screen(self.sim, open_kind, self.sim.target)
        t = furnace.tables(self.sim.gd)
        for f in self.sim.furnaces.values():
            furnace.step(f, t, self.sim.gd.stack_size)

    def press(self, key: str, open_kind: str | None = None) -> None:
        a = noop()
        a[key] = 1
        self.step(a, open_kind)

    def wait(self, n: int) -> None:
        for _ in range(n):
            self.step(noop())

    # -- GUI moves -------------------------------------------------------------------------
    def move_to(self, k: int) -> None:
        s = self.screen
        for _ in range(8):
            if s.hovered() == k:
                return
            tx, ty = s.slot_center(k)
            per_px = MOUSE_DEG / MOUSE_TO_GUI  # camera degrees per GUI pixel
            yaw = float(np.clip((tx - s.cursor[0]) * per_px, -CAMERA_LIMIT, CAMERA_LIMIT))
            pitch = float(np.clip((ty - s.cursor[1]) * per_px, -CAMERA_LIMIT, CAMERA_LIMIT))
            a = noop()
            a["camera"] = np.array([pitch, yaw], np.float32)
            self.step(a)
        raise PlanError(f"internal: the cursor did not reach slot {k} of {s.kind}")

    def click(self, k: int, button: int = LEFT, shift: bool = False) -> None:
        self.move_to(k)
        a = noop()
        a["attack" if button == LEFT else "use"] = 1
        if shift:
            a["sneak"] = 1
        self.step(a)

    def close(self) -> None:
        if self.screen is not None:
            self.press("ESC")

    def open(self, kind: str) -> None:
        """Make `kind` the open screen: close another one, then `inventory` or `use`."""
        if self.screen is not None:
            if self.screen.kind == kind and not self._dirty():
                return
            self.close()
        if kind == "inventory":
            self.press("inventory")
            return
        target = self.sim.target
        block = self.game.world.get(*target) if target is not None else 0
        if target is None or self.sim.gd.block_name(block) != kind:
            seen = "nothing" if target is None else self.sim.gd.block_name(block)
            raise PlanError(
                f"this needs a {kind} screen: look at a {kind} within reach first (the player "
                f"targets {seen}), or open its screen"
            )
        while self.use_delay > 1:
            self.wait(1)
        self.press("use", open_kind=kind)
        if self.screen is None or self.screen.kind != kind:
            raise PlanError(f"internal: using the {kind} did not open its screen")

    def _dirty(self) -> bool:
        s = self.screen
        carried = s.carried_stack()[1] if hasattr(s, "carried_stack") else 0
        return bool(carried or (isinstance(s, GridScreen) and s.grid.count.any()))

    # -- moving items ----------------------------------------------------------------------
    def fill(self, slots: list[int], item: int, n: int) -> None:
        """Click `n` more `item`s from the player's slots into each of `slots` (counted as they
        leave the cursor: a furnace may burn fuel as it arrives), then put the rest back."""
        s = self.screen
        source = -1
        for k in slots:
            placed = 0
            for _ in range(4 * n + 8):
                if placed >= n:
                    break
                c_n = s.carried_stack()[1]
                if c_n == 0:
                    source = self._source(item)
                    self.click(source, LEFT)
                    continue
                self.click(k, LEFT if c_n <= n - placed else RIGHT)
                moved = c_n - s.carried_stack()[1]
                if moved <= 0:
                    break
                placed += moved
            if placed != n:
                name = self.sim.gd.item_name(item)
                raise PlanError(f"could not put {n} {name} into the {s.slots[k].role} slot")
        self.put_back(source)

    def _source(self, item: int) -> int:
        s = self.screen
        best, best_n = -1, 0
        for k in s.player_slots():
            i, n, d = s.content(k)
            if i == item and d == 0 and n > best_n:
                best, best_n = k, n
        if best < 0:
            raise PlanError(f"no {self.sim.gd.item_name(item)} left in the inventory")
        return best

    def put_back(self, source: int) -> None:
        """Drop the carried stack into the slot it came from (or any slot that takes it)."""
        s = self.screen
        item, n, _ = s.carried_stack()
        if n == 0:
            return
        order = ([source] if source >= 0 else []) + s.player_slots()
        for k in order:
            i, m, _ = s.content(k)
            if m == 0 or (i == item and m + n <= s.capacity(k, item)):
                self.click(k, LEFT)
                return
        raise PlanError("the inventory is full: no slot to put the carried stack back")


def _item_id(gd, name: str) -> int:
    from ..gamedata import UnknownNameError

    try:
        return gd.item(name)
    except UnknownNameError as e:
        raise PlanError(str(e)) from None


def _assign(recipe: crafting.Recipe, have: Counter, crafts: int):
    """Pick an item for every cell of the recipe from what the player has:
    (cells [(row, col, item)], missing {accepted items: count short})."""
    used: Counter = Counter()
    cells = []
    missing: Counter = Counter()
    for r, c, options in recipe.slots():
        best = max(sorted(options), key=lambda i: have[i] - used[i])
        if have[best] - used[best] < crafts:
            missing[options] += crafts
        used[best] += crafts
        cells.append((r, c, best))
    return cells, missing


def _describe(gd, missing: Counter) -> str:
    parts = []
    for options, n in missing.items():
        names = sorted(gd.item_name(i) for i in options)
        what = names[0] if len(names) == 1 else f"any of {', '.join(names[:4])}" + (
            ", …" if len(names) > 4 else "")
        parts.append(f"{n} × {what}")
    return "; ".join(parts)


def plan_craft(game, item: str, count: int = 1) -> list[dict]:
    """Env actions that craft at least `count` of `item` through the GUI and close it.

    2×2 recipes use the inventory screen (or an open crafting table); 3×3 recipes need the
    crafting table screen open or the player looking at a crafting table. Raises PlanError
    (unknown item, no recipe, missing ingredients, no table, inventory full)."""
    gd = game.gd
    iid = _item_id(gd, item)
    recipes = crafting.book(gd).for_item(iid)
    if not recipes:
        raise PlanError(f"{gd.item_name(iid)!r} has no crafting recipe in Minecraft 1.16.5"
                        " (it may be smelted, mined or found instead)")
    em = _Emitter(game)
    if em.screen is not None and (em._dirty() or not isinstance(em.screen, GridScreen)):
        em.close()
    inv = em.sim.inventory
    have: Counter = Counter()
    for s in range(36):
        if inv.item[s] and inv.damage[s] == 0:
            have[int(inv.item[s])] += int(inv.count[s])
    table_open = em.screen is not None and em.screen.kind == "crafting_table"
    target = game.target
    table_seen = target is not None and gd.block_name(game.world.get(*target)) == "crafting_table"
    options = []
    for rank, r in enumerate(recipes):
        crafts = math.ceil(count / r.count)
        cells, missing = _assign(r, have, crafts)
        fits_here = r.fits(2) or table_open or table_seen
        options.append((bool(missing), not fits_here, not r.fits(2), rank, r, crafts, cells, missing))
    options.sort(key=lambda o: o[:4])
    bad, no_table, _, _, recipe, crafts, cells, missing = options[0]
    if bad:
        raise PlanError(f"not enough ingredients to craft {count} {gd.item_name(iid)}: the recipe "
                        f"needs {_describe(gd, missing)} (counting what the player has)")
    if crafts > 64:
        raise PlanError(f"count={count} needs {crafts} crafts; at most 64 at a time")
    if no_table:
        raise PlanError(f"{gd.item_name(iid)} needs a 3×3 crafting grid: look at a crafting "
                        "table within reach (or open it) first")
    if not recipe.fits(2):
        kind = "crafting_table"
    elif em.screen is not None:
        kind = em.screen.kind
    else:
        kind = "inventory"
    em.open(kind)
    screen = em.screen
    w = screen.grid_w
    for it, group in _by_item(cells):
        em.fill([screen.find("grid", r * w + c) for r, c, _ in group], it, crafts)
    m = screen.match
    if m is None or m.result != iid:
        raise PlanError(f"internal: the grid does not make {gd.item_name(iid)}")
    em.click(screen.find("result"), LEFT, shift=True)
    em.close()
    made = em.sim.stats[f"craft_item.{gd.item_name(iid)}"]
    if made < count:
        raise PlanError(f"the inventory has no room for {count} {gd.item_name(iid)} (made {made})")
    return em.actions


def _by_item(cells):
    groups: dict[int, list] = {}
    for cell in cells:
        groups.setdefault(cell[2], []).append(cell)
    return groups.items()


def plan_smelt(game, item: str, count: int = 1, fuel: str | None = None,
               wait: bool = True) -> list[dict]:
    """Env actions that smelt `count` of `item` in the furnace the player looks at (or whose
    screen is open): input and fuel in, wait (`wait=True`, 200 ticks per item) and shift-click
    the output into the inventory, then close. With `wait=False` the plan closes the furnace
    right after loading it (it keeps smelting; collect the output later)."""
    gd = game.gd
    iid = _item_id(gd, item)
    if not 1 <= count <= 64:
        raise PlanError(f"count={count}: a furnace smelts 1 to 64 items at a time")
    t = furnace.tables(gd)
    em = _Emitter(game)
    inv = em.sim.inventory
    sources = [i for i in range(1, gd.n_items) if t.result[i] == iid and inv.total(i) >= count]
    if not sources:
        raise PlanError(f"nothing in the inventory smelts into {count} {gd.item_name(iid)}")
    src = max(sources, key=inv.total)
    if fuel:
        fuels = [_item_id(gd, fuel)]
    else:  # the longest-burning fuel the player has, the input itself last
        fuels = sorted((int(i) for i in np.flatnonzero(t.burn) if i != src), key=lambda i: -t.burn[i])
        fuels.append(src)
    n_fuel, fuel_id = 0, 0
    for f in fuels:
        n = math.ceil(count * furnace.COOK_TICKS / int(t.burn[f])) if t.burn[f] else 0
        if n and inv.total(f) - (count if f == src else 0) >= n:
            n_fuel, fuel_id = n, int(f)
            break
    if not n_fuel:
        raise PlanError(f"not enough fuel to smelt {count} {gd.item_name(iid)}"
                        + (f" with {fuel}" if fuel else ""))
    em.open("furnace")
    s = em.screen
    st = s.furnace.stacks
    for slot, it, n in ((furnace.FUEL, fuel_id, n_fuel), (furnace.INPUT, src, count)):
        if st.count[slot] and st.item[slot] != it:
            raise PlanError(f"the furnace's {s.slots[slot].role} slot holds "
                            f"{gd.item_name(int(st.item[slot]))}: take it out first")
        em.fill([s.find(s.slots[slot].role)], it, n)
    if st.count[furnace.OUTPUT] and st.item[furnace.OUTPUT] != iid:
        raise PlanError("the furnace's output slot holds another item: take it out first")
    if wait:
        target = int(st.count[furnace.OUTPUT]) + count if st.item[furnace.OUTPUT] == iid else count
        for _ in range(count * furnace.COOK_TICKS + 20):
            if st.count[furnace.OUTPUT] >= target:
                break
            em.wait(1)
        em.click(s.find("output"), LEFT, shift=True)
        if em.sim.stats[f"smelt_item.{gd.item_name(iid)}"] < count:
            raise PlanError(f"internal: the furnace did not make {count} {gd.item_name(iid)}")
    em.close()
    return em.actions
