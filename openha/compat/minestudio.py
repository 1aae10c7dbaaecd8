"""MineStudio's `MinecraftSim` on VoxelWorld: MineStudio code and callbacks run unchanged.

    # from minestudio.simulator import MinecraftSim        # the real engine (Java, downloads)
    from openha.compat.minestudio import MinecraftSim        # VoxelWorld, in-process, no Java

Same constructor (`action_type='agent'|'env'`, `obs_size`, `render_size`, `seed`, `inventory`,
`preferred_spawn_biome`, `num_empty_frames`, `callbacks`, `camera_config`), same contract:
`reset() -> (obs, info)`, `step(a) -> (obs, reward, terminated, truncated, info)` with
`obs = {"image": pov resized to obs_size}` and info carrying MineRL/MineStudio's fields (`pov`,
`inventory` by slot, `equipped_items`, `mine_block`/`craft_item`/`kill_entity`/… counters,
`player_pos`, `location_stats`, `health`, `food_level`, `isGuiOpen`); callbacks get
`before_reset/after_reset/before_step/after_step/before_close/after_close` and reach the game
through `sim.env`, a MineRL-style env whose `execute_cmd(cmd)` returns `(obs, reward, done,
info)` after one tick, like MineRL's chat action. A command VoxelWorld cannot run never raises
(the real engine prints an error in chat): it is warned about and put in
`info["command_error"]`. MCU config quirks are fixed first (`mcu.fix_command`,
`mcu_fixes=False` to turn off) and entities VoxelWorld does not simulate are skipped with a note.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

import cv2
import gymnasium
import numpy as np

from openha.compat.mcu import fix_command

__all__ = ["MinecraftSim", "MineRLStyleEnv", "CameraConfig"]

_STAT_GROUPS = ("use_item", "drop", "pickup", "break_item", "craft_item", "mine_block",
                "smelt_item", "damage_dealt", "kill_entity", "entity_killed_by", "custom")  # fmt: skip
_EQUIP = {"offhand": 40, "head": 39, "chest": 38, "legs": 37, "feet": 36}
_SLOT_NAMES = {40: "weapon.offhand", 39: "armor.head", 38: "armor.chest", 37: "armor.legs", 36: "armor.feet"}


@dataclass
class CameraConfig:
    """MineStudio's camera quantisation settings (same fields and defaults)."""

    camera_binsize: int = 2
    camera_maxval: int = 10
    camera_mu: float = 10.0
    camera_quantization_scheme: str = "mu_law"

    def __post_init__(self):
        if self.camera_quantization_scheme not in ("mu_law", "linear"):
            raise ValueError("camera_quantization_scheme must be 'mu_law' or 'linear'")

    @property
    def n_camera_bins(self) -> int:
        return 2 * self.camera_maxval // self.camera_binsize + 1

    @property
    def action_transformer_kwargs(self) -> dict:
        return {k: getattr(self, k) for k in ("camera_binsize", "camera_maxval", "camera_mu",
                                              "camera_quantization_scheme")}  # fmt: skip


class _ActionSpace(gymnasium.spaces.Dict):
    """MineRL's env action space with its `no_op()` (and our `noop()`)."""

    def no_op(self) -> dict:
        from envs.voxel.spaces import noop

        return noop()

    noop = no_op


class MineRLStyleEnv:
    """What MineStudio's `sim.env` is — a MineRL 1.0 env (old gym API) — over VoxelWorldEnv."""

    def __init__(self, voxel, mcu_fixes: bool = True):
        self.voxel = voxel  # the VoxelWorldEnv
        self.mcu_fixes = mcu_fixes
        self.action_space = _ActionSpace(voxel.action_space.spaces)
        self.command_errors: list[str] = []
        self._seed: int | None = None
        self._episode = 0
        self._last: tuple[dict, dict] | None = None
        self._warned: set[str] = set()

    def seed(self, seed: int | None = None) -> None:
        self._seed = seed

    def noop_action(self) -> dict:
        return self.action_space.no_op()

    def reset(self) -> dict:
        seed = None if self._seed is None else int(self._seed)
        game_seed = None if seed is None else (seed * 1_000_003 + self._episode) % 2**31
        self._episode += 1
        obs, info = self.voxel.reset(seed=game_seed, options={"world_seed": seed} if seed is not None else None)
        self.voxel.commands.strict = False  # like the real engine: unknown mobs are no error
        self._last = (obs, info)
        return self._convert(obs, info)[0]

    def step(self, action: dict) -> tuple[dict, float, bool, dict]:
        action = dict(action)
        chat = action.pop("chat", "")
        for k in ("voxels", "mobs"):  # MineStudio's extra (non-input) action keys
            action.pop(k, None)
        notes, error = self._chat(chat) if chat else ([], None)
        if self.voxel.game.dead and chat:  # /kill: the player respawns, as MineRL's does
            self.respawn()
        obs, _, terminated, _, info = self.voxel.step({k: _scalar(v) for k, v in action.items()})
        self._last = (obs, info)
        obs, minfo = self._convert(obs, info)
        minfo["command_notes"], minfo["command_error"] = notes, error  # always set: sim.info keeps keys
        return obs, 0.0, bool(terminated), minfo

    def execute_cmd(self, command: str) -> tuple[dict, float, bool, dict]:
        """Run a chat command, then one tick (MineRL sends it as that tick's chat action)."""
        return self.step({**self.noop_action(), "chat": command})

    def respawn(self) -> None:
        """Bring a dead player back at the spawn point (MineRL respawns; items are lost)."""
        g = self.voxel.game
        g.health, g.food, g.saturation, g.air = 20.0, 20, 5.0, 300
        g.effects.clear()
        g.death_cause = None
        g.inventory.clear()
        if g.gui_open:
            g.close_gui()
        g.teleport(*g.spawnpoint)
        self.voxel._done = False  # noqa: SLF001 - the episode goes on, as in MineRL

    def close(self) -> None:
        self.voxel.close()

    def _chat(self, command: str) -> tuple[list[str], str | None]:
        from envs.voxel.commands import CommandError

        cmds, notes = fix_command(command) if self.mcu_fixes else ([command], [])
        runner = self.voxel.commands
        for c in cmds:
            n0 = len(runner.notes)
            try:
                self.voxel.execute_cmd(c)
            except CommandError as e:
                self.command_errors.append(str(e))
                if str(e) not in self._warned:
                    self._warned.add(str(e))
                    warnings.warn(f"VoxelWorld could not run a command: {e}", stacklevel=3)
                return notes, str(e)
            notes += runner.notes[n0:]
        return notes, None

    def _convert(self, obs: dict, info: dict) -> tuple[dict, dict]:
        """VoxelWorld obs/info -> MineRL 1.0 / MineStudio obs and monitor info."""
        g = self.voxel.game
        gd = self.voxel.gd
        inv = g.inventory
        slots = {}
        for s in range(41):
            iid = int(inv.item[s])
            slots[s] = {"type": gd.item_name(iid) if iid else "none", "quantity": int(inv.count[s])}
        equipped = {"mainhand": {k: _num(v) for k, v in obs["equipped_items"]["mainhand"].items()}}
        for name, s in _EQUIP.items():
            iid = int(inv.item[s])
            equipped[name] = {"type": gd.item_name(iid) if iid else "air", "damage": int(inv.damage[s]),
                              "maxDamage": int(gd.max_durability[iid])}  # fmt: skip
        groups: dict[str, dict] = {k: defaultdict(int) for k in _STAT_GROUPS}
        for key, n in info["stats"].items():
            kind, _, name = key.partition(".")
            groups.setdefault(kind, defaultdict(int))[name] = n
        loc = {k: float(v) for k, v in obs["location_stats"].items()}
        life = obs["life_stats"]
        out = {
            "pov": obs["pov"],
            "inventory": slots,
            "equipped_items": equipped,
            "life_stats": {k: _num(v) for k, v in life.items()},
            "location_stats": loc,
            **groups,
            "player_pos": {"x": loc["xpos"], "y": loc["ypos"], "z": loc["zpos"],
                           "pitch": loc["pitch"], "yaw": loc["yaw"]},  # fmt: skip
            "is_gui_open": bool(obs["is_gui_open"]),
        }
        monitor = {
            "isGuiOpen": bool(obs["is_gui_open"]),
            "location_stats": loc,
            "health": float(life["life"]),
            "food_level": int(life["food"]),
            "voxelworld": {"stats": info["stats"], "events": info["events"],
                           "inventory": obs["inventory"]},  # fmt: skip
        }
        return out, monitor


def _scalar(v):
    if hasattr(v, "cpu"):  # torch tensors from policies
        v = v.cpu().numpy()
    if isinstance(v, np.ndarray) and v.size == 1:
        return v.reshape(()).item()
    if isinstance(v, np.ndarray) and v.ndim > 1 and v.shape[0] == 1:
        return v[0]
    return v


def _num(v):
    a = np.asarray(v)
    return a.item() if a.ndim == 0 else a


class MinecraftSim(gymnasium.Env):
    """MineStudio's simulator API on VoxelWorld (see the module docstring)."""

    def __init__(
        self,
        action_type: Literal["env", "agent"] = "agent",
        obs_size: tuple[int, int] = (224, 224),
        render_size: tuple[int, int] = (640, 360),
        seed: int = 0,
        inventory: dict | list | None = None,
        preferred_spawn_biome: str | None = None,
        num_empty_frames: int = 20,
        callbacks: list | None = None,
        camera_config: Any = None,
        mcu_fixes: bool = True,
        view_distance: int = 64,
        **kwargs,
    ):
        super().__init__()
        from envs.voxel.env import VoxelWorldEnv
        from openha import actions

        if action_type not in ("env", "agent"):
            raise ValueError(f"action_type={action_type!r}: use 'agent' (VPT classes) or 'env' (MineRL dict)")
        self.obs_size = tuple(obs_size)
        self.action_type = action_type
        self.render_size = tuple(render_size)
        self.seed = seed
        self.inventory = inventory or {}
        self.preferred_spawn_biome = preferred_spawn_biome
        self.num_empty_frames = num_empty_frames
        self.callbacks = list(callbacks or [])
        self.callback_messages: set[str] = set()
        self.kwargs = kwargs
        w, h = self.render_size
        self.env = MineRLStyleEnv(VoxelWorldEnv(width=int(w), height=int(h), view_distance=view_distance), mcu_fixes)
        self.env.seed(seed)
        self._np_random, _ = gymnasium.utils.seeding.np_random(seed)
        self.already_reset = False
        cam = camera_config if camera_config is not None else CameraConfig()
        self.camera_config = cam
        self.vpt = actions.get(
            "vpt", camera_maxval=int(cam.camera_maxval), camera_binsize=int(cam.camera_binsize),
            camera_mu=float(cam.camera_mu), camera_scheme=str(cam.camera_quantization_scheme),
        )  # fmt: skip
        self.obs: dict | None = None
        self.info: dict | None = None

    # -- actions ----------------------------------------------------------------------------------
    def agent_action_to_env_action(self, action) -> dict:
        """VPT `{"buttons", "camera"}` classes (ints, arrays or tensors; or a tuple) -> env dict."""
        if isinstance(action, tuple):
            action = {"buttons": action[0], "camera": action[1]}
        return self.vpt.to_env({"buttons": _scalar(action["buttons"]), "camera": _scalar(action["camera"])})

    def env_action_to_agent_action(self, action: dict) -> dict:
        out = self.vpt.from_env({k: _scalar(v) for k, v in action.items()})
        return {"buttons": np.array([out["buttons"]]), "camera": np.array([out["camera"]])}

    # -- gymnasium / MineStudio API -----------------------------------------------------------------
    def step(self, action):
        if self.action_type == "agent":
            if isinstance(action, tuple):
                action = {"buttons": action[0], "camera": action[1]}
            env_action = self.agent_action_to_env_action(action)
            action.pop("buttons")
            action.pop("camera")
            action.update(env_action)
        for cb in self.callbacks:
            action = cb.before_step(self, action)
        obs, reward, done, info = self.env.step(action.copy())
        terminated = truncated = done
        obs, info = self._wrap_obs_info(obs, info)
        for cb in self.callbacks:
            obs, reward, terminated, truncated, info = cb.after_step(self, obs, reward, terminated, truncated, info)
            self.obs, self.info = obs, info
        return obs, reward, terminated, truncated, info

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        if seed is not None:
            self.seed = seed
            self.env.seed(seed)
        reset_flag = True
        for cb in self.callbacks:
            reset_flag = cb.before_reset(self, reset_flag)
        if reset_flag:
            self.env.reset()
            self.already_reset = True
            self._start_state()
        elif self.env.voxel.game is None:
            raise RuntimeError("a callback skipped the first reset; the world does not exist yet")
        elif self.env.voxel.game.dead:
            self.env.respawn()
        obs = info = None
        for _ in range(max(1, self.num_empty_frames)):
            obs, _, _, info = self.env.step(self.env.noop_action())
        obs, info = self._wrap_obs_info(obs, info)
        for cb in self.callbacks:
            obs, info = cb.after_reset(self, obs, info)
            self.obs, self.info = obs, info
        return obs, info

    def _start_state(self) -> None:
        """MineRL's agent-start handlers: the initial inventory ({slot: {"type", "quantity"}} or
        a list in slot order) and the preferred spawn biome."""
        inv = self.inventory
        cmds = []
        for slot, e in inv.items() if isinstance(inv, dict) else enumerate(inv):
            name = _SLOT_NAMES.get(int(slot)) or (
                f"hotbar.{slot}" if int(slot) < 9 else f"inventory.{int(slot) - 9}"
            )
            cmds.append(f"/replaceitem entity @p {name} minecraft:{e['type']} {int(e.get('quantity', 1))}")
        if self.preferred_spawn_biome:
            cmds.append(f"/teleportbiome @p {self.preferred_spawn_biome}")
        for c in cmds:
            self.env.voxel.execute_cmd(c)

    def _wrap_obs_info(self, obs: dict, info: dict) -> tuple[dict, dict]:
        _info = info.copy()
        _info.update(obs)
        _obs = {"image": cv2.resize(obs["pov"], dsize=self.obs_size, interpolation=cv2.INTER_LINEAR)}
        if getattr(self, "info", None) is None:
            self.info = {}
        self.info.update(_info)
        return _obs, self.info.copy()

    def noop_action(self) -> dict:
        if self.action_type == "agent":
            return {"buttons": np.array([0]), "camera": np.array([self.vpt.camera_null])}
        return self.env.action_space.no_op()

    def close(self):
        for cb in self.callbacks:
            cb.before_close(self)
        status = self.env.close()
        for cb in self.callbacks:
            cb.after_close(self)
        return status

    def render(self):
        image = self.obs["image"]
        for cb in self.callbacks:
            image = cb.before_render(self, image)
        for cb in self.callbacks:
            image = cb.after_render(self, image)
        return image

    @property
    def action_space(self) -> gymnasium.spaces.Dict:
        if self.action_type == "agent":
            return gymnasium.spaces.Dict({
                "buttons": gymnasium.spaces.MultiDiscrete([8641]),
                "camera": gymnasium.spaces.MultiDiscrete([self.vpt.n_camera]),
            })  # fmt: skip
        keys = ["attack", "back", "forward", "jump", "left", "right", "sneak", "sprint", "use",
                *(f"hotbar.{i}" for i in range(1, 10)), "inventory"]  # fmt: skip
        space = {k: gymnasium.spaces.Discrete(2) for k in keys}
        space["camera"] = gymnasium.spaces.Box(low=-180, high=180, shape=(2,), dtype=np.float32)
        return gymnasium.spaces.Dict(space)

    @property
    def observation_space(self) -> gymnasium.spaces.Dict:
        height, width = self.obs_size
        return gymnasium.spaces.Dict(
            {"image": gymnasium.spaces.Box(0, 255, shape=(height, width, 3), dtype=np.uint8)}
        )
