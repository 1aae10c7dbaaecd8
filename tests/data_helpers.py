"""Synthetic recordings for the dataset-pipeline tests: our format (env rollout) and VPT format."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from data_pipeline.sources.contractor import env_action_to_tick
from openha.actions import env as env_actions
from openha.video import VideoWriter


def scripted_action(t: int) -> dict:
    """A varied, deterministic action sequence: walk, turn, attack the ground, switch hotbar."""
    pressed = []
    if t % 8 < 5:
        pressed.append("forward")
    if t % 10 >= 6:
        pressed.append("attack")
    if t % 13 == 0:
        pressed.append(f"hotbar.{1 + (t // 13) % 9}")
    pitch = 45.0 if t == 2 else (0.75 * ((t % 5) - 2))
    return env_actions.make(pressed, pitch=pitch, yaw=1.35 * ((t % 7) - 3))


def record_ours(
    folder: Path, name: str, steps: int = 40, seed: int = 0, events_in_meta: bool = True
):
    """Roll out VoxelWorld (64×64), write `<name>.mp4/.jsonl/.json`; return the recorded actions
    and the counter events {tick: {stat: increment}}."""
    import gymnasium as gym

    import envs  # noqa: F401

    env = gym.make("openha/VoxelWorld-v0", width=64, height=64)
    obs, info = env.reset(seed=seed)
    game = env.unwrapped.game
    actions, events, lines, last = [], [], [], {}
    prev = (set(), set())
    with VideoWriter(folder / f"{name}.mp4") as video:
        for t in range(steps):
            video.write(obs["pov"])
            a = scripted_action(t)
            gui = bool(obs["is_gui_open"])
            obs, _, term, trunc, info = env.step(a)
            stats = {k: v for k, v in info["stats"].items() if not k.startswith("custom.")}
            for k in sorted(stats):
                if stats[k] > last.get(k, 0):
                    events.append({"tick": t, "stat": k, "count": stats[k] - last.get(k, 0)})
            last = dict(stats)
            tick = env_action_to_tick(
                a, hotbar=game.inventory.selected, gui_open=gui, prev_pressed=prev, stats=stats
            )
            prev = (set(tick["keyboard"]["keys"]), set(tick["mouse"]["buttons"]))
            lines.append(json.dumps(tick))
            actions.append(a)
    env.close()
    (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n")
    meta = {
        "task": "mine_block/dirt",
        "instruction": "Mine dirt.",
        "seed": seed,
        "success": True,
        "env": "openha/VoxelWorld-v0",
        "env_version": "0.1.0",
        "labeller": "expert",
    }
    if events_in_meta:
        meta["events"] = events
    (folder / f"{name}.json").write_text(json.dumps(meta))
    return actions, events


def write_video(path: Path, n: int, size=(64, 36), seed: int = 0) -> np.ndarray:
    """An mp4 of `n` frames of smooth random colours (each frame distinct); returns them."""
    rng = np.random.default_rng(seed)
    frames = np.zeros((n, size[1], size[0], 3), np.uint8)
    for i in range(n):
        frames[i] = (rng.integers(0, 255, 3) * np.ones((size[1], size[0], 1))).astype(np.uint8)
        frames[i, :4, : 2 + i % size[0]] = 255  # a bar whose length encodes the frame index
    with VideoWriter(path) as v:
        for f in frames:
            v.write(f)
    return frames


def vpt_tick(
    keys=(), buttons=(), new_buttons=(), dx=0.0, dy=0.0, hotbar=0, gui=False, x=0, y=0
) -> dict:
    return {
        "mouse": {
            "x": x,
            "y": y,
            "dx": dx,
            "dy": dy,
            "buttons": list(buttons),
            "newButtons": list(new_buttons),
            "dwheel": 0,
        },
        "keyboard": {"keys": list(keys), "newKeys": []},
        "isGuiOpen": gui,
        "hotbar": hotbar,
    }
