"""What the app draws besides widgets: frames as JPEG data URLs, and small HTML panels
(inventory and health, task success, agent trace, goal timeline). Pure functions of their input."""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

POV_TEMPLATE = '<div class="oh-pov" tabindex="0"><img src="${value}" alt="first-person view" draggable="false"></div>'
POV_CSS = """
.oh-pov { position: relative; width: 100%; max-width: 960px; aspect-ratio: 16 / 9; background: #111;
  border-radius: 8px; overflow: hidden; user-select: none; }
.oh-pov img { width: 100%; height: 100%; object-fit: contain; image-rendering: auto; display: block; }
"""


def jpeg_data_url(rgb: np.ndarray, quality: int = 75) -> str:
    """An RGB uint8 frame as a `data:image/jpeg;base64,...` URL (a 640×360 frame: ~40 kB, ~2 ms)."""
    import cv2

    ok, buf = cv2.imencode(
        ".jpg", np.ascontiguousarray(rgb[:, :, ::-1]), [cv2.IMWRITE_JPEG_QUALITY, quality]
    )
    if not ok:
        raise RuntimeError("could not encode the frame as JPEG")
    return "data:image/jpeg;base64," + base64.b64encode(buf.tobytes()).decode("ascii")


def placeholder(text: str, width: int = 640, height: int = 360) -> str:
    """A dark frame with a line of text, as a data URL (shown before an episode starts)."""
    import cv2

    img = np.full((height, width, 3), 24, np.uint8)
    scale = width / 640
    (tw, th), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 0.8 * scale, 2)
    cv2.putText(
        img,
        text,
        ((width - tw) // 2, (height + th) // 2),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.8 * scale,
        (220, 220, 220),
        2,
        cv2.LINE_AA,
    )
    return jpeg_data_url(img)


def _esc(x: Any) -> str:
    return html.escape(str(x))


def _bar(value: float, maximum: float, color: str, label: str) -> str:
    pct = 0 if maximum <= 0 else max(0.0, min(1.0, value / maximum)) * 100
    return (
        f'<div style="margin:2px 0"><span style="display:inline-block;width:58px">{label}</span>'
        f'<span style="display:inline-block;width:140px;height:10px;background:#3333;border-radius:5px;'
        f'vertical-align:middle"><span style="display:block;height:10px;width:{pct:.0f}%;background:{color};'
        f'border-radius:5px"></span></span> {value:g}/{maximum:g}</div>'
    )


def inventory_html(obs: Mapping[str, Any] | None) -> str:
    """Health, food and the inventory (item: count) of an observation."""
    if not obs:
        return "<div class='oh-inv'><i>no episode</i></div>"
    life = obs.get("life_stats") or {}
    health = float(np.asarray(life.get("life", 0.0)))
    food = float(np.asarray(life.get("food", 0)))
    held = ((obs.get("equipped_items") or {}).get("mainhand") or {}).get("type", "air")
    inv = {k: int(v) for k, v in (obs.get("inventory") or {}).items() if int(v) > 0}
    rows = (
        "".join(
            f"<tr><td>{_esc(name.replace('_', ' '))}</td><td style='text-align:right'>{n}</td></tr>"
            for name, n in sorted(inv.items())
        )
        or "<tr><td colspan=2><i>empty</i></td></tr>"
    )
    return (
        "<div class='oh-inv'>"
        + _bar(health, 20, "#d33", "health")
        + _bar(food, 20, "#c80", "food")
        + f"<div style='margin:4px 0'>holding: <b>{_esc(str(held).replace('_', ' '))}</b></div>"
        + f"<table style='width:100%;font-size:13px'><tr><th align=left>item</th><th align=right>n</th></tr>{rows}</table>"
        + "</div>"
    )


def success_html(
    task: Any,
    stats: Mapping[str, Any] | None,
    inventory: Mapping[str, int] | None,
    done_reason: str | None = None,
) -> str:
    """The task's instruction and every success condition with its live count."""
    if task is None:
        extra = f" — {_esc(done_reason)}" if done_reason else ""
        return f"<div class='oh-task'><b>Free play</b>{extra}</div>"
    stats, inventory = stats or {}, inventory or {}
    ok = task.success.check(stats, inventory)
    missing = task.success.missing(stats, inventory)
    rows = []
    for kind, name, n in task.success.targets():
        key = f"{kind}.{name}"
        left = missing.get(key, 0)
        got = n - left
        mark = "<b style='color:#2a2'>✓</b>" if left == 0 else "○"
        rows.append(f"<li>{mark} {_esc(kind)} <b>{_esc(name)}</b>: {got}/{n}</li>")
    head = "<b style='color:#2a2'>✓ Success!</b>" if ok else "… in progress"
    if done_reason and not ok:
        head = f"<b style='color:#c33'>× {_esc(done_reason)}</b>"
    return (
        f"<div class='oh-task'><div><b>{_esc(task.id)}</b></div><div>{_esc(task.instruction)}</div>"
        f"<div class='oh-success' data-success='{int(ok)}' style='margin-top:4px'>{head}</div>"
        f"<ul style='margin:4px 0 0 0;padding:0;list-style:none'>{''.join(rows)}</ul></div>"
    )


def status_html(
    prefix: str, step: int, max_steps: int | None, fps: float | None, extra: str = ""
) -> str:
    """The step counter line (ids `<prefix>-step-count`, `<prefix>-fps` for tests)."""
    limit = f"/{max_steps}" if max_steps else ""
    rate = f" · <span id='{prefix}-fps'>{fps:.1f}</span> fps" if fps is not None else ""
    more = f" · {_esc(extra)}" if extra else ""
    return f"<div class='oh-status'>step <b id='{prefix}-step-count'>{step}</b>{limit}{rate}{more}</div>"


TRACE_KEYS = ("goal", "plan", "subgoal", "skill", "coa", "thought", "response", "text", "note")


def trace_text(trace: Mapping[str, Any] | None) -> str:
    """An agent's per-step trace as readable text: plan / Chain-of-Action first, then the rest."""
    if not trace:
        return ""
    lines = []
    for k in TRACE_KEYS:
        if trace.get(k):
            lines.append(f"{k}: {trace[k]}")
    for k, v in trace.items():
        if k in TRACE_KEYS or k in ("agent", "error") or v in (None, "", [], {}):
            continue
        lines.append(f"{k}: {v}")
    if trace.get("error"):
        lines.append("error: " + str(trace["error"]).strip().splitlines()[-1])
    return "\n".join(lines)


PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2", "#eeca3b", "#9d755d")


def timeline_html(segments: Sequence[Mapping[str, Any]], n_frames: int, fps: float = 20.0) -> str:
    """Goal segments (`end` exclusive) on a bar as long as the episode; each segment and legend
    line carries `data-start` (the player seeks there when it is clicked, see TIMELINE_JS)."""
    if n_frames <= 0:
        return "<div class='oh-timeline'><i>no frames</i></div>"
    bars, legend = [], []
    for i, seg in enumerate(segments):
        start = max(0, int(seg.get("start", 0)))
        end = min(n_frames, max(start + 1, int(seg.get("end", n_frames))))
        color = PALETTE[i % len(PALETTE)]
        goal = _esc(seg.get("goal", ""))
        ok = seg.get("success")
        mark = "" if ok is None else (" ✓" if ok else " ×")
        left, width = 100 * start / n_frames, 100 * (end - start) / n_frames
        bars.append(
            f'<div class="oh-seg" data-start="{start}" title="{goal} [{start}, {end})" style="position:absolute;'
            f"left:{left:.2f}%;width:{width:.2f}%;top:0;bottom:0;background:{color};cursor:pointer;"
            f'border-right:1px solid #fff"></div>'
        )
        legend.append(
            f"<li data-start='{start}' style='cursor:pointer'><span style='color:{color}'>■</span> frames {start}–{end} "
            f"({start / fps:.1f}–{end / fps:.1f} s): {goal}{mark}</li>"
        )
    return (
        "<div class='oh-timeline'><div style='position:relative;height:22px;background:#8882;"
        f"border-radius:4px;overflow:hidden'>{''.join(bars)}</div>"
        f"<ul style='margin:6px 0 0 0;list-style:none;padding:0'>{''.join(legend)}</ul></div>"
    )


TIMELINE_JS = """
element.addEventListener('click', e => {
  const seg = e.target.closest ? e.target.closest('[data-start]') : null;
  if (seg) trigger('click', {frame: parseInt(seg.dataset.start, 10)});
});
"""


def message_html(text: str, kind: str = "error") -> str:
    """An in-app message box (errors are shown, never raised to the browser)."""
    color = {"error": "#c33", "info": "#37c", "ok": "#2a2"}.get(kind, "#888")
    return (
        f"<div class='oh-msg oh-{kind}' style='border-left:4px solid {color};padding:6px 10px;"
        f"white-space:pre-wrap'>{_esc(text)}</div>"
    )
