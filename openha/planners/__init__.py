"""Planners (DESIGN.md "Planners"): one registry; a plan is ordered subgoals with goal text,
counts and a success test on inventory/stats; `replan(obs, reason)` after a failed subgoal.

    from openha.planners import make_planner
    planner = make_planner("recipe")            # or "hf:PATH", "openai:URL#model"
    plan = planner.plan(task, obs, info)
"""

from .base import Condition, Plan, Planner, PlannerError, Subgoal, observed
from .registry import make_planner, names, register, register_lazy

__all__ = ["Condition", "Plan", "Planner", "PlannerError", "Subgoal", "make_planner", "names",
           "observed", "register", "register_lazy"]
