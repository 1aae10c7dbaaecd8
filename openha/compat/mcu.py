"""MCU / MineStudio task configs: fixing their commands, fitting them to our task schema, and
inferring a success condition.

Three pure steps, used by the importer (`mcu_import.py`) and the `MinecraftSim` facade:

- `fix_command` repairs what real Minecraft 1.16 rejects too but whose intent is clear (pre-1.13
  names such as `planks`, data values such as `fill … dirt 0`, `summon minecraft:water`), each
  with a note. `FIXES` lists them.
- `simplify_command` rewrites a command into the subset the task loader accepts when an
  equivalent exists (`execute as @p at @s run X` -> `X`), or the closest approximation, noted.
- `infer_success` reads a config's RewardsCallback-style `event/objects` entries, else the
  instruction text ("craft a ladder" -> `craft_item: {ladder: 1}`); None means "judge it".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from envs.voxel.command_args import CommandError, split_args, split_name, strip_ns

__all__ = ["FIXES", "JUDGED", "fix_command", "simplify_command", "infer_success"]

# Names real Minecraft 1.16 does not know, as MCU configs use them -> what the author meant.
ITEM_FIXES = {
    "planks": "oak_planks",  # pre-1.13 id (data value 0 = oak)
    "boat": "oak_boat",  # pre-1.13 id
    "raw_beef": "beef",
    "raw_chicken": "chicken",
    "shovel": "wooden_shovel",  # no such item; any shovel does the task
    "hoe": "wooden_hoe",
    "treasure_map": "filled_map",  # a treasure map is a filled_map with NBT
}
SUMMONED_BLOCKS = ("water", "lava", "target")  # `summon minecraft:water` -> setblock
DROPPED_ENTITIES = {"goat": "goats were added in Minecraft 1.17; 1.16.5 rejects this summon too"}
FIXES = {"items": ITEM_FIXES, "summoned_blocks": SUMMONED_BLOCKS, "dropped": DROPPED_ENTITIES}
JUDGED = {"custom": {"judged": 1}}  # never counted: the tag `judged` asks for a VLM/human judge

_ITEM_ARG = {"give": 2, "clear": 2}  # token index of the item name (0 = command name)
_PLAYER = re.compile(r"^@[psa](\[\s*\])?$")


def _split(cmd: str) -> tuple[str, list[str], list[str]] | None:
    """(slash, execute prefix tokens up to `run`, command tokens), or None if unparsable."""
    text = cmd.strip()
    slash = "/" if text.startswith("/") else ""
    try:
        tok = split_args(text[1:] if slash else text)
    except CommandError:
        return None
    if not tok:
        return None
    prefix: list[str] = []
    while tok and tok[0].lower() == "execute" and "run" in tok:
        i = tok.index("run")
        prefix, tok = prefix + tok[: i + 1], tok[i + 1 :]
    return slash, prefix, tok


def _fix_name(tok: str, notes: list[str]) -> str:
    name, states, nbt = split_name(tok)
    if name in ITEM_FIXES:
        notes.append(f"{name!r} is not a Minecraft 1.16 item; using {ITEM_FIXES[name]!r}")
        return f"minecraft:{ITEM_FIXES[name]}{states}{nbt}"
    return tok


def fix_command(cmd: str) -> tuple[list[str], list[str]]:
    """Commands to run instead of `cmd` (usually `[cmd]`; `[]` to drop it) and why they differ."""
    parts = _split(cmd)
    if parts is None:
        return [cmd], []
    slash, prefix, b = parts
    notes: list[str] = []
    name = b[0].lower().removeprefix("minecraft:")
    b = list(b)
    if name in _ITEM_ARG and len(b) > _ITEM_ARG[name]:
        b[_ITEM_ARG[name]] = _fix_name(b[_ITEM_ARG[name]], notes)
    elif name == "replaceitem" and len(b) > 4 and b[1] == "entity":
        b[4] = _fix_name(b[4], notes)
    elif name == "fill" and len(b) > 8 and b[8].isdigit():
        notes.append(f"dropped the pre-1.13 data value {b[8]!r} (1.16 syntax has none)")
        del b[8]
    elif name == "setblock" and len(b) > 5 and b[5].isdigit():
        notes.append(f"dropped the pre-1.13 data value {b[5]!r} (1.16 syntax has none)")
        del b[5]
    elif name == "summon" and len(b) > 1:
        kind = split_name(b[1])[0]
        if kind in DROPPED_ENTITIES:
            return [], [f"dropped: {DROPPED_ENTITIES[kind]}"]
        if kind in SUMMONED_BLOCKS:
            pos = b[2:5] if len(b) >= 5 else ["~", "~", "~"]
            notes.append(f"{kind!r} is a block, not an entity; placed it with setblock")
            b = ["setblock", *pos, f"minecraft:{kind}"]
    if not notes:
        return [cmd], []
    return [slash + " ".join(prefix + b)], notes


def simplify_command(cmd: str) -> tuple[str | None, str]:
    """An equivalent (or nearest) command in the task loader's subset, and what changed;
    (None, reason) when there is none."""
    parts = _split(cmd)
    if parts is None:
        return None, "cannot parse"
    slash, prefix, b = parts
    note = ""
    if prefix:
        sub = [t for t in prefix if t not in ("execute", "run")]
        pairs = list(zip(sub[::2], sub[1::2], strict=False))
        if len(sub) % 2 or not all(k in ("as", "at") and _PLAYER.match(v) for k, v in pairs):
            return None, "execute with other than 'as/at <player>' has no equivalent"
        note = "execute as/at the player dropped (the same for one player)"
    name = b[0].lower()
    if name == "replaceitem" and len(b) >= 5 and b[1] == "entity":
        slot = b[3]
        b = ["give", b[2], *b[4:]]
        how = "lands in the first free hotbar slot" if slot.startswith(("weapon", "hotbar")) else "is carried, not worn"
        note = _join(note, f"replaceitem {slot} became give (the item {how})")
    elif name == "setworldspawn":
        b = ["spawnpoint", "@p", *b[1:4]]
        note = _join(note, "setworldspawn became spawnpoint (one player: the same respawn point)")
    elif not prefix:
        return None, "no simpler equivalent"
    return slash + " ".join(b), note


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


# -- success ----------------------------------------------------------------------------------
_EVENT_KINDS = ("mine_block", "craft_item", "smelt_item", "use_item", "pickup", "drop",
                "break_item", "kill_entity", "interact_with", "custom")  # fmt: skip
_VERBS = {
    "craft": "craft_item", "mine": "mine_block", "kill": "kill_entity", "hunt": "kill_entity",
    "combat": "kill_entity", "defeat": "kill_entity", "slay": "kill_entity",
    "collect": "collect", "gather": "collect", "obtain": "collect", "smelt": "smelt_item",
    "cook": "smelt_item", "drink": "use_item", "eat": "use_item",
}  # fmt: skip
_SKIP = {"a", "an", "the", "some", "one", "two", "three", "with", "engage", "in", "combat"}
_PREFER = {"grass": "grass_block"}  # the text's "grass" in MCU means the block, not the plant
_STOP = {"using", "with", "to", "from", "by", "in", "and", "for", "of", "on", "that", "into"}


def _names():
    from envs.voxel import gamedata

    gd = gamedata.load()
    mobs = set(gd.extra.get("mobs", {}))
    return gd, mobs


def _singular(w: str) -> list[str]:
    out = [w]
    if w.endswith("ies"):
        out.append(w[:-3] + "y")
    if w.endswith("es"):
        out.append(w[:-2])
    if w.endswith("s"):
        out.append(w[:-1])
    return out


def _object(words: list[str], kind: str) -> str | None:
    """The longest Minecraft name among the first words (up to a stop word)."""
    gd, _ = _names()
    table = gd.entities if kind == "kill_entity" else {**gd.block_id, **gd.item_id}
    window = []
    for w in words:
        if not window and w in _SKIP:
            continue
        if w in _STOP:
            break
        window.append(w)
        if len(window) == 4:
            break
    for n in range(len(window), 0, -1):
        for start in range(0, len(window) - n + 1):
            head = window[start : start + n]
            for last in _singular(head[-1]):
                cand = "_".join([*head[:-1], last])
                if cand in table and cand != "air":
                    return cand
    return None


def infer_success(config: Mapping, text: str) -> tuple[dict | None, str]:
    """(success mapping, how it was found) or (None, why not) for one MCU config."""
    gd, mobs = _names()
    entries = next((config[k] for k in ("reward_cfg", "reward_conf", "rewards") if config.get(k)), None)
    if entries:
        out: dict[str, dict[str, int]] = {}
        for e in entries:
            kind, objs = e.get("event"), [strip_ns(str(o)) for o in e.get("objects") or ()]
            if kind not in _EVENT_KINDS or len(set(objs)) != 1:
                return None, f"reward entry {e.get('identity', kind)!r} has {len(set(objs))} alternative objects or event {kind!r}; our conditions are all-of"
            n = int(e.get("max_reward_times") or 1) if kind == "kill_entity" else 1
            out.setdefault(kind, {})[objs[0]] = max(n, 1)
        return out, "from the RewardsCallback event/objects entries"
    words = re.findall(r"[a-z]+", text.lower().replace("'", ""))
    for i, w in enumerate(words):
        kind = _VERBS.get(w)
        if kind is None:
            continue
        obj = _object(words[i + 1 :], kind)
        if obj is None:
            continue
        obj = _PREFER.get(obj, obj)
        if kind == "mine_block" and obj not in gd.block_id:
            obj = f"{obj}_ore" if f"{obj}_ore" in gd.block_id else obj  # "mine diamonds"
            if obj not in gd.block_id:
                return None, f"mines {obj!r}, which is not a block"
        if kind == "kill_entity" and obj not in mobs:
            return None, f"kills {obj!r}, which VoxelWorld does not simulate"
        if kind == "craft_item" and str(gd.item_id.get(obj)) not in gd.recipes:
            return None, f"{obj!r} has no crafting recipe"
        if kind == "collect":
            kind = "mine_block" if obj in gd.block_id else "pickup"
        if kind == "smelt_item" and obj not in {v[0] for v in gd.extra["smelting"].values()}:
            return None, f"{obj!r} is not a smelting result"
        return {kind: {obj: 1}}, f"from the text: {w!r} … {obj!r}"
    return None, "the text names no countable outcome"
