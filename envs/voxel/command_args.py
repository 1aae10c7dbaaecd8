"""Argument parsing for Minecraft commands: tokens, numbers, names with `[states]{nbt}`, selectors.

Pure string handling shared by `commands.py` (the runner) and `commands_extra.py`; nothing here
touches the world.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field


class CommandError(ValueError):
    """A command VoxelWorld cannot run: unknown, malformed, or naming unknown things."""


TIME_NAMES = {"day": 1000, "noon": 6000, "sunset": 12000, "night": 13000, "midnight": 18000,
              "sunrise": 23000}  # fmt: skip
PLAYER_BASES = ("@p", "@s", "@a", "@r")
# Vanilla 1.16 entity type tags (`type=#minecraft:skeletons`), members VoxelWorld may simulate.
ENTITY_TAGS = {
    "skeletons": ("skeleton", "stray", "wither_skeleton"),
    "raiders": ("evoker", "illusioner", "pillager", "ravager", "vindicator", "witch"),
    "arrows": ("arrow", "spectral_arrow"),
    "beehive_inhabitors": ("bee",),
    "impact_projectiles": ("arrow", "egg", "fireball", "llama_spit", "small_fireball",
                           "snowball", "spectral_arrow", "trident", "wither_skull"),
}  # fmt: skip


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


def strip_ns(name: str) -> str:
    return name[len("minecraft:") :] if name.startswith("minecraft:") else name


def split_name(token: str) -> tuple[str, str, str]:
    """`minecraft:chest[facing=north]{LootTable:"x"}` -> ("chest", "[facing=north]", "{...}")."""
    m = re.match(r"^([^\[{]*)(\[.*?\])?(\{.*\})?$", token.strip(), re.S)
    if not m:
        return strip_ns(token), "", ""
    return strip_ns(m.group(1)), m.group(2) or "", m.group(3) or ""


def split_top(body: str, sep: str = ",") -> list[str]:
    """Split on `sep` outside brackets, braces and quotes."""
    parts, cur, depth, quote = [], [], 0, None
    for ch in body:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur).strip())
    return [p for p in parts if p]


def num(tok: str, what: str) -> float:
    try:
        return float(tok)
    except ValueError:
        raise CommandError(f"expected a {what} (a number, ~N or ^N), got {tok!r}") from None


def whole(tok: str, what: str) -> int:
    try:
        return int(tok)
    except ValueError:
        raise CommandError(f"{what} must be a whole number, got {tok!r}") from None


def is_coord(tok: str) -> bool:
    return bool(re.fullmatch(r"[~^]?-?\d*\.?\d*", tok)) and tok != ""


def rel(tok: str, base: float) -> float:
    return base + float(tok[1:] or 0) if tok.startswith("~") else float(tok)


def duration(tok: str) -> int:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([dst]?)", tok)
    if not m:
        raise CommandError(
            f"invalid time {tok!r} (a number of ticks, or Nd / Ns / Nt, or day/night/noon/midnight)"
        )
    v, unit = float(m.group(1)), m.group(2)
    return int(v * {"d": 24000, "s": 20, "t": 1, "": 1}[unit])


def value_range(tok: str | None, what: str = "distance") -> tuple[float, float] | None:
    """`5`, `..5`, `2..`, `2..5` -> (lo, hi)."""
    if not tok:
        return None
    try:
        if ".." in tok:
            lo, hi = tok.split("..", 1)
            return (float(lo) if lo else -math.inf, float(hi) if hi else math.inf)
        v = float(tok)
    except ValueError:
        raise CommandError(f"invalid {what} range {tok!r} (N, ..N, N.. or N..M)") from None
    return (v, v)


# -- selectors ----------------------------------------------------------------------------------
_KNOWN_ARGS = {"type", "distance", "limit", "sort", "x", "y", "z", "dx", "dy", "dz", "name", "tag",
               "nbt", "level", "gamemode", "scores", "team", "advancements", "predicate",
               "x_rotation", "y_rotation"}  # fmt: skip
_IGNORED_ARGS = _KNOWN_ARGS - {"type", "distance", "limit", "sort", "x", "y", "z", "dx", "dy", "dz"}


@dataclass
class Selector:
    """A target selector (`@e[type=!cow,distance=..5,limit=1]`) or a player name."""

    base: str
    args: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # arguments VoxelWorld has no state for

    def get(self, key: str) -> str | None:
        return next((v for k, v in self.args if k == key), None)

    def types(self) -> tuple[list[str], list[str]]:
        """(wanted kinds, excluded kinds) from `type=` arguments, tags expanded."""
        want, exclude = [], []
        for k, v in self.args:
            if k != "type":
                continue
            neg = v.startswith("!")
            v = v.lstrip("!")
            if v.startswith("#"):
                tag = strip_ns(v[1:])
                if tag not in ENTITY_TAGS:
                    raise CommandError(f"unknown entity tag {v!r}; known: {', '.join(sorted(ENTITY_TAGS))}")
                kinds = list(ENTITY_TAGS[tag])
            else:
                kinds = [strip_ns(v)]
            (exclude if neg else want).extend(kinds)
        return want, exclude

    def matches_kind(self, kind: str) -> bool:
        want, exclude = self.types()
        if kind in exclude:
            return False
        if self.base in PLAYER_BASES or not self.base.startswith("@"):
            return kind == "player"
        return not want or kind in want

    def includes_player(self) -> bool:
        return self.matches_kind("player")


def parse_selector(tok: str) -> Selector:
    base = tok.split("[", 1)[0]
    if base.startswith("@") and base not in (*PLAYER_BASES, "@e"):
        raise CommandError(f"unknown selector {tok!r} (@p, @s, @a, @r or @e)")
    if not base:
        raise CommandError(f"empty target {tok!r}")
    sel = Selector(base)
    if "[" in tok:
        if not tok.endswith("]"):
            raise CommandError(f"selector {tok!r} must end with ]")
        for part in split_top(tok[tok.index("[") + 1 : -1]):
            if "=" not in part:
                raise CommandError(f"selector argument {part!r} needs key=value")
            k, v = (s.strip() for s in part.split("=", 1))
            if k not in _KNOWN_ARGS:
                raise CommandError(f"unknown selector argument {k!r} in {tok!r}")
            sel.args.append((k, v))
            if k in _IGNORED_ARGS:
                sel.ignored.append(k)
    sel.types()  # validates tags early
    return sel
