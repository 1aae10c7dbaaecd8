"""`openha tasks import --from minestudio DIR`: MCU / MineStudio task configs -> our task YAMLs.

A config is MineStudio's YAML (`text`, `custom_init_commands`, optionally RewardsCallback-style
`reward_cfg` entries, `init_inventory`, `summon_mobs`). Each becomes `OUT/mcu/<split>_<name>.yaml`
(family `mcu`, difficulty `easy` for `simple/`, `hard` for `hard/`), validated by our loader
before it is written. What had to change is written as comments at the top of the file:
commands fixed (`mcu.fix_command`), rewritten into the loader's subset (`mcu.simplify_command`)
or dropped, and how success was found — or that the task is tagged `judged` (success
`custom.judged`, never counted automatically: the episode video and trace go to a judge).
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from openha.compat.mcu import JUDGED, fix_command, infer_success, simplify_command

__all__ = ["McuConfig", "Imported", "find_configs", "read_configs", "convert", "import_tasks"]

_DIFFICULTY = {"simple": "easy", "easy": "easy", "medium": "medium", "hard": "hard"}
_EXACT = "execute as/at the player dropped (the same for one player)"


@dataclass
class McuConfig:
    name: str  # file stem, e.g. "build_gate"
    split: str  # folder, e.g. "simple" or "hard"
    data: dict
    origin: str  # where it was read from, for the file header


@dataclass
class Imported:
    config: McuConfig
    task: dict  # the YAML mapping (already validated)
    notes: list[str] = field(default_factory=list)
    judged: bool = False
    approximate: bool = False  # a command was dropped or only approximated
    path: Path | None = None


def find_configs() -> Path | None:
    """`minestudio/benchmark/task_configs` of an installed minestudio (not imported), if any."""
    spec = importlib.util.find_spec("minestudio")
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(next(iter(spec.submodule_search_locations))) / "benchmark" / "task_configs"
    return p if p.is_dir() else None


def read_configs(source: str | Path | None = None) -> Iterator[McuConfig]:
    """Configs from a folder (searched recursively), a minestudio wheel / zip, or (None) the
    installed minestudio package. Files without `text` (e.g. hydra bases) are skipped."""
    if source is None:
        source = find_configs()
        if source is None:
            raise FileNotFoundError(
                "minestudio is not installed; pass its task_configs folder or wheel "
                "(pip download --no-deps minestudio==1.1.6)"
            )
    src = Path(source)
    if src.is_file() and zipfile.is_zipfile(src):
        with zipfile.ZipFile(src) as z:
            names = sorted(n for n in z.namelist() if "task_configs/" in n and n.endswith(".yaml"))
            items = [(n, z.read(n).decode("utf-8")) for n in names]
    elif src.is_dir():
        items = [(str(p), p.read_text(encoding="utf-8")) for p in sorted(src.rglob("*.yaml"))]
    else:
        raise FileNotFoundError(f"{source}: not a folder of MCU configs or a minestudio wheel")
    for origin, text in items:
        data = yaml.safe_load(text)
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            p = Path(origin)
            yield McuConfig(p.stem, p.parent.name, data, origin)


def _commands(data: dict, notes: list[str]) -> list[str]:
    """Init commands of a config, including InitInventory / SummonMobs callback entries."""
    cmds = list(data.get("custom_init_commands") or data.get("commands") or [])
    for e in data.get("init_inventory") or []:
        q = e.get("quantity", 1)
        n = q if isinstance(q, int) else 1
        if not isinstance(q, int):
            notes.append(f"init_inventory {e.get('type')}: quantity {q!r} taken as 1")
        cmds.append(f"/give @p minecraft:{e['type']} {max(int(n), 1)}")
    for m in data.get("summon_mobs") or []:
        name = m.get("name", m.get("mob_name"))
        x = sum(m.get("range_x", (0, 0))) / 2
        z = sum(m.get("range_z", (0, 0))) / 2
        notes.append(f"summon_mobs {name}: {m.get('number', 1)} at the centre of its range")
        cmds += [f"/summon minecraft:{name} ~{x:g} ~ ~{z:g}"] * int(m.get("number", 1))
    return cmds


def convert(cfg: McuConfig, max_steps: int = 600) -> Imported:
    """One config -> a validated task mapping (raises TaskError if it cannot be made valid)."""
    from openha.tasks import check_command, check_feasible, parse_task

    notes: list[str] = []
    out_cmds: list[str] = []
    approximate = False
    for cmd in _commands(cfg.data, notes):
        fixed, why = fix_command(str(cmd))
        notes += [f"{cmd!r}: {w}" for w in why]
        approximate |= not fixed
        for c in fixed:
            problem = check_command(c)
            if problem is None:
                out_cmds.append(c)
                continue
            simple, how = simplify_command(c)
            if simple is not None and check_command(simple) is None:
                out_cmds.append(simple)
                notes.append(f"{c!r} -> {simple!r}: {how}")
                approximate |= how != _EXACT
            else:
                notes.append(f"dropped {c!r}: {problem}")
                approximate = True
    success, how = infer_success(cfg.data, cfg.data["text"])
    judged = success is None
    notes.append(f"success: {how}" + ("; tagged judged (video + trace for a judge)" if judged else ""))
    split = re.sub(r"[^a-z0-9_]", "_", cfg.split.lower()) or "mcu"
    name = re.sub(r"[^a-z0-9_]", "_", f"{split}_{cfg.name}".lower())
    tags = [_DIFFICULTY.get(split, "medium"), "minestudio", f"mcu_{split}"]
    tags += ["judged"] * judged + ["approximate"] * approximate
    task = {
        "id": f"mcu/{name}",
        "family": "mcu",
        "instruction": " ".join(cfg.data["text"].split()),
        "init": {"commands": out_cmds},
        "success": JUDGED if judged else success,
        "max_steps": int(max_steps),
        "tags": list(dict.fromkeys(tags)),
    }
    spec = parse_task(task, Path("mcu") / f"{name}.yaml")  # our loader's verdict, before writing
    infeasible = check_feasible(spec)
    if infeasible:  # achievable in Minecraft, not (yet) from this set-up in VoxelWorld
        notes.append(infeasible[0].split("infeasible: ", 1)[-1] + "; tagged infeasible_here")
        task["tags"].append("infeasible_here")
    return Imported(cfg, task, notes, judged, approximate)


def to_yaml(item: Imported) -> str:
    head = [f"# Imported by `openha tasks import --from minestudio` from {item.config.origin}"]
    head += [f"# {n}" for n in item.notes]
    body = yaml.safe_dump(item.task, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(head) + "\n" + body


def import_tasks(
    source: str | Path | None, out: str | Path, max_steps: int = 600, overwrite: bool = False
) -> list[Imported]:
    """Convert every config under `source` and write `out/mcu/<split>_<name>.yaml`."""
    folder = Path(out) / "mcu"
    items = [convert(c, max_steps) for c in read_configs(source)]
    seen: dict[str, str] = {}
    for it in items:
        if it.task["id"] in seen:
            raise ValueError(f"{it.config.origin}: id {it.task['id']} also made from {seen[it.task['id']]}")
        seen[it.task["id"]] = it.config.origin
    folder.mkdir(parents=True, exist_ok=True)
    for it in items:
        it.path = folder / f"{it.task['id'].split('/', 1)[1]}.yaml"
        if it.path.exists() and not overwrite:
            raise FileExistsError(f"{it.path} exists; pass overwrite=True (--overwrite)")
        it.path.write_text(to_yaml(it), encoding="utf-8")
    return items
