"""The task picker's data: the suite (loaded once per root; a broken task file becomes a message,
not a crash) and dropdown choices grouped by family."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FREE_PLAY = "__free__"
ALL_FAMILIES = "all families"


@dataclass
class TaskCatalog:
    """The tasks the app offers, or the error that stopped them loading."""

    tasks: dict[str, Any] = field(default_factory=dict)  # id -> TaskSpec, in suite order
    families: list[str] = field(default_factory=list)
    error: str | None = None

    @classmethod
    def load(cls, root: str | Path | None = None) -> TaskCatalog:
        try:
            from openha.tasks import load_suite

            suite = load_suite(root)
        except Exception as e:  # TaskError lists every bad file and field
            where = f" from {root}" if root else ""
            return cls(error=f"could not load the benchmark tasks{where}:\n{e}")
        return cls(tasks={t.id: t for t in suite}, families=list(suite.families()))

    def get(self, task_id: str | None) -> Any:
        """The TaskSpec, or None for free play. KeyError names the unknown id."""
        if not task_id or task_id == FREE_PLAY:
            return None
        if task_id not in self.tasks:
            raise KeyError(f"unknown task {task_id!r}" + (f" ({self.error})" if self.error else ""))
        return self.tasks[task_id]

    def choices(self, family: str | None = None, free_play: bool = True) -> list[tuple[str, str]]:
        """(label, id) pairs, grouped by family in suite order; labels carry the family and the
        instruction so the dropdown's search matches either."""
        out = [("▶ free play (no task)", FREE_PLAY)] if free_play else []
        for t in self.tasks.values():
            if family and family != ALL_FAMILIES and t.family != family:
                continue
            text = t.instruction if len(t.instruction) <= 60 else t.instruction[:57] + "…"
            out.append((f"{t.family} · {t.name} — {text}", t.id))
        return out

    def family_choices(self) -> list[str]:
        return [ALL_FAMILIES, *self.families]
