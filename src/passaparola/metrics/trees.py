"""Trees of items (reply threads, share cascades) resolved on numpy arrays, with no Python object per item.

Nodes are numbered ``0..n-1``; ``parent[i]`` is the number of node *i*'s parent, or -1 for none.

- **Roots and depths** by pointer jumping: each round every node jumps to its ancestor's ancestor, so
  depth *d* resolves in about log2(*d*) rounds. The rounds are capped at log2(n) + 2; a node that has not
  reached a root by then is on (or under) a **cycle** of bad data. The cycle's members lose their parent
  link and head their own trees, flagged ``cycle``; what hangs below them stays with them.
- **Subtree sizes** level by level, from the deepest level up (``np.add.at`` of each level's sizes onto
  its parents): one vectorised step per level, not per node.
- **Preorder numbers**, level by level from the roots, so that every subtree is a range of numbers.
"""

from __future__ import annotations

import math

import numpy as np


def roots(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``root, depth, cycle`` of every node; ``parent`` is not changed."""
    parent = parent.astype(np.int64, copy=True)
    root, depth, resolved = _jump(parent)
    cycle = np.zeros(len(parent), dtype=bool)
    if not resolved.all():
        # after the capped rounds an unresolved node points at a member of its cycle, and every member
        # is pointed at (a power of a cyclic permutation is onto), so these are exactly the cycles
        cycle[np.unique(root[~resolved])] = True
        parent[cycle] = -1
        root, depth, resolved = _jump(parent)
    return root, depth, cycle


def tree_shape(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``root, depth, subtree, cycle`` of every node (a cycle member's subtree is counted under it)."""
    root, depth, cycle = roots(parent)
    parent = np.where(cycle, -1, parent).astype(np.int64)
    subtree = np.ones(len(parent), dtype=np.int64)
    order = np.argsort(depth, kind="stable")
    bounds = np.searchsorted(depth[order], np.arange(int(depth.max(initial=0)) + 2))
    for level in range(len(bounds) - 2, 0, -1):  # deepest level first; one step per level
        members = order[bounds[level] : bounds[level + 1]]
        np.add.at(subtree, parent[members], subtree[members])
    return root, depth, subtree, cycle


def _jump(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pointer jumping: ``far`` (the top reached), ``hops`` (depth), and whether the top is a real root."""
    n = len(parent)
    linked = parent >= 0
    far = np.where(linked, parent, np.arange(n))
    hops = linked.astype(np.int64)
    for _ in range(math.ceil(math.log2(n + 1)) + 2):  # depth < n <= 2**rounds: enough unless cyclic
        ahead = far[far]
        if np.array_equal(ahead, far):
            break
        hops = hops + hops[far]
        far = ahead
    resolved = parent[far] < 0
    return far, hops, resolved


def preorder(parent: np.ndarray, depth: np.ndarray, subtree: np.ndarray) -> np.ndarray:
    """Depth-first preorder numbers of the forest (``parent`` -1 for a root, cycles already cut), so that
    the subtree of node *v* is exactly the nodes numbered ``pre[v]`` to ``pre[v] + subtree[v] − 1``.

    Level by level from the roots, one vectorised step per level: a node's number is its parent's plus one
    plus the sizes of the subtrees of the siblings placed before it."""
    pre = np.zeros(len(parent), dtype=np.int64)
    order = np.argsort(depth, kind="stable")
    bounds = np.searchsorted(depth[order], np.arange(int(depth.max(initial=0)) + 2))
    roots = order[bounds[0] : bounds[1]]
    pre[roots] = np.cumsum(subtree[roots]) - subtree[roots]
    for level in range(1, len(bounds) - 1):
        members = order[bounds[level] : bounds[level + 1]]
        kids = members[np.argsort(parent[members], kind="stable")]
        sizes = subtree[kids]
        before = np.cumsum(sizes) - sizes
        first = np.ones(len(kids), dtype=bool)
        first[1:] = parent[kids][1:] != parent[kids][:-1]
        group_start = np.maximum.accumulate(np.where(first, np.arange(len(kids)), 0))
        pre[kids] = pre[parent[kids]] + 1 + before - before[group_start]
    return pre
