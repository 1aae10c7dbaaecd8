"""Minecraft chat commands used to set tasks up, with Minecraft's syntax.

Supported: give clear tp/teleport time weather setblock fill summon kill effect spawnpoint.
Coordinates accept `~` (relative to the player's feet) and `^` (local: left, up, forward).
Names accept the `minecraft:` prefix; block states `[...]` and NBT `{...}` are accepted and
ignored where the world keeps no such state. Errors raise `CommandError` quoting the command.
"""

from __future__ import annotations

import math
import re

from . import physics
from .gamedata import UnknownNameError, strip_namespace


class CommandError(ValueError):
    """A command VoxelWorld cannot run: unknown, malformed, or naming unknown things."""


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_TIME_NAMES = {"day": 1000, "noon": 6000, "sunset": 12000, "night": 13000, "midnight": 18000,
               "sunrise": 23000}


def split_args(command: str) -> list[str]:
    """Tokenise like Minecraft's brigadier for our needs: spaces separate, but `[...]`, `{...}`
    and quotes group (so selectors and NBT stay one token)."""
    tokens, cur, depth, quote = [], [], 0, None
    for ch in command.strip():
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        if ch.isspace() and depth == 0:
            if cur:
                tokens.append("".join(cur))
                cur = []
            continue
        cur.append(ch)
    if quote or depth != 0:
        raise CommandError(f"{command!r}: unbalanced brackets or quotes")
    if cur:
        tokens.append("".join(cur))
    return tokens


class CommandRunner:
    """Executes command strings against a `Game`."""

    def __init__(self, game):
        self.game = game
        self.handlers = {
            "give": self.give, "clear": self.clear, "tp": self.tp, "teleport": self.tp,
            "time": self.time, "weather": self.weather, "setblock": self.setblock,
            "fill": self.fill, "summon": self.summon, "kill": self.kill, "effect": self.effect,
            "spawnpoint": self.spawnpoint,
        }

    def run(self, command: str) -> str:
        """Run one command; returns Minecraft-style feedback text."""
        if not isinstance(command, str) or not command.strip():
            raise CommandError(f"{command!r}: empty command")
        text = command.strip()
        try:
            args = split_args(text[1:] if text.startswith("/") else text)
        except CommandError as e:
            raise CommandError(f"{command!r}: {str(e).split(': ', 1)[-1]}") from None
        name = args[0].lower()
        if name not in self.handlers:
            raise CommandError(
                f"{command!r}: unknown command {name!r}; VoxelWorld runs: "
                f"{', '.join(sorted(self.handlers))}"
            )
        try:
            return self.handlers[name](args[1:])
        except CommandError as e:
            raise CommandError(f"{command!r}: {e}") from None
        except UnknownNameError as e:
            raise CommandError(f"{command!r}: {e}") from None
        except (IndexError, ValueError) as e:
            raise CommandError(f"{command!r}: {e or 'missing arguments'}") from None

    # -- argument helpers --------------------------------------------------------------------
    def _need(self, args: list[str], n: int, usage: str) -> None:
        if len(args) < n:
            raise CommandError(f"missing arguments; usage: {usage}")

    def _player_target(self, sel: str) -> None:
        base = sel.split("[", 1)[0]
        if base in ("@p", "@s", "@a", "@r") or (not base.startswith("@") and base):
            return
        raise CommandError(f"target {sel!r} does not select the player (use @p, @s or @a)")

    def _coords(self, args: list[str], block: bool = False) -> tuple[float, float, float]:
        if len(args) < 3:
            raise CommandError("expected three coordinates x y z")
        g = self.game
        fx, fy, fz = g.feet()
        if any(a.startswith("^") for a in args[:3]):
            if not all(a.startswith("^") for a in args[:3]):
                raise CommandError("cannot mix ^ local coordinates with world coordinates")
            left, up, fwd = (_num(a[1:] or "0", "local coordinate") for a in args[:3])
            dx, dy, dz = physics.look_vector(g.pitch, g.yaw)
            lx, lz = math.cos(math.radians(g.yaw)), math.sin(math.radians(g.yaw))
            ex, ey, ez = g.eye()
            out = (ex + dx * fwd + lx * left, ey + dy * fwd + up, ez + dz * fwd + lz * left)
        else:
            out = []
            for axis, (a, base) in enumerate(zip(args[:3], (fx, fy, fz), strict=True)):
                if a.startswith("~"):
                    v = base + (_num(a[1:], "relative coordinate") if len(a) > 1 else 0.0)
                else:
                    v = _num(a, "coordinate")
                    if not block and axis != 1 and "." not in a:
                        v += 0.5  # Minecraft centres integer x/z of entity positions
                out.append(v)
            out = tuple(out)
        if block:
            return tuple(math.floor(v) for v in out)
        return out

    @staticmethod
    def _block_name(token: str) -> str:
        return strip_namespace(re.split(r"[\[{]", token, maxsplit=1)[0])

    @staticmethod
    def _selector_args(sel: str) -> dict[str, str]:
        if "[" not in sel:
            return {}
        body = sel[sel.index("[") + 1 : sel.rindex("]")]
        out = {}
        for part in filter(None, (p.strip() for p in body.split(","))):
            if "=" not in part:
                raise CommandError(f"selector argument {part!r} needs key=value")
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
        return out

    # -- commands ------------------------------------------------------------------------------
    def give(self, args: list[str]) -> str:
        self._need(args, 2, "/give <target> <item> [count]")
        self._player_target(args[0])
        g = self.game
        item = g.gd.item(self._block_name(args[1]))
        count = _int(args[2], "count") if len(args) > 2 else 1
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
        item = g.gd.item(self._block_name(args[1]))
        limit = _int(args[2], "maxCount") if len(args) > 2 else 10**9
        return f"Removed {g.inventory.remove(item, limit)} items from the player"

    def tp(self, args: list[str]) -> str:
        self._need(args, 1, "/tp [target] <x> <y> <z> [yaw] [pitch]")
        if args[0].startswith("@") or (len(args) in (4, 6) and not _is_coord(args[0])):
            self._player_target(args[0])
            args = args[1:]
        if len(args) == 1 or (args and args[0].startswith("@")):
            raise CommandError("teleporting to another entity is not supported; give x y z")
        x, y, z = self._coords(args)
        g = self.game
        if not g.world.in_bounds(math.floor(x), 0, math.floor(z)):
            raise CommandError(f"position ({x}, {y}, {z}) is outside the world border")
        if len(args) >= 5:
            g.yaw = _rel(args[3], g.yaw)
            g.pitch = max(-90.0, min(90.0, _rel(args[4], g.pitch)))
        g.teleport(x, y, z)
        return f"Teleported the player to {x:.2f}, {y:.2f}, {z:.2f}"

    def time(self, args: list[str]) -> str:
        self._need(args, 2, "/time set|add <value> or /time query daytime")
        g = self.game
        op, val = args[0], args[1]
        if op == "query":
            return f"The time is {g.day_time}"
        ticks = _TIME_NAMES.get(val)
        if ticks is None:
            ticks = _duration(val)
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
        block = g.gd.block(self._block_name(args[3]))
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
        self._need(args, 7, "/fill <x1> <y1> <z1> <x2> <y2> <z2> <block> [mode]")
        g = self.game
        a = self._coords(args[0:3], block=True)
        b = self._coords(args[3:6], block=True)
        block = g.gd.block(self._block_name(args[6]))
        mode = args[7] if len(args) > 7 else "replace"
        if mode not in ("replace", "keep", "destroy", "hollow", "outline"):
            raise CommandError(f"unknown mode {mode!r} (replace, keep, destroy, hollow, outline)")
        volume = (abs(a[0] - b[0]) + 1) * (abs(a[1] - b[1]) + 1) * (abs(a[2] - b[2]) + 1)
        if volume > 32768:
            raise CommandError(f"too many blocks in the specified area ({volume} > 32768)")
        if mode in ("replace", "destroy"):
            n = g.world.fill(*a, *b, block)
        else:
            n = 0
            lo = [min(a[k], b[k]) for k in range(3)]
            hi = [max(a[k], b[k]) for k in range(3)]
            for x in range(lo[0], hi[0] + 1):
                for y in range(lo[1], hi[1] + 1):
                    for z in range(lo[2], hi[2] + 1):
                        edge = x in (lo[0], hi[0]) or y in (lo[1], hi[1]) or z in (lo[2], hi[2])
                        if mode == "keep" and g.world.get(x, y, z) != 0:
                            continue
                        if mode == "outline" and not edge:
                            continue
                        g.world.set(x, y, z, block if (edge or mode == "keep") else 0)
                        n += 1
        return f"Successfully filled {n} blocks"

    def summon(self, args: list[str]) -> str:
        self._need(args, 1, "/summon <entity> [x y z] [nbt]")
        g = self.game
        kind = self._block_name(args[0])
        if len(args) >= 4:
            x, y, z = self._coords(args[1:4])
        else:
            x, y, z = g.feet()
        mob = g.mobs.summon(kind, x, y, z)
        return f"Summoned new {mob.kind}"

    def kill(self, args: list[str]) -> str:
        g = self.game
        sel = args[0] if args else "@s"
        base = sel.split("[", 1)[0]
        if base in ("@p", "@s", "@a") or not base.startswith("@"):
            g.hurt(g.health + 1000, "kill")
            return "Killed the player"
        if base != "@e":
            raise CommandError(f"unknown selector {sel!r}")
        opts = self._selector_args(sel)
        kind = opts.get("type")
        negate = bool(kind and kind.startswith("!"))
        kind = strip_namespace(kind.lstrip("!")) if kind else None
        dist = _distance_range(opts.get("distance"))
        px, py, pz = g.feet()
        n = 0
        for m in g.mobs.mobs:
            if kind and ((m.kind == kind) == negate):
                continue
            d = math.dist((m.x, m.y, m.z), (px, py, pz))
            if dist and not dist[0] <= d <= dist[1]:
                continue
            m.health = 0
            n += 1
        g.mobs.mobs = [m for m in g.mobs.mobs if m.health > 0]
        if kind in (None, "item") and not negate and not dist:
            n += int(g.drops.alive.sum())
            g.drops.clear()
        return f"Killed {n} entities"

    def effect(self, args: list[str]) -> str:
        self._need(args, 2, "/effect give|clear <target> [effect] [seconds] [amplifier]")
        g = self.game
        op = args[0]
        if op not in ("give", "clear"):
            raise CommandError(f"unknown effect operation {op!r} (give or clear)")
        self._player_target(args[1])
        known = {_snake(e["name"]) for e in _effects()}
        if op == "clear":
            if len(args) > 2:
                g.effects.pop(self._effect_name(args[2], known), None)
            else:
                g.effects.clear()
            return "Removed effects"
        self._need(args, 3, "/effect give <target> <effect> [seconds] [amplifier]")
        name = self._effect_name(args[2], known)
        seconds = _int(args[3], "seconds") if len(args) > 3 else 30
        amp = _int(args[4], "amplifier") if len(args) > 4 else 0
        if name == "instant_damage":
            g.hurt(6.0 * (2 ** amp), "magic")
            return "Applied effect"
        g.effects[name] = [amp, seconds * 20]
        if name == "instant_health":
            g.health = min(20.0, g.health + 4 * (2 ** amp))
            del g.effects[name]
        return f"Applied effect {name} to the player"

    @staticmethod
    def _effect_name(token: str, known: set[str]) -> str:
        name = strip_namespace(token)
        if name not in known:
            import difflib

            close = difflib.get_close_matches(name, sorted(known), n=2)
            hint = f" (did you mean {' or '.join(close)}?)" if close else ""
            raise CommandError(f"unknown effect {token!r}{hint}")
        return name

    def spawnpoint(self, args: list[str]) -> str:
        g = self.game
        if args:
            self._player_target(args[0])
        x, y, z = self._coords(args[1:4]) if len(args) >= 4 else g.feet()
        g.spawnpoint = (x, y, z)
        return f"Set spawn point to {x:.1f}, {y:.1f}, {z:.1f}"


def _effects():
    import minecraft_data

    return minecraft_data("1.16.5").effects_list


def _num(tok: str, what: str) -> float:
    try:
        return float(tok)
    except ValueError:
        raise CommandError(f"expected a {what} (a number, ~N or ^N), got {tok!r}") from None


def _int(tok: str, what: str) -> int:
    try:
        return int(tok)
    except ValueError:
        raise CommandError(f"{what} must be a whole number, got {tok!r}") from None


def _is_coord(tok: str) -> bool:
    return bool(re.fullmatch(r"[~^]?-?\d*\.?\d*", tok)) and tok not in ("",)


def _rel(tok: str, base: float) -> float:
    return base + float(tok[1:] or 0) if tok.startswith("~") else float(tok)


def _duration(tok: str) -> int:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([dst]?)", tok)
    if not m:
        raise CommandError(f"invalid time {tok!r} (a number of ticks, or Nd / Ns / Nt, or day/night/noon/midnight)")
    v, unit = float(m.group(1)), m.group(2)
    return int(v * {"d": 24000, "s": 20, "t": 1, "": 1}[unit])


def _distance_range(tok: str | None) -> tuple[float, float] | None:
    if not tok:
        return None
    if ".." in tok:
        lo, hi = tok.split("..", 1)
        return (float(lo) if lo else 0.0, float(hi) if hi else math.inf)
    v = float(tok)
    return (v, v)

