"""Browser controls for the Play tab: the JavaScript that tracks held keys, taps, clicks and mouse
motion, and `KeyMapper`, which turns that state into one MineRL action per env step.

The browser sends *cumulative* counters (key taps, mouse pixels moved since the page loaded) with
every tick; the mapper keeps the last values it saw, so a tap or a mouse move between two ticks is
never lost and never applied twice, whatever the tick rate.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import numpy as np

from envs.voxel.spaces import noop

# KeyboardEvent.code (and "Mouse0/1/2" for buttons) -> MineRL button, as Minecraft's defaults
KEY_TO_BUTTON: dict[str, str] = {
    "KeyW": "forward", "KeyS": "back", "KeyA": "left", "KeyD": "right",
    "Space": "jump", "ShiftLeft": "sneak", "ShiftRight": "sneak",
    "ControlLeft": "sprint", "ControlRight": "sprint", "KeyR": "sprint",
    "KeyE": "inventory", "KeyQ": "drop", "KeyF": "swapHands", "Escape": "ESC",
    "Mouse0": "attack", "Mouse1": "pickItem", "Mouse2": "use",
    **{f"Digit{i}": f"hotbar.{i}" for i in range(1, 10)},
}  # fmt: skip
# buttons that act once per key press (a held E must not toggle the inventory every tick)
TAP_BUTTONS = frozenset(
    {"inventory", "drop", "swapHands", "ESC", *(f"hotbar.{i}" for i in range(1, 10))}
)
# arrow keys turn the camera: (pitch, yaw) sign; pitch + looks down
CAMERA_KEYS: dict[str, tuple[int, int]] = {
    "ArrowUp": (-1, 0), "ArrowDown": (1, 0), "ArrowLeft": (0, -1), "ArrowRight": (0, 1),
}  # fmt: skip
MOUSE_DEG = 0.15  # camera degrees per mouse pixel under pointer lock (VPT's mouse unit)
GUI_W, GUI_H = 640, 360  # GUI cursor coordinates (MineRL's 640×360 frame)


class KeyMapper:
    """Browser control state (see `CONTROLS_JS`) -> MineRL env action, one call per env step."""

    def __init__(self, camera_step: float = 5.0, mouse_deg: float = MOUSE_DEG):
        self.camera_step = camera_step
        self.mouse_deg = mouse_deg
        self.reset()

    def reset(self) -> None:
        """Forget the browser counters: the next state is the baseline (nothing replays)."""
        self._taps: dict[str, int] | None = None
        self._mouse: tuple[float, float] | None = None
        self._prev: dict[str, int] = {}
        self._pending: set[str] = set()

    def __call__(
        self, state: Mapping[str, Any] | str | None, gui_cursor: tuple[float, float] | None = None
    ) -> dict[str, Any]:
        """The env action for this step. `gui_cursor` is the GUI cursor (x, y) while a screen is
        open: then the pointer's position over the view moves the cursor there."""
        st = parse_state(state)
        taps = {str(k): int(v) for k, v in (st.get("taps") or {}).items()}
        mx, my = float(st.get("mx") or 0.0), float(st.get("my") or 0.0)
        if self._taps is None:  # first state after reset: a baseline, not input
            self._taps, self._mouse = dict(taps), (mx, my)
        tapped = {k for k, n in taps.items() if n > self._taps.get(k, 0)}
        self._taps = dict(taps)
        dx, dy = mx - self._mouse[0], my - self._mouse[1]
        self._mouse = (mx, my)
        held = {str(k) for k in st.get("held") or ()}

        a = noop()
        pressed: set[str] = set(self._pending)
        self._pending = set()
        for code in held | tapped:
            button = KEY_TO_BUTTON.get(code)
            if button is None:
                continue
            if button in TAP_BUTTONS and code not in tapped:
                continue
            if code in tapped and self._prev.get(button):  # a new press needs a release first
                self._pending.add(button)
                continue
            pressed.add(button)
        for button in pressed:
            a[button] = 1

        pitch = yaw = 0.0
        for code in held:
            if code in CAMERA_KEYS:
                sp, sy = CAMERA_KEYS[code]
                pitch += sp * self.camera_step
                yaw += sy * self.camera_step
        pitch += dy * self.mouse_deg
        yaw += dx * self.mouse_deg
        ax, ay = st.get("ax"), st.get("ay")
        if gui_cursor is not None and ax is not None and ay is not None and not st.get("locked"):
            # MineRL: one mouse unit = 0.15° and moves the cursor half a GUI pixel
            tx, ty = float(ax) * GUI_W, float(ay) * GUI_H
            yaw = (tx - gui_cursor[0]) * 0.15 / 0.5
            pitch = (ty - gui_cursor[1]) * 0.15 / 0.5
        a["camera"] = np.clip(np.array([pitch, yaw], np.float32), -180.0, 180.0)
        self._prev = {k: int(v) for k, v in a.items() if k != "camera"}
        return a


def parse_state(state: Mapping[str, Any] | str | None) -> dict[str, Any]:
    """The controls' JSON state as a dict (bad or empty input is "nothing pressed")."""
    if isinstance(state, Mapping):
        return dict(state)
    if not state:
        return {}
    try:
        out = json.loads(state)
    except (TypeError, ValueError):
        return {}
    return out if isinstance(out, dict) else {}


def describe(action: Mapping[str, Any]) -> str:
    """A short human line for an env action: `forward+jump+attack cam(+0.0,+5.0)`."""
    keys = [k for k, v in action.items() if k != "camera" and v]
    cam = np.asarray(action.get("camera", (0.0, 0.0)), np.float32)
    text = "+".join(keys) or "no keys"
    if np.any(cam != 0):
        text += f" cam({cam[0]:+.1f},{cam[1]:+.1f})"
    return text


# On-screen pad: each button holds its key code while pressed (pointer down ... up).
PAD_HTML = """
<div class="oh-pad">
  <div class="oh-row"><b>move</b>
    <button data-key="KeyQ" title="drop (Q)">Q</button><button data-key="KeyW">W</button>
    <button data-key="KeyE" title="inventory (E)">E</button>
    <button data-key="KeyA">A</button><button data-key="KeyS">S</button><button data-key="KeyD">D</button>
    <button data-key="Space">jump</button><button data-key="ShiftLeft">sneak</button>
    <button data-key="ControlLeft">sprint</button></div>
  <div class="oh-row"><b>look</b>
    <button data-key="ArrowLeft">◀</button><button data-key="ArrowUp">▲</button>
    <button data-key="ArrowDown">▼</button><button data-key="ArrowRight">▶</button>
    <button data-key="Mouse0">attack</button><button data-key="Mouse2">use</button>
    <button class="oh-lock" title="mouse-look; Esc releases">mouse-look</button></div>
  <div class="oh-row"><b>hotbar</b>
    <button data-key="Digit1">1</button><button data-key="Digit2">2</button><button data-key="Digit3">3</button>
    <button data-key="Digit4">4</button><button data-key="Digit5">5</button><button data-key="Digit6">6</button>
    <button data-key="Digit7">7</button><button data-key="Digit8">8</button><button data-key="Digit9">9</button></div>
  <div class="oh-held">keys: none</div>
</div>
"""

PAD_CSS = """
.oh-pad { font-size: 13px; }
.oh-row { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; margin: 3px 0; }
.oh-row b { width: 52px; opacity: .7; font-weight: 600; }
.oh-row button { min-width: 34px; padding: 4px 8px; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--border-color-primary); background: var(--button-secondary-background-fill); }
.oh-row button.on { background: var(--color-accent); color: white; }
.oh-held { opacity: .7; font-family: monospace; margin-top: 4px; }
"""

# js_on_load of the pad component: `props.value` carries the control state to every tick.
CONTROLS_JS = """
const POV = 'play-pov';
const KNOWN = new Set(__KNOWN__);
const st = {held: [], taps: {}, mx: 0, my: 0, ax: null, ay: null, locked: false, seq: 0};
const held = new Set();
const pad = new Set();
const shown = element.querySelector('.oh-held');
function pov() { return document.getElementById(POV); }
function povVisible() { const p = pov(); return !!(p && p.offsetParent !== null); }
function publish() {
  st.held = [...new Set([...held, ...pad])]; st.seq += 1;
  props.value = JSON.stringify(st);
  if (shown) shown.textContent = 'keys: ' + (st.held.join(' ') || 'none');
  element.querySelectorAll('button[data-key]').forEach(b =>
    b.classList.toggle('on', st.held.includes(b.dataset.key)));
}
function down(code, set) {
  if (!set.has(code)) { set.add(code); st.taps[code] = (st.taps[code] || 0) + 1; }
  publish();
}
function up(code, set) { if (set.delete(code)) publish(); }
function typing(t) {
  return t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
}
document.addEventListener('keydown', e => {
  if (!KNOWN.has(e.code) || typing(e.target) || !povVisible()) return;
  e.preventDefault();
  if (!e.repeat) down(e.code, held);
});
document.addEventListener('keyup', e => { if (KNOWN.has(e.code)) up(e.code, held); });
window.addEventListener('blur', () => { held.clear(); pad.clear(); publish(); });
document.addEventListener('mousedown', e => {
  const p = e.target.closest ? e.target.closest('#' + POV) : null;
  if (!p) return;
  e.preventDefault();
  down('Mouse' + e.button, held);
});
document.addEventListener('mouseup', e => up('Mouse' + e.button, held));
document.addEventListener('contextmenu', e => {
  if (e.target.closest && e.target.closest('#' + POV)) e.preventDefault();
});
document.addEventListener('mousemove', e => {
  const p = pov();
  if (!p) return;
  if (document.pointerLockElement === p) { st.mx += e.movementX; st.my += e.movementY; publish(); return; }
  const img = p.querySelector('img');
  if (!img) return;
  const r = img.getBoundingClientRect();
  if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) return;
  st.ax = (e.clientX - r.left) / r.width; st.ay = (e.clientY - r.top) / r.height; publish();
});
document.addEventListener('pointerlockchange', () => { st.locked = document.pointerLockElement === pov(); publish(); });
element.querySelectorAll('button[data-key]').forEach(b => {
  const code = b.dataset.key;
  b.addEventListener('pointerdown', e => { e.preventDefault(); down(code, pad); });
  ['pointerup', 'pointerleave', 'pointercancel'].forEach(ev => b.addEventListener(ev, () => up(code, pad)));
});
const lock = element.querySelector('.oh-lock');
if (lock) lock.addEventListener('click', () => { const p = pov(); if (p && p.requestPointerLock) p.requestPointerLock(); });
publish();
""".replace(
    "__KNOWN__", json.dumps(sorted({*KEY_TO_BUTTON, *CAMERA_KEYS} - {"Mouse0", "Mouse1", "Mouse2"}))
)
