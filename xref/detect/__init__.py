"""Divergence detectors: where outlets tell the same claim differently, with the differing words as evidence.

Each detector is one module. Pair detectors look at two members of one claim cluster from different sources;
story detectors look at a story's clusters together. Adding a detector is one module and one line below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from xref.detect import (
    attribution,
    entity,
    hedging,
    loaded_language,
    number,
    omission,
    participants,
    qualifier,
    quote,
    temporal,
)
from xref.detect.base import SEVERITIES, AlignedPair, make_flag
from xref.types import Cluster, Flag, Sentence, Source, Story

PAIR_DETECTORS: dict[str, Callable[[AlignedPair], Iterable[Flag]]] = {
    "number": number.detect,
    "quote": quote.detect,
    "qualifier": qualifier.detect,
    "hedging": hedging.detect,
    "attribution": attribution.detect,
    "participants": participants.detect,
    "entity": entity.detect,
    "temporal": temporal.detect,
    "loaded_language": loaded_language.detect,
}
STORY_DETECTORS: dict[str, Callable[..., list[Flag]]] = {
    "omission": omission.detect,
}
FLAG_TYPES = (*PAIR_DETECTORS, *STORY_DETECTORS)

__all__ = ["FLAG_TYPES", "PAIR_DETECTORS", "SEVERITIES", "STORY_DETECTORS", "AlignedPair", "detect", "make_flag"]


def detect(
    sources: Sequence[Source],
    sentences: Mapping[str, Sentence],
    stories: Sequence[Story],
    clusters: Sequence[Cluster],
    anatomies: Mapping,
    vectors: Mapping[str, np.ndarray],
    *,
    types: Iterable[str] | None = None,
) -> tuple[tuple[Cluster, ...], tuple[Flag, ...]]:
    """Flags for each shared cluster (returned inside the clusters) and for each story (returned apart).

    ``anatomies`` maps sentence ids to :class:`xref.claims.Anatomy` for every member of a shared cluster;
    ``vectors`` maps them to unit-length sentence embeddings. A flag found in several clusters (a sentence may join
    more than one) is kept in the first.
    """
    chosen = set(FLAG_TYPES if types is None else types)
    labels = {s.id: s.label for s in sources}
    texts = {s.id: s.text.lower() for s in sources}
    seen: set[str] = set()
    flagged = []
    for cluster in clusters:
        flags = []
        if cluster.is_shared:
            for pair in _pairs(cluster, anatomies, vectors, labels, texts):
                for name, run in PAIR_DETECTORS.items():
                    if name not in chosen:
                        continue
                    for flag in run(pair):
                        if flag.id not in seen:
                            seen.add(flag.id)
                            flags.append(flag)
        flags = _merge_shared_evidence(flags, labels)
        flags.sort(key=lambda f: -SEVERITIES.index(f.severity))
        flagged.append(replace(cluster, flags=tuple(flags)) if flags else cluster)
    story_flags = []
    by_id = {c.id: c for c in flagged}
    for story in stories:
        story_clusters = [by_id[c] for c in story.clusters]
        for name, run in STORY_DETECTORS.items():
            if name in chosen:
                story_flags.extend(run(story, story_clusters, labels, sentences))
    return tuple(flagged), tuple(story_flags)


def _merge_shared_evidence(flags: list[Flag], labels: Mapping[str, str]) -> list[Flag]:
    """One flag per difference: flags of one type whose first evidence (the words that differ, on the side that
    differs: the hedge, the qualifier, the title) is the same span become one flag holding every other source's
    words: "appeared to say" against "said" in one outlet and "say" in another."""
    groups: dict[tuple, list[Flag]] = {}
    for flag in flags:
        first = flag.evidence[0]
        groups.setdefault((flag.type, first.source, first.start, first.end), []).append(flag)
    merged = []
    for group in groups.values():
        if len(group) == 1:
            merged.append(group[0])
            continue
        first = group[0]
        evidence = list(dict.fromkeys(e for f in group for e in f.evidence))
        named = {e.source for e in first.evidence}
        others = dict.fromkeys(labels.get(e.source, e.source) for e in evidence if e.source not in named)
        reason = first.reason + (f" The same holds for {', '.join(others)}." if others else "")
        severity = max((f.severity for f in group), key=SEVERITIES.index)
        merged.append(make_flag(first.type, severity, reason, evidence, cluster=first.cluster))
    return merged


def _pairs(cluster: Cluster, anatomies, vectors, labels, texts) -> list[AlignedPair]:
    """Every pair of distinct member sentences from different sources, ordered so each is seen once."""
    sentences = sorted({(m.source, m.sentence) for m in cluster.members})
    pairs = []
    for i, (source_a, a) in enumerate(sentences):
        for source_b, b in sentences[i + 1 :]:
            if source_a == source_b or a not in anatomies or b not in anatomies:
                continue
            similarity = float(np.dot(vectors[a], vectors[b]))
            pairs.append(AlignedPair(anatomies[a], anatomies[b], similarity, cluster.id, labels, texts))
    return pairs
