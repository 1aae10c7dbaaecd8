"""The renderer's per-block tables, texture atlas and item icons, built from `colors.yaml`.

Everything is generated from block/item names and the rules in `colors.yaml` (style + colours +
render shape); no Minecraft assets are shipped. Noise is seeded by a CRC of the name, so the
atlas is identical on every machine and run. `load_assets(gd)` builds and caches it all (~0.3 s).
"""

from __future__ import annotations

import fnmatch
import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from ..gamedata import GameData
from .block_textures import _style_textures
from .item_icons import _item_sprite, iso_cube
from .plant_sprites import SPRITE_STYLES
from .raycast import AIR, BOX, CROSS, CUBE, GLASS, LIQUID, TINTED
from .texture_common import T, _hex

__all__ = ["RenderAssets", "load_assets", "iso_cube", "SHAPE_KINDS", "SPRITE_STYLES", "T"]

COLORS_YAML = Path(__file__).with_name("colors.yaml")

SHAPE_KINDS = {
    "air": AIR,
    "cube": CUBE,
    "cross": CROSS,
    "liquid": LIQUID,
    "glass": GLASS,
    "tinted": TINTED,
}
VARIANT_SUFFIXES = (
    "_stairs",
    "_slab",
    "_wall",
    "_fence_gate",
    "_fence",
    "_door",
    "_trapdoor",
    "_wall_sign",
    "_sign",
    "_pressure_plate",
    "_button",
)


@dataclass
class RenderAssets:
    """Per-block tables the ray caster reads, the texture atlas and item icons."""

    kind: np.ndarray  # uint8 (n_blocks,) render kind (raycast.AIR ...)
    face_tex: np.ndarray  # int32 (n_blocks, 3) atlas layer for top / side / bottom
    atlas: np.ndarray  # uint8 (n_layers, 16, 16, 4) RGBA
    boxes: np.ndarray  # float32 (n_blocks, 6) partial box bounds in block units
    emissive: np.ndarray  # bool (n_blocks,)
    block_colors: np.ndarray  # float32 (n_blocks, 3) mean colour of the side texture
    icons: np.ndarray  # uint8 (n_items, 16, 16, 4) RGBA inventory icons
    item_colors: np.ndarray  # float32 (n_items, 3) mean icon colour (item drop boxes)
    crack: np.ndarray  # uint8 (16, 16): destroy stage (0..9) from which a texel is cracked
    item_is_block: np.ndarray  # bool (n_items,): icon is an isometric cube


def _crack_pattern() -> np.ndarray:
    """Destroy-stage map: random-walk cracks from the centre that grow with the stage."""
    rng = np.random.default_rng(1234)
    stage = np.full((T, T), 255, np.uint8)
    for k in range(7):
        x, y = 7.5 + rng.uniform(-1, 1), 7.5 + rng.uniform(-1, 1)
        ang = k * 2 * np.pi / 7 + rng.uniform(-0.3, 0.3)
        for s in range(14):
            ang += rng.uniform(-0.6, 0.6)
            x += np.cos(ang)
            y += np.sin(ang)
            ix, iy = int(x), int(y)
            if 0 <= ix < T and 0 <= iy < T:
                stage[iy, ix] = min(stage[iy, ix], min(9, s * 9 // 12))
    return stage


# ------------------------------------------------------------------------------- the tables
def _match(name: str, rules) -> object | None:
    for pattern, value in rules:
        if fnmatch.fnmatchcase(name, pattern):
            return value
    return None


def _in(name: str, patterns) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


class _Colours:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.dyes = {k: _hex(v) for k, v in cfg["dyes"].items()}
        self.woods = {k: [_hex(c) for c in v] for k, v in cfg["woods"].items()}
        self.metals = {k: _hex(v) for k, v in cfg["metals"].items()}

    def resolve(self, token: str | None, name: str) -> np.ndarray | None:
        if token is None:
            return None
        if token.startswith("#"):
            return _hex(token)
        key = token.strip("{}")
        if key == "dye":
            for d in sorted(self.dyes, key=len, reverse=True):
                if name.startswith(d + "_"):
                    return self.dyes[d]
            return self.dyes["white"]
        if key.startswith("wood."):
            part = ("planks", "bark", "rings", "leaves").index(key.split(".")[1])
            body = name.removeprefix("stripped_").removeprefix("potted_")
            for w in sorted(self.woods, key=len, reverse=True):
                if body.startswith(w + "_"):
                    return self.woods[w][part]
            return self.woods["oak"][part]
        if key == "metal":
            for m, c in self.metals.items():
                if name.startswith(m + "_"):
                    return c
            return self.metals["iron"]
        raise ValueError(f"colors.yaml: unknown colour token {token!r} (for {name!r})")


def _base_block(name: str, block_id: dict) -> str | None:
    """Base block of a variant: oak_slab -> oak_planks, brick_wall -> bricks, ..."""
    for suf in VARIANT_SUFFIXES:
        if name.endswith(suf):
            stem = name[: -len(suf)]
            stem = stem.replace("petrified_oak", "oak").replace("smooth_stone", "smooth_stone")
            for cand in (
                stem + "_planks",
                stem,
                stem + "s",
                stem + "_block",
                stem.replace("_brick", "_bricks"),
                stem.replace("brick", "bricks"),
            ):
                if cand in block_id and cand != name:
                    return cand
            return None
    return None


@functools.lru_cache(maxsize=4)
def load_assets(gd: GameData) -> RenderAssets:
    """Build the atlas, per-block tables and item icons for a GameData (cached)."""
    cfg = yaml.safe_load(COLORS_YAML.read_text())
    colours = _Colours(cfg)
    block_rules = list(cfg["blocks"].items())
    item_rules = list(cfg["items"].items())
    shapes = cfg["shapes"]
    box_rules = list(shapes["box"].items())
    nb = len(gd.blocks)

    layers: list[np.ndarray] = []
    layer_of: dict[bytes, int] = {}

    def add(tex: np.ndarray) -> int:
        key = tex.tobytes()
        if key not in layer_of:
            layer_of[key] = len(layers)
            layers.append(tex)
        return layer_of[key]

    add(np.zeros((T, T, 4), np.uint8))  # layer 0: empty
    kind = np.zeros(nb, np.uint8)
    face_tex = np.zeros((nb, 3), np.int32)
    boxes = np.zeros((nb, 6), np.float32)
    boxes[:, 3:] = 1.0
    emissive = np.zeros(nb, bool)
    block_colors = np.zeros((nb, 3), np.float32)
    styles: dict[str, str] = {}
    textures: dict[str, tuple] = {}

    def block_textures(name: str):
        if name in textures:
            return textures[name]
        rule = _match(name, block_rules) or ["noise", "#8a8a8a"]
        style = rule[0]
        c1 = colours.resolve(rule[1], name)
        c2 = colours.resolve(rule[2], name) if len(rule) > 2 else None
        if style == "base":
            base = _base_block(name, gd.block_id)
            if base is not None:
                textures[name] = block_textures(base)
                styles[name] = styles[base]
                return textures[name]
            style = "planks" if any(name.startswith(w + "_") for w in colours.woods) else "stone"
            if style == "planks":
                c1 = colours.resolve("{wood.planks}", name)
        styles[name] = style
        textures[name] = _style_textures(style, name, c1, c2)
        return textures[name]

    for b in gd.blocks:
        name, bid = b["name"], b["id"]
        if _in(name, shapes["air"]):
            kind[bid] = AIR
            continue
        top, side, bottom = block_textures(name)
        face_tex[bid] = (add(top), add(side), add(bottom))
        a = side[..., 3] > 0
        block_colors[bid] = side[a, :3].mean(0) if a.any() else 0
        box = _match(name, box_rules)
        if _in(name, shapes["liquid"]):
            kind[bid] = LIQUID
        elif _in(name, shapes["tinted"]):
            kind[bid] = TINTED
        elif _in(name, shapes["glass"]):
            kind[bid] = GLASS
        elif box is not None:
            kind[bid] = BOX
            boxes[bid] = np.array(box, np.float32) / 16.0
        elif _in(name, shapes["cross"]) or styles[name] in SPRITE_STYLES:
            kind[bid] = CROSS
        elif _in(name, shapes["cube"]) or b["boundingBox"] == "block":
            kind[bid] = CUBE
        else:
            kind[bid] = CROSS
        emissive[bid] = _in(name, shapes["emissive"])
    kind[0] = AIR

    # item icons
    ni = len(gd.items)
    icons = np.zeros((ni, T, T, 4), np.uint8)
    item_is_block = np.zeros(ni, bool)
    for it in gd.items:
        name, iid = it["name"], it["id"]
        if iid == 0:
            continue
        bid = gd.block_id.get(name, 0)
        if bid > 0 and kind[bid] != AIR:
            top, side, _ = block_textures(name)
            if kind[bid] == CROSS or styles.get(name) == "rail":
                icons[iid] = side
            elif kind[bid] == BOX and name.endswith(("_door", "_sign", "torch", "lantern")):
                icons[iid] = side
            else:
                icons[iid] = iso_cube(top, side)
                item_is_block[iid] = True
        else:
            rule = _match(name, item_rules) or ["generic", "#b0b0b0"]
            icons[iid] = _item_sprite(rule[0], colours.resolve(rule[1], name))
    item_colors = np.zeros((ni, 3), np.float32)
    a = icons[..., 3] > 0
    for iid in range(ni):
        if a[iid].any():
            item_colors[iid] = icons[iid][a[iid], :3].mean(0)

    atlas = np.stack(layers).astype(np.uint8)
    return RenderAssets(
        kind=kind,
        face_tex=face_tex,
        atlas=atlas,
        boxes=boxes,
        emissive=emissive,
        block_colors=block_colors,
        icons=icons,
        item_colors=item_colors,
        crack=_crack_pattern(),
        item_is_block=item_is_block,
    )
