"""`vpt` — Video Pre-Training's factored agent action: one joint button class and one camera class.

Bit-exact with OpenAI VPT's `ActionTransformer` (mu-law camera quantiser) and
`CameraHierarchicalMapping` (tests compare against vectors made by running their code):

- buttons ∈ [0, 8641): the product of the groups hotbar (none, 1…9) × forward/back (none, fwd, back)
  × left/right × sprint/sneak × use × drop × attack × jump × camera-moved, index in that order
  (last group fastest), plus 8640 = `inventory`, which overrides every other button.
  Conflicts resolve as VPT does: forward+back ⇒ neither, left+right ⇒ neither, sprint+sneak ⇒
  sneak, several hotbar keys ⇒ the highest. `ESC`, `pickItem` and `swapHands` are dropped.
- camera ∈ [0, n²) = pitch_bin · n + yaw_bin with n = 11 bins per axis: moves are clipped to
  ±10°, mu-law encoded (μ = 10) and rounded (half to even) to bins of 2; 60 = no move. While the
  camera group is "none" (and for `inventory`, on the way in) the camera class is 60.
- the null action is {"buttons": 0, "camera": 60}.

Text form: `buttons=<int> camera=<int>`, e.g. `buttons=300 camera=60`.

Whole episodes: `from_env_batch` / `to_env_batch` work on `openha.actions.env.stack` arrays.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from openha.actions.base import ActionError, ActionSpace, ParseError, register
from openha.actions.env import BUTTONS as ENV_BUTTONS
from openha.actions.env import noop

# VPT's factored button order (lib/actions.py Buttons.ALL)
FACTORED_BUTTONS: tuple[str, ...] = (
    "attack", "back", "forward", "jump", "left", "right", "sneak", "sprint", "use", "drop",
    "inventory", *(f"hotbar.{i}" for i in range(1, 10)),
)  # fmt: skip
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("hotbar", ("none", *(f"hotbar.{i}" for i in range(1, 10)))),
    ("fore_back", ("none", "forward", "back")),
    ("left_right", ("none", "left", "right")),
    ("sprint_sneak", ("none", "sprint", "sneak")),
    ("use", ("none", "use")),
    ("drop", ("none", "drop")),
    ("attack", ("none", "attack")),
    ("jump", ("none", "jump")),
    ("camera", ("none", "camera")),
)
N_BUTTONS = int(np.prod([len(opts) for _, opts in GROUPS])) + 1  # 8641
INVENTORY = N_BUTTONS - 1  # 8640
_FI = {name: i for i, name in enumerate(FACTORED_BUTTONS)}


@dataclass(frozen=True)
class CameraQuantizer:
    """VPT's camera quantiser: clip to ±maxval, optional mu-law, bins of `binsize` degrees.

    The arithmetic mirrors VPT operation by operation (same dtypes, same order, numpy's
    half-to-even rounding) so results agree bit for bit, also for float32 input.
    """

    maxval: int = 10
    binsize: int = 2
    mu: float = 10
    scheme: str = "mu_law"

    def __post_init__(self) -> None:
        if self.scheme not in ("mu_law", "linear"):
            raise ActionError(f"camera scheme {self.scheme!r} unknown; use 'mu_law' or 'linear'")

    @property
    def n_bins(self) -> int:
        return int(2 * self.maxval // self.binsize + 1)

    @property
    def null_bin(self) -> int:
        return self.n_bins // 2

    def discretize(self, xy: Any) -> np.ndarray:
        """Degrees (any shape) -> int64 bin indices."""
        xy = np.clip(xy, -self.maxval, self.maxval)
        if self.scheme == "mu_law":
            xy = xy / self.maxval
            encoded = np.sign(xy) * (np.log(1.0 + self.mu * np.abs(xy)) / np.log(1.0 + self.mu))
            encoded *= self.maxval
            xy = encoded
        return np.round((xy + self.maxval) / self.binsize).astype(np.int64)

    def undiscretize(self, bins: Any) -> np.ndarray:
        """Bin indices -> degrees (float64 for mu-law, as VPT returns)."""
        xy = np.asarray(bins) * self.binsize - self.maxval
        if self.scheme == "mu_law":
            xy = xy / self.maxval
            decoded = np.sign(xy) * (1.0 / self.mu) * ((1.0 + self.mu) ** np.abs(xy) - 1.0)
            decoded *= self.maxval
            xy = decoded
        return xy


def _joint_tables() -> tuple[np.ndarray, np.ndarray]:
    """joint index -> factored buttons (N, 20) uint8 and -> camera group off (N,) bool."""
    combos = list(itertools.product(*(opts for _, opts in GROUPS)))
    buttons = np.zeros((N_BUTTONS, len(FACTORED_BUTTONS)), dtype=np.uint8)
    camera_off = np.zeros(N_BUTTONS, dtype=bool)
    for j, combo in enumerate(combos):
        for choice in combo[:-1]:
            if choice != "none":
                buttons[j, _FI[choice]] = 1
        camera_off[j] = combo[-1] != "camera"
    buttons[INVENTORY, _FI["inventory"]] = 1  # and camera stays "on", as in VPT
    return buttons, camera_off


_JOINT_BUTTONS, _JOINT_CAMERA_OFF = _joint_tables()
_JOINT_PRESSED: list[tuple[str, ...]] = [
    tuple(FACTORED_BUTTONS[i] for i in np.flatnonzero(row)) for row in _JOINT_BUTTONS
]


def joint_bits() -> np.ndarray:
    """Each joint button class as 21 bits: VPT's 20 factored buttons, then "camera moves"
    (N_BUTTONS, 21) float32; a flat (per-key) action head scores classes with it."""
    return np.concatenate([_JOINT_BUTTONS, ~_JOINT_CAMERA_OFF[:, None]], axis=1).astype(np.float32)


_TEXT_RE = re.compile(r"\s*buttons\s*=\s*(\d{1,9})\s*[,\s]\s*camera\s*=\s*(\d{1,9})\s*\Z", re.A)


@register("vpt")
@dataclass
class VPTSpace(ActionSpace):
    """VPT's joint buttons × camera classes (see module docstring); camera settings configurable."""

    camera_maxval: int = 10
    camera_binsize: int = 2
    camera_mu: float = 10
    camera_scheme: str = "mu_law"
    name: str = field(default="vpt", repr=False)

    def __post_init__(self) -> None:
        self.quantizer = CameraQuantizer(
            self.camera_maxval, self.camera_binsize, self.camera_mu, self.camera_scheme
        )
        self.n_bins = self.quantizer.n_bins
        self.n_camera = self.n_bins * self.n_bins
        self.null_bin = self.quantizer.null_bin
        self.camera_null = self.null_bin * self.n_bins + self.null_bin
        self.null = {"buttons": 0, "camera": self.camera_null}
        bins = np.arange(self.n_bins)
        degrees = np.asarray(self.quantizer.undiscretize(bins), dtype=np.float64)
        # camera class -> [pitch, yaw] degrees, exactly VPT's undiscretize values
        self.camera_degrees = np.stack(
            [np.repeat(degrees, self.n_bins), np.tile(degrees, self.n_bins)], axis=1
        )

    # ---- single actions --------------------------------------------------------------
    def from_env(self, env_action: Mapping[str, Any]) -> dict:
        get = env_action.get
        cam = env_action.get("camera")
        cam = np.zeros(2, dtype=np.float32) if cam is None else np.asarray(cam)
        if get("inventory", 0) == 1:
            return {"buttons": INVENTORY, "camera": self.camera_null}
        bins = self.quantizer.discretize(cam)
        pitch_bin, yaw_bin = int(bins[0]), int(bins[1])
        hotbar = 0
        for i in range(9, 0, -1):
            if get(f"hotbar.{i}", 0):
                hotbar = i
                break
        fwd, back = bool(get("forward", 0)), bool(get("back", 0))
        left, right = bool(get("left", 0)), bool(get("right", 0))
        fb = 1 if fwd and not back else 2 if back and not fwd else 0
        lr = 1 if left and not right else 2 if right and not left else 0
        ss = 2 if get("sneak", 0) else 1 if get("sprint", 0) else 0
        cam_on = int(pitch_bin != self.null_bin or yaw_bin != self.null_bin)
        j = ((hotbar * 3 + fb) * 3 + lr) * 3 + ss
        for key in ("use", "drop", "attack", "jump"):
            j = j * 2 + bool(get(key, 0))
        return {"buttons": j * 2 + cam_on, "camera": pitch_bin * self.n_bins + yaw_bin}

    def to_env(self, obj: Mapping[str, Any], obs: Any = None) -> dict:
        buttons, camera = self._check(obj)
        action = noop()
        for key in _JOINT_PRESSED[buttons]:
            action[key] = 1
        if _JOINT_CAMERA_OFF[buttons]:
            camera = self.camera_null
        action["camera"] = self.camera_degrees[camera].astype(np.float32)
        return action

    def _check(self, obj: Mapping[str, Any]) -> tuple[int, int]:
        try:
            buttons, camera = obj["buttons"], obj["camera"]
        except (KeyError, TypeError):
            raise ActionError(
                f"vpt: expected {{'buttons': int, 'camera': int}}, got {obj!r}"
            ) from None
        for key, value, n in (("buttons", buttons, N_BUTTONS), ("camera", camera, self.n_camera)):
            if isinstance(value, np.ndarray) and value.size == 1:
                value = value.reshape(()).item()
            if not isinstance(value, int | np.integer) or isinstance(value, bool):
                raise ActionError(f"vpt: {key} = {value!r} is not an integer class index")
            if not 0 <= value < n:
                raise ActionError(f"vpt: {key} = {value} is outside [0, {n}); use a class index")
        return int(np.asarray(buttons).reshape(())), int(np.asarray(camera).reshape(()))

    def is_null(self, env_action: Mapping[str, Any]) -> bool:
        """VPT's `check_if_null`: no VPT button pressed and the camera rounds to no move."""
        if any(env_action.get(k, 0) for k in FACTORED_BUTTONS):
            return False
        cam = env_action.get("camera")
        cam = np.zeros(2, dtype=np.float32) if cam is None else np.asarray(cam)
        return bool(np.all(self.quantizer.discretize(cam) == self.null_bin))

    def pressed(self, buttons: int) -> tuple[str, ...]:
        """The env buttons a joint button class presses."""
        return _JOINT_PRESSED[buttons]

    # ---- text ------------------------------------------------------------------------
    def parse(self, text: str) -> dict:
        if not isinstance(text, str):
            raise ParseError(f"expected a string, got {type(text).__name__}", "", 0, self.name)
        m = _TEXT_RE.match(text)
        if not m:
            pos = len(text) - len(text.lstrip())
            raise ParseError("expected 'buttons=<int> camera=<int>'", text, pos, self.name)
        obj = {"buttons": int(m.group(1)), "camera": int(m.group(2))}
        try:
            self._check(obj)
        except ActionError as err:
            bad = 1 if obj["buttons"] >= N_BUTTONS else 2
            raise ParseError(str(err), text, m.start(bad), self.name) from None
        return obj

    def format(self, obj: Mapping[str, Any]) -> str:
        buttons, camera = self._check(obj)
        return f"buttons={buttons} camera={camera}"

    # ---- whole episodes (vectorised) ---------------------------------------------------
    def env_to_factored(self, batch: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        """Episode arrays -> VPT factored buttons (T, 20) and camera bins (T, 2)."""
        camera = np.asarray(batch["camera"])
        if camera.ndim != 2 or camera.shape[1] != 2:
            raise ActionError(f"vpt: camera batch has shape {camera.shape}, expected (T, 2)")
        t = camera.shape[0]
        zeros = np.zeros(t, dtype=np.int64)
        buttons = np.stack([np.asarray(batch.get(k, zeros)) for k in FACTORED_BUTTONS], axis=-1)
        return buttons, self.quantizer.discretize(camera)

    def factored_to_joint(self, buttons: np.ndarray, bins: np.ndarray) -> dict[str, np.ndarray]:
        """VPT's `CameraHierarchicalMapping.from_factored`, vectorised."""
        pressed = buttons != 0
        hot = pressed[:, _FI["hotbar.1"] :]
        hotbar = np.where(hot.any(axis=1), 9 - np.argmax(hot[:, ::-1], axis=1), 0)
        fwd, back = pressed[:, _FI["forward"]], pressed[:, _FI["back"]]
        left, right = pressed[:, _FI["left"]], pressed[:, _FI["right"]]
        fb = np.where(fwd & ~back, 1, np.where(back & ~fwd, 2, 0))
        lr = np.where(left & ~right, 1, np.where(right & ~left, 2, 0))
        ss = np.where(pressed[:, _FI["sneak"]], 2, np.where(pressed[:, _FI["sprint"]], 1, 0))
        cam_on = np.any(bins != self.null_bin, axis=1)
        j = ((hotbar * 3 + fb) * 3 + lr) * 3 + ss
        for key in ("use", "drop", "attack", "jump"):
            j = j * 2 + pressed[:, _FI[key]]
        j = j * 2 + cam_on
        inventory = buttons[:, _FI["inventory"]] == 1
        camera = bins[:, 0] * self.n_bins + bins[:, 1]
        return {
            "buttons": np.where(inventory, INVENTORY, j).astype(np.int64),
            "camera": np.where(inventory, self.camera_null, camera).astype(np.int64),
        }

    def joint_to_factored(self, buttons: Any, camera: Any) -> tuple[np.ndarray, np.ndarray]:
        """VPT's `CameraHierarchicalMapping.to_factored`, vectorised: (T, 20) and bins (T, 2)."""
        buttons, camera = np.asarray(buttons, dtype=np.int64), np.asarray(camera, dtype=np.int64)
        if buttons.shape != camera.shape or buttons.ndim != 1:
            raise ActionError(f"vpt: want equal (T,) arrays, got {buttons.shape} {camera.shape}")
        if buttons.size and (buttons.min() < 0 or buttons.max() >= N_BUTTONS):
            raise ActionError(f"vpt: buttons outside [0, {N_BUTTONS})")
        if camera.size and (camera.min() < 0 or camera.max() >= self.n_camera):
            raise ActionError(f"vpt: camera outside [0, {self.n_camera})")
        camera = np.where(_JOINT_CAMERA_OFF[buttons], self.camera_null, camera)
        bins = np.stack([camera // self.n_bins, camera % self.n_bins], axis=1)
        return _JOINT_BUTTONS[buttons], bins

    def from_env_batch(self, batch: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """Episode arrays ({key: (T,)}, camera (T, 2)) -> {"buttons": (T,), "camera": (T,)}."""
        return self.factored_to_joint(*self.env_to_factored(batch))

    def to_env_batch(self, obj: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """{"buttons": (T,), "camera": (T,)} -> episode arrays with all 24 keys."""
        factored, bins = self.joint_to_factored(obj["buttons"], obj["camera"])
        t = factored.shape[0]
        out = {k: np.zeros(t, dtype=np.int8) for k in ENV_BUTTONS}
        for i, key in enumerate(FACTORED_BUTTONS):
            out[key] = factored[:, i].astype(np.int8)
        camera = bins[:, 0] * self.n_bins + bins[:, 1]
        out["camera"] = self.camera_degrees[camera].astype(np.float32)
        return out

    def is_null_batch(self, batch: Mapping[str, Any]) -> np.ndarray:
        """Vectorised `is_null` over episode arrays."""
        buttons, bins = self.env_to_factored(batch)
        return ~np.any(buttons != 0, axis=1) & np.all(bins == self.null_bin, axis=1)
