"""Record expert episodes as demonstrations in OpenAI VPT's contractor format, and replay them.

    meta = record(env, task, seed=0, out_dir="demos/")   # demos/<name>.mp4 / .jsonl / .json
    ok, stats = replay("demos/<name>.jsonl")             # re-run the actions, compare stats

The format belongs to `data_pipeline.sources.contractor`: each line is written by its
`env_action_to_tick` (`mouse` {x, y, dx, dy, buttons, newButtons, dwheel}, `keyboard` {keys,
newKeys}, `hotbar` = the slot selected after the tick, `isGuiOpen`; mouse x/y are the GUI cursor
in 1280×720 window pixels) and read back by its `read_jsonl` — the same reader the dataset
pipeline's `ours` source uses, so a replay checks exactly what training will see. We add the
player's `yaw`, `pitch`, `xpos`, `ypos`, `zpos` and the `tick` (as the action was chosen). Line t
goes with video frame t (the observation the action was chosen from), 20 fps. The metadata file
holds the task, seeds, success, final stats and inventory, `events` (per-tick counter increments
`{tick, stat, count}`, from which the pipeline cuts goal segments) and `game_events`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .agent import ExpertAgent

FORMAT = "openha-vpt-contractor-jsonl/1"
WINDOW = (1280, 720)  # contractor window pixels; the GUI cursor is kept in 640×360 units, ×2


def action_to_line(action: Mapping[str, Any], prev: Mapping | None, game, tick: int) -> dict[str, Any]:
    """One contractor-format line for an env action taken from the state in `game` (`prev`: the
    previous line, for `newKeys`/`newButtons`)."""
    from data_pipeline.sources.contractor import env_action_to_tick

    gui = game.gui if game.gui_open else None
    if gui is not None and hasattr(gui, "cursor"):
        cursor = (round(float(gui.cursor[0]) * 2), round(float(gui.cursor[1]) * 2))
    else:
        cursor = (WINDOW[0] // 2, WINDOW[1] // 2)
    pressed = (set(prev["keyboard"]["keys"]), set(prev["mouse"]["buttons"])) if prev else (set(), set())
    line = env_action_to_tick(action, hotbar=int(game.inventory.selected), gui_open=bool(game.gui_open),
                              cursor=cursor, prev_pressed=pressed)
    px, py, pz = game.feet()
    line.update(yaw=float(game.yaw), pitch=float(game.pitch), xpos=float(px), ypos=float(py),
                zpos=float(pz), tick=int(tick))
    return line


def read_actions(jsonl: str | Path) -> list[dict]:
    """The env actions of a recording, one per tick, exactly as the dataset pipeline's `ours`
    source reads them (`contractor.read_jsonl`, every tick kept, no stuck-attack fix)."""
    from data_pipeline.sources.contractor import read_jsonl
    from openha.actions.env import unstack

    ticks = read_jsonl(jsonl, fix_stuck_attack=False, skip_null=False)
    if ticks.broken or ticks.unknown_keys:
        raise ValueError(f"{jsonl}: not a clean contractor recording: broken lines {ticks.broken[:3]}, "
                         f"unknown keys {dict(ticks.unknown_keys)}; re-record it with openha.experts.record")
    return unstack(ticks.actions())


def _stat_events(before: dict, after: dict, tick: int) -> list[dict]:
    """Counter increments of one tick: `{"tick": t, "stat": "mine_block.oak_log", "count": 1}`
    (the dataset pipeline's goal segmentation reads these)."""
    return [{"tick": tick, "stat": k, "count": int(v - before.get(k, 0))}
            for k, v in sorted(after.items()) if v > before.get(k, 0) and not k.startswith("custom.")]


def _events(info: dict, tick: int) -> list[dict]:
    out = []
    for ev in info.get("events") or ():
        ev = list(ev)
        out.append({"tick": tick, "event": ev[0], "args": [e if isinstance(e, int | float | str) else str(e) for e in ev[1:]]})
    return out


def record(env, task, seed: int, out_dir: str | Path, name: str | None = None, *,
           agent: ExpertAgent | None = None, video: bool = True, max_steps: int | None = None,
           stop_on_success: bool = True, after_success: int = 0) -> dict[str, Any]:
    """Run the expert on `task` and write `<name>.mp4` (unless `video=False`), `<name>.jsonl` and
    `<name>.json` (metadata) under `out_dir`. Returns the metadata. With `stop_on_success`, the
    recording goes on for `after_success` more ticks once the task succeeds (the expert keeps
    acting), so the frames after the last event are in it too (event-detector training data)."""
    from openha.video import VideoWriter

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = name or f"{task.id.replace('/', '__')}__seed{seed}"
    agent = agent or ExpertAgent()
    agent.bind(env)
    game_env = env.unwrapped
    obs, info = env.reset(seed=seed, options={"task": task})
    agent.reset(task, obs, info)
    limit = int(max_steps or task.max_steps)
    writer = VideoWriter(out / f"{name}.mp4") if video else None
    lines_tmp = out / f"{name}.jsonl.tmp"
    events: list[dict] = []
    game_events: list[dict] = []
    success = task.success.check(info["stats"], obs["inventory"])
    steps, prev, death, success_at = 0, None, None, (0 if success else None)
    with lines_tmp.open("w") as f:
        while steps < limit and not (
            stop_on_success and success_at is not None and steps >= success_at + after_success
        ):
            act, _ = agent.act(obs, info)
            line = action_to_line(act, prev, game_env.game, steps)
            if writer is not None:
                writer.write(obs["pov"])
            before = info["stats"]
            obs, _, terminated, truncated, info = env.step(act)
            line["hotbar"] = int(game_env.game.inventory.selected)  # the slot after the tick
            f.write(json.dumps(line) + "\n")
            prev = line
            events += _stat_events(before, info["stats"], steps)
            game_events += _events(info, steps)
            steps += 1
            success = task.success.check(info["stats"], obs["inventory"])
            if success and success_at is None:
                success_at = steps
            if terminated or truncated:
                death = (info.get("death") or {}).get("cause")
                break
    if writer is not None:
        writer.close()
    lines_tmp.replace(out / f"{name}.jsonl")
    opts = task.reset_options()
    meta = {
        "format": FORMAT,
        "task": task.id,
        "instruction": task.instruction,
        "seed": int(seed),
        "world_seed": opts.get("world_seed"),
        "reset_options": opts,
        "success": bool(success_at is not None if stop_on_success else success),
        "steps": steps,
        "success_step": success_at,
        "max_steps": limit,
        "death": death,
        "fps": 20,
        "resolution": [int(obs["pov"].shape[1]), int(obs["pov"].shape[0])],
        "stats": {k: int(v) for k, v in sorted(info["stats"].items())},
        "inventory": dict(sorted(obs["inventory"].items())),
        "events": events,
        "game_events": game_events,
        "labeller": "expert",
        "agent": agent.name,
        "error": agent.error,
        "video": f"{name}.mp4" if video else None,
        "actions": f"{name}.jsonl",
    }
    tmp = out / f"{name}.json.tmp"
    tmp.write_text(json.dumps(meta, indent=1))
    tmp.replace(out / f"{name}.json")
    return meta


def replay(jsonl: str | Path, env=None, task=None) -> tuple[bool, dict[str, Any]]:
    """Re-run a recording's actions (read back through the dataset pipeline's reader) in a fresh
    env with the same task and seeds. Returns (identical, final) where `final` holds the replayed
    `stats`, `inventory` and `steps`, and `identical` says all three equal the metadata's."""
    path = Path(jsonl)
    meta = json.loads(path.with_suffix(".json").read_text())
    if task is None:
        from openha.tasks import load_suite

        task = load_suite().get(meta["task"])
    if env is None:
        from .runner import make_env

        env = make_env(*meta["resolution"], headless=True)
    obs, info = env.reset(seed=meta["seed"], options={"task": task})
    steps = 0
    for action in read_actions(path):
        obs, _, terminated, _, info = env.step(action)
        steps += 1
        if terminated:
            break
    final = {"stats": {k: int(v) for k, v in sorted(info["stats"].items())},
             "inventory": {k: int(v) for k, v in sorted(obs["inventory"].items())}, "steps": steps}
    same = (final["stats"] == meta["stats"] and final["inventory"] == meta["inventory"]
            and steps == meta["steps"])
    return same, final


def main(argv: list[str] | None = None) -> int:
    """`python -m openha.experts.recorder --task craft_item/stick --seed 0 --out demos/`"""
    import argparse

    from openha.tasks import load_suite

    from .runner import make_env

    ap = argparse.ArgumentParser(description="Record expert demonstrations (VPT contractor format).")
    ap.add_argument("--tasks", required=True, help="task ids, glob, family or all")
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("demos"))
    ap.add_argument("--width", type=int, default=640)
    ap.add_argument("--height", type=int, default=360)
    ap.add_argument("--check", action="store_true", help="replay each recording and compare stats")
    args = ap.parse_args(argv)
    env = make_env(args.width, args.height)
    bad = 0
    for task in load_suite().select(args.tasks):
        for seed in range(args.seeds):
            meta = record(env, task, seed, args.out)
            msg = f"{task.id} seed {seed}: {'success' if meta['success'] else 'FAIL'} in {meta['steps']} steps"
            if args.check:
                same, _ = replay(args.out / meta["actions"])
                msg += "; replay " + ("identical" if same else "DIFFERS")
                bad += not same
            print(msg, flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["record", "replay", "action_to_line", "read_actions"]
