"""Chain-of-Action targets from an expert episode: a per-tick probe of the privileged game state,
the projection of a world point into the frame, and one target text per action space.

A decision every `every` (k) ticks; the decision's action is the window's *mean action*: held
keys pressed in at least half of the k ticks, one-shot keys (inventory, ESC, drop, hotbar,
swapHands, pickItem) pressed in any tick, camera = the mean turn per tick. Executing a decision
repeats that action for k ticks (one-shot keys on the first only) — see `expand`.

The grounding target is found in hindsight (privileged, data time only): the first tick within
`horizon` ticks whose action attacks or uses a block or mob under the crosshair. Its position at
the decision tick is projected into the decision frame; Mine/Kill/Use when it is acted on inside
the window, Approach when later; a target outside the view becomes `Explore`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from openha.actions import ActionError, get
from openha.actions.env import noop
from openha.actions.grounding import GroundingAction
from openha.actions.skill import SkillAction

SPACES = ("text", "motion", "grounding", "skill", "tokens")
ONE_SHOT = ("inventory", "ESC", "drop", "swapHands", "pickItem", *(f"hotbar.{i}" for i in range(1, 10)))
INTERACTIVE = ("crafting_table", "furnace", "chest", "barrel", "smoker", "blast_furnace",
               "trapped_chest", "note_block", "jukebox", "lever", "stone_button", "oak_door")  # fmt: skip
_STEP = re.compile(r"step: (mine|kill|craft|smelt) (\d+) ([a-z0-9_]+)")
_PLACE = re.compile(r"step: place the ([a-z0-9_]+)")
_GOAL = re.compile(r"goal (mine_block|craft_item|smelt_item|kill_entity)\.([a-z0-9_]+) x(\d+)")
_GOAL_VERB = {"mine_block": "mine", "craft_item": "craft", "smelt_item": "smelt", "kill_entity": "kill"}


@dataclass
class Probe:
    """Game state just before one tick's action (privileged; data time only)."""

    action: dict
    gui_open: bool
    eye: tuple[float, float, float]
    pitch: float
    yaw: float
    block: tuple[int, int, int] | None = None
    block_name: str | None = None
    mob: int | None = None  # uid of the mob under the crosshair
    mobs: dict[int, tuple[str, tuple[float, float, float]]] = field(default_factory=dict)
    skill: str | None = None  # the expert's current skill, as `Skill: …` text


def probe(game: Any, action: Mapping[str, Any], skill: str | None, radius: float = 24.0) -> Probe:
    """Read what the crosshair targets and where nearby mobs are, before `action` runs."""
    block = tuple(int(v) for v in game.target) if game.target is not None else None
    name = game.gd.block_name(game.world.get(*block)) if block is not None else None
    mob = game._target_mob() if not game.gui_open else None
    ex, ey, ez = game.eye()
    mobs = {
        m.uid: (m.kind, (float(m.x), float(m.y) + float(m.height) / 2, float(m.z)))
        for m in game.mobs.mobs
        if m.health > 0 and abs(m.x - ex) < radius and abs(m.z - ez) < radius
    }
    return Probe(dict(action), bool(game.gui_open), (ex, ey, ez), float(game.pitch),
                 float(game.yaw), block, name, None if mob is None else mob.uid, mobs, skill)  # fmt: skip


def skill_of(note: str, current: str | None) -> str | None:
    """Update the current skill text from one expert note (`step: …` / `goal …`)."""
    verb = target = None
    count = 1
    if m := _STEP.search(note):
        verb, count, target = m.group(1), int(m.group(2)), m.group(3)
    elif m := _PLACE.search(note):
        verb, target = "place", m.group(1)
    elif m := _GOAL.search(note):
        verb, target, count = _GOAL_VERB[m.group(1)], m.group(2), int(m.group(3))
    if verb is None:
        return current
    try:
        return get("skill").format(SkillAction(verb, target, max(1, count)))
    except ActionError:
        return current


def project(eye: Sequence[float], pitch: float, yaw: float, point: Sequence[float],
            fov_v_deg: float = 70.0, aspect: float = 16 / 9) -> tuple[int, int] | None:
    """A world point in 0–1000 image coordinates (x right, y down) as the renderer draws it;
    None when it is behind the camera or outside the frame."""
    p, y = math.radians(max(-90.0, min(90.0, pitch))), math.radians(yaw)
    cp, sp, cy, sy = math.cos(p), math.sin(p), math.cos(y), math.sin(y)
    f = (-sy * cp, -sp, cy * cp)
    r = (-cy, 0.0, -sy)
    u = (-sy * sp, cp, cy * sp)
    d = [point[i] - eye[i] for i in range(3)]
    depth = sum(d[i] * f[i] for i in range(3))
    if depth <= 1e-6:
        return None
    tv = math.tan(math.radians(fov_v_deg) / 2)
    th = tv * aspect
    uu = sum(d[i] * r[i] for i in range(3)) / depth / th
    vv = sum(d[i] * u[i] for i in range(3)) / depth / tv
    x, yy = (uu + 1) / 2 * 1000, (1 - vv) / 2 * 1000
    if not (0 <= x < 1000 and 0 <= yy < 1000):
        return None
    return min(999, int(x)), min(999, int(yy))


def mean_action(window: Sequence[Mapping[str, Any]]) -> dict:
    """The window's mean action (module doc)."""
    out = noop()
    n = len(window)
    for key in out:
        if key == "camera":
            continue
        hits = sum(int(np.asarray(a.get(key, 0)).reshape(-1)[0]) for a in window)
        out[key] = int(hits > 0) if key in ONE_SHOT else int(hits * 2 >= n and hits > 0)
    cam = np.mean([np.asarray(a.get("camera", (0.0, 0.0)), np.float64) for a in window], axis=0)
    out["camera"] = np.asarray(cam, np.float32)
    return out


def expand(action: Mapping[str, Any], ticks: int) -> list[dict]:
    """Execute one decision for `ticks` ticks: one-shot keys only on the first."""
    out = []
    for t in range(ticks):
        a = {k: (np.array(v, np.float32) if k == "camera" else int(v)) for k, v in action.items()}
        if t:
            for key in ONE_SHOT:
                if key in a:
                    a[key] = 0
        out.append(a)
    return out


def grounding_step(probes: Sequence[Probe], t: int, every: int, horizon: int) -> GroundingAction:
    """The grounding action for a decision at tick t (module doc)."""
    now = probes[t]
    if now.gui_open:
        return GroundingAction("no-op")
    for s in range(t, min(len(probes), t + horizon)):
        pr = probes[s]
        a = pr.action
        attack, use = a.get("attack", 0) == 1, a.get("use", 0) == 1
        if pr.gui_open or not (attack or use):
            continue
        if attack and pr.mob is not None and pr.mob in now.mobs:
            kind, centre = now.mobs[pr.mob]
            verb, name = "Kill", kind
        elif pr.block is not None:
            centre = (pr.block[0] + 0.5, pr.block[1] + 0.5, pr.block[2] + 0.5)
            name = pr.block_name or "block"
            verb = "Mine" if attack else ("Interact" if name in INTERACTIVE else "Use")
        else:
            continue
        point = project(now.eye, now.pitch, now.yaw, centre)
        if point is None:
            return GroundingAction("Explore")
        if s >= t + every:
            verb = "Approach"
        return GroundingAction(verb, name.replace("_", " "), (point,))
    moving = any(probes[s].action.get("forward", 0) for s in range(t, min(len(probes), t + every)))
    return GroundingAction("Explore" if moving else "no-op")


def targets(probes: Sequence[Probe], t: int, every: int = 4, horizon: int = 60) -> dict[str, str]:
    """Target text in every space for the decision at tick t (keys: SPACES)."""
    window = [p.action for p in probes[t : t + every]]
    gui = [p.gui_open for p in probes[t : t + every]]
    mean = mean_action(window)
    action = get("text").format(get("text").from_env(mean))
    motion = get("motion").format(get("motion").from_env(window, gui))
    ground = get("grounding").format(grounding_step(probes, t, every, horizon))
    skill = probes[t].skill
    tokens = get("tokens").format(get("tokens").from_env(mean))
    return {
        "text": action,
        "motion": f"{motion}\n{action}",
        "grounding": f"{ground}\n{action}",
        "skill": f"{skill}\n{action}" if skill else action,
        "tokens": tokens,
    }
