"""Renderer throughput: ms per frame on one core, per resolution and typical outdoor view.

    python benchmarks/render_fps.py [--seed 1] [--frames 200] [--no-worldgen]

Prints one JSON line per (resolution, view). Views are generated-world scenes a player sees
(eye 1.62 above the ground): looking at the horizon (pitch 0) and slightly down (pitch 20)
over plains and over forest, each averaged over four yaws. Frames include the HUD (hotbar,
bars, hand), as the env renders them; the JIT is warm (compiled before timing). Timing is
thread CPU time, best batch of several, so other load on the machine disturbs it less.
`rays_traced` is the fraction of pixels ray-cast (adaptive 2x2 tracing fills the rest);
`--full` traces every pixel, for a same-run comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time


def _pin_one_core() -> None:
    os.environ.setdefault("NUMBA_NUM_THREADS", "1")
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass


def _views(gd, seed: int, use_worldgen: bool):
    """[(name, world, eye)] for plains and forest, standing on the ground."""
    import numpy as np

    from envs.voxel.world import World

    if not use_worldgen:
        from envs.voxel.render.scenes import demo_world

        out = []
        for name, forest in (("plains", 0.2), ("forest", 1.5)):
            w = demo_world(gd, seed, radius=96, forest=forest)
            out.append((name, w, (0.5, w.surface_y(0, 0) + 1.62, 0.5)))
        return out
    from envs.voxel.worldgen import BIOME_NAMES, column_map, make_generator

    world = World(seed, generator=make_generator(seed))
    top, biome = column_map(seed, -160, -160, 320, 320)
    out = []
    for name in ("plains", "forest"):
        ids = [k for k, n in enumerate(BIOME_NAMES) if n == name]
        cand = np.argwhere(np.isin(biome, ids) & (top >= 63))
        if not len(cand):
            continue
        # the candidate nearest the origin whose 9x9 surroundings are the same biome
        d = ((cand - 160) ** 2).sum(1)
        for k in np.argsort(d):
            x, z = cand[k]
            if np.isin(biome[max(0, x - 4) : x + 5, max(0, z - 4) : z + 5], ids).all():
                break
        x, z = int(x) - 160, int(z) - 160
        world.ensure_chunks(x, z, 96)
        out.append((name, world, (x + 0.5, world.surface_y(x, z) + 1.62, z + 0.5)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--frames", type=int, default=200, help="frames per view at 128x128")
    ap.add_argument("--no-worldgen", action="store_true", help="use the built-in demo scenes")
    ap.add_argument("--no-hud", action="store_true")
    ap.add_argument(
        "--full", action="store_true", help="trace every pixel (no adaptive 2x2 filling)"
    )
    args = ap.parse_args()
    _pin_one_core()
    import numpy as np

    from envs.voxel import gamedata
    from envs.voxel.render.renderer import HudState, Renderer

    gd = gamedata.load()
    it = gd.item
    hud = (
        None
        if args.no_hud
        else HudState(
            hotbar_items=np.array(
                [
                    it("wooden_pickaxe"),
                    it("oak_log"),
                    it("cobblestone"),
                    0,
                    0,
                    0,
                    0,
                    0,
                    it("torch"),
                ],
                np.int32,
            ),
            hotbar_counts=np.array([1, 12, 30, 0, 0, 0, 0, 0, 5], np.int32),
            selected=0,
            health=20.0,
            food=20,
            held_item=it("wooden_pickaxe"),
        )
    )
    views = _views(gd, args.seed, not args.no_worldgen)
    for width, height in ((128, 128), (640, 360)):
        r = Renderer(gd, width, height, adaptive=not args.full)
        out = np.empty((height, width, 3), np.uint8)
        n = max(10, args.frames * 128 * 128 // (width * height))
        for name, world, eye in views:
            for pitch, what in ((0.0, "horizon"), (20.0, "slightly_down")):
                yaws = (0.0, 90.0, 180.0, 270.0)
                for yaw in yaws:  # warm-up: JIT, caches
                    r.render(world, eye, pitch, yaw, hud=hud, out=out)
                per_yaw = []
                traced = []
                for yaw in yaws:
                    batches = []
                    for _ in range(5):
                        t = time.thread_time()
                        for _ in range(max(1, n // 5)):
                            r.render(world, eye, pitch, yaw, hud=hud, out=out)
                        batches.append((time.thread_time() - t) / max(1, n // 5))
                    per_yaw.append(min(batches))
                    traced.append(r.rays_traced / (width * height))
                ms = 1e3 * statistics.mean(per_yaw)
                print(
                    json.dumps(
                        {
                            "resolution": f"{width}x{height}",
                            "view": f"{name}_{what}",
                            "eye": [round(v, 2) for v in eye],
                            "pitch": pitch,
                            "ms_per_frame": round(ms, 3),
                            "fps": round(1e3 / ms, 1),
                            "ms_per_yaw": [round(1e3 * v, 3) for v in per_yaw],
                            "hud": hud is not None,
                            "adaptive": not args.full,
                            "rays_traced": round(statistics.mean(traced), 3),
                            "view_distance": r.view_distance,
                            "cpu": platform.processor() or platform.machine(),
                        }
                    ),
                    flush=True,
                )


if __name__ == "__main__":
    main()
