"""Crafter behind our env/task API, and the Crafter paper's score (random agent: 1.6%)."""

from __future__ import annotations

import dataclasses
import math

import gymnasium as gym
import numpy as np
import pytest

pytest.importorskip("crafter", reason="pip install 'openha[crafter]'")

from envs.crafter import (  # noqa: E402
    ACHIEVEMENTS,
    CrafterEnv,
    crafter_score,
    random_agent_episodes,
    score_ci,
    success_rates,
)

# The paper's random agent: success rates in percent from its published scores (5 seeds,
# ~5,950 episodes each within 1M steps); they give S = 1.55 (reported rounded: 1.6 ± 0.0).
PAPER_RANDOM_RATES = {
    "collect_drink": 9.32, "collect_sapling": 50.19, "collect_stone": 0.01, "collect_wood": 24.38,
    "defeat_skeleton": 0.02, "defeat_zombie": 0.14, "eat_cow": 0.38, "eat_plant": 0.01,
    "make_wood_pickaxe": 0.32, "make_wood_sword": 0.32, "place_plant": 44.61, "place_stone": 0.01,
    "place_table": 4.36, "wake_up": 93.6,
}  # fmt: skip


def test_check_env_and_registration():
    from gymnasium.utils.env_checker import check_env

    env = CrafterEnv()
    check_env(env, skip_render_check=True)
    made = gym.make("openha/Crafter-v0")
    obs, info = made.reset(seed=0)
    assert obs["pov"].shape == (64, 64, 3) and set(info["stats"]) == {f"achievement.{a}" for a in ACHIEVEMENTS}


def test_same_seed_same_actions_same_observations():
    def run(seed):
        env = CrafterEnv()
        obs, _ = env.reset(seed=seed)
        rng = np.random.default_rng(1)
        frames = [obs["pov"]]
        for _ in range(300):  # long enough for creatures to spawn and despawn
            obs, *_ = env.step(int(rng.integers(17)))
            frames.append(obs["pov"])
        return np.stack(frames)

    assert np.array_equal(run(4), run(4))
    assert not np.array_equal(run(4), run(5))


def test_tasks_are_the_22_achievements_and_success_reads_stats():
    from openha.compat.crafter import crafter_tasks
    from openha.tasks import TaskInit

    tasks = crafter_tasks()
    assert [t.id for t in tasks] == [f"crafter/{a}" for a in ACHIEVEMENTS] and len(tasks) == 22
    wood = tasks[ACHIEVEMENTS.index("collect_wood")]
    env = CrafterEnv()
    obs, info = env.reset(options={"task": wood}, seed=3)
    assert not wood.success.check(info["stats"], obs["inventory"])
    assert wood.success.check({**info["stats"], "achievement.collect_wood": 1}, obs["inventory"])
    bad = dataclasses.replace(wood, init=TaskInit(commands=("/time set day",)))
    with pytest.raises(ValueError, match="no commands"):
        env.reset(options={"task": bad})


def test_score_formula_matches_the_paper():
    assert crafter_score([0.0] * 22) == 0.0
    assert crafter_score([100.0] * 22) == pytest.approx(100.0)
    rates = {a: PAPER_RANDOM_RATES.get(a, 0.0) for a in ACHIEVEMENTS}
    by_hand = math.exp(sum(math.log(1 + v) for v in rates.values()) / 22) - 1
    assert crafter_score(rates) == pytest.approx(by_hand) and round(crafter_score(rates), 1) == 1.6
    eps = [{"achievement.wake_up": 1}, {"achievement.wake_up": 2, "achievement.collect_wood": 1}]
    assert success_rates(eps)["wake_up"] == 100.0 and success_rates(eps)["collect_wood"] == 50.0
    with pytest.raises(ValueError, match="22 success rates"):
        crafter_score([50.0] * 3)


def _assert_random_score(episodes, tol):
    score, lo, hi = score_ci(episodes)
    rates = success_rates(episodes)
    assert lo <= score <= hi
    assert abs(score - 1.55) < tol, (score, lo, hi)
    assert rates["wake_up"] > 70 and rates["collect_sapling"] > 30 and rates["collect_diamond"] == 0
    return score, lo, hi


def test_random_agent_score_short():
    """Quick version (30 episodes, ~10 s): the pipeline runs and lands near the paper's 1.6%."""
    _assert_random_score(random_agent_episodes(30, seed=11), tol=0.8)


@pytest.mark.slow
def test_random_agent_score_reproduces_the_paper():
    """1,000 episodes (~6 min on one core): within ±0.25 of the paper's 1.55 (its 95% CI here is
    about ±0.1); docs/RESULTS.md has the full 5,000-episode measurement."""
    score, lo, hi = _assert_random_score(random_agent_episodes(1000, seed=0), tol=0.25)
    assert lo < 1.6 + 0.25 and hi > 1.6 - 0.25
