"""Cluster: sources into stories, then claim units within each story into claims.

Pure numpy/scipy code over arrays: no model, no files. Both levels use the same routine, an average
linkage over a sparse candidate graph (each item's nearest neighbours), so cost grows with
``n * neighbours`` rather than ``n**2`` and no dense n×n matrix is ever built. Missing candidate pairs
count as similarity 0, which keeps merges conservative.

Claims are grouped under two constraints that keep the clusters meaningful:

* only pairs from *different* sources count: a claim cluster forms from cross-source agreement, and
  the average is taken over cross-source pairs only;
* two units of the same sentence never share a cluster, so a sentence that carries several claims can
  join each of them through different clauses.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Scores held in memory at a time when looking for neighbours (16M float32 = 64 MB).
BLOCK_ELEMENTS = 1 << 24
MAX_BLOCK_ROWS = 4096
# A group with at least this many rows left is scored block by block against the other groups only.
SINGLE_GROUP_BLOCK = 64
# Two claim clusters sharing this share of the smaller one's sentences are one claim seen twice.
NEAR_DUPLICATE_OVERLAP = 0.6
# After merging, members whose mean similarity to the rest falls this far below the cut are dropped.
PRUNE_MARGIN = 0.1
# A claim cluster holds at most this many sentences of one source: outlets repeat a claim a few times
# (standfirst, body, quote), and the cap stops one short source from chaining a long one together.
MAX_UNITS_PER_SOURCE = 3
# Pseudo-count of the story mean's shrinkage toward zero (see story_mean).
STORY_MEAN_PRIOR = 10


@dataclass(frozen=True)
class Graph:
    """A symmetric sparse similarity graph: ``edges[i]`` maps neighbour j to similarity."""

    size: int
    edges: tuple[dict[int, float], ...]


def nearest_neighbour_graph(
    vectors: np.ndarray,
    *,
    neighbours: int,
    groups: np.ndarray | None = None,
    blocked: np.ndarray | None = None,
    min_similarity: float = 0.0,
) -> Graph:
    """Each row's ``neighbours`` most similar rows by dot product, as a symmetric graph.

    ``groups``: rows in the same group are never linked (units of one source).
    ``blocked``: a second grouping whose members are never linked (units of one sentence).

    Rows are visited in group order, a block at a time (at most BLOCK_ELEMENTS scores in memory).
    A block inside one large group is scored only against the other groups' rows, so a long source
    beside short ones costs (its rows × their rows), not (its rows)².
    """
    n = len(vectors)
    edges: list[dict[int, float]] = [{} for _ in range(n)]
    if n < 2:
        return Graph(n, tuple(edges))
    order = np.argsort(groups, kind="stable") if groups is not None else np.arange(n)
    ordered = vectors[order]
    group_of = groups[order] if groups is not None else None
    block_of = blocked[order] if blocked is not None else None
    start = 0
    while start < n:
        if group_of is not None:
            group_start = int(np.searchsorted(group_of, group_of[start], side="left"))
            group_end = int(np.searchsorted(group_of, group_of[start], side="right"))
        else:
            group_start, group_end = start, start
        if group_end - start >= SINGLE_GROUP_BLOCK:
            # Inside one large group: score against the other groups only.
            columns = np.concatenate([np.arange(group_start), np.arange(group_end, n)])
            rows_per_block = max(1, min(BLOCK_ELEMENTS // max(len(columns), 1), MAX_BLOCK_ROWS))
            stop = min(start + rows_per_block, group_end)
            scores = ordered[start:stop] @ ordered[columns].T
        else:
            columns = np.arange(n)
            stop = min(start + max(1, BLOCK_ELEMENTS // n), n)
            scores = ordered[start:stop] @ ordered.T
            local = np.arange(stop - start)
            scores[local, start + local] = -np.inf
            if group_of is not None:
                scores[group_of[start:stop, None] == group_of[None, :]] = -np.inf
        if block_of is not None and len(columns):
            scores[block_of[start:stop, None] == block_of[None, columns]] = -np.inf
        k = min(neighbours, len(columns))
        if k > 0:
            top = np.argpartition(-scores, k - 1, axis=1)[:, :k] if k < len(columns) else np.argsort(-scores, axis=1)
            for row, candidates in enumerate(top):
                i = int(order[start + row])
                for c in candidates:
                    score = float(scores[row, c])
                    if score >= min_similarity and np.isfinite(score):
                        j = int(order[columns[c]])
                        edges[i][j] = score
                        edges[j][i] = score
        start = stop
    return Graph(n, tuple(edges))


def average_linkage(
    graph: Graph,
    threshold: float,
    *,
    groups: Sequence[int] | None = None,
    blocked: Sequence[int] | None = None,
    max_per_group: int | None = None,
) -> list[list[int]]:
    """Agglomerative average linkage on a sparse graph, merging while the best average ≥ threshold.

    With ``groups``, the average between two clusters is over pairs from different groups only, and
    clusters that share no cross-group pair never merge. With ``blocked``, two clusters holding items
    of the same block never merge. With ``max_per_group``, no cluster takes more items of one group
    than that (it stops a hub, such as a short source beside a long one, from absorbing everything).
    Deterministic: ties break on the smaller item index.

    Only pairs whose average reaches the threshold enter the heap: an average changes only when one
    side merges, and then all its pairs are scored again.
    """
    n = graph.size
    group_of = list(groups) if groups is not None else list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    group_counts: dict[int, Counter] = {i: Counter([group_of[i]]) for i in range(n)}
    blocks: dict[int, set[int]] = {i: {blocked[i]} for i in range(n)} if blocked is not None else {}
    # Summed similarity between each pair of live clusters that have at least one candidate edge.
    sums: dict[int, dict[int, float]] = {i: dict(graph.edges[i]) for i in range(n)}

    def cross_pairs(a: int, b: int) -> int:
        ca, cb = group_counts[a], group_counts[b]
        shared = sum(count * cb.get(group, 0) for group, count in ca.items())
        return len(members[a]) * len(members[b]) - shared

    def average(a: int, b: int) -> float:
        pairs = cross_pairs(a, b)
        return sums[a][b] / pairs if pairs else -np.inf

    def over_cap(a: int, b: int) -> bool:
        if max_per_group is None:
            return False
        ca, cb = group_counts[a], group_counts[b]
        return any(count + cb.get(group, 0) > max_per_group for group, count in ca.items())

    heap = []
    for a in range(n):
        for b in sums[a]:
            if a < b:
                score = average(a, b)
                if score >= threshold:
                    heap.append((-score, a, b))
    heapq.heapify(heap)
    version = dict.fromkeys(range(n), 0)
    stamps: dict[tuple[int, int], tuple[int, int]] = {}
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        if stamps.get((a, b), (0, 0)) != (version[a], version[b]):
            continue  # stale entry: one side has merged since it was pushed
        if -negative < threshold:
            break
        if blocked is not None and blocks[a] & blocks[b]:
            continue
        if over_cap(a, b):
            continue
        # Merge b into a (a < b keeps the smaller id, so results do not depend on heap order).
        members[a].extend(members.pop(b))
        group_counts[a].update(group_counts.pop(b))
        if blocked is not None:
            blocks[a] |= blocks.pop(b)
        merged = sums.pop(b)
        merged.pop(a, None)
        row_a = sums[a]
        row_a.pop(b, None)
        for other, value in merged.items():
            row_a[other] = row_a.get(other, 0.0) + value
            sums[other][a] = sums[other].get(a, 0.0) + value
            sums[other].pop(b, None)
        version[a] += 1
        del version[b]
        for other in row_a:
            x, y = (a, other) if a < other else (other, a)
            stamps[(x, y)] = (version[x], version[y])
            score = average(x, y)
            if score >= threshold:
                heapq.heappush(heap, (-score, x, y))
    return sorted((sorted(group) for group in members.values()), key=lambda group: group[0])


class PairScorer:
    """The plain pair score: dot products of the given vectors. Any object with ``block(rows, cols)`` (a
    score matrix) and ``pairs(rows, cols)`` (scores of aligned pairs) can stand in for it, such as the
    scorers in :mod:`xref.pairscore`."""

    def __init__(self, dense: np.ndarray) -> None:
        self.dense = dense

    def block(self, rows, cols) -> np.ndarray:
        return self.dense[rows] @ self.dense[cols].T

    def pairs(self, rows, cols) -> np.ndarray:
        return np.einsum("ij,ij->i", self.dense[rows], self.dense[cols])


def rescore(graph: Graph, scorer, chunk: int = 65536) -> Graph:
    """The same candidate edges, scored by ``scorer.pairs(rows, cols)`` in vectorised chunks."""
    pairs = [(i, j) for i, neighbours in enumerate(graph.edges) for j in neighbours if i < j]
    edges: list[dict[int, float]] = [{} for _ in range(graph.size)]
    for start in range(0, len(pairs), chunk):
        rows, cols = np.array(pairs[start : start + chunk], dtype=np.int64).reshape(-1, 2).T
        for i, j, value in zip(rows.tolist(), cols.tolist(), scorer.pairs(rows, cols).tolist(), strict=True):
            edges[i][j] = value
            edges[j][i] = value
    return Graph(graph.size, tuple(edges))


@dataclass(frozen=True)
class ClaimGroup:
    """Unit indices of one claim and each member's mean similarity to its other-source members."""

    units: tuple[int, ...]
    similarity: tuple[float, ...]


def story_mean(vectors: np.ndarray) -> np.ndarray:
    """The story's mean vector, shrunk toward zero for small stories.

    With a handful of units the mean is mostly the units themselves (with two, their residuals point in
    opposite directions); shrinking by n / (n + STORY_MEAN_PRIOR) leaves small stories close to plain
    cosine and large ones close to the full residual.
    """
    n = len(vectors)
    return vectors.mean(axis=0) * (n / (n + STORY_MEAN_PRIOR))


def residual_mix(vectors: np.ndarray) -> np.ndarray:
    """Each vector next to its residual from the story mean, scaled so a dot product averages both cosines.

    Within one story every sentence shares the story's topic; the residual removes that shared part,
    so two sentences score high only if they agree on more than the topic.
    """
    if len(vectors) == 0:
        return vectors
    residual = vectors - story_mean(vectors)[None, :]
    norms = np.linalg.norm(residual, axis=1, keepdims=True)
    residual = residual / np.where(norms > 0, norms, 1.0)
    return np.hstack([vectors, residual]).astype(np.float32) / np.float32(np.sqrt(2.0))


def group_claims(
    vectors: np.ndarray,
    sources: np.ndarray,
    sentences: np.ndarray,
    *,
    threshold: float,
    neighbours: int = 20,
    scorer=None,
) -> list[ClaimGroup]:
    """Claim clusters over claim units of one story.

    ``vectors``: L2-normalised unit vectors, used to find candidate pairs; ``scorer`` scores pairs
    (default: the vectors' dot product); ``sources`` and ``sentences``: integer labels per unit.
    A core average linkage forms clusters from cross-source agreement; then each cluster takes in
    units of other sentences whose mean similarity to its other-source members reaches the threshold,
    so a sentence can belong to several claims. Returns only clusters spanning two or more sources.
    """
    n = len(vectors)
    if n < 2:
        return []
    graph = nearest_neighbour_graph(vectors, neighbours=neighbours, groups=sources, blocked=sentences)
    if scorer is None:
        scorer = PairScorer(vectors)
    else:
        graph = rescore(graph, scorer)
    cores = [
        c
        for c in average_linkage(
            graph, threshold, groups=sources, blocked=sentences, max_per_group=MAX_UNITS_PER_SOURCE
        )
        if len(set(sources[c].tolist())) > 1
    ]
    attached = []
    for core in cores:
        members = _attach(core, scorer, sources, sentences, graph, threshold)
        attached.append(ClaimGroup(tuple(members), tuple(_mean_cross_similarity(members, scorer, sources))))
    groups = []
    for units in _merge_near_duplicates(attached, sentences):
        group = _prune(units, scorer, sources, threshold - PRUNE_MARGIN)
        if group is not None:
            groups.append(group)
    groups.sort(key=lambda group: group.units)
    return groups


def _prune(units: list[int], scorer: PairScorer, sources, floor: float) -> ClaimGroup | None:
    """Drop the least similar member while any falls below ``floor``; None if under two sources remain.

    The score block is computed once and the per-member sums updated as members leave, so pruning a
    cluster of m members costs O(m²), not O(m³).
    """
    units = np.asarray(units)
    member_sources = sources[units]
    cross = member_sources[:, None] != member_sources[None, :]
    block = np.where(cross, scorer.block(units, units), 0.0)
    totals = block.sum(axis=1)
    counts = cross.sum(axis=1).astype(float)
    alive = np.ones(len(units), dtype=bool)
    while True:
        if len(set(member_sources[alive].tolist())) < 2:
            return None
        means = np.where(alive & (counts > 0), totals / np.maximum(counts, 1), np.inf)
        worst = int(np.argmin(means))
        if means[worst] >= floor:
            kept = np.flatnonzero(alive)
            similarity = np.where(counts[kept] > 0, totals[kept] / np.maximum(counts[kept], 1), 1.0)
            return ClaimGroup(tuple(int(u) for u in units[kept]), tuple(float(x) for x in similarity))
        alive[worst] = False
        totals -= block[:, worst]
        counts -= cross[:, worst]


def _merge_near_duplicates(groups: list[ClaimGroup], sentences: np.ndarray) -> list[list[int]]:
    """Clusters that mostly hold the same sentences (reached through different clauses) are one claim.

    Overlap is |A ∩ B| / min(|A|, |B|) over sentence sets. The tighter cluster absorbs the other's
    sentences it lacks (one unit per sentence), so no validated member is lost.
    """
    ranked = sorted(groups, key=lambda g: (-float(np.mean(g.similarity)), g.units))
    kept: list[tuple[list[int], set[int]]] = []
    for group in ranked:
        members = {int(sentences[i]) for i in group.units}
        for units, other in kept:
            if len(members & other) >= NEAR_DUPLICATE_OVERLAP * min(len(members), len(other)):
                for i in group.units:
                    if int(sentences[i]) not in other:
                        units.append(i)
                        other.add(int(sentences[i]))
                break
        else:
            kept.append((list(group.units), members))
    return [sorted(units) for units, _ in kept]


def _attach(core, scorer: PairScorer, sources, sentences, graph, threshold) -> list[int]:
    """Add the best unit of each other sentence whose mean score to the cluster's other-source members
    reaches the threshold, keeping at most MAX_UNITS_PER_SOURCE sentences per source."""
    members = list(core)
    taken = {int(sentences[i]) for i in members}
    candidates = sorted({j for i in core for j in graph.edges[i]} - set(core))
    best: dict[int, tuple[float, int]] = {}
    member_sources = sources[members]
    scores = scorer.block(candidates, members) if candidates else np.zeros((0, len(members)))
    for row, j in enumerate(candidates):
        sentence = int(sentences[j])
        if sentence in taken:
            continue
        others = member_sources != sources[j]
        if not others.any():
            continue
        score = float(scores[row][others].mean())
        if score >= threshold and score > best.get(sentence, (-np.inf, 0))[0]:
            best[sentence] = (score, j)
    room = Counter(
        {int(source): MAX_UNITS_PER_SOURCE for source in set(sources[candidates].tolist())} if candidates else {}
    )
    room.subtract(Counter(int(source) for source in member_sources))
    added = []
    for _score, j in sorted(best.values(), key=lambda item: (-item[0], item[1])):
        source = int(sources[j])
        if room[source] > 0:
            room[source] -= 1
            added.append(j)
    return sorted(members + added)


def _mean_cross_similarity(members, scorer: PairScorer, sources) -> list[float]:
    block = scorer.block(members, members)
    member_sources = sources[members]
    cross = member_sources[:, None] != member_sources[None, :]
    totals = np.where(cross, block, 0.0).sum(axis=1)
    counts = cross.sum(axis=1)
    return [float(t / c) if c else 1.0 for t, c in zip(totals, counts, strict=True)]


def group_stories(vectors: np.ndarray, *, threshold: float, neighbours: int = 8) -> list[list[int]]:
    """Stories: average linkage over documents' vectors (one row per source)."""
    graph = nearest_neighbour_graph(vectors, neighbours=neighbours)
    return average_linkage(graph, threshold)
