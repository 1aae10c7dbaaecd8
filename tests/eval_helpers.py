"""Shared by tests/test_eval_*.py: a tiny task folder and a real local Ray head (`ray start`)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import yaml

RAY = str(Path(sys.executable).with_name("ray"))

# id -> (success, max_steps, tags, init commands). Random play: `have_stick` succeeds at reset,
# `jump_twice` within a few dozen steps, the others time out.
TASKS = {
    "craft_item/have_stick": ({"inventory": {"stick": 1}}, 20, ["easy", "given"], ["/give @p minecraft:stick 1"]),
    "mine_block/jump_twice": ({"custom": {"jump": 2}}, 200, ["easy", "jumpy"], []),
    "kill_entity/jump_forever": ({"custom": {"jump": 10000}}, 20, ["hard", "jumpy"], []),
    "smelt_item/never": ({"smelt_item": {"iron_ingot": 1}}, 20, ["medium"], []),
    "long_horizon/walk_far": ({"custom": {"walk_one_cm": 10**7}}, 100, ["hard"], []),
}  # fmt: skip


def write_tasks(root: Path, tasks: dict | None = None) -> Path:
    """Task YAML files under `root` (returned), one per TASKS entry."""
    for tid, (success, max_steps, tags, cmds) in (tasks or TASKS).items():
        fam, name = tid.split("/")
        d = root / fam
        d.mkdir(parents=True, exist_ok=True)
        spec = {"id": tid, "family": fam, "instruction": f"Test task {name}.",
                "init": {"seed": 11, "commands": cmds}, "success": success,
                "max_steps": max_steps, "tags": tags}  # fmt: skip
        (d / f"{name}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ray_env() -> dict[str, str]:
    """Environment for Ray processes in tests: no token auth, no usage stats, no inherited
    cluster address."""
    env = {**os.environ, "RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}
    env.pop("RAY_ADDRESS", None)
    return env


@contextmanager
def ray_head(num_cpus: int = 2):
    """A real single-node Ray cluster: `ray start --head --block` in a subprocess (its own temp
    dir, so nothing else on the machine finds it); yields its address. Stopped by terminating
    that process (never `ray stop`, which would stop every Ray on the machine)."""
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="ohray", dir="/tmp")
    log = open(Path(tmp) / "head.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [RAY, "start", "--head", f"--port={port}", f"--num-cpus={num_cpus}", "--num-gpus=0",
         "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={tmp}",
         "--object-store-memory=200000000", "--block"],
        stdout=log, stderr=subprocess.STDOUT, env=ray_env(), start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"ray start exited: {(Path(tmp) / 'head.log').read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError("ray head did not come up in 90 s") from None
                time.sleep(0.5)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def count_rows(run: Path) -> int:
    import sqlite3

    db = run / "results.sqlite"
    if not db.exists():
        return 0
    con = sqlite3.connect(db, timeout=5)
    try:
        return con.execute("SELECT count(*) FROM episodes").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()
