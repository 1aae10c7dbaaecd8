"""First-person renderer: golden statistics of known scenes, determinism, HUD, entities, edges."""

from __future__ import annotations

import numpy as np
import pytest

from envs.voxel.render import font
from envs.voxel.render import raycast as rc
from envs.voxel.render.hud import HudState, gui_scale
from envs.voxel.render.renderer import Renderer
from envs.voxel.render.scenes import flat_generator
from envs.voxel.render.textures import load_assets
from envs.voxel.world import World

EYE = (0.5, 65.62, 0.5)  # standing on the superflat grass (top at y 64), facing +z at yaw 0


@pytest.fixture(scope="module")
def flat(gd):
    w = World(0, generator=flat_generator(gd))
    w.ensure_chunks(0, 0, 80)
    return w


@pytest.fixture(scope="module")
def wall(gd):
    """Superflat world with a stone wall filling z = 3, x -8..8, y 64..72."""
    w = World(0, generator=flat_generator(gd))
    w.ensure_chunks(0, 0, 80)
    w.fill(-8, 64, 3, 8, 72, 3, gd.block("stone"))
    return w


@pytest.fixture(scope="module")
def r128(gd):
    return Renderer(gd, 128, 128)


def _hud(gd, **kw) -> HudState:
    items = np.zeros(9, np.int32)
    counts = np.zeros(9, np.int32)
    items[0], counts[0] = gd.item("cobblestone"), kw.pop("count", 1)
    items[1], counts[1] = gd.item("stick"), 5
    return HudState(
        hotbar_items=items,
        hotbar_counts=counts,
        selected=kw.pop("selected", 0),
        health=kw.pop("health", 20.0),
        food=kw.pop("food", 20),
        **kw,
    )


def test_stone_wall_golden(gd, wall, r128):
    img = r128.render(wall, EYE, 0.0, 0.0)
    centre = img[40:88, 40:88].reshape(-1, 3).astype(np.float64)
    a = load_assets(gd)
    stone = a.atlas[a.face_tex[gd.block("stone"), 1], :, :, :3].reshape(-1, 3).mean(0)
    expected = stone * 0.8  # north face: Minecraft shades north/south faces 0.8, noon light 1.0
    assert np.allclose(centre.mean(0), expected, rtol=0.06), (centre.mean(0), expected)
    assert np.ptp(centre.mean(0)) < 6  # grey
    # planar depth to the wall face at z = 3 from the eye at z = 0.5
    assert np.allclose(r128.depth[40:88, 40:88], 2.5, atol=1e-3)
    # the east/west faces are darker (0.6) and the top face brighter (1.0): look at the wall's
    # end from the side and at its top from above
    side = r128.render(wall, (10.5, 68.0, 3.5), 0.0, 90.0)[54:74, 54:74].mean()
    top = r128.render(wall, (0.5, 76.0, 3.5), 90.0, 0.0)[54:74, 54:74].mean()
    assert side == pytest.approx(stone.mean() * 0.6, rel=0.07)
    assert top == pytest.approx(stone.mean() * 1.0, rel=0.07)


def test_sky_noon_and_midnight(wall, r128):
    img = r128.render(wall, EYE, -60.0, 180.0)  # looking up, away from the wall
    sky = img[:40].reshape(-1, 3).astype(int).mean(0)
    assert sky[2] > 200 and sky[2] > sky[0] + 60, sky  # Minecraft sky blue
    noon = r128.render(wall, EYE, 0.0, 0.0).mean()
    midnight = r128.render(wall, EYE, 0.0, 0.0, time_of_day=18000).mean()
    assert midnight < 0.45 * noon
    assert midnight > 8  # dark but still readable
    vision = r128.render(wall, EYE, 0.0, 0.0, time_of_day=18000, night_vision=True).mean()
    assert vision == pytest.approx(noon, rel=0.02)


@pytest.mark.parametrize("size", [(128, 128), (64, 48), (200, 90), (640, 360)])
@pytest.mark.parametrize("minerl_aspect", [True, False])
def test_shape_dtype_and_out(gd, wall, size, minerl_aspect):
    w, h = size
    r = Renderer(gd, w, h, minerl_aspect=minerl_aspect)
    img = r.render(wall, EYE, 10.0, 20.0, hud=_hud(gd))
    assert img.shape == (h, w, 3) and img.dtype == np.uint8
    out = np.zeros((h, w, 3), np.uint8)
    assert r.render(wall, EYE, 10.0, 20.0, hud=_hud(gd), out=out) is out
    assert np.array_equal(out, img)
    with pytest.raises(ValueError, match="out must be"):
        r.render(wall, EYE, 0.0, 0.0, out=np.zeros((h, w + 1, 3), np.uint8))


def test_minerl_aspect_fov(gd):
    assert Renderer(gd, 128, 128).tan_h == pytest.approx(np.tan(np.radians(35)) * 16 / 9)
    assert Renderer(gd, 128, 128, minerl_aspect=False).tan_h == pytest.approx(
        np.tan(np.radians(35))
    )


def test_deterministic(gd, flat):
    ent = np.array([[0.2, 64.0, 2.2, 0.8, 64.6, 2.8, 200, 40, 40]], np.float32)
    kw = dict(
        time_of_day=12500,
        rain=True,
        entities=ent,
        hud=_hud(gd, count=12),
        target=(0, 63, 3),
        break_progress=0.5,
    )
    a = Renderer(gd, 96, 80).render(flat, EYE, 30.0, 15.0, **kw)
    b = Renderer(gd, 96, 80).render(flat, EYE, 30.0, 15.0, **kw)
    assert a.tobytes() == b.tobytes()


def test_entities_visible_and_occluded(gd, flat, r128):
    ent = np.array([[0.0, 64.0, 4.0, 1.0, 65.5, 5.0, 230, 20, 20]], np.float32)  # red box ahead

    def red(img):
        i = img.astype(int)
        return int(((i[..., 0] > 150) & (i[..., 1] < 60) & (i[..., 2] < 60)).sum())

    assert red(r128.render(flat, EYE, 0.0, 0.0)) == 0
    assert red(r128.render(flat, EYE, 0.0, 0.0, entities=ent)) > 100
    walled = World(0, generator=flat_generator(gd))
    walled.ensure_chunks(0, 0, 40)
    walled.fill(-3, 64, 2, 3, 68, 2, gd.block("stone"))  # a wall between eye and box
    assert red(r128.render(walled, EYE, 0.0, 0.0, entities=ent)) == 0
    # boxes behind the camera or degenerate rows are ignored
    junk = np.array([[0, 64, -5, 1, 65, -4, 255, 0, 0], [1, 1, 1, 0, 0, 0, 255, 0, 0]], np.float32)
    assert red(r128.render(flat, EYE, 0.0, 0.0, entities=junk)) == 0
    # a long box beside the eye reaching behind it: its front part shows, on the left only (+x is
    # left when facing +z; the screen rectangle comes from its part in front of the near plane)
    side = np.array([[1.5, 64.0, -3.0, 2.5, 65.5, 6.0, 230, 20, 20]], np.float32)
    img = r128.render(flat, EYE, 0.0, 0.0, entities=side)
    assert red(img) > 100 and red(img[:, 64:]) == 0


def test_plants_are_visible(gd, r128):
    w = World(0, generator=flat_generator(gd))
    w.ensure_chunks(0, 0, 40)
    bare = r128.render(w, EYE, 45.0, 0.0)
    for x in range(-2, 3):
        w.set(x, 64, 2, gd.block("grass"))
    w.set(0, 64, 3, gd.block("poppy"))
    planted = r128.render(w, EYE, 45.0, 0.0)
    changed = np.abs(planted.astype(int) - bare.astype(int)).sum(2) > 30
    assert changed.mean() > 0.05
    reds = (planted[..., 0] > 150) & (planted[..., 1] < 80)
    assert reds.sum() > 3  # the poppy's flower


def test_hotbar_counts_selection_and_bars(gd, flat, r128):
    base = r128.render(flat, EYE, 0.0, 0.0, hud=_hud(gd, count=1))
    many = r128.render(flat, EYE, 0.0, 0.0, hud=_hud(gd, count=64))
    diff = np.argwhere((base != many).any(2))
    assert len(diff) > 5
    assert diff[:, 0].min() > 100 and diff[:, 1].max() < 40  # only in the first slot
    sel = r128.render(flat, EYE, 0.0, 0.0, hud=_hud(gd, count=1, selected=4))
    assert (sel[100:] != base[100:]).any(2).sum() > 20
    hurt = r128.render(flat, EYE, 0.0, 0.0, hud=_hud(gd, count=1, health=7, food=3, air=100))
    assert (hurt != base).any(2).sum() > 20
    hidden = r128.render(flat, EYE, 0.0, 0.0, hud=_hud(gd, show=False))
    assert np.array_equal(hidden, r128.render(flat, EYE, 0.0, 0.0))
    # the hand / held item appears in the lower right corner
    held = r128.render(flat, EYE, 0.0, 0.0, hud=_hud(gd, held_item=gd.item("diamond_pickaxe")))
    assert (held[90:, 96:] != hidden[90:, 96:]).any(2).sum() > 50


def test_hud_legible_sizes():
    assert gui_scale(640, 360) == 1.0
    assert gui_scale(1280, 720) == 3.0
    s = gui_scale(128, 128)
    assert 0.5 < s < 1 and round(20 * s) >= 12  # >= 12-pixel hotbar slots at 128x128


def test_target_outline_and_cracks(gd, flat, r128):
    tgt = (0, 63, 2)  # the grass block two ahead, under the crosshair when looking down
    plain = r128.render(flat, EYE, 40.0, 0.0)
    outlined = r128.render(flat, EYE, 40.0, 0.0, target=tgt)
    cracked = r128.render(flat, EYE, 40.0, 0.0, target=tgt, break_progress=0.95)
    lines = outlined.astype(int).sum(2) < plain.astype(int).sum(2) - 60
    assert 20 < lines.sum() < 800  # thin dark lines, not a filled block
    more = (cracked.astype(int).sum(2) < outlined.astype(int).sum(2) - 60).sum()
    early = r128.render(flat, EYE, 40.0, 0.0, target=tgt, break_progress=0.15)
    less = (early.astype(int).sum(2) < outlined.astype(int).sum(2) - 60).sum()
    assert more > less > 0  # cracks grow with the destroy stage


def test_underwater_is_blue(gd, r128):
    w = World(0, generator=flat_generator(gd))
    w.ensure_chunks(0, 0, 40)
    w.fill(-20, 64, -20, 20, 70, 20, gd.block("water"))
    img = r128.render(w, (0.5, 66.0, 0.5), 0.0, 0.0).reshape(-1, 3).astype(int).mean(0)
    assert img[2] > img[0] + 40 and img[2] > img[1]
    above = r128.render(w, (0.5, 73.0, 0.5), 60.0, 0.0)[64:].reshape(-1, 3).astype(int).mean(0)
    assert above[2] > above[0] + 40  # looking down at the lake


@pytest.mark.parametrize(
    "eye,pitch",
    [
        ((0.5, 65.62, 0.5), -90.0),  # straight up
        ((0.5, 65.62, 0.5), 90.0),  # straight down
        ((-255.9, 65.62, 255.9), 0.0),  # world corner
        ((255.5, 65.62, 0.5), 10.0),  # border, looking out
        ((1000.0, 300.0, -900.0), 45.0),  # outside the world, above
        ((0.5, -20.0, 0.5), -45.0),  # below the world
        ((0.5, 60.5, 0.5), 0.0),  # inside stone
        ((0.5, 400.0, 0.5), 90.0),  # far above, looking down
    ],
)
def test_edges_no_exceptions(gd, flat, r128, eye, pitch):
    for yaw in (0.0, 137.0, -90.0):
        img = r128.render(
            flat,
            eye,
            pitch,
            yaw,
            hud=_hud(gd),
            target=(0, 63, 1),
            entities=np.array([[0, 64, 1, 1, 65, 2, 9, 9, 9]], np.float32),
        )
        assert img.shape == (128, 128, 3)
    down = r128.render(flat, (0.5, 100.0, 0.5), 90.0, 0.0)
    assert down[64, 64, 1] > down[64, 64, 2] + 40  # sees the grass 36 blocks below


def _reference_depth(world, r: Renderer) -> np.ndarray:
    """Planar depth of the first non-air voxel per pixel by a plain one-voxel-at-a-time DDA."""
    P = r.P
    o = P[rc.P_OX : rc.P_OZ + 1]
    f, right, up = P[3:6], P[6:9], P[9:12]
    depth = np.full((r.height, r.width), np.inf)
    for j in range(r.height):
        for i in range(r.width):
            d = f + r.U[i] * right + r.V[j] * up
            tmax = r.view_distance / np.linalg.norm(d)
            d = np.where(np.abs(d) < 1e-9, 1e-9, d)
            v = np.floor(o).astype(int)
            step = np.where(d > 0, 1, -1)
            tn = (v + (step > 0) - o) / d
            dt = np.abs(1 / d)
            while True:
                k = int(np.argmin(tn))
                t = tn[k]
                v[k] += step[k]
                tn[k] += dt[k]
                if t > tmax or not 0 <= v[1] < 256:
                    break
                if world.blocks[v[0], v[2], v[1]] != 0:
                    depth[j, i] = t
                    break
    return depth


def test_hierarchical_traversal_matches_plain_dda(gd):
    """Empty-space skipping must never skip a block: compare hit depths with a plain DDA in a
    scene of random pillars, floating blocks, overhangs and pits."""
    w = World(0, generator=flat_generator(gd))
    w.ensure_chunks(0, 0, 80)
    rng = np.random.default_rng(3)
    for _ in range(200):
        x, z = (int(v) for v in rng.integers(-30, 30, 2))
        y, h = int(rng.integers(64, 75)), int(rng.integers(1, 5))
        dx, dz = (int(v) for v in rng.integers(0, 3, 2))
        w.fill(x, y, z, x + dx, y + h, z + dz, gd.block("stone"))
    for _ in range(30):
        x, z = (int(v) for v in rng.integers(-30, 30, 2))
        w.fill(x, 58, z, x + 2, 63, z + 2, 0)
    r = Renderer(gd, 40, 30, adaptive=False)  # every pixel traced: the traversal itself
    for eye, pitch, yaw in [
        ((3.5, 70.2, -7.5), 15, 123),
        ((-10.5, 80.0, 5.5), 35, 250),
        ((20.5, 66.1, 20.5), 5, 200),
        ((0.5, 90.0, 0.5), 60, 10),
    ]:
        r.render(w, eye, pitch, yaw)
        ref = _reference_depth(w, r)
        got = np.where(r.depth > 1e29, np.inf, r.depth)
        assert np.array_equal(np.isinf(ref), np.isinf(got)), (eye, pitch, yaw)
        fin = np.isfinite(ref)
        assert np.allclose(got[fin], ref[fin], rtol=1e-4, atol=1e-3), (eye, pitch, yaw)


@pytest.mark.parametrize("size", [(128, 128), (320, 180)])
def test_adaptive_tracing_matches_full_tracing(gd, size):
    """Adaptive 2x2 tracing fills in-between pixels from their neighbours: the frame must stay
    the full-trace frame but for a few thin plant blades, and it must trace far fewer rays."""
    from envs.voxel.render.scenes import demo_world

    w = demo_world(gd, 5, radius=80, forest=1.0)
    full = Renderer(gd, *size, adaptive=False)
    fast = Renderer(gd, *size)
    eye = (0.5, w.surface_y(0, 0) + 1.62, 0.5)
    for pitch, yaw in [(0.0, 0.0), (25.0, 130.0), (-20.0, 250.0), (60.0, 40.0)]:
        a = full.render(w, eye, pitch, yaw, time_of_day=1000)
        b = fast.render(w, eye, pitch, yaw, time_of_day=1000)
        differ = (np.abs(a.astype(int) - b.astype(int)).max(-1) > 24).mean()
        assert differ < 0.01, (pitch, yaw, differ)
        assert fast.rays_traced < 0.8 * size[0] * size[1], (pitch, yaw, fast.rays_traced)
        assert full.rays_traced == size[0] * size[1]
        both = (full.depth < 1e29) & (fast.depth < 1e29)
        close = np.isclose(full.depth[both], fast.depth[both], rtol=1e-3, atol=1e-3)
        assert close.mean() > 0.99


def test_cover_leaves_the_covered_rectangle(gd, flat):
    """`cover` (an open GUI panel) skips rendering inside it and changes nothing outside."""
    r = Renderer(gd, 96, 64)
    a = r.render(flat, EYE, 10.0, 30.0).copy()
    out = np.zeros((64, 96, 3), np.uint8)
    b = r.render(flat, EYE, 10.0, 30.0, out=out, cover=(10, 50, 20, 70))
    inside = np.zeros((64, 96), bool)
    inside[10:50, 20:70] = True
    assert np.array_equal(a[~inside], b[~inside])
    assert (b[inside] == 0).all()
    with pytest.raises(ValueError, match="cover"):
        r.render(flat, EYE, 0.0, 0.0, cover=(1, 2, 3))


def test_bad_inputs_raise(flat, r128):
    with pytest.raises(ValueError, match="finite"):
        r128.render(flat, (0.5, float("nan"), 0.5), 0.0, 0.0)
    with pytest.raises(ValueError, match=r"\(N, 9\)"):
        r128.render(flat, EYE, 0.0, 0.0, entities=np.zeros((2, 6), np.float32))


def test_assets_cover_all_blocks_and_items(gd):
    a = load_assets(gd)
    assert a.kind.shape == (gd.n_blocks,) and a.icons.shape == (gd.n_items, 16, 16, 4)
    assert a.kind[0] == rc.AIR and a.kind[gd.block("stone")] == rc.CUBE
    assert a.kind[gd.block("grass")] == rc.CROSS and a.kind[gd.block("water")] == rc.LIQUID
    assert a.kind[gd.block("oak_slab")] == rc.BOX
    visible = a.icons[1:, :, :, 3].reshape(gd.n_items - 1, -1).max(1)
    assert (visible == 255).all()  # every item has an icon
    assert a.item_colors.shape == (gd.n_items, 3)
    # distinct-looking common blocks
    cols = {
        n: a.block_colors[gd.block(n)] for n in ("stone", "dirt", "oak_log", "sand", "oak_leaves")
    }
    names = list(cols)
    for i, p in enumerate(names):
        for q in names[i + 1 :]:
            assert np.abs(cols[p] - cols[q]).sum() > 30, (p, q)


def test_font():
    assert font.text_width("64") == 11 and font.text_width("64", "tiny") == 7
    m = font.text_mask("Crafting")
    assert m.dtype == bool and m.shape[0] == 8 and m.any()
    img = np.zeros((10, 40, 4), np.uint8)
    w = font.draw_text(img, "12", 1, 1, (255, 255, 0), font="tiny")
    assert w == 7 and (img[..., 3] == 255).sum() > 10
    font.draw_text(img, "off-screen", 100, 100)  # clipped, no error
