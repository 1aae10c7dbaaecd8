"""Crafter (Hafner 2021, `pip install crafter`) behind our env API, and the Crafter score.

    env = gymnasium.make("openha/Crafter-v0")                 # needs `pip install 'openha[crafter]'`
    obs, info = env.reset(seed=0)                              # obs: {"pov", "inventory"}
    obs, reward, terminated, truncated, info = env.step(5)     # 17 discrete actions (ACTIONS)
    info["stats"]["achievement.collect_wood"]                  # counts since reset

The 22 achievements are tasks `crafter/<achievement>` (`task_dicts()`, in our task schema with
success `{achievement: {<name>: 1}}`); one episode measures all 22 at once. The score is the
paper's: the success rate s_i (percent of episodes that unlocked achievement i at least once)
combined as S = exp(mean_i ln(1 + s_i)) - 1 over all 22 (`crafter_score`); `score_ci`
bootstraps it over episodes. Importing this module never needs crafter; constructing the env does.
"""

from __future__ import annotations

import collections
import math
from collections.abc import Iterable, Mapping, Sequence

import gymnasium as gym
import numpy as np

__all__ = ["ACHIEVEMENTS", "ACTIONS", "CrafterEnv", "task_dicts", "success_rates", "crafter_score",
           "score_ci", "random_agent_episodes", "PAPER_SCORES"]  # fmt: skip

ACHIEVEMENTS = (
    "collect_coal", "collect_diamond", "collect_drink", "collect_iron", "collect_sapling",
    "collect_stone", "collect_wood", "defeat_skeleton", "defeat_zombie", "eat_cow", "eat_plant",
    "make_iron_pickaxe", "make_iron_sword", "make_stone_pickaxe", "make_stone_sword",
    "make_wood_pickaxe", "make_wood_sword", "place_furnace", "place_plant", "place_stone",
    "place_table", "wake_up",
)  # fmt: skip
ACTIONS = (
    "noop", "move_left", "move_right", "move_up", "move_down", "do", "sleep", "place_stone",
    "place_table", "place_furnace", "place_plant", "make_wood_pickaxe", "make_stone_pickaxe",
    "make_iron_pickaxe", "make_wood_sword", "make_stone_sword", "make_iron_sword",
)  # fmt: skip
INVENTORY = ("health", "food", "drink", "energy", "sapling", "wood", "stone", "coal", "iron",
             "diamond", "wood_pickaxe", "stone_pickaxe", "iron_pickaxe", "wood_sword",
             "stone_sword", "iron_sword")  # fmt: skip
# Crafter paper (arXiv 2109.06780), Table/README: score in percent, mean ± std over seeds.
PAPER_SCORES = {"random": (1.6, 0.0), "human_experts": (50.5, 6.8)}


def _crafter():
    try:
        import crafter
    except ImportError:
        raise ImportError(
            "openha/Crafter-v0 needs the crafter package: pip install 'openha[crafter]' "
            "(or pip install crafter)"
        ) from None
    return crafter


class CrafterEnv(gym.Env):
    """Crafter as a gymnasium env: Discrete(17) actions, obs {"pov": (size, size, 3) uint8,
    "inventory": {item: 0..9}}; `terminated` on death, `truncated` at `length` steps."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 10}

    def __init__(self, size: int = 64, area: int = 64, view: int = 9, length: int = 10000,
                 render_mode: str | None = "rgb_array"):  # fmt: skip
        self._crafter = _crafter()
        self.size, self.area, self.view, self.length = int(size), int(area), int(view), int(length)
        self.render_mode = render_mode
        self.action_space = gym.spaces.Discrete(len(ACTIONS))
        self.observation_space = gym.spaces.Dict({
            "pov": gym.spaces.Box(0, 255, (self.size, self.size, 3), np.uint8),
            "inventory": gym.spaces.Dict(
                {k: gym.spaces.Box(0, 9, (), np.int32) for k in INVENTORY}
            ),
        })  # fmt: skip
        self._env = None
        self._pov = None

    def _make(self, seed: int) -> None:
        self._env = self._crafter.Env(area=(self.area, self.area), view=(self.view, self.view),
                                      size=(self.size, self.size), reward=True,
                                      length=self.length, seed=int(seed))  # fmt: skip

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        options = dict(options or {})
        task = options.pop("task", None)
        if options:
            raise ValueError(f"reset options {sorted(options)}: Crafter takes only 'task'")
        if task is not None and getattr(getattr(task, "init", None), "commands", ()):
            raise ValueError(f"task {task.id}: Crafter has no commands; init.commands must be empty")
        if task is not None and task.init.seed is not None and seed is None:
            seed = task.init.seed
        if seed is not None or self._env is None:  # a seed fixes the world sequence
            self._make(seed if seed is not None else int(self.np_random.integers(0, 2**31 - 1)))
        self._pov = self._env.reset()
        _order_chunks(self._env._world)  # noqa: SLF001
        return self._obs(self._env._player.inventory), self._info(None)  # noqa: SLF001

    def step(self, action):
        if self._env is None:
            raise RuntimeError("call reset() before step()")
        if not self.action_space.contains(int(action)) or int(action) != action:
            raise ValueError(f"action {action!r}: expected an int in [0, {len(ACTIONS)}) — {ACTIONS}")
        self._pov, reward, done, info = self._env.step(int(action))
        terminated = info["discount"] == 0
        return self._obs(info["inventory"]), float(reward), terminated, bool(done and not terminated), self._info(info)

    def render(self):
        return None if self.render_mode is None else self._pov.copy()

    def _obs(self, inventory: Mapping[str, int]) -> dict:
        return {"pov": self._pov, "inventory": {k: np.array(inventory.get(k, 0), np.int32) for k in INVENTORY}}

    def _info(self, info: dict | None) -> dict:
        ach = info["achievements"] if info else dict.fromkeys(ACHIEVEMENTS, 0)
        return {
            "stats": {f"achievement.{k}": int(ach.get(k, 0)) for k in ACHIEVEMENTS},
            "achievements": dict(ach),
            "player_pos": tuple(int(v) for v in (info["player_pos"] if info else (0, 0))),
        }


def task_dicts(max_steps: int = 10000) -> list[dict]:
    """The 22 achievements as task mappings (our YAML schema; `TaskSpec.from_dict` builds them)."""
    return [
        {"id": f"crafter/{a}", "family": "crafter",
         "instruction": f"{a.replace('_', ' ').capitalize()} in Crafter.",
         "init": {"commands": []}, "success": {"achievement": {a: 1}}, "max_steps": max_steps,
         "tags": ["crafter", "medium" if a.startswith(("make_iron", "collect_diamond")) else "easy"]}
        for a in ACHIEVEMENTS
    ]  # fmt: skip


def _unlocked(ep: Mapping) -> set[str]:
    """Achievements unlocked in one episode: from final `info["stats"]` or crafter's dict."""
    out = set()
    for k, v in ep.items():
        name = k.split(".", 1)[1] if k.startswith("achievement.") else k.removeprefix("achievement_")
        if name in ACHIEVEMENTS and v >= 1:
            out.add(name)
    return out


def success_rates(episodes: Iterable[Mapping]) -> dict[str, float]:
    """Percent of episodes that unlocked each achievement at least once."""
    eps = [_unlocked(e) for e in episodes]
    if not eps:
        raise ValueError("success_rates: no episodes")
    return {a: 100.0 * sum(a in e for e in eps) / len(eps) for a in ACHIEVEMENTS}


def crafter_score(rates: Mapping[str, float] | Sequence[float]) -> float:
    """S = exp(mean ln(1 + s_i)) - 1 with s_i in percent, over all 22 achievements."""
    vals = [rates.get(a, 0.0) for a in ACHIEVEMENTS] if isinstance(rates, Mapping) else list(rates)
    if len(vals) != len(ACHIEVEMENTS) or not all(0.0 <= v <= 100.0 for v in vals):
        raise ValueError(f"crafter_score: need {len(ACHIEVEMENTS)} success rates in percent (0..100)")
    return math.exp(sum(math.log1p(v) for v in vals) / len(vals)) - 1.0


class _OrderedSet(dict):
    """A set that iterates in insertion order (crafter's chunk sets iterate by object address)."""

    def add(self, item) -> None:
        self[item] = None

    def remove(self, item) -> None:
        del self[item]


def _order_chunks(world) -> None:
    """Crafter keeps each chunk's objects in a plain `set`, so which creature despawns depends on
    memory addresses and two runs with one seed diverge. Rebuild the chunks as insertion-ordered
    sets, in object-creation order, so a seed fixes the episode."""
    chunks = collections.defaultdict(_OrderedSet)
    for obj in world._objects:  # noqa: SLF001
        if obj is not None:
            chunks[world.chunk_key(obj.pos)].add(obj)
    world._chunks = chunks  # noqa: SLF001


def score_ci(episodes: Sequence[Mapping], n_boot: int = 2000, alpha: float = 0.05, seed: int = 0):
    """(score, low, high): the score and a percentile-bootstrap CI over episodes."""
    m = np.array([[a in u for a in ACHIEVEMENTS] for u in map(_unlocked, episodes)], np.float64)
    score = crafter_score(100.0 * m.mean(0))
    rng = np.random.default_rng(seed)
    rates = np.empty((n_boot, len(ACHIEVEMENTS)))
    for i in range(n_boot):  # resample episodes with replacement
        rates[i] = 100.0 * m[rng.integers(0, len(m), len(m))].mean(0)
    boots = np.expm1(np.log1p(rates).mean(1))
    lo, hi = np.quantile(boots, [alpha / 2, 1 - alpha / 2])
    return score, float(lo), float(hi)


def random_agent_episodes(n: int, seed: int = 0, length: int = 10000) -> list[dict]:
    """Final `info["stats"]` of `n` episodes of a uniformly random agent (the paper's baseline)."""
    env = CrafterEnv(length=length)
    rng = np.random.default_rng(seed)
    out = []
    env.reset(seed=seed)
    for _ in range(n):
        done = False
        info = None
        while not done:
            _, _, term, trunc, info = env.step(int(rng.integers(len(ACTIONS))))
            done = term or trunc
        out.append(info["stats"])
        env.reset()
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m envs.crafter --episodes 2500 --seeds 0 1 --out random.json`: the random-agent
    score with a bootstrap CI (one process per seed)."""
    import argparse
    import json
    from concurrent.futures import ProcessPoolExecutor

    p = argparse.ArgumentParser(description=main.__doc__)
    p.add_argument("--episodes", type=int, default=1000, help="episodes per seed")
    p.add_argument("--seeds", type=int, nargs="+", default=[0])
    p.add_argument("--out", default=None, help="write per-episode stats and the summary here")
    a = p.parse_args(argv)
    with ProcessPoolExecutor(len(a.seeds)) as pool:
        runs = list(pool.map(random_agent_episodes, [a.episodes] * len(a.seeds), a.seeds))
    per_seed = [crafter_score(success_rates(r)) for r in runs]
    eps = [e for r in runs for e in r]
    score, lo, hi = score_ci(eps)
    summary = {"episodes": len(eps), "seeds": a.seeds, "score": score, "ci95": [lo, hi],
               "per_seed": per_seed, "success_rates": success_rates(eps),
               "paper": PAPER_SCORES["random"]}  # fmt: skip
    print(json.dumps(summary, indent=2))
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"summary": summary, "episodes": runs}, f)


if __name__ == "__main__":
    main()
