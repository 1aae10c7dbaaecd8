"""Record expert episodes as demonstrations in OpenAI VPT's contractor format, and replay them.

    meta = record(env, task, seed=0, out_dir="demos/")   # demos/<name>.mp4 / .jsonl / .json
    ok, stats = replay("demos/<name>.jsonl")             # re-run the actions, compare stats

Per tick, one JSON line like VPT's contractor recordings: `mouse` {x, y, dx, dy, scaledX,
scaledY, dwheel, buttons, newButtons} (dx/dy in mouse units: camera degrees / (360/2400), as VPT's
loader converts back), `keyboard` {keys, newKeys, chars} (`key.keyboard.w` …), `hotbar`,
`isGuiOpen`, `isGuiInventory`, plus the player's `yaw`, `pitch`, `xpos`, `ypos`, `zpos` and `tick`
(all as the action was chosen; `hotbar` is the slot selected after the tick, as
`data_pipeline.sources.ours` reads it). Line t goes with video frame t (the observation the action
was chosen from), 20 fps. The metadata file holds the task, seeds, success, final stats and
inventory, `events` (per-tick counter increments `{tick, stat, count}`) and `game_events`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from .agent import ExpertAgent

CAMERA_SCALER = 360.0 / 2400.0  # degrees per mouse unit (VPT's CAMERA_SCALER)
FORMAT = "openha-vpt-contractor-jsonl/1"
KEYS = {  # env button -> VPT keyboard key (VPT's KEYBOARD_BUTTON_MAPPING, reversed)
    "ESC": "key.keyboard.escape", "back": "key.keyboard.s", "drop": "key.keyboard.q",
    "forward": "key.keyboard.w", "inventory": "key.keyboard.e", "jump": "key.keyboard.space",
    "left": "key.keyboard.a", "right": "key.keyboard.d", "sneak": "key.keyboard.left.shift",
    "sprint": "key.keyboard.left.control", "swapHands": "key.keyboard.f",
    **{f"hotbar.{i}": f"key.keyboard.{i}" for i in range(1, 10)},
}  # fmt: skip
MOUSE_BUTTONS = {"attack": 0, "use": 1, "pickItem": 2}
BUTTON_OF_KEY = {v: k for k, v in KEYS.items()}
BUTTON_OF_MOUSE = {v: k for k, v in MOUSE_BUTTONS.items()}
WINDOW = (1280, 720)  # contractor window pixels; the GUI cursor is kept in 640×360 units ×2


def _mouse_units(deg: np.float32) -> float:
    """Camera degrees as mouse units: the shortest decimal whose replay (units × 0.15, as
    float32) gives back exactly `deg` — whole units for the expert's own camera moves."""
    exact = float(deg) / CAMERA_SCALER
    for digits in range(0, 10):
        r = round(exact, digits)
        if np.float32(r * CAMERA_SCALER) == deg:
            return float(r) if digits else float(int(r))
    if np.float32(exact * CAMERA_SCALER) != deg:
        raise ValueError(f"camera {float(deg)!r} does not survive the mouse-unit round trip")
    return exact


def action_to_line(action: dict, prev: dict | None, game, tick: int) -> dict[str, Any]:
    """One contractor-format line for an env action taken from the state in `game`."""
    cam = np.asarray(action.get("camera", (0.0, 0.0)), np.float32).reshape(2)
    dy, dx = _mouse_units(cam[0]), _mouse_units(cam[1])
    keys = [KEYS[k] for k in KEYS if action.get(k)]
    buttons = [b for k, b in MOUSE_BUTTONS.items() if action.get(k)]
    prev_keys = set(prev["keyboard"]["keys"]) if prev else set()
    prev_buttons = set(prev["mouse"]["buttons"]) if prev else set()
    gui = game.gui if game.gui_open else None
    if gui is not None and hasattr(gui, "cursor"):
        x, y = float(gui.cursor[0]) * 2, float(gui.cursor[1]) * 2
    else:
        x, y = WINDOW[0] / 2, WINDOW[1] / 2
    px, py, pz = game.feet()
    return {
        "mouse": {"x": x, "y": y, "dx": dx, "dy": dy, "scaledX": x - WINDOW[0] / 2,
                  "scaledY": y - WINDOW[1] / 2, "dwheel": 0.0, "buttons": buttons,
                  "newButtons": [b for b in buttons if b not in prev_buttons]},
        "keyboard": {"keys": keys, "newKeys": [k for k in keys if k not in prev_keys], "chars": ""},
        "hotbar": int(game.inventory.selected),
        "isGuiOpen": bool(game.gui_open),
        "isGuiInventory": bool(gui is not None and getattr(gui, "kind", "") == "inventory"),
        "yaw": float(game.yaw), "pitch": float(game.pitch),
        "xpos": px, "ypos": py, "zpos": pz,
        "tick": tick,
    }  # fmt: skip


def line_to_action(line: dict) -> dict:
    """The env action of a contractor line (as VPT's `json_action_to_env_action`, with float
    camera: VPT's released loader truncates it to whole degrees)."""
    from envs.voxel.spaces import noop

    a = noop()
    for k in line["keyboard"]["keys"]:
        if k in BUTTON_OF_KEY:
            a[BUTTON_OF_KEY[k]] = 1
    for b in line["mouse"]["buttons"]:
        if b in BUTTON_OF_MOUSE:
            a[BUTTON_OF_MOUSE[b]] = 1
    m = line["mouse"]
    a["camera"] = np.array([m["dy"] * CAMERA_SCALER, m["dx"] * CAMERA_SCALER], np.float32)
    return a


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
           stop_on_success: bool = True) -> dict[str, Any]:
    """Run the expert on `task` and write `<name>.mp4` (unless `video=False`), `<name>.jsonl` and
    `<name>.json` (metadata) under `out_dir`. Returns the metadata."""
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
    steps, prev, death = 0, None, None
    with lines_tmp.open("w") as f:
        while steps < limit and not (success and stop_on_success):
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
        "success": bool(success),
        "steps": steps,
        "max_steps": limit,
        "death": death,
        "fps": 20,
        "resolution": [int(obs["pov"].shape[1]), int(obs["pov"].shape[0])],
        "camera_scaler": CAMERA_SCALER,
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


def replay(jsonl: str | Path, env=None, task=None) -> tuple[bool, dict[str, int]]:
    """Re-run a recording's actions in a fresh env (same task and seeds) and compare the final
    statistics with its metadata. Returns (identical, replayed stats)."""
    path = Path(jsonl)
    meta = json.loads(path.with_suffix(".json").read_text())
    if task is None:
        from openha.tasks import load_suite

        task = load_suite().get(meta["task"])
    if env is None:
        from .runner import make_env

        env = make_env(*meta["resolution"], headless=True)
    env.reset(seed=meta["seed"], options={"task": task})
    info: dict = {"stats": {}}
    with path.open() as f:
        for raw in f:
            if raw.strip():
                _, _, terminated, _, info = env.step(line_to_action(json.loads(raw)))
                if terminated:
                    break
    stats = {k: int(v) for k, v in sorted(info["stats"].items())}
    return stats == meta["stats"], stats


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


__all__ = ["record", "replay", "action_to_line", "line_to_action", "CAMERA_SCALER", "KEYS"]
