"""Starting or joining Ray, for the job layers that scale out (`openha eval`, `openha data`).

`address=None` starts a private local Ray (`address="local"`, never silently joining another
cluster on the machine) unless RAY_ADDRESS is set; "auto", "HOST:PORT" or "ray://host:10001"
join a cluster. Ray is shut down afterwards only if this session started it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def ray_session(workers: int | None, address: str | None) -> Iterator[Any]:
    import ray

    started = False
    if not ray.is_initialized():
        kw: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        addr = address or os.environ.get("RAY_ADDRESS") or "local"
        kw["address"] = addr
        if addr == "local":
            kw["num_cpus"] = max(workers or 0, os.cpu_count() or 1)
        ray.init(**kw)
        started = True
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()
