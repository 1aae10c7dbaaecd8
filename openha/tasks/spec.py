"""What a benchmark task is: `TaskSpec` (one frozen dataclass per YAML file) and its success test.

Pure data and small pure functions: no env, no torch, no ray. The loader (`loader.py`) checks a
file and builds a `TaskSpec`; the env applies `spec.reset_options()`; rollouts call
`spec.success.check(info["stats"], obs["inventory"])` every step.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "FAMILIES",
    "DIFFICULTIES",
    "STAT_KINDS",
    "TaskError",
    "TaskInit",
    "SuccessCondition",
    "TaskSpec",
    "InitState",
    "init_state",
    "split_command",
]

# Task families (the first part of a task id). OpenHA's five atomic families, Optimus-2-style
# tech-tree tasks from an empty inventory, and MCU-style tasks with a richer set-up.
FAMILIES = (
    "mine_block",
    "kill_entity",
    "craft_item",
    "smelt_item",
    "interact_block",
    "long_horizon",
    "mcu",
)
DIFFICULTIES = ("easy", "medium", "hard")

# Success-condition kinds: Minecraft-style statistic categories (counter deltas since reset) and
# what their names refer to; `inventory` is the item count held at check time.
STAT_KINDS: dict[str, str | None] = {
    "mine_block": "block",
    "craft_item": "item",
    "smelt_item": "item",
    "use_item": "item",
    "pickup": "item",
    "drop": "item",
    "break_item": "item",
    "kill_entity": "entity",
    "interact_with": "block",
    "custom": None,  # free-form counters such as custom.jump
    "inventory": "item",
}

# Ticks of the day at which Minecraft counts as night (hostile mobs spawn in the open).
NIGHT_TICKS = (13000, 23000)
_TIME_NAMES = {"day": 1000, "noon": 6000, "sunset": 12000, "night": 13000, "midnight": 18000,
               "sunrise": 23000}  # fmt: skip


class TaskError(ValueError):
    """A task file that cannot be used; each message names the file and field, e.g.
    `benchmark_tasks/craft_item/x.yaml: init.commands[1]: unknown item 'oak_plank' (did you
    mean 'oak_planks'?)`. `errors` holds every message found, one per problem."""

    def __init__(self, errors: str | list[str]):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class TaskInit:
    """World set-up: the world seed (None = the evaluator's choice) and Minecraft commands run
    after spawning, in order (`give clear tp time weather setblock fill summon kill effect
    spawnpoint`, `~` relative to the player's feet)."""

    seed: int | None = None
    commands: tuple[str, ...] = ()


@dataclass(frozen=True)
class SuccessCondition:
    """All listed counters must reach their target: `stats` are Minecraft statistic deltas since
    reset (`craft_item.wooden_pickaxe` >= 1); `inventory` are item counts held at check time."""

    stats: tuple[tuple[str, int], ...] = ()
    inventory: tuple[tuple[str, int], ...] = ()

    @classmethod
    def from_dict(cls, d: Mapping[str, Mapping[str, int]]) -> SuccessCondition:
        """`{"craft_item": {"wooden_pickaxe": 1}, "inventory": {"stick": 2}}` (names may carry a
        `minecraft:` prefix; it is dropped)."""
        stats, inv = [], []
        for kind, targets in d.items():
            for name, n in targets.items():
                name = _strip(str(name))
                if kind == "inventory":
                    inv.append((name, int(n)))
                else:
                    stats.append((f"{kind}.{name}", int(n)))
        return cls(tuple(stats), tuple(inv))

    def to_dict(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for key, n in self.stats:
            kind, name = key.split(".", 1)
            out.setdefault(kind, {})[name] = n
        if self.inventory:
            out["inventory"] = dict(self.inventory)
        return out

    def targets(self) -> list[tuple[str, str, int]]:
        """(kind, name, count) for every condition, stats first, in file order."""
        out = [(*key.split(".", 1), n) for key, n in self.stats]
        return out + [("inventory", name, n) for name, n in self.inventory]

    def missing(
        self,
        stats: Mapping[str, int | float],
        inventory: Mapping[str, int] | None = None,
        baseline: Mapping[str, int | float] | None = None,
    ) -> dict[str, int]:
        """What is still missing: {"craft_item.wooden_pickaxe": 1, "inventory.stick": 2}.

        `stats` are the env's counters (`info["stats"]`); `baseline` the counters at reset, if the
        env did not already start them at zero; `inventory` is `obs["inventory"]`."""
        got = self.counts(stats, inventory, baseline)
        want = dict(self.stats) | {f"inventory.{name}": n for name, n in self.inventory}
        return {key: int(n - got[key]) for key, n in want.items() if got[key] < n}

    def counts(
        self,
        stats: Mapping[str, int | float],
        inventory: Mapping[str, int] | None = None,
        baseline: Mapping[str, int | float] | None = None,
    ) -> dict[str, int]:
        """How much of each condition is done: {"mine_block.oak_log": 2, "inventory.stick": 0}
        (may exceed the count asked for; Optimus-2's "items collected" reads it)."""
        base, inv = baseline or {}, inventory or {}
        out = {key: int(stats.get(key, 0) - base.get(key, 0)) for key, _ in self.stats}
        return out | {f"inventory.{name}": int(inv.get(name, 0)) for name, _ in self.inventory}

    def check(
        self,
        stats: Mapping[str, int | float],
        inventory: Mapping[str, int] | None = None,
        baseline: Mapping[str, int | float] | None = None,
    ) -> bool:
        """True when every condition holds."""
        return not self.missing(stats, inventory, baseline)

    def progress(
        self,
        stats: Mapping[str, int | float],
        inventory: Mapping[str, int] | None = None,
        baseline: Mapping[str, int | float] | None = None,
    ) -> float:
        """Fraction of the summed targets reached, in [0, 1] (for reports and shaping)."""
        total = sum(n for _, n in self.stats) + sum(n for _, n in self.inventory)
        if total == 0:
            return 1.0
        left = sum(self.missing(stats, inventory, baseline).values())
        return 1.0 - left / total


@dataclass(frozen=True)
class TaskSpec:
    """One benchmark task (the schema of `benchmark_tasks/<family>/<name>.yaml`)."""

    id: str  # "family/name", unique and stable
    family: str
    instruction: str
    success: SuccessCondition
    max_steps: int
    init: TaskInit = TaskInit()
    tags: tuple[str, ...] = ()
    path: str | None = field(default=None, compare=False)  # file it was loaded from

    @property
    def name(self) -> str:
        return self.id.split("/", 1)[1]

    @property
    def difficulty(self) -> str | None:
        return next((t for t in self.tags if t in DIFFICULTIES), None)

    def has_tag(self, tag: str) -> bool:
        return tag in self.tags

    def reset_options(self, world_seed: int | None = None) -> dict:
        """Options for `env.reset(options=...)` of VoxelWorld (commands + world seed)."""
        seed = self.init.seed if world_seed is None else world_seed
        out: dict = {"commands": list(self.init.commands)}
        if seed is not None:
            out["world_seed"] = int(seed)
        return out

    def init_state(self) -> InitState:
        return init_state(self.init.commands)

    def to_dict(self) -> dict:
        """The YAML mapping, keys in schema order (what `generate.py` writes)."""
        init: dict = {}
        if self.init.seed is not None:
            init["seed"] = self.init.seed
        init["commands"] = list(self.init.commands)
        return {
            "id": self.id,
            "family": self.family,
            "instruction": self.instruction,
            "init": init,
            "success": self.success.to_dict(),
            "max_steps": self.max_steps,
            "tags": list(self.tags),
        }

    @classmethod
    def from_dict(cls, d: Mapping, path: str | None = None) -> TaskSpec:
        """Build from an already validated mapping (use `loader.load_task` for files)."""
        init = d.get("init") or {}
        return cls(
            id=str(d["id"]),
            family=str(d["family"]),
            instruction=str(d["instruction"]).strip(),
            success=SuccessCondition.from_dict(d["success"]),
            max_steps=int(d["max_steps"]),
            init=TaskInit(
                seed=None if init.get("seed") is None else int(init["seed"]),
                commands=tuple(str(c) for c in init.get("commands") or ()),
            ),
            tags=tuple(str(t) for t in d.get("tags") or ()),
            path=path,
        )


# -- what init commands set up (a static reading, no world needed) ------------------------------
@dataclass
class InitState:
    """What a task's init commands leave behind, read without running them: the inventory, the
    blocks placed (by count), mobs summoned, and the time of day (None = unchanged)."""

    inventory: Counter = field(default_factory=Counter)
    blocks: Counter = field(default_factory=Counter)
    mobs: Counter = field(default_factory=Counter)
    time: int | None = None
    effects: dict[str, int] = field(default_factory=dict)

    @property
    def night(self) -> bool:
        return self.time is not None and NIGHT_TICKS[0] <= self.time < NIGHT_TICKS[1]


def split_command(command: str) -> list[str]:
    """Tokens of a command (leading `/` dropped); `[...]`, `{...}` and quotes stay one token.
    The engine's own tokenizer, so tasks are checked exactly as VoxelWorld will run them."""
    from envs.voxel.command_args import split_args

    text = command.strip()
    return split_args(text[1:] if text.startswith("/") else text)


def _strip(name: str) -> str:
    name = re.split(r"[\[{]", name.strip(), maxsplit=1)[0]
    return name[len("minecraft:") :] if name.startswith("minecraft:") else name


def _volume(args: list[str]) -> int:
    try:
        a = [float(t.lstrip("~^") or 0) for t in args[0:3]]
        b = [float(t.lstrip("~^") or 0) for t in args[3:6]]
    except ValueError:
        return 1
    mixed = any(t.startswith("~") for t in args[0:3]) != any(t.startswith("~") for t in args[3:6])
    if mixed:
        return 1
    vol = 1
    for lo, hi in zip(a, b, strict=True):
        vol *= int(abs(hi - lo)) + 1
    return vol


def init_state(commands: tuple[str, ...] | list[str]) -> InitState:
    """Statically interpret init commands (malformed ones are skipped: the loader reports them)."""
    st = InitState()
    for cmd in commands:
        try:
            tok = split_command(cmd)
        except ValueError:
            continue
        if not tok:
            continue
        name, args = tok[0].lower(), tok[1:]
        try:
            if name == "give" and len(args) >= 2:
                st.inventory[_strip(args[1])] += int(args[2]) if len(args) > 2 else 1
            elif name == "clear":
                if len(args) >= 2:
                    item = _strip(args[1])
                    limit = int(args[2]) if len(args) > 2 else None
                    left = 0 if limit is None else max(0, st.inventory[item] - limit)
                    st.inventory[item] = left
                else:
                    st.inventory.clear()
            elif name == "setblock" and len(args) >= 4:
                block = _strip(args[3])
                if block not in ("air", "cave_air"):
                    st.blocks[block] += 1
            elif name == "fill" and len(args) >= 7:
                block = _strip(args[6])
                mode = args[7] if len(args) > 7 else "replace"
                if block not in ("air", "cave_air"):
                    st.blocks[block] += 1 if mode == "outline" else _volume(args)
            elif name == "summon" and args:
                st.mobs[_strip(args[0])] += 1
            elif name == "kill" and args and args[0].startswith("@e"):
                m = re.search(r"type=!?([\w:]+)", args[0])
                if m and "type=!" not in args[0]:
                    st.mobs.pop(_strip(m.group(1)), None)
                else:
                    st.mobs.clear()
            elif name == "time" and len(args) >= 2 and args[0] in ("set", "add"):
                val = args[1]
                ticks = _TIME_NAMES.get(val)
                if ticks is None:
                    m = re.fullmatch(r"(\d+(?:\.\d+)?)([dst]?)", val)
                    if not m:
                        continue
                    ticks = int(float(m.group(1)) * {"d": 24000, "s": 20, "t": 1, "": 1}[m.group(2)])
                base = 0 if args[0] == "set" else (st.time if st.time is not None else 0)
                st.time = (base + ticks) % 24000
            elif name == "effect" and len(args) >= 3 and args[0] == "give":
                st.effects[_strip(args[2])] = int(args[3]) if len(args) > 3 else 30
        except ValueError:
            continue
    st.inventory = +st.inventory
    return st
