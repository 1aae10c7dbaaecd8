"""Crafting recipes: all 1.16.5 crafting-table recipes of minecraft-data, matched like Minecraft.

minecraft-data lists a tag ingredient (any planks, coal or charcoal, …) as one variant per item.
Shaped variants with the same result and the same layout of empty cells are merged into one
`Recipe` whose cells hold the set of accepted items, so mixed planks work as in Minecraft's tags.
Shaped recipes match anywhere in the grid (smallest bounding box) and mirrored left-right;
shapeless ones match any arrangement. Items such as milk buckets leave their container behind.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .gamedata import GameData

# Items that stay in the grid as another item after crafting (Minecraft's "container item").
REMAINDERS = {
    "milk_bucket": "bucket", "water_bucket": "bucket", "lava_bucket": "bucket",
    "honey_bottle": "glass_bottle", "dragon_breath": "glass_bottle",
}


@dataclass(frozen=True)
class Recipe:
    """One crafting recipe. `cells` are rows × columns of accepted item-id sets (None = empty
    cell) for shaped recipes; `ingredients` the accepted-item sets of a shapeless recipe."""

    result: int
    count: int
    cells: tuple[tuple[frozenset[int] | None, ...], ...] | None = None
    ingredients: tuple[frozenset[int], ...] | None = None

    @property
    def shaped(self) -> bool:
        return self.cells is not None

    @property
    def size(self) -> tuple[int, int]:
        """(height, width) of the smallest grid that holds the recipe (shapeless: as packed)."""
        if self.cells is not None:
            return len(self.cells), len(self.cells[0])
        n = len(self.ingredients)
        return (1, 1) if n == 1 else (2, 2) if n <= 4 else (3, 3)

    def fits(self, grid_w: int) -> bool:
        h, w = self.size
        return h <= grid_w and w <= grid_w

    def slots(self) -> list[tuple[int, int, frozenset[int]]]:
        """(row, col, accepted items) of every filled cell, the recipe placed top-left."""
        if self.cells is not None:
            return [(r, c, s) for r, row in enumerate(self.cells) for c, s in enumerate(row) if s]
        h, w = self.size
        return [(k // w, k % w, s) for k, s in enumerate(self.ingredients)]


@dataclass(frozen=True)
class Match:
    """What the result slot shows for a grid: the recipe and the grid's leftovers per cell."""

    recipe: Recipe
    remainders: tuple[int, ...]  # item id left in each grid slot after one craft (0 = none)

    @property
    def result(self) -> int:
        return self.recipe.result

    @property
    def count(self) -> int:
        return self.recipe.count


class RecipeBook:
    """All crafting recipes of one GameData, indexed for fast matching."""

    def __init__(self, gd: GameData):
        self.gd = gd
        self.recipes: list[Recipe] = []
        self.by_result: dict[int, list[Recipe]] = defaultdict(list)
        self._shaped: dict[tuple, list[Recipe]] = defaultdict(list)  # (h, w, empty mask) → recipes
        self._shapeless: dict[tuple[int, ...], Recipe] = {}  # sorted ingredient ids → recipe
        self._remainder = np.zeros(gd.n_items, np.int32)
        for name, left in REMAINDERS.items():
            self._remainder[gd.item(name)] = gd.item(left)
        groups: dict[tuple, list[list[int | None]]] = defaultdict(list)
        shapeless_groups: dict[tuple, list[list[int]]] = defaultdict(list)
        for key, variants in gd.recipes.items():
            for v in variants:
                res, n = int(v["result"]["id"]), int(v["result"]["count"])
                assert res == int(key)
                if "inShape" in v:
                    shape = v["inShape"]
                    mask = tuple(tuple(x is None for x in row) for row in shape)
                    groups[(res, n, mask)].append([x for row in shape for x in row])
                else:
                    shapeless_groups[(res, n, len(v["ingredients"]))].append(v["ingredients"])
        for (res, n, mask), variants in groups.items():
            h, w = len(mask), len(mask[0])
            sets = [frozenset(col) if col[0] is not None else None for col in zip(*variants, strict=True)]
            cells = tuple(tuple(sets[r * w : (r + 1) * w]) for r in range(h))
            self._add(Recipe(res, n, cells=cells))
        for (res, n, _), variants in shapeless_groups.items():
            # minecraft-data lists shapeless tag recipes as the full product of the choices:
            # one recipe per variant, matched by its exact item multiset.
            for v in variants:
                key = tuple(sorted(v))
                if key not in self._shapeless:
                    recipe = Recipe(res, n, ingredients=tuple(frozenset((i,)) for i in key))
                    self._add(recipe)
                    self._shapeless[key] = recipe

    def _add(self, recipe: Recipe) -> None:
        self.recipes.append(recipe)
        self.by_result[recipe.result].append(recipe)
        if recipe.cells is not None:
            h, w = recipe.size
            mask = tuple(s is None for row in recipe.cells for s in row)
            self._shaped[(h, w, mask)].append(recipe)
            mirror = tuple(s is None for row in recipe.cells for s in reversed(row))
            if mirror != mask:
                self._shaped[(h, w, mirror)].append(recipe)

    # -- matching ------------------------------------------------------------------------------
    def match(self, grid: np.ndarray) -> Match | None:
        """The recipe a square grid of item ids (0 = empty) makes, or None."""
        filled = grid > 0
        if not filled.any():
            return None
        rows = np.flatnonzero(filled.any(axis=1))
        cols = np.flatnonzero(filled.any(axis=0))
        box = grid[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
        h, w = box.shape
        flat = box.ravel().tolist()
        mask = tuple(x == 0 for x in flat)
        for recipe in self._shaped.get((h, w, mask), ()):
            if _fits(recipe.cells, box.tolist()) or _fits(recipe.cells, box[:, ::-1].tolist()):
                return self._match(recipe, grid)
        recipe = self._shapeless.get(tuple(sorted(x for x in flat if x)))
        return self._match(recipe, grid) if recipe is not None else None

    def _match(self, recipe: Recipe, grid: np.ndarray) -> Match:
        left = self._remainder[grid.ravel()]
        return Match(recipe, tuple(int(x) for x in left))

    def for_item(self, item: int | str) -> list[Recipe]:
        """Recipes whose result is `item` (id or name)."""
        iid = self.gd.item(item) if isinstance(item, str) else item
        return list(self.by_result.get(iid, ()))


def _fits(cells, box: list[list[int]]) -> bool:
    for crow, brow in zip(cells, box, strict=True):
        for s, x in zip(crow, brow, strict=True):
            if (s is None) != (x == 0) or (s is not None and x not in s):
                return False
    return True


@functools.cache
def book(gd: GameData) -> RecipeBook:
    """The recipe book of a GameData (built once, ~20 ms)."""
    return RecipeBook(gd)
