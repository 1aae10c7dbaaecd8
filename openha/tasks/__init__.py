"""Benchmark tasks: the `TaskSpec` schema, the YAML loader/validator, the recipe graph (how every
item is obtained in VoxelWorld, and plans from an inventory) and the suite under
`benchmark_tasks/`. Pure: no env, torch or ray imports."""

from .loader import check_command, check_feasible, check_file, load_task, load_tasks, parse_task
from .recipe_graph import (
    Plan,
    RecipeGraph,
    Step,
    Unobtainable,
    default_graph,
    feasible,
    requirements,
)
from .spec import FAMILIES, STAT_KINDS, InitState, SuccessCondition, TaskError, TaskInit, TaskSpec
from .suite import Suite, load_suite, suite_version

__all__ = [
    "FAMILIES",
    "STAT_KINDS",
    "InitState",
    "Plan",
    "RecipeGraph",
    "Step",
    "SuccessCondition",
    "Suite",
    "TaskError",
    "TaskInit",
    "TaskSpec",
    "Unobtainable",
    "check_command",
    "check_feasible",
    "check_file",
    "default_graph",
    "feasible",
    "load_suite",
    "load_task",
    "load_tasks",
    "parse_task",
    "requirements",
    "suite_version",
]
