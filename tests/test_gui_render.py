"""GUI rendering: the screen replaces the world view legibly at 640×360 and 128×128."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import with_gui_systems

from envs.voxel.render.gui_draw import draw_screen

SIZES = [(360, 640), (128, 128)]


@pytest.fixture
def gui(flat):
    return with_gui_systems(flat)


def world_image(h: int, w: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.integers(60, 200, (h, w, 3), dtype=np.uint8)


def frame(game, h: int, w: int) -> np.ndarray:
    pov = world_image(h, w)
    draw_screen(game.gui, game, pov)
    return pov


def item_box(screen, k: int, h: int, w: int) -> tuple[slice, slice]:
    """Pixel rows/cols of slot k's item area at this frame size."""
    x, y = screen.slot_center(k)
    sx, sy = w / 640, h / 360
    return slice(round((y - 16) * sy), round((y + 16) * sy)), slice(round((x - 16) * sx), round((x + 16) * sx))


@pytest.mark.parametrize("kind", ["inventory", "crafting_table", "furnace", "chest"])
@pytest.mark.parametrize("h,w", SIZES)
def test_screen_replaces_the_world_view(gui, kind, h, w):
    g = gui.game
    g.open_gui(kind, (0, 64, 2) if kind in ("furnace", "chest") else None)
    pov = frame(g, h, w)
    world = world_image(h, w)
    changed = np.any(pov != world, axis=2).mean()
    assert changed > 0.95
    p = pov.astype(int)
    grey = (np.ptp(p, axis=2) <= 6) & (p[..., 0] >= 125) & (p[..., 0] <= 210)
    assert grey.mean() > 0.3  # the panel and its slot squares (half the frame)
    corner = pov[: max(2, h // 40), : max(2, w // 40)].astype(int)
    assert corner.mean() < 70  # the world behind is dimmed
    g.close_gui()


@pytest.mark.parametrize("h,w", SIZES)
def test_stack_counts_are_drawn(gui, gd, h, w):
    g = gui.game
    gui.run("/give @p minecraft:cobblestone 64")
    gui.run("/give @p minecraft:cobblestone 1")  # merges into the 64 stack? no: stack is full
    g.open_gui("inventory")
    s = g.gui
    k64, k1 = s.find("hotbar", 0), s.find("hotbar", 1)
    assert s.content(k64)[1] == 64 and s.content(k1)[1] == 1
    pov = frame(g, h, w)
    white = np.all(pov == 255, axis=2)
    assert white[item_box(s, k64, h, w)].sum() >= 4  # "64" in white
    assert white[item_box(s, k1, h, w)].sum() == 0  # a single item has no count
    # the two slots show the same icon, so their pixels differ only by the digits
    a, b = pov[item_box(s, k64, h, w)], pov[item_box(s, k1, h, w)]
    n = min(a.shape[1], b.shape[1])
    assert np.any(a[:, :n] != b[:, :n])


@pytest.mark.parametrize("h,w", SIZES)
def test_cursor_and_carried_stack_are_drawn(gui, gd, h, w):
    g = gui.game
    gui.run("/give @p minecraft:diamond 3")
    g.open_gui("inventory")
    s = g.gui
    s.cursor[:] = (300, 40)  # over the panel background
    a = frame(g, h, w)
    s.cursor[:] = (330, 40)
    b = frame(g, h, w)
    diff = np.flatnonzero(np.any(a != b, axis=2).any(axis=0))
    assert diff.size and diff.min() >= int(300 * w / 640) - 1 and diff.max() <= int(345 * w / 640) + 1
    s.carried.item[0], s.carried.count[0] = gd.item("diamond"), 3
    c = frame(g, h, w)
    assert np.any(c != b, axis=2).sum() > (20 if w == 128 else 200)


def test_furnace_flame_and_arrow_show_progress(gui, gd):
    g = gui.game
    g.open_gui("furnace", (0, 64, 2))
    f = g.gui.furnace
    idle = frame(g, 360, 640)
    f.burn_left, f.burn_total, f.cook = 800, 1600, 100
    busy = frame(g, 360, 640)
    orange = np.all(busy == (255, 140, 20), axis=2).sum()
    assert orange > 50 and np.all(idle == (255, 140, 20), axis=2).sum() == 0
    assert (np.all(busy == 255, axis=2).sum() - np.all(idle == 255, axis=2).sum()) > 100  # arrow


def test_env_observation_shows_the_gui(gd):
    from envs.voxel.env import VoxelWorldEnv

    env = VoxelWorldEnv(width=128, height=128)
    obs, _ = env.reset(seed=0, options={"commands": ["/give @p minecraft:oak_log 5"]})
    assert obs["is_gui_open"] == 0
    a = env.action_space.noop()
    a["inventory"] = 1
    opened, *_ = env.step(a)
    assert opened["is_gui_open"] == 1
    assert np.any(opened["pov"] != obs["pov"], axis=2).mean() > 0.9
    closed, *_ = env.step(a | {"inventory": 0})
    closed, *_ = env.step(a)  # second press closes
    assert closed["is_gui_open"] == 0
    env.close()


@pytest.mark.parametrize("h,w", SIZES)
def test_panel_box_is_painted_over_completely(gui, h, w):
    """`opaque_box` (the world not rendered behind an open screen) must lie where the screen
    paints every pixel, whatever was there, and cover most of the panel."""
    from envs.voxel.render.gui_draw import opaque_box

    g = gui.game
    for kind in ("inventory", "crafting_table", "furnace", "chest"):
        g.open_gui(kind, (0, 64, 2) if kind in ("furnace", "chest") else None)
        y0, y1, x0, x1 = opaque_box(g.gui, w, h)
        assert 0 <= y0 < y1 <= h and 0 <= x0 < x1 <= w
        assert (y1 - y0) * (x1 - x0) > 0.3 * h * w
        a = world_image(h, w)
        b = 255 - a
        draw_screen(g.gui, g, a)
        draw_screen(g.gui, g, b)
        assert np.array_equal(a[y0:y1, x0:x1], b[y0:y1, x0:x1]), kind
        g.close_gui()


def test_env_frames_with_a_screen_open_match_a_full_render(gd):
    """The env skips rendering the world behind the panel: the observation must equal the
    world rendered in full with the screen drawn over it."""
    from envs.voxel.env import VoxelWorldEnv

    env = VoxelWorldEnv(width=128, height=128)
    env.reset(seed=1, options={"commands": ["/give @p minecraft:oak_log 5"]})
    a = env.action_space.noop()
    a["inventory"] = 1
    obs, *_ = env.step(a)
    g = env.game
    assert g.gui_open
    r = env.renderer
    full = r.render(g.world, g.eye(), g.pitch, g.yaw, time_of_day=g.day_time, hud=env._hud)
    g.gui.draw(g, full)
    assert np.array_equal(obs["pov"], full)
    env.close()


def test_cached_panel_is_redrawn_when_contents_change(gui, gd):
    """The panel with items is cached between frames; any change to a slot redraws it."""
    g = gui.game
    g.open_gui("inventory")
    s = g.gui
    k = s.find("hotbar", 3)
    before = frame(g, 128, 128)
    assert np.array_equal(frame(g, 128, 128), before)  # nothing changed: same pixels
    gui.run("/give @p minecraft:oak_log 5")
    assert s.content(k)[0] or s.content(s.find("hotbar", 0))[0]
    changed = frame(g, 128, 128)
    assert not np.array_equal(changed, before)
    g.inventory.count[np.flatnonzero(g.inventory.item)[0]] = 2  # a count changed in place
    assert not np.array_equal(frame(g, 128, 128), changed)
    g.close_gui()
    g.open_gui("crafting_table", None)
    c = g.gui
    key = c.contents_key()
    c.grid.item[0], c.grid.count[0] = gd.item("oak_log"), 1
    c.changed(g)
    assert c.contents_key() != key and c.content(c.find("result"))[0] == gd.item("oak_planks")
