"""Minecraft chat commands used to set tasks up, with Minecraft 1.16's syntax.

Runs: give clear tp/teleport time weather setblock fill summon kill spawnpoint, and (from
`commands_extra.py`) effect replaceitem item execute setworldspawn gamerule difficulty
teleportbiome.
Coordinates accept `~` (relative) and `^` (local: left, up, forward); targets accept the
selectors @p @s @a @r @e with `[type=…,distance=…,limit=…,sort=…,x/y/z/dx/dy/dz=…]`. Names accept
the `minecraft:` prefix; block states `[...]`, NBT `{...}` and selector arguments the world keeps
no state for are accepted and ignored, and each command that drops something says so once, in
its feedback and in `runner.notes`. Errors raise `CommandError` quoting the command.

`strict=False` (what the MineStudio facade uses) also turns "VoxelWorld does not simulate this"
into a note instead of an error — e.g. summoning a villager — because real engines would run it.
"""

from __future__ import annotations

import math

from . import physics
from .command_args import (
    TIME_NAMES,
    CommandError,
    duration,
    is_coord,
    num,
    parse_selector,
    rel,
    split_args,
    split_name,
    value_range,
    whole,
)
from .commands_extra import ExtraCommands
from .gamedata import UnknownNameError

__all__ = ["CommandError", "CommandRunner", "split_args"]


class CommandRunner(ExtraCommands):
    """Executes command strings against a `Game`; `notes` collects what was accepted but ignored."""

    def __init__(self, game, strict: bool = True):
        self.game = game
        self.strict = strict
        self.notes: list[str] = []
        self._pending: list[str] = []
        self.origin: tuple[float, float, float, float, float] | None = None  # execute at/positioned
        self.executor = None  # None = the player; a Mob under `execute as @e[...]`
        self.handlers = {
            "give": self.give, "clear": self.clear, "tp": self.tp, "teleport": self.tp,
            "time": self.time, "weather": self.weather, "setblock": self.setblock,
            "fill": self.fill, "summon": self.summon, "kill": self.kill,
            "spawnpoint": self.spawnpoint, **self.extra_handlers(),
        }

    def run(self, command: str) -> str:
        """Run one command; returns Minecraft-style feedback text (plus a note if parts were
        accepted and ignored)."""
        if not isinstance(command, str) or not command.strip():
            raise CommandError(f"{command!r}: empty command")
        text = command.strip()
        self._pending = []
        self.origin, self.executor = None, None
        try:
            tokens = split_args(text[1:] if text.startswith("/") else text)
        except CommandError:
            raise CommandError(f"{command!r}: unbalanced brackets or quotes") from None
        try:
            out = self.dispatch(tokens)
        except CommandError as e:
            raise CommandError(f"{command!r}: {e}") from None
        except UnknownNameError as e:
            raise CommandError(f"{command!r}: {e}") from None
        except (IndexError, ValueError) as e:
            raise CommandError(f"{command!r}: {e or 'missing arguments'}") from None
        finally:
            self.origin, self.executor = None, None
        if self._pending:
            note = "; ".join(dict.fromkeys(self._pending))
            self.notes.append(f"{command}: {note}")
            out = f"{out} (note: {note})"
        return out

    def dispatch(self, tokens: list[str]) -> str:
        """Run an already tokenised command (also used by `execute … run`)."""
        if not tokens:
            raise CommandError("empty command")
        name = tokens[0].lower().removeprefix("minecraft:")
        if name not in self.handlers:
            raise CommandError(
                f"unknown command {name!r}; VoxelWorld runs: {', '.join(sorted(self.handlers))}"
            )
        return self.handlers[name](tokens[1:])

    def note(self, text: str) -> None:
        self._pending.append(text)

    # -- argument helpers --------------------------------------------------------------------
    def _need(self, args: list[str], n: int, usage: str) -> None:
        if len(args) < n:
            raise CommandError(f"missing arguments; usage: {usage}")

    def _selector(self, tok: str):
        sel = parse_selector(tok)
        if sel.ignored:
            self.note(f"selector arguments {', '.join(sel.ignored)} ignored")
        return sel

    def _player_target(self, tok: str) -> None:
        sel = self._selector(tok)
        if sel.base == "@s" and self.executor is not None:
            raise CommandError(f"target {tok!r} is a {self.executor.kind} here, not the player")
        if not sel.includes_player():
            raise CommandError(f"target {tok!r} does not select the player (use @p, @s or @a)")

    def _pos(self) -> tuple[float, float, float, float, float]:
        """Execution position and rotation: (x, y, z, yaw, pitch)."""
        if self.origin is not None:
            return self.origin
        g = self.game
        return (*g.feet(), g.yaw, g.pitch)

    def _coords(self, args: list[str], block: bool = False) -> tuple[float, float, float]:
        if len(args) < 3:
            raise CommandError("expected three coordinates x y z")
        g = self.game
        fx, fy, fz, yaw, pitch = self._pos()
        if any(a.startswith("^") for a in args[:3]):
            if not all(a.startswith("^") for a in args[:3]):
                raise CommandError("cannot mix ^ local coordinates with world coordinates")
            left, up, fwd = (num(a[1:] or "0", "local coordinate") for a in args[:3])
            dx, dy, dz = physics.look_vector(pitch, yaw)
            lx, lz = math.cos(math.radians(yaw)), math.sin(math.radians(yaw))
            ex, ey, ez = g.eye() if self.origin is None else (fx, fy, fz)
            out = (ex + dx * fwd + lx * left, ey + dy * fwd + up, ez + dz * fwd + lz * left)
        else:
            out = []
            for axis, (a, base) in enumerate(zip(args[:3], (fx, fy, fz), strict=True)):
                if a.startswith("~"):
                    v = base + (num(a[1:], "relative coordinate") if len(a) > 1 else 0.0)
                else:
                    v = num(a, "coordinate")
                    if not block and axis != 1 and "." not in a:
                        v += 0.5  # Minecraft centres integer x/z of entity positions
                out.append(v)
            out = tuple(out)
        if block:
            return tuple(math.floor(v) for v in out)
        return out

    def _name(self, token: str, what: str) -> str:
        name, states, nbt = split_name(token)
        if states:
            self.note(f"block state {states} ignored")
        if nbt:
            self.note(f"NBT {nbt} ignored ({what} data VoxelWorld does not keep)")
        return name

    def select(self, tok: str) -> list[tuple[str, object, tuple[float, float, float]]]:
        """Entities a selector picks: [(kind, mob | item index | None for the player, pos)]."""
        sel = self._selector(tok)
        g = self.game
        ox, oy, oz = self._pos()[:3]
        if sel.base == "@s":
            ex = self.executor
            cands = [("player", None, g.feet())] if ex is None else [(ex.kind, ex, (ex.x, ex.y, ex.z))]
        elif sel.base != "@e":
            cands = [("player", None, g.feet())]
        else:
            cands = [("player", None, g.feet())]
            cands += [(m.kind, m, (m.x, m.y, m.z)) for m in g.mobs.mobs if m.health > 0]
            cands += [("item", int(i), tuple(g.drops.pos[i])) for i in map(int, (g.drops.alive.nonzero()[0]))]
        cands = [c for c in cands if sel.base == "@s" or sel.matches_kind(c[0])]
        dist = value_range(sel.get("distance"))
        if dist:
            cands = [c for c in cands if dist[0] <= math.dist(c[2], (ox, oy, oz)) <= dist[1]]
        if any(sel.get(k) is not None for k in ("dx", "dy", "dz")):
            lo = [num(sel.get(k) or str(o), k) for k, o in zip("xyz", (ox, oy, oz), strict=True)]
            span = [num(sel.get(k) or "0", k) for k in ("dx", "dy", "dz")]
            box = [sorted((a, a + d + 1)) for a, d in zip(lo, span, strict=True)]
            cands = [c for c in cands if all(b[0] <= p <= b[1] for b, p in zip(box, c[2], strict=True))]
        sort = sel.get("sort") or ("nearest" if sel.base == "@p" else "arbitrary")
        if sort in ("nearest", "furthest"):
            cands.sort(key=lambda c: math.dist(c[2], (ox, oy, oz)), reverse=sort == "furthest")
        elif sort == "random":
            order = g.rng.permutation(len(cands))
            cands = [cands[i] for i in order]
        elif sort != "arbitrary":
            raise CommandError(f"unknown sort {sort!r} (nearest, furthest, random, arbitrary)")
        limit = sel.get("limit")
        return cands[: whole(limit, "limit")] if limit else cands

    # -- commands ------------------------------------------------------------------------------
    def give(self, args: list[str]) -> str:
        self._need(args, 2, "/give <target> <item> [count]")
        self._player_target(args[0])
        g = self.game
        item = g.gd.item(self._name(args[1], "item"))
        count = whole(args[2], "count") if len(args) > 2 else 1
        if count < 1:
            raise CommandError(f"count must be at least 1 (got {count})")
        left = g.inventory.add(item, count)
        if left:  # Minecraft drops what does not fit at the player's feet
            x, y, z = g.feet()
            cap = g.inventory.max_stack(item)
            while left > 0:
                n = min(cap, left)
                g.drops.spawn(x, y, z, item, n, g.rng, vel=(0.0, 0.0, 0.0), delay=0)
                left -= n
        return f"Gave {count} [{g.gd.items[item]['displayName']}] to the player"

    def clear(self, args: list[str]) -> str:
        g = self.game
        if args:
            self._player_target(args[0])
        if len(args) < 2:
            return f"Removed {g.inventory.clear()} items from the player"
        item = g.gd.item(self._name(args[1], "item"))
        limit = whole(args[2], "maxCount") if len(args) > 2 else 10**9
        return f"Removed {g.inventory.remove(item, limit)} items from the player"

    def tp(self, args: list[str]) -> str:
        self._need(args, 1, "/tp [target] <x> <y> <z> [yaw] [pitch]")
        if args[0].startswith("@") or (len(args) in (4, 6) and not is_coord(args[0])):
            self._player_target(args[0])
            args = args[1:]
        if len(args) == 1 or (args and args[0].startswith("@")):
            raise CommandError("teleporting to another entity is not supported; give x y z")
        x, y, z = self._coords(args)
        g = self.game
        if not g.world.in_bounds(math.floor(x), 0, math.floor(z)):
            raise CommandError(f"position ({x}, {y}, {z}) is outside the world border")
        if len(args) >= 5:
            g.yaw = rel(args[3], g.yaw)
            g.pitch = max(-90.0, min(90.0, rel(args[4], g.pitch)))
        g.teleport(x, y, z)
        return f"Teleported the player to {x:.2f}, {y:.2f}, {z:.2f}"

    def time(self, args: list[str]) -> str:
        self._need(args, 2, "/time set|add <value> or /time query daytime")
        g = self.game
        op, val = args[0], args[1]
        if op == "query":
            return f"The time is {g.day_time}"
        ticks = TIME_NAMES.get(val)
        if ticks is None:
            ticks = duration(val)
        if op == "set":
            g.day_time = ticks % 24000
        elif op == "add":
            g.day_time = (g.day_time + ticks) % 24000
        else:
            raise CommandError(f"unknown time operation {op!r} (set, add or query)")
        return f"Set the time to {g.day_time}"

    def weather(self, args: list[str]) -> str:
        self._need(args, 1, "/weather clear|rain|thunder [duration]")
        if args[0] not in ("clear", "rain", "thunder"):
            raise CommandError(f"unknown weather {args[0]!r} (clear, rain or thunder)")
        self.game.weather = args[0]
        return f"Set the weather to {args[0]}"

    def setblock(self, args: list[str]) -> str:
        self._need(args, 4, "/setblock <x> <y> <z> <block> [replace|keep|destroy]")
        g = self.game
        x, y, z = self._coords(args, block=True)
        block = g.gd.block(self._name(args[3], "block entity"))
        mode = args[4] if len(args) > 4 else "replace"
        if mode not in ("replace", "keep", "destroy"):
            raise CommandError(f"unknown mode {mode!r} (replace, keep or destroy)")
        if not g.world.in_bounds(x, y, z):
            raise CommandError(f"position ({x}, {y}, {z}) is outside the world")
        if mode == "keep" and g.world.get(x, y, z) != 0:
            return "Could not set the block"
        if mode == "destroy" and g.world.get(x, y, z) != 0:
            g.break_block(x, y, z, -1, by_player=False)
        g.world.set(x, y, z, block)
        return f"Changed the block at {x}, {y}, {z}"

    def fill(self, args: list[str]) -> str:
        self._need(args, 7, "/fill <x1> <y1> <z1> <x2> <y2> <z2> <block> [mode [filter]]")
        g = self.game
        a = self._coords(args[0:3], block=True)
        b = self._coords(args[3:6], block=True)
        block = g.gd.block(self._name(args[6], "block entity"))
        mode = args[7] if len(args) > 7 else "replace"
        if mode not in ("replace", "keep", "destroy", "hollow", "outline"):
            raise CommandError(f"unknown mode {mode!r} (replace, keep, destroy, hollow, outline)")
        only = g.gd.block(self._name(args[8], "block")) if mode == "replace" and len(args) > 8 else None
        volume = (abs(a[0] - b[0]) + 1) * (abs(a[1] - b[1]) + 1) * (abs(a[2] - b[2]) + 1)
        if volume > 32768:
            raise CommandError(f"too many blocks in the specified area ({volume} > 32768)")
        if mode in ("replace", "destroy") and only is None:
            return f"Successfully filled {g.world.fill(*a, *b, block)} blocks"
        n = 0
        lo = [min(a[k], b[k]) for k in range(3)]
        hi = [max(a[k], b[k]) for k in range(3)]
        for x in range(lo[0], hi[0] + 1):
            for y in range(lo[1], hi[1] + 1):
                for z in range(lo[2], hi[2] + 1):
                    if not g.world.in_bounds(x, y, z):
                        continue
                    edge = x in (lo[0], hi[0]) or y in (lo[1], hi[1]) or z in (lo[2], hi[2])
                    old = g.world.get(x, y, z)
                    if (mode == "keep" and old != 0) or (only is not None and old != only):
                        continue
                    if mode == "outline" and not edge:
                        continue
                    g.world.set(x, y, z, block if (edge or mode in ("keep", "replace")) else 0)
                    n += 1
        return f"Successfully filled {n} blocks"

    def summon(self, args: list[str]) -> str:
        self._need(args, 1, "/summon <entity> [x y z] [nbt]")
        g = self.game
        kind = self._name(args[0], "entity")
        x, y, z = self._coords(args[1:4]) if len(args) >= 4 else self._pos()[:3]
        if len(args) > 4:
            if not args[4].startswith("{"):
                raise CommandError(f"unexpected {args[4]!r} after the position (NBT starts with {{)")
            self.note(f"NBT {args[4]} ignored (entity data VoxelWorld does not keep)")
        if not self.strict:
            info = g.gd.entity(kind)  # unknown names still fail
            if info["name"] not in g.mobs.kinds():
                self.note(f"VoxelWorld does not simulate {info['name']!r}; nothing was summoned")
                return f"Summoned nothing ({info['name']} is not simulated)"
        mob = g.mobs.summon(kind, x, y, z)
        return f"Summoned new {mob.kind}"

    def kill(self, args: list[str]) -> str:
        g = self.game
        n = 0
        for kind, obj, _ in self.select(args[0] if args else "@s"):
            if kind == "player":
                g.hurt(g.health + 1000, "kill")
            elif kind == "item":
                g.drops.alive[obj] = False
                g.drops.n_alive = max(0, g.drops.n_alive - 1)
            else:
                g.mobs.remove(obj)
            n += 1
        return f"Killed {n} entities"

    def spawnpoint(self, args: list[str]) -> str:
        g = self.game
        if args:
            self._player_target(args[0])
        x, y, z = self._coords(args[1:4]) if len(args) >= 4 else self._pos()[:3]
        g.spawnpoint = (x, y, z)
        return f"Set spawn point to {x:.1f}, {y:.1f}, {z:.1f}"

