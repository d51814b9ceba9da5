"""Wire copy: sentences two sources share verbatim or nearly so.

Two outlets running the same agency copy agree because they print the same text, not because they
confirmed a claim independently. For each pair of sources this counts the sentences matched one to
one whose word sequences are nearly identical.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from itertools import combinations

import numpy as np

from xref.cluster import nearest_neighbour_graph
from xref.types import Sentence, SourceOverlap

# Word-sequence similarity (difflib ratio over lower-cased words) at which two sentences count as
# the same copy: tolerates a changed word or two, an added title, different quote marks.
NEAR_COPY_RATIO = 0.8
# Sentences this short ("He added:") match by chance.
MIN_WORDS = 6
# Only pairs whose embeddings are this close are compared word by word.
CANDIDATE_COSINE = 0.75
_WORDS = re.compile(r"\w+")


def near_copy_ratio(a: str, b: str) -> float:
    words_a, words_b = _WORDS.findall(a.lower()), _WORDS.findall(b.lower())
    if min(len(words_a), len(words_b)) < MIN_WORDS:
        return 0.0
    return SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()


def source_overlap(
    source_ids: Sequence[str],
    sentences: Sequence[Sentence],
    vectors: np.ndarray,
    *,
    neighbours: int = 10,
    all_pairs: bool = True,
) -> list[SourceOverlap]:
    """Shared-sentence counts per pair of sources, from each sentence's nearest other-source neighbours.

    ``all_pairs``: also list pairs that share nothing (a full table for a handful of sources).
    """
    position = {sid: i for i, sid in enumerate(source_ids)}
    groups = np.array([position[s.source] for s in sentences])
    graph = nearest_neighbour_graph(vectors, neighbours=neighbours, groups=groups, min_similarity=CANDIDATE_COSINE)
    matches: dict[tuple[int, int], list[tuple[float, int, int]]] = {}
    for i, edges in enumerate(graph.edges):
        for j in edges:
            if i < j:
                ratio = near_copy_ratio(sentences[i].text, sentences[j].text)
                if ratio >= NEAR_COPY_RATIO:
                    a, b = (i, j) if groups[i] < groups[j] else (j, i)
                    matches.setdefault((int(groups[a]), int(groups[b])), []).append((ratio, a, b))
    counts = np.bincount(groups, minlength=len(source_ids))
    pairs_to_report = combinations(range(len(source_ids)), 2) if all_pairs else sorted(matches)
    overlaps = []
    for ga, gb in pairs_to_report:
        used_a, used_b, pairs = set(), set(), []
        for _ratio, i, j in sorted(matches.get((ga, gb), []), key=lambda m: (-m[0], m[1], m[2])):
            if i not in used_a and j not in used_b:  # one-to-one: a sentence counts once
                used_a.add(i)
                used_b.add(j)
                pairs.append((sentences[i].id, sentences[j].id))
        overlaps.append(
            SourceOverlap(
                source_ids[ga], source_ids[gb], len(pairs), int(counts[ga]), int(counts[gb]), tuple(sorted(pairs))
            )
        )
    return overlaps
