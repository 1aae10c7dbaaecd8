"""Planning with a chat model (local HF or OpenAI-compatible): the OpenHA-style prompt, the
reply parser, and `ChatPlanner`, the base both model planners share.

The model sees the current view and the task and answers one step per line:

    Skill: mine(oak_log, 4)
    Skill: craft(oak_planks, 16)
    Skill: craft(crafting_table)

Lines are parsed with `openha.actions` (`skill` grammar; `Grounding:` / `Motion:` lines are
parsed too and kept in `Plan.parsed`, but only `Skill:` steps become subgoals). A reply with no
valid step gives a plan with no subgoals and the parse errors recorded: it never raises.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from typing import Any

from .base import Plan, observed
from .subgoals import BudgetConfig, from_skill

__all__ = ["SYSTEM_PROMPT", "ChatPlanner", "build_messages", "parse_plan", "image_data_url"]

SYSTEM_PROMPT = (
    "You are a Minecraft agent. You see the game screen and your inventory. Reply with a plan: "
    "one step per line, each `Skill: verb(name, count)` with verb one of mine, craft, smelt, "
    "kill, place, equip, eat and Minecraft 1.16 names (e.g. `Skill: mine(oak_log, 4)`, "
    "`Skill: craft(crafting_table)`, `Skill: smelt(iron_ingot, 3)`). Steps run in order; "
    "make only what the task needs from what you already have."
)
STYLES = ("plan", "openha")
_LINE = re.compile(r"\b(skill|grounding|motion)\s*:", re.I)


def image_data_url(pov: Any, size: int = 224) -> str | None:
    """An RGB frame (H, W, 3 uint8) as a PNG data URL, resized to at most `size` px per side."""
    import cv2
    import numpy as np

    if pov is None:
        return None
    img = np.asarray(pov)
    if img.ndim != 3 or img.shape[2] != 3 or img.size == 0:
        return None
    scale = size / max(img.shape[:2])
    if scale < 1:
        img = cv2.resize(img, (max(1, round(img.shape[1] * scale)), max(1, round(img.shape[0] * scale))),
                         interpolation=cv2.INTER_AREA)
    ok, png = cv2.imencode(".png", np.ascontiguousarray(img[:, :, ::-1]))
    return "data:image/png;base64," + base64.b64encode(png.tobytes()).decode() if ok else None


def build_messages(task: Any, obs: Mapping[str, Any], info: Mapping[str, Any] | None,
                   reason: str | None = None, image_size: int = 224, style: str = "plan") -> list[dict]:
    """OpenAI chat messages. `plan`: the system prompt, then the view (a data-URL image part)
    and the task, inventory and (when replanning) why the last step failed. `openha`: OpenHA's
    single user turn (action-chain instructions + the task's instruction, then the image); its
    `Skill:` line is the next subgoal."""
    if style not in STYLES:
        raise ValueError(f"prompt style {style!r}: use one of {', '.join(STYLES)}")
    url = image_data_url((obs or {}).get("pov"), image_size)
    image = [{"type": "image_url", "image_url": {"url": url}}] if url else []
    if style == "openha":  # OpenHA's own layout and `mix` system prompt, verbatim
        from openha.coa.prompts import system_prompt

        text = system_prompt("mix") + task.instruction + "\n"
        return [{"role": "user", "content": [{"type": "text", "text": text}, *image]}]
    stats, inv = observed(obs, info)
    held = ", ".join(f"{n} {k}" for k, n in sorted(inv.items()) if n) or "nothing"
    missing = task.success.missing(stats, inv)
    lines = [f"Task: {task.instruction}", f"Inventory: {held}",
             "Still missing: " + (", ".join(f"{k} x{n}" for k, n in missing.items()) or "nothing")]
    if reason:
        lines.append(f"The last step failed: {reason}. Plan again from here.")
    content = [*image, {"type": "text", "text": "\n".join(lines)}]
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": content}]


def _drop_of(block: str) -> str | None:
    from openha.tasks.recipe_graph import default_graph

    drops = default_graph().drops_of_block.get(block)
    return drops[0].item if drops else None


def parse_plan(text: Any, planner: str, reason: str = "start",
               budgets: BudgetConfig = BudgetConfig()) -> Plan:
    """A model reply → Plan. Every labelled line is parsed; bad lines become `errors`."""
    from openha.actions import ParseError, get
    from openha.actions.skill import SkillAction

    if not isinstance(text, str):
        return Plan([], planner, reason, None, [f"reply is {type(text).__name__}, not text"])
    plan = Plan([], planner, reason, text, [])
    spaces = {"skill": get("skill"), "grounding": get("grounding"), "motion": get("motion")}
    for line in text.splitlines():
        m = _LINE.search(line)
        if not m:
            continue
        kind = m.group(1).lower()
        try:
            step = spaces[kind].parse(line[m.start():].strip())
        except (ParseError, ValueError) as e:
            plan.errors.append(f"{kind} line {line.strip()[:80]!r}: {e}")
            continue
        plan.parsed.append(str(step))
        if isinstance(step, SkillAction):
            drop = _drop_of(step.target) if step.verb == "mine" else None
            plan.subgoals.append(from_skill(step, budgets, drop))
    if not plan.subgoals and not plan.errors:
        plan.errors.append(f"no `Skill:` step in the reply {text.strip()[:120]!r}")
    return plan


class ChatPlanner:
    """Base of the model planners: subclasses implement `complete(messages) -> str`, which may
    raise; errors become a recorded plan error, never an exception out of `plan`/`replan`."""

    name = "chat"
    needs_pov = True

    def __init__(self, image_size: int = 224, budgets: BudgetConfig | None = None, style: str = "plan"):
        if style not in STYLES:
            raise ValueError(f"prompt style {style!r}: use one of {', '.join(STYLES)}")
        self.style = style
        self.image_size = image_size
        self.budgets = budgets or BudgetConfig()
        self.task = None
        self.calls = 0

    def complete(self, messages: list[dict]) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def plan(self, task: Any, obs, info=None) -> Plan:
        self.task = task
        return self._ask(obs, info, None)

    def replan(self, obs, reason: str, info=None) -> Plan:
        if self.task is None:
            raise RuntimeError(f"{self.name}: replan before plan(task, obs)")
        return self._ask(obs, info, reason)

    def _ask(self, obs, info, reason: str | None) -> Plan:
        self.calls += 1
        messages = build_messages(self.task, obs, info, reason, self.image_size, self.style)
        try:
            text = self.complete(messages)
        except Exception as e:  # a broken model/server must not crash the episode
            return Plan([], self.name, reason or "start", None, [f"{type(e).__name__}: {e}"])
        return parse_plan(text, self.name, reason or "start", self.budgets)
