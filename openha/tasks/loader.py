"""Load and check task YAML files: schema, unknown fields, Minecraft names, init commands.

Every problem becomes one line naming the file and the field, with a suggestion for typos:
`benchmark_tasks/craft_item/x.yaml: init.commands[1]: unknown item 'oak_plank' (did you mean
'oak_planks'?)`. `load_task` raises `TaskError` with all of a file's problems; `check_file`
returns them; `check_feasible` adds the recipe-graph check (is the task achievable?).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from .spec import (  # noqa: F401  (split_command: re-exported)
    DIFFICULTIES,
    FAMILIES,
    STAT_KINDS,
    TaskError,
    TaskSpec,
    split_command,
)
from .task_commands import (  # noqa: F401  (names and commands live there)
    _COORD_RE,
    _TIME_NAMES,
    COMMANDS,
    _check_name,
    _coords,
    _count,
    _effects,
    _gd,
    _selector,
    _strip_ns,
    _suggest,
    check_command,
)

__all__ = [
    "TASKS_ROOT",
    "FIELDS",
    "load_task",
    "load_tasks",
    "collect_tasks",
    "parse_task",
    "check_file",
    "check_command",
    "check_feasible",
    "task_files",
    "display_path",
]

TASKS_ROOT = Path(__file__).resolve().parents[2] / "benchmark_tasks"
FIELDS = ("id", "family", "instruction", "init", "success", "max_steps", "tags")
REQUIRED = ("id", "family", "instruction", "success", "max_steps")
INIT_FIELDS = ("seed", "commands")
MAX_STEPS_LIMIT = 72_000  # one hour of game time at 20 ticks/s
_ID_RE = re.compile(r"^[a-z0-9_]+/[a-z0-9_]+$")
_TAG_RE = re.compile(r"^[a-z0-9][a-z0-9_:.-]*$")


def _tasks_root() -> Path:
    """benchmark_tasks/ next to the package (editable install) or as installed package data."""
    try:
        from importlib.resources import files

        root = Path(str(files("benchmark_tasks")))
        if root.is_dir():
            return root
    except (ModuleNotFoundError, TypeError):
        pass
    return TASKS_ROOT


def display_path(path: str | Path) -> str:
    """`benchmark_tasks/<family>/<name>.yaml` for suite files, else the path relative to the
    working directory when possible."""
    p = Path(path).resolve()
    root = _tasks_root().resolve()
    try:
        return str(Path("benchmark_tasks") / p.relative_to(root))
    except ValueError:
        pass
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# -- YAML with duplicate-key detection --------------------------------------------------------
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader that rejects duplicate keys (PyYAML silently keeps the last one)."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(text: str, where: str):
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise TaskError(f"{where}: {line}invalid YAML: {problem}") from None


# -- the schema -------------------------------------------------------------------------------
def _unknown_fields(d: dict, known: Iterable[str], prefix: str) -> list[str]:
    known = tuple(known)
    out = []
    for k in d:
        if k not in known:
            out.append(f"{prefix}unknown field {k!r}{_suggest(str(k), known)}; known fields: {', '.join(known)}")
    return out


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_mapping(data, path: Path | None) -> list[str]:
    """Schema and name problems of one task mapping, as `field: message` strings."""
    if not isinstance(data, dict):
        return [f"a task file must be a YAML mapping, got {type(data).__name__}"]
    errs = _unknown_fields(data, FIELDS, "")
    for k in REQUIRED:
        if k not in data:
            errs.append(f"{k}: missing required field")
    fam = data.get("family")
    if "family" in data and (not isinstance(fam, str) or fam not in FAMILIES):
        errs.append(f"family: unknown family {fam!r}{_suggest(str(fam), FAMILIES)}; known: {', '.join(FAMILIES)}")
    tid = data.get("id")
    if "id" in data:
        if not isinstance(tid, str) or not _ID_RE.match(tid):
            errs.append(f"id: {tid!r} must look like 'family/name' (lowercase letters, digits, _)")
        else:
            tfam, tname = tid.split("/", 1)
            if isinstance(fam, str) and tfam != fam:
                errs.append(f"id: {tid!r} must start with the family {fam!r}/")
            if path is not None and tname != path.stem:
                errs.append(f"id: {tid!r} must end with the file name {path.stem!r} (ids are 'family/<file stem>')")
            if path is not None and path.parent.name in FAMILIES and path.parent.name != tfam:
                errs.append(f"id: {tid!r} is in folder {path.parent.name}/ but names family {tfam!r}")
    if "instruction" in data:
        ins = data["instruction"]
        if not isinstance(ins, str) or not ins.strip():
            errs.append("instruction: must be a non-empty string")
    if "max_steps" in data:
        ms = data["max_steps"]
        if not _is_int(ms) or not 1 <= ms <= MAX_STEPS_LIMIT:
            errs.append(f"max_steps: must be a whole number of env steps in 1..{MAX_STEPS_LIMIT}, got {ms!r}")
    init = data.get("init", {})
    if init is None:
        init = {}
    if not isinstance(init, dict):
        errs.append(f"init: must be a mapping with {' and '.join(INIT_FIELDS)}, got {type(init).__name__}")
    else:
        errs += _unknown_fields(init, INIT_FIELDS, "init: ")
        seed = init.get("seed")
        if seed is not None and (not _is_int(seed) or not 0 <= seed < 2**31):
            errs.append(f"init.seed: must be a whole number in 0..2**31-1, got {seed!r}")
        cmds = init.get("commands", [])
        if cmds is None:
            cmds = []
        if not isinstance(cmds, list):
            errs.append(f"init.commands: must be a list of command strings, got {type(cmds).__name__}")
        else:
            for i, c in enumerate(cmds):
                msg = check_command(c)
                if msg:
                    errs.append(f"init.commands[{i}]: {msg}")
    if "success" in data:
        errs += _check_success(data["success"])
    tags = data.get("tags", [])
    if tags is None:
        tags = []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        errs.append("tags: must be a list of strings")
    else:
        for i, t in enumerate(tags):
            if not _TAG_RE.match(t):
                errs.append(f"tags[{i}]: {t!r} must be lowercase letters, digits, _ : . or -")
        diffs = [t for t in tags if t in DIFFICULTIES]
        if len(diffs) != 1:
            hint = _suggest(next((t for t in tags if _suggest(t, DIFFICULTIES)), ""), DIFFICULTIES)
            errs.append(f"tags: need exactly one difficulty tag ({', '.join(DIFFICULTIES)}), got {diffs or 'none'}{hint}")
        dup = sorted({t for t in tags if tags.count(t) > 1})
        if dup:
            errs.append(f"tags: duplicate tags {dup}")
    return errs


def _check_success(success) -> list[str]:
    if not isinstance(success, dict) or not success:
        return ["success: must be a non-empty mapping like {craft_item: {wooden_pickaxe: 1}}"]
    errs = []
    for kind, targets in success.items():
        if kind not in STAT_KINDS:
            errs.append(f"success: unknown condition {kind!r}{_suggest(str(kind), STAT_KINDS)}; known: {', '.join(STAT_KINDS)}")
            continue
        if not isinstance(targets, dict) or not targets:
            errs.append(f"success.{kind}: must be a non-empty mapping of name: count")
            continue
        what = STAT_KINDS[kind]
        for name, n in targets.items():
            field = f"success.{kind}.{name}"
            if not isinstance(name, str):
                errs.append(f"{field}: names must be strings")
                continue
            if not _is_int(n) or n < 1:
                errs.append(f"{field}: count must be a whole number >= 1, got {n!r}")
            if kind == "kill_entity":
                msg = _check_name("mob", name)
            elif what is None:
                msg = None if re.fullmatch(r"[a-z0-9_]+", name) else f"{name!r} must be lowercase letters, digits and _"
            else:
                msg = _check_name(what, name)
            if msg:
                errs.append(f"{field}: {msg}")
    return errs


def parse_task(data, path: str | Path | None = None) -> TaskSpec:
    """Validate a task mapping (schema + names) and build the `TaskSpec`; raises `TaskError`."""
    p = Path(path) if path is not None else None
    where = display_path(p) if p is not None else "<task>"
    errs = _check_mapping(data, p)
    if errs:
        raise TaskError([f"{where}: {e}" for e in errs])
    return TaskSpec.from_dict(data, path=str(p) if p is not None else None)


def load_task(path: str | Path) -> TaskSpec:
    """Load one task file; raises `TaskError` listing every problem (file: field: message)."""
    p = Path(path)
    where = display_path(p)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        raise TaskError(f"{where}: cannot read: {e.strerror or e}") from None
    return parse_task(_read_yaml(text, where), p)


def check_file(path: str | Path) -> list[str]:
    """Every problem of one task file (empty when it is valid)."""
    try:
        load_task(path)
    except TaskError as e:
        return e.errors
    return []


def check_feasible(task: TaskSpec, graph=None) -> list[str]:
    """[] if the recipe graph and world generation say the task can be done, else the reason."""
    from .recipe_graph import default_graph

    ok, why = (graph or default_graph()).feasible(task)
    if ok:
        return []
    where = display_path(task.path) if task.path else task.id
    return [f"{where}: infeasible: {why}"]


def task_files(paths: Iterable[str | Path] | None = None) -> list[Path]:
    """YAML task files under `paths` (files or folders; default: the whole suite), sorted.
    The suite's own `suite.yaml` is not a task."""
    roots = [Path(p) for p in paths] if paths else [_tasks_root()]
    out: list[Path] = []
    for r in roots:
        if r.is_dir():
            out += [f for f in r.rglob("*.yaml") if f.name != "suite.yaml"]
        else:
            out.append(r)
    return sorted(set(out))


def collect_tasks(files: Iterable[str | Path], *, feasibility: bool = False) -> tuple[list[TaskSpec], list[str]]:
    """(tasks, problems) of many task files, never raising: every problem in every file,
    duplicate ids, and with `feasibility=True` the recipe-graph check. For `load_tasks` and the
    `openha tasks validate` command."""
    tasks, errors = [], []
    seen: dict[str, str] = {}
    for f in files:
        try:
            t = load_task(f)
        except TaskError as e:
            errors += e.errors
            continue
        if t.id in seen:
            errors.append(f"{display_path(f)}: id: {t.id!r} is also the id of {seen[t.id]}")
            continue
        seen[t.id] = display_path(f)
        tasks.append(t)
    if feasibility and tasks:
        from .recipe_graph import default_graph

        g = default_graph()
        for t in tasks:
            errors += check_feasible(t, g)
    return tasks, errors


def load_tasks(paths: Iterable[str | Path] | None = None, *, feasibility: bool = False) -> list[TaskSpec]:
    """Load many task files; raises one `TaskError` with every problem in every file (and
    duplicate ids). `feasibility=True` also runs the recipe-graph check."""
    tasks, errors = collect_tasks(task_files(paths), feasibility=feasibility)
    if errors:
        raise TaskError(errors)
    return tasks
