"""Checks of the Minecraft names and set-up commands in task files (`init.commands`): each
problem is one message naming the bad value, with a suggestion for typos."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .spec import split_command

COMMANDS = ("give", "clear", "tp", "teleport", "time", "weather", "setblock", "fill", "summon",
            "kill", "effect", "spawnpoint")  # fmt: skip
_COORD_RE = re.compile(r"^(~|\^)?-?(\d+(\.\d*)?|\.\d+)?$")
_TIME_NAMES = ("day", "noon", "sunset", "night", "midnight", "sunrise")


def _gd():
    from envs.voxel import gamedata

    return gamedata.load()


def _suggest(name: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` with the closest names (those nearly as close as the best)."""
    scored = sorted(
        ((difflib.SequenceMatcher(None, name, c).ratio(), c) for c in choices), key=lambda x: (-x[0], x[1])
    )
    close = [c for r, c in scored[:3] if r >= 0.6 and r >= scored[0][0] - 0.1] if scored else []
    if not close:
        return ""
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)"


def _strip_ns(name: str) -> str:
    name = re.split(r"[\[{]", name.strip(), maxsplit=1)[0]
    return name[len("minecraft:") :] if name.startswith("minecraft:") else name


def _check_name(kind: str, raw: str) -> str | None:
    """None if `raw` names a known block / item / entity (VoxelWorld mob), else the message."""
    gd = _gd()
    name = _strip_ns(raw)
    if kind == "block":
        table = gd.block_id
    elif kind == "item":
        table = gd.item_id
    elif kind == "mob":
        mobs = gd.extra.get("mobs", {})
        if name in mobs:
            return None
        if name in gd.entities:
            return f"VoxelWorld does not simulate entity {name!r}; it simulates {', '.join(sorted(mobs))}"
        return f"unknown entity {name!r}{_suggest(name, mobs) or _suggest(name, gd.entities)}"
    else:
        raise ValueError(kind)
    if name in table and not (kind == "item" and name == "air"):
        return None
    return f"unknown {kind} {name!r}{_suggest(name, table)}"


def _effects() -> set[str]:
    import minecraft_data

    return {re.sub(r"(?<!^)(?=[A-Z])", "_", e["name"]).lower() for e in minecraft_data("1.16.5").effects_list}


# -- commands ---------------------------------------------------------------------------------
def _coords(args: list[str], what: str = "coordinates") -> str | None:
    if len(args) < 3:
        return f"expected three {what} x y z, got {len(args)}"
    bad = [a for a in args[:3] if not _COORD_RE.match(a) or a in ("-",)]
    if bad:
        return f"bad coordinate {bad[0]!r} (a number, ~N or ^N)"
    if any(a.startswith("^") for a in args[:3]) and not all(a.startswith("^") for a in args[:3]):
        return "cannot mix ^ local coordinates with world coordinates"
    return None


def _selector(tok: str) -> str | None:
    base = tok.split("[", 1)[0]
    if base in ("@p", "@s", "@a", "@r") or (base and not base.startswith("@")):
        return None
    return f"target {tok!r} does not select the player (use @p, @s or @a)"


def _count(tok: str, what: str = "count") -> str | None:
    try:
        n = int(tok)
    except ValueError:
        return f"{what} must be a whole number, got {tok!r}"
    return None if n >= 1 else f"{what} must be at least 1, got {n}"


def check_command(command) -> str | None:
    """None if VoxelWorld can run `command` as a task set-up command, else what is wrong."""
    if not isinstance(command, str) or not command.strip():
        return f"expected a command string, got {command!r}"
    try:
        tok = split_command(command)
    except ValueError as e:
        return f"{command!r}: {e}"
    name, args = tok[0].lower(), tok[1:]
    if name not in COMMANDS:
        return f"unknown command {name!r}{_suggest(name, COMMANDS)}; VoxelWorld runs: {', '.join(COMMANDS)}"
    if name == "give":
        if len(args) < 2:
            return "missing arguments; usage: /give <target> <item> [count]"
        return _selector(args[0]) or _check_name("item", args[1]) or (_count(args[2]) if len(args) > 2 else None)
    if name == "clear":
        if args and _selector(args[0]):
            return _selector(args[0])
        if len(args) > 1:
            return _check_name("item", args[1]) or (_count(args[2], "maxCount") if len(args) > 2 else None)
        return None
    if name in ("tp", "teleport"):
        if args and (args[0].startswith("@") or not _COORD_RE.match(args[0])):
            err = _selector(args[0])
            if err:
                return err
            args = args[1:]
        if len(args) not in (3, 5):
            return "usage: /tp [target] <x> <y> <z> [yaw pitch] (teleporting to entities is not supported)"
        return _coords(args) or (_coords([*args[3:5], "0"], "rotation") if len(args) == 5 else None)
    if name == "time":
        if len(args) < 2 or args[0] not in ("set", "add", "query"):
            return "usage: /time set|add <value> (day, noon, night, midnight, or ticks / Nd / Ns)"
        if args[0] != "query" and args[1] not in _TIME_NAMES and not re.fullmatch(r"\d+(\.\d+)?[dst]?", args[1]):
            return f"invalid time {args[1]!r}{_suggest(args[1], _TIME_NAMES)} (day, noon, night, midnight, or ticks / Nd / Ns)"
        return None
    if name == "weather":
        if not args or args[0] not in ("clear", "rain", "thunder"):
            got = args[0] if args else ""
            return f"unknown weather {got!r}{_suggest(got, ('clear', 'rain', 'thunder'))} (clear, rain or thunder)"
        return None
    if name == "setblock":
        if len(args) < 4:
            return "missing arguments; usage: /setblock <x> <y> <z> <block> [replace|keep|destroy]"
        if len(args) > 4 and args[4] not in ("replace", "keep", "destroy"):
            return f"unknown mode {args[4]!r} (replace, keep or destroy)"
        return _coords(args) or _check_name("block", args[3])
    if name == "fill":
        if len(args) < 7:
            return "missing arguments; usage: /fill <x1> <y1> <z1> <x2> <y2> <z2> <block> [mode]"
        if len(args) > 7 and args[7] not in ("replace", "keep", "destroy", "hollow", "outline"):
            return f"unknown mode {args[7]!r} (replace, keep, destroy, hollow, outline)"
        err = _coords(args[0:3]) or _coords(args[3:6]) or _check_name("block", args[6])
        if err:
            return err
        from .spec import _volume

        vol = _volume(args)
        return None if vol <= 32768 else f"too many blocks in the area ({vol} > 32768)"
    if name == "summon":
        if not args:
            return "missing arguments; usage: /summon <entity> [x y z]"
        return _check_name("mob", args[0]) or (_coords(args[1:4]) if len(args) > 1 else None)
    if name == "kill":
        sel = args[0] if args else "@s"
        base = sel.split("[", 1)[0]
        if base not in ("@p", "@s", "@a", "@e") and base.startswith("@"):
            return f"unknown selector {sel!r} (@p, @s, @a or @e[type=...])"
        m = re.search(r"type=!?([\w:]+)", sel)
        if base == "@e" and m and _strip_ns(m.group(1)) != "item":
            return _check_name("mob", m.group(1))
        return None
    if name == "effect":
        if len(args) < 2 or args[0] not in ("give", "clear"):
            return "usage: /effect give|clear <target> [effect] [seconds] [amplifier]"
        err = _selector(args[1])
        if err:
            return err
        if args[0] == "give" and len(args) < 3:
            return "usage: /effect give <target> <effect> [seconds] [amplifier]"
        if len(args) > 2:
            eff = _strip_ns(args[2])
            known = _effects()
            if eff not in known:
                return f"unknown effect {args[2]!r}{_suggest(eff, known)}"
        for tok, what in zip(args[3:5], ("seconds", "amplifier"), strict=False):
            if not re.fullmatch(r"\d+", tok):
                return f"{what} must be a whole number, got {tok!r}"
        return None
    # spawnpoint
    if args and _selector(args[0]):
        return _selector(args[0])
    return _coords(args[1:4]) if len(args) > 1 else None
