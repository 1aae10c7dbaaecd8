"""The game state of one VoxelWorld and its tick: the systems run in Minecraft's order.

`Game` is engine-only (no gymnasium): the env wraps it with spaces, rendering and observations.
Per tick: GUI keys → camera → hotbar/swap → movement physics → attack (mine / hit) → use
(place / interact) → drop → item entities and pickup → mobs → time, effects, survival.
Attack (mining, hitting mobs) lives in `player_attack`.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from . import physics
from .drops import THROW_DELAY, Drops
from .gamedata import GameData
from .inventory import Inventory
from .mobs import Mobs
from .physics import EYE_HEIGHT, HEIGHT, SNEAK_EYE_HEIGHT, SNEAK_HEIGHT
from .player_attack import BLOCK_REACH, BREAK_DELAY, ENTITY_REACH, PlayerAttack  # noqa: F401
from .spaces import B
from .world import World

USE_DELAY = 4  # ticks between repeated right clicks while `use` is held
DAY_LENGTH = 24000

_HOTBAR_KEYS = [B[f"hotbar.{i}"] for i in range(1, 10)]


class Game(PlayerAttack):
    """One world, one player. Deterministic given the seed and the actions."""

    def __init__(self, gd: GameData, world: World, seed: int):
        self.gd = gd
        self.world = world
        self.rng = np.random.Generator(np.random.PCG64(seed))
        self.seed = seed
        self.solid = gd.solid
        self.water_mask = np.zeros(gd.n_blocks, np.bool_)
        for name in ("water", "bubble_column"):
            self.water_mask[gd.block(name)] = True
        self.targetable = np.ones(gd.n_blocks, np.bool_)
        for name in ("air", "cave_air", "void_air", "water", "lava", "bubble_column"):
            self.targetable[gd.block(name)] = False
        self.replaceable = np.zeros(gd.n_blocks, np.bool_)
        for name in gd.extra["replaceable_blocks"]:
            self.replaceable[gd.block(name)] = True
        self.attack_damage = np.ones(gd.n_items, np.float32)
        for name, dmg in gd.extra["attack_damage"].items():
            self.attack_damage[gd.item(name)] = dmg

        self.player = physics.new_state(0.5, 100.0, 0.5)
        self.pitch = 0.0
        self.yaw = 0.0
        self.inventory = Inventory(gd)
        self.drops = Drops()
        self.mobs = Mobs(gd)
        self.world_age = 0
        self.day_time = 0
        self.weather = "clear"
        self.difficulty = "normal"  # peaceful | easy | normal | hard (survival and mob damage)
        self.rules = {"doMobSpawning": True, "naturalRegeneration": True}  # Minecraft gamerules
        self.stats: Counter[str] = Counter()
        self.health = 20.0
        self.food = 20
        self.saturation = 5.0
        self.air = 300
        self.effects: dict[str, list[int]] = {}  # name -> [amplifier, ticks left]
        self.spawnpoint = (0.5, 100.0, 0.5)
        self.gui_open = False
        self.gui = None  # the open screen (inventory, crafting table, furnace, ...)
        self.death_cause: str | None = None
        self.events: list[tuple] = []
        # interaction state
        self.target: tuple[int, int, int] | None = None
        self.target_face = (0, 0, 0)
        self.break_pos: tuple[int, int, int] | None = None
        self.break_item = -1
        self.break_ticks = 0
        self.break_progress = 0.0
        self.break_delay = 0
        self.use_delay = 0
        self._inputs = np.zeros(7, np.int32)
        self._no_inputs = np.zeros(7, np.int32)
        self.held_buttons = np.zeros(len(B), np.int8)
        self.speed_mult = 1.0
        # extension points for the survival / GUI / interaction systems
        self.use_handlers: list = []  # callables(game) -> bool: True if `use` was consumed
        self.tick_systems: list = []  # callables(game) run at the end of every tick
        self.break_listeners: list = []  # callables(game, x, y, z, block) after a block breaks
        self.systems: dict = {}  # installed system objects by module name (systems.install)

    # -- derived -----------------------------------------------------------------------------
    @property
    def sneaking(self) -> bool:
        return self.player[physics.SNEAKING] > 0

    def eye(self) -> tuple[float, float, float]:
        h = SNEAK_EYE_HEIGHT if self.sneaking else EYE_HEIGHT
        p = self.player
        return float(p[physics.X]), float(p[physics.Y] + h), float(p[physics.Z])

    def feet(self) -> tuple[float, float, float]:
        p = self.player
        return float(p[physics.X]), float(p[physics.Y]), float(p[physics.Z])

    def eye_in_water(self) -> bool:
        x, y, z = self.eye()
        return bool(self.water_mask[self.world.get(math.floor(x), math.floor(y), math.floor(z))])

    def teleport(self, x: float, y: float, z: float) -> None:
        self.world.ensure_chunks(x, z, 32)
        p = self.player
        p[physics.X], p[physics.Y], p[physics.Z] = x, y, z
        p[physics.VX] = p[physics.VY] = p[physics.VZ] = 0.0
        p[physics.FALL] = 0.0

    # -- the tick ------------------------------------------------------------------------------
    def tick(self, buttons: np.ndarray, d_pitch: float, d_yaw: float) -> None:
        self.events = []
        pressed = (buttons == 1) & (self.held_buttons == 0)  # new presses (toggles act on press)
        self.held_buttons[:] = buttons
        in_world = not self.gui_open  # a tick that closes a screen does not also act in the world
        if self.gui_open:
            self._gui_tick(buttons, pressed, d_pitch, d_yaw)
            moving = self._no_inputs
        else:
            if pressed[B["inventory"]]:
                self.open_gui("inventory")
            self.pitch = float(np.clip(self.pitch + d_pitch, -90.0, 90.0))
            self.yaw = (self.yaw + d_yaw + 180.0) % 360.0 - 180.0
            for slot, k in enumerate(_HOTBAR_KEYS):
                if buttons[k]:
                    self.inventory.selected = slot
            if pressed[B["swapHands"]]:
                self._swap_hands()
            moving = self._inputs
            moving[:] = (
                buttons[B["forward"]], buttons[B["back"]], buttons[B["left"]], buttons[B["right"]],
                buttons[B["jump"]], buttons[B["sneak"]], buttons[B["sprint"]],
            )
        was_on_ground = self.player[physics.ON_GROUND] > 0
        vy_before = self.player[physics.VY]
        damage = physics.player_tick(
            self.player, moving, self.yaw, self.speed_mult, self.world.blocks, self.solid,
            self.water_mask, 0.6,
        )
        if was_on_ground and moving[4] and self.player[physics.VY] > vy_before + 0.3:
            self.stats["custom.jump"] += 1
        if damage > 0:
            self.hurt(damage, "fall")
        if in_world and not self.gui_open:
            self._update_target()
            self._attack(buttons[B["attack"]] == 1)
            self._use(buttons[B["use"]] == 1)
            if pressed[B["drop"]]:
                self._drop_held(1)
            if pressed[B["pickItem"]]:
                self._pick_block()
        self._tick_items()
        self.mobs.tick(self)
        self._tick_world()

    # -- GUI (screens are added by the gui module) ---------------------------------------------
    def open_gui(self, kind: str, pos: tuple[int, int, int] | None = None) -> None:
        from . import gui  # local import: the GUI system is optional for headless uses

        self.gui = gui.open_screen(self, kind, pos)
        self.gui_open = True
        self._reset_breaking()

    def close_gui(self) -> None:
        if self.gui is not None:
            self.gui.close(self)
        self.gui = None
        self.gui_open = False

    def _gui_tick(self, buttons, pressed, d_pitch, d_yaw) -> None:
        if pressed[B["ESC"]] or pressed[B["inventory"]]:
            self.close_gui()
            return
        if self.gui is not None:
            self.gui.tick(self, buttons, pressed, d_pitch, d_yaw)

    # -- use: place blocks, interact -------------------------------------------------------------
    def _use(self, held: bool) -> None:
        if self.use_delay > 0:
            self.use_delay -= 1
        if not held or self.use_delay > 0:
            return
        self.use_delay = USE_DELAY
        for handler in self.use_handlers:
            if handler(self):
                return
        if self.target is None:
            return
        item = self.inventory.held()
        block = int(self.gd.item_to_block[item]) if item else -1
        if block <= 0:
            return
        tx, ty, tz = self.target
        if self.replaceable[self.world.get(tx, ty, tz)]:
            px, py, pz = tx, ty, tz
        else:
            fx, fy, fz = self.target_face
            px, py, pz = tx + fx, ty + fy, tz + fz
        if not self.world.in_bounds(px, py, pz) or not self.replaceable[self.world.get(px, py, pz)]:
            return
        if self.gd.solid[block] and self.box_blocked(px, py, pz):
            return
        self.world.set(px, py, pz, block)
        name = self.gd.item_name(item)
        self.inventory.take_from_slot(self.inventory.selected, 1)
        self.stats[f"use_item.{name}"] += 1
        self.events.append(("use_item", name))

    def box_blocked(self, x: int, y: int, z: int) -> bool:
        """Would a full block at (x, y, z) intersect the player or a mob?"""
        p = self.player
        hw = physics.WIDTH / 2
        h = SNEAK_HEIGHT if self.sneaking else HEIGHT
        if (x < p[0] + hw and x + 1 > p[0] - hw and z < p[2] + hw and z + 1 > p[2] - hw
                and y < p[1] + h and y + 1 > p[1]):
            return True
        for m in self.mobs.mobs:
            b = m.box()
            if x < b[3] and x + 1 > b[0] and y < b[4] and y + 1 > b[1] and z < b[5] and z + 1 > b[2]:
                return True
        return False

    # -- items -----------------------------------------------------------------------------------
    def _drop_held(self, n: int) -> None:
        inv = self.inventory
        if not inv.held():
            return
        item, taken, dmg = inv.take_from_slot(inv.selected, n)
        self.throw(item, taken, dmg)

    def throw(self, item: int, count: int, damage: int = 0) -> None:
        """Throw a stack forward from the eye, as pressing Q does."""
        ex, ey, ez = self.eye()
        dx, dy, dz = physics.look_vector(self.pitch, self.yaw)
        self.drops.spawn(ex, ey - 0.3, ez, item, count, self.rng, damage,
                         vel=(dx * 0.3, dy * 0.3 + 0.1, dz * 0.3), delay=THROW_DELAY)
        name = self.gd.item_name(item)
        self.stats[f"drop.{name}"] += count
        self.events.append(("drop", name))

    def _pick_block(self) -> None:
        """Middle click: select the hotbar slot holding the targeted block's item, if any."""
        if self.target is None:
            return
        item = int(self.gd.block_to_item[self.world.get(*self.target)])
        for s in range(9):
            if item > 0 and self.inventory.item[s] == item:
                self.inventory.selected = s
                return

    def _swap_hands(self) -> None:
        inv, s = self.inventory, self.inventory.selected
        for arr in (inv.item, inv.count, inv.damage):
            arr[s], arr[40] = arr[40], arr[s]

    def _tick_items(self) -> None:
        if not self.drops.alive.any():
            return
        x, y, z = self.feet()
        h = SNEAK_HEIGHT if self.sneaking else HEIGHT
        for item, n in self.drops.tick(self.world.blocks, self.solid, x, y, z, h, self.inventory):
            name = self.gd.item_name(item)
            self.stats[f"pickup.{name}"] += n
            self.events.append(("pickup", name, n))

    # -- world time, effects, survival -----------------------------------------------------------
    def _tick_world(self) -> None:
        self.world_age += 1
        self.day_time = (self.day_time + 1) % DAY_LENGTH
        mult = 1.0
        for name in list(self.effects):
            amp, left = self.effects[name]
            if name == "speed":
                mult *= 1.0 + 0.2 * (amp + 1)
            elif name == "slowness":
                mult *= max(0.0, 1.0 - 0.15 * (amp + 1))
            elif name in ("instant_health", "regeneration") and self.health > 0:
                self.health = min(20.0, self.health + (4 * (amp + 1) if name == "instant_health"
                                                       else 0.05 * (amp + 1)))
            if left > 0:
                self.effects[name][1] = left - 1
                if left - 1 == 0:
                    del self.effects[name]
        self.speed_mult = mult
        # breath
        if self.eye_in_water() and "water_breathing" not in self.effects:
            self.air -= 1
            if self.air <= -20:
                self.air = 0
                self.hurt(2.0, "drown")
        else:
            self.air = min(300, self.air + 4) if self.air < 300 else 300
        if self.player[physics.Y] < -64:
            self.hurt(4.0, "void")
        for system in self.tick_systems:
            system(self)

    def hurt(self, amount: float, cause: str) -> None:
        if self.health <= 0 or amount <= 0:
            return
        if "resistance" in self.effects:
            amount *= max(0.0, 1.0 - 0.2 * (self.effects["resistance"][0] + 1))
        self.health = max(0.0, self.health - amount)
        self.stats["custom.damage_taken"] += int(round(amount * 10))
        self.events.append(("hurt", cause, amount))
        if self.health <= 0:
            self.death_cause = cause
            self.stats["custom.deaths"] += 1
            self.events.append(("death", cause))

    @property
    def dead(self) -> bool:
        return self.health <= 0
