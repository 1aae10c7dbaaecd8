"""`skill` — named skills a planner asks a skill executor for; names checked against
minecraft-data 1.16.5 (`envs.voxel.gamedata`, pure data).

Grammar (case-insensitive; `minecraft:` prefixes allowed):

    text  := … [ "Skill:" ] verb "(" name [ "," count ] ")"      (the first Skill: counts)
    verb  := mine (a block) | craft (an item) | smelt (an item) | kill (an entity)
           | place (a block) | equip (an item, count 1) | eat (a food)
    count := a whole number ≥ 1 (default 1)

Examples: `Skill: mine(oak_log)`, `craft(wooden_pickaxe, 1)`, `smelt(iron_ingot, 3)`,
`kill(cow)`, `place(crafting_table)`, `equip(stone_pickaxe)`, `eat(bread)`.
Skills have no single env action; `to_env` raises and the agent's skill executor runs them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from openha.actions.base import ActionError, ActionSpace, ParseError, register
from openha.actions.text import ANY_LABEL_RE, segments

KINDS = {"mine": "block", "craft": "item", "smelt": "item", "kill": "entity", "place": "block",
         "equip": "item", "eat": "food"}  # fmt: skip
MAX_COUNT = 10_000
_LABEL = re.compile(r"\bskill\s*:", re.I | re.A)
_SKILL = re.compile(
    r"\s*([A-Za-z_]+)\s*\(\s*((?:minecraft:)?[A-Za-z0-9_]+)\s*(?:,\s*(\d{1,9})\s*)?\)", re.I | re.A
)


@dataclass(frozen=True)
class SkillAction:
    verb: str
    target: str
    count: int = 1


@functools.cache
def _gamedata() -> Any:
    from envs.voxel import gamedata  # pure data; nothing of the engine

    return gamedata, gamedata.load()


@functools.lru_cache(maxsize=8192)
def check_name(kind: str, name: str) -> str | None:
    """None if `name` is a valid `kind` (block/item/entity/food), else the reason."""
    gamedata, gd = _gamedata()
    try:
        if kind == "block":
            gd.block(name)
        elif kind == "entity":
            gd.entity(name)
        else:
            gd.item(name)
            if kind == "food" and name not in gd.foods:
                return f"{name!r} is not a food in Minecraft 1.16.5"
    except gamedata.UnknownNameError as err:
        return str(err)
    return None


def parse_skill(
    text: str, pos: int, end: int, strict: bool = True, space: str = "skill"
) -> SkillAction:
    m = _SKILL.match(text, pos, end)
    if not m:
        at = pos + len(text[pos:end]) - len(text[pos:end].lstrip())
        raise ParseError(
            "expected verb(name) or verb(name, count), e.g. craft(wooden_pickaxe, 1)",
            text,
            at,
            space,
        )
    verb = m.group(1).lower()
    if verb not in KINDS:
        raise ParseError(
            f"unknown skill {m.group(1)!r}; skills are {', '.join(KINDS)}", text, m.start(1), space
        )
    name = m.group(2).lower()
    name = name[len("minecraft:") :] if name.startswith("minecraft:") else name
    reason = check_name(KINDS[verb], name)
    if reason:
        raise ParseError(f"{verb}: {reason}", text, m.start(2), space)
    count = int(m.group(3)) if m.group(3) else 1
    if not 1 <= count <= MAX_COUNT or (verb == "equip" and count != 1):
        limit = "1" if verb == "equip" else f"1-{MAX_COUNT}"
        raise ParseError(f"count {count} out of range ({limit})", text, m.start(3), space)
    rest = m.end() + len(text[m.end() : end]) - len(text[m.end() : end].lstrip())
    if strict and rest < end:
        raise ParseError("unexpected text after the skill", text, rest, space)
    return SkillAction(verb, name, count)


@register("skill")
@dataclass
class SkillSpace(ActionSpace):
    """Named skills (grammar: module doc)."""

    strict: bool = True
    name: str = field(default="skill", repr=False)

    def parse(self, text: str) -> SkillAction:
        if not isinstance(text, str):
            raise ParseError(f"expected a string, got {type(text).__name__}", "", 0, self.name)
        spans = segments(text, _LABEL, ANY_LABEL_RE)
        start, end = spans[0] if spans else (0, len(text))
        return parse_skill(text, start, end, self.strict, self.name)

    def format(self, obj: SkillAction) -> str:
        self._check(obj)
        count = f", {obj.count}" if obj.count != 1 else ""
        return f"Skill: {obj.verb}({obj.target}{count})"

    def to_env(self, obj: SkillAction, obs: Any = None) -> dict:
        raise ActionError(
            f"skill: {obj!r} spans many ticks; run it with the agent's skill executor, not to_env"
        )

    def _check(self, obj: Any) -> None:
        if not isinstance(obj, SkillAction):
            raise ActionError(f"skill: expected a SkillAction, got {type(obj).__name__}")
        if obj.verb not in KINDS:
            raise ActionError(f"skill: unknown verb {obj.verb!r}; skills are {', '.join(KINDS)}")
        if not isinstance(obj.target, str) or obj.target != obj.target.lower() or ":" in obj.target:
            raise ActionError(
                f"skill: target {obj.target!r} must be a lowercase name without 'minecraft:'"
            )
        reason = check_name(KINDS[obj.verb], obj.target)
        if reason:
            raise ActionError(f"skill: {obj.verb}: {reason}")
        if not isinstance(obj.count, int) or not 1 <= obj.count <= MAX_COUNT:
            raise ActionError(f"skill: count {obj.count!r} must be an int in 1-{MAX_COUNT}")
        if obj.verb == "equip" and obj.count != 1:
            raise ActionError("skill: equip takes count 1")
