"""The benchmark suite: every task under `benchmark_tasks/`, its version, and selection.

    suite = load_suite()
    suite.filter(family="craft_item", tag="easy")
    suite.select("all") / suite.select("mine_block/*,kill_entity/zombie") / suite.select("tag:iron")
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .loader import _tasks_root, load_tasks
from .spec import FAMILIES, TaskSpec

__all__ = ["Suite", "load_suite", "suite_version", "tasks_root", "check_suite_meta"]

SUITE_FILE = "suite.yaml"


def tasks_root() -> Path:
    """The folder holding the suite (`benchmark_tasks/`)."""
    return _tasks_root()


def suite_version(root: str | Path | None = None) -> str:
    """The suite version written by the generator ("0" when the folder has no suite.yaml)."""
    meta = _meta(Path(root) if root else tasks_root())
    return str(meta.get("version", "0"))


def _meta(root: Path) -> dict:
    f = root / SUITE_FILE
    return (yaml.safe_load(f.read_text()) or {}) if f.exists() else {}


@dataclass(frozen=True)
class Suite:
    """An ordered, filterable collection of tasks (ids sorted, families in `FAMILIES` order)."""

    tasks: tuple[TaskSpec, ...]
    version: str = "0"
    name: str = "openha-voxel"
    digest: str = ""  # suite.yaml's hash of the generated files ("" when not generated)

    def __len__(self) -> int:
        return len(self.tasks)

    def __iter__(self) -> Iterator[TaskSpec]:
        return iter(self.tasks)

    def __contains__(self, task_id: str) -> bool:
        return any(t.id == task_id for t in self.tasks)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.tasks]

    def families(self) -> dict[str, int]:
        c = Counter(t.family for t in self.tasks)
        return {f: c[f] for f in (*FAMILIES, *sorted(set(c) - set(FAMILIES))) if c[f]}

    def tags(self) -> dict[str, int]:
        return dict(sorted(Counter(tag for t in self.tasks for tag in t.tags).items()))

    def get(self, task_id: str) -> TaskSpec:
        """The task with this id; KeyError with close ids when there is none."""
        for t in self.tasks:
            if t.id == task_id:
                return t
        close = difflib.get_close_matches(task_id, self.ids, n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        raise KeyError(f"no task {task_id!r} in suite {self.name} {self.version}{hint}")

    def filter(
        self,
        family: str | Iterable[str] | None = None,
        tag: str | Iterable[str] | None = None,
        pattern: str | None = None,
        ids: Iterable[str] | None = None,
    ) -> Suite:
        """Tasks of any of the families, having all the tags, whose id matches the glob, and in
        `ids` (each id must exist)."""
        fams = {family} if isinstance(family, str) else set(family or ())
        unknown = fams - set(FAMILIES)
        if unknown:
            bad = sorted(unknown)[0]
            close = difflib.get_close_matches(bad, FAMILIES, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise KeyError(f"unknown family {bad!r}{hint}; families: {', '.join(FAMILIES)}")
        tags = {tag} if isinstance(tag, str) else set(tag or ())
        wanted = None
        if ids is not None:
            wanted = set(ids)
            for i in wanted:
                self.get(i)
        out = [
            t
            for t in self.tasks
            if (not fams or t.family in fams)
            and tags <= set(t.tags)
            and (pattern is None or fnmatch.fnmatchcase(t.id, pattern))
            and (wanted is None or t.id in wanted)
        ]
        return Suite(tuple(out), self.version, self.name, self.digest)

    def select(self, spec: str) -> Suite:
        """Tasks named by a comma-separated selection: `all`, a family (`craft_item`), an id,
        a glob (`mine_block/*_ore`), or `tag:<tag>`. Unknown names raise KeyError."""
        spec = spec.strip()
        if spec in ("", "all", "*"):
            return self
        chosen: dict[str, TaskSpec] = {}
        for part in (p.strip() for p in spec.split(",") if p.strip()):
            if part.startswith("tag:"):
                picked = self.filter(tag=part[4:]).tasks
            elif part in FAMILIES:
                picked = self.filter(family=part).tasks
            elif any(ch in part for ch in "*?["):
                picked = self.filter(pattern=part).tasks
            else:
                picked = (self.get(part),)
            if not picked:
                raise KeyError(f"selection {part!r} matches no task")
            for t in picked:
                chosen[t.id] = t
        return Suite(tuple(t for t in self.tasks if t.id in chosen), self.version, self.name, self.digest)


def load_suite(root: str | Path | None = None, *, feasibility: bool = False) -> Suite:
    """Load every task under `root` (default: the installed `benchmark_tasks/`); raises
    `TaskError` listing all problems. Cached per root when `feasibility` is off."""
    r = Path(root).resolve() if root else tasks_root().resolve()
    if feasibility:
        return _load(r, True)
    return _load_cached(r)


@functools.lru_cache(maxsize=8)
def _load_cached(root: Path) -> Suite:
    return _load(root, False)


def _load(root: Path, feasibility: bool) -> Suite:
    tasks = load_tasks([root], feasibility=feasibility)
    order = {f: k for k, f in enumerate(FAMILIES)}
    tasks.sort(key=lambda t: (order.get(t.family, len(order)), t.id))
    meta = _meta(root)
    return Suite(
        tuple(tasks), str(meta.get("version", "0")), str(meta.get("name", "openha-voxel")), str(meta.get("digest", ""))
    )


def check_suite_meta(suite: Suite, root: str | Path | None = None) -> list[str]:
    """Problems between suite.yaml (version, counts) and the task files actually present."""
    r = Path(root) if root else tasks_root()
    meta = _meta(r)
    where = "benchmark_tasks/suite.yaml"
    if not meta:
        return [f"{where}: missing; run `python benchmark_tasks/generate.py`"]
    errs = []
    if meta.get("total") != len(suite):
        errs.append(f"{where}: total: says {meta.get('total')} tasks, found {len(suite)}")
    if (meta.get("families") or {}) != suite.families():
        errs.append(f"{where}: families: says {meta.get('families')}, found {suite.families()}")
    if errs:
        errs.append(f"{where}: out of date; re-run `python benchmark_tasks/generate.py`")
    return errs
