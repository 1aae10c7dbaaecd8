"""Generate the benchmark task suite from minecraft-data and the recipe graph (deterministic).

    python benchmark_tasks/generate.py            # rewrite benchmark_tasks/<family>/*.yaml
    python benchmark_tasks/generate.py --out DIR  # write somewhere else (tests compare bytes)

Every choice (phrasing, seeds, distractor items) comes from a hash of the task id, so re-running
writes identical files. Families follow OpenHA's proportions (mine_block, kill_entity,
craft_item, smelt_item, interact_block), plus Optimus-2-style `long_horizon` tech-tree tasks from
an empty inventory and MCU-style `mcu` tasks with a richer set-up. Only tasks VoxelWorld can run
are written: blocks its world generation places or init commands place, the mobs it simulates,
and items the recipe graph can make from the init inventory; each is checked with
`openha.tasks.recipe_graph.feasible` before it is written.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmark_tasks.atomic_families import AtomicFamilies  # noqa: E402
from benchmark_tasks.composite_families import CompositeFamilies  # noqa: E402
from openha.tasks.recipe_graph import RecipeGraph, default_graph  # noqa: E402
from openha.tasks.spec import FAMILIES, TaskSpec  # noqa: E402

SUITE_NAME = "openha-voxel"
SUITE_VERSION = "1.1.0"  # bump the minor version when tasks change, the major when ids change
HERE = Path(__file__).resolve().parent


# -- the generator ---------------------------------------------------------------------------
class Generator(AtomicFamilies, CompositeFamilies):
    """All families, in suite order (tasks from earlier families come first)."""

    def build(self) -> list[TaskSpec]:
        self.mine_block()
        self.kill_entity()
        self.craft_item()
        self.smelt_item()
        self.interact_block()
        self.long_horizon()
        self.mcu()
        return self.tasks


# -- writing ---------------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    pass


def _flow_map(dumper, data):
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


class _Flow(dict):
    """A mapping written on one line: `{craft_item: {wooden_pickaxe: 1}}`."""


_Dumper.add_representer(_Flow, _flow_map)


def render_task(t: TaskSpec) -> str:
    d = t.to_dict()
    d["success"] = _Flow({k: _Flow(v) for k, v in d["success"].items()})
    text = yaml.dump(d, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)  # fmt: skip
    return _tags_inline(text)


def _tags_inline(text: str) -> str:
    """Write `tags` as one flow list (the rest stays block style)."""
    head, sep, tail = text.partition("\ntags:\n")
    if not sep:
        return text
    tags = [line[2:] for line in tail.splitlines() if line.startswith("- ")]
    return f"{head}\ntags: [{', '.join(tags)}]\n"


def render_suite(graph: RecipeGraph | None = None) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """{relative path: file text} for every task and suite.yaml, and the skipped (id, why)."""
    gen = Generator(graph or default_graph())
    tasks = gen.build()
    files = {f"{t.family}/{t.name}.yaml": render_task(t) for t in tasks}
    counts = Counter(t.family for t in tasks)
    families = {f: counts[f] for f in FAMILIES if counts[f]}
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(f"{rel}\n{files[rel]}\n".encode())
    suite = {
        "name": SUITE_NAME,
        "version": SUITE_VERSION,
        "digest": digest.hexdigest()[:16],  # changes whenever any task file changes
        "generated_by": "benchmark_tasks/generate.py",
        "minecraft": "1.16.5",
        "total": len(tasks),
        "families": families,
    }
    files["suite.yaml"] = (
        "# Written by benchmark_tasks/generate.py: do not edit by hand, re-run the generator.\n"
        + yaml.safe_dump(suite, sort_keys=False)
    )
    return dict(sorted(files.items())), gen.skipped


def write_suite(out: Path, clean: bool = True) -> tuple[int, list[tuple[str, str]]]:
    """Write the suite under `out` (replacing old task files there); returns (n tasks, skipped)."""
    files, skipped = render_suite()
    out = Path(out)
    if clean:  # tasks that are no longer generated must not linger
        for family in FAMILIES:
            for old in (out / family).glob("*.yaml"):
                old.unlink()
    for rel, text in files.items():
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return len(files) - 1, skipped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE, help="folder to write (default: benchmark_tasks/)")
    ap.add_argument("--show-skipped", action="store_true", help="list candidate tasks left out and why")
    args = ap.parse_args(argv)
    n, skipped = write_suite(args.out)
    print(f"wrote {n} tasks to {args.out} ({len(skipped)} candidates left out as infeasible)")
    if args.show_skipped:
        for tid, why in skipped:
            print(f"  {tid}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
