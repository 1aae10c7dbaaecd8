"""`openha/VoxelWorld-v0`: the gymnasium env around `Game`, speaking MineRL 1.0's spaces.

    env = gymnasium.make("openha/VoxelWorld-v0", width=128, height=128)
    obs, info = env.reset(seed=7, options={"commands": ["/give @p minecraft:stone_pickaxe"]})
    obs, reward, terminated, truncated, info = env.step(env.action_space.noop())

Same seed + same actions ⇒ bit-identical observations.
"""

from __future__ import annotations

import math
import time
from typing import Any

import gymnasium as gym
import numpy as np

from . import gamedata, physics, systems  # vector: batching for gymnasium.vector
from .commands import CommandError, CommandRunner
from .game import Game
from .spaces import ActionError, action_space, observation_space, parse_action
from .world import CHUNK, World

__all__ = ["VoxelWorldEnv", "ActionError", "CommandError"]


class VoxelWorldEnv(gym.Env):
    """A deterministic Minecraft 1.16-rules voxel world (see DESIGN.md, "Environments")."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 20}

    def __init__(
        self,
        width: int = 640,
        height: int = 360,
        fov: float = 70.0,
        view_distance: int = 64,
        minerl_aspect: bool = True,
        hud: bool = True,
        render_mode: str | None = "rgb_array",
        world_seed: int | None = None,
    ):
        for name, v in (("width", width), ("height", height)):
            if not isinstance(v, int | np.integer) or not 16 <= v <= 4096:
                raise ValueError(f"{name}={v!r}: must be an int between 16 and 4096 pixels")
        if render_mode not in (None, "rgb_array"):
            raise ValueError(f"render_mode={render_mode!r}: only 'rgb_array' is supported")
        if not 8 <= view_distance <= 128:
            raise ValueError(f"view_distance={view_distance}: must be between 8 and 128 blocks")
        from .render.gui_draw import opaque_box
        from .render.hud import HudState
        from .render.renderer import Renderer
        from .worldgen import find_spawn, make_generator

        self.gd = gamedata.load()
        self.width, self.height = int(width), int(height)
        self.view_distance = int(view_distance)
        self.render_mode = render_mode
        self.show_hud = hud
        self.fixed_world_seed = world_seed
        self.renderer = Renderer(self.gd, self.width, self.height, fov_deg=fov,
                                 view_distance=self.view_distance, minerl_aspect=minerl_aspect)
        self._hud = HudState(
            hotbar_items=np.zeros(9, np.int32), hotbar_counts=np.zeros(9, np.int32),
            selected=0, health=20.0, food=20,
        )
        self._make_generator = make_generator
        self._opaque_box = opaque_box
        self._find_spawn = find_spawn
        self.action_space = action_space()  # has MineRL's .noop()
        names = tuple(i["name"] for i in self.gd.items if i["name"] != "air")
        self.observation_space = observation_space(self.width, self.height, names)
        self._buttons = np.zeros(23, np.int8)
        self._pov = np.zeros((self.height, self.width, 3), np.uint8)
        self.game: Game | None = None
        self.commands: CommandRunner | None = None
        self.last_reset_seconds = 0.0
        self._gen_chunk = (None, None)
        self._done = False

    # -- gymnasium API -------------------------------------------------------------------------
    def reset(self, *, seed: int | None = None, options: dict | None = None):
        t0 = time.perf_counter()
        super().reset(seed=seed)
        options = dict(options or {})
        task = options.pop("task", None)
        if task is not None:  # a TaskSpec (duck-typed: envs imports nothing of openha's)
            if not hasattr(task, "reset_options"):
                raise ValueError("reset option 'task' must be a TaskSpec (openha.tasks)")
            options = {**task.reset_options(), **options}
        unknown = set(options) - {"commands", "world_seed", "spawn", "inventory"}
        if unknown:
            raise ValueError(
                f"reset options {sorted(unknown)} are not known; use 'task' (a TaskSpec), "
                "'commands' (list of Minecraft commands), 'world_seed', 'spawn' ([x, y, z]) or "
                "'inventory' ({item: n})"
            )
        world_seed = options.get("world_seed", self.fixed_world_seed)
        if world_seed is None:
            world_seed = int(self.np_random.integers(0, 2**31 - 1))
        game_seed = int(self.np_random.integers(0, 2**31 - 1))
        self._release_world()
        world = World(int(world_seed), generator=self._make_generator(int(world_seed)))
        self.game = Game(self.gd, world, game_seed)
        systems.install(self.game)
        self.commands = CommandRunner(self.game)
        x, y, z = options.get("spawn") or self._find_spawn(world)
        self.game.spawnpoint = (x, y, z)
        self.game.teleport(x, y, z)
        self.game.yaw = float(self.np_random.uniform(-180, 180))
        self._ensure_chunks(force=True)
        for item, n in (options.get("inventory") or {}).items():
            self.game.inventory.add(self.gd.item(item), int(n))
        for cmd in options.get("commands") or []:
            self.execute_cmd(cmd)
        self.game.stats.clear()  # statistics count from the start of the episode
        self._done = False
        self.last_reset_seconds = time.perf_counter() - t0
        return self._observe(), self._info()

    def step(self, action: dict):
        if self.game is None:
            raise RuntimeError("call reset() before step()")
        d_pitch, d_yaw = parse_action(action, self._buttons)
        if self._done:
            raise RuntimeError("the episode ended (terminated=True was returned); call reset()")
        if not self.game.dead:  # a command may have killed the player since the last step
            self.game.tick(self._buttons, d_pitch, d_yaw)
            self._ensure_chunks()
        obs = self._observe()
        self._done = terminated = self.game.dead
        return obs, 0.0, terminated, False, self._info()

    def render(self) -> np.ndarray | None:
        if self.render_mode is None:
            return None
        return self._pov.copy()

    def close(self) -> None:
        self._release_world()
        self.game = None

    # -- MineRL / MineStudio-style extras -------------------------------------------------------
    def execute_cmd(self, command: str) -> str:
        """Run a Minecraft command (e.g. "/give @p minecraft:iron_ingot 3"); returns feedback.
        Raises CommandError quoting the command when it cannot run."""
        if self.commands is None:
            raise RuntimeError("call reset() before execute_cmd()")
        out = self.commands.run(command)
        self._ensure_chunks()
        return out

    # -- internals -----------------------------------------------------------------------------
    def _release_world(self) -> None:
        """Free the finished episode's world arrays (~50-130 MB resident) now: its Game sits in
        reference cycles, so it would otherwise live until the cyclic garbage collector runs,
        and a reset would briefly hold two worlds."""
        if self.game is not None:
            w = self.game.world
            w.blocks = np.zeros((0, 0, 0), w.blocks.dtype)
            w.height = np.zeros((0, 0), w.height.dtype)
            w.bricks = np.zeros((0, 0, 0), w.bricks.dtype)

    def _ensure_chunks(self, force: bool = False) -> None:
        g = self.game
        x, _, z = g.feet()
        key = (math.floor(x) // CHUNK, math.floor(z) // CHUNK)
        if force or key != self._gen_chunk:
            g.world.ensure_chunks(x, z, self.view_distance + CHUNK)
            self._gen_chunk = key

    def _observe(self) -> dict[str, Any]:
        g = self.game
        inv = g.inventory
        hud = self._hud
        hud.hotbar_items[:] = inv.item[:9]
        hud.hotbar_counts[:] = inv.count[:9]
        hud.selected = inv.selected
        hud.health = g.health
        hud.food = g.food
        hud.air = max(g.air, 0)
        hud.held_item = inv.held()
        hud.show = self.show_hud
        # item entities, mobs, projectiles, open door panels (each empty when there are none)
        parts = [b for b in (g.drops.boxes(self.renderer.assets.item_colors), g.mobs.boxes())
                 if len(b)]
        entities = parts[0] if len(parts) == 1 else np.concatenate(parts) if parts else None
        screen = g.gui if g.gui_open and g.gui is not None and hasattr(g.gui, "draw") else None
        self.renderer.render(
            g.world, g.eye(), g.pitch, g.yaw, time_of_day=g.day_time,
            rain=g.weather != "clear", entities=entities, hud=hud,
            target=None if g.gui_open else g.target, break_progress=g.break_progress,
            night_vision="night_vision" in g.effects, out=self._pov,
            # the world behind an open screen's panel is painted over: not rendered
            cover=None if screen is None else self._opaque_box(screen, self.width, self.height),
        )
        if screen is not None:
            screen.draw(g, self._pov)
        held = inv.held()
        x, y, z = g.feet()
        return {
            "pov": self._pov.copy(),
            "inventory": inv.as_dict(),
            "equipped_items": {
                "mainhand": {
                    "type": self.gd.item_name(held),
                    "damage": np.asarray(inv.damage[inv.selected], np.int32),
                    "maxDamage": np.asarray(self.gd.max_durability[held], np.int32),
                }
            },
            "life_stats": {
                "life": np.asarray(g.health, np.float32),
                "food": np.asarray(g.food, np.int32),
                "saturation": np.asarray(g.saturation, np.float32),
                "air": np.asarray(max(g.air, 0), np.int32),
            },
            "location_stats": {
                "xpos": np.asarray(x, np.float32),
                "ypos": np.asarray(y, np.float32),
                "zpos": np.asarray(z, np.float32),
                "pitch": np.asarray(g.pitch, np.float32),
                "yaw": np.asarray(g.yaw, np.float32),
            },
            "is_gui_open": int(g.gui_open),
        }

    def _info(self) -> dict[str, Any]:
        g = self.game
        info: dict[str, Any] = {
            "stats": dict(g.stats),
            "events": list(g.events),
            "world_time": g.world_age,
            "day_time": g.day_time,
            "on_ground": bool(g.player[physics.ON_GROUND] > 0),
            "in_water": bool(g.player[physics.IN_WATER] > 0),
            # always a dict (same structure every step, which gymnasium.vector merges)
            "target_block": {
                "name": "" if g.target is None else self.gd.block_name(g.world.get(*g.target)),
                "pos": g.target,
            },
        }
        if g.dead:
            info["death"] = {"cause": g.death_cause}
        return info
