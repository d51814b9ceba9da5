"""``omission``: a claim most of a story's sources carry is missing from another (one flag per missing source).

Coverage, not error: low severity, listed in the top-level ``story_flags``.
"""

from __future__ import annotations

import math

from xref.detect.base import make_flag, sentence_span
from xref.types import Cluster, Story

# A claim counts as widely reported when at least this share of the story's sources (and at least two) carry it;
# claims two sources of five share are common and say little about the other three.
CARRIED_SHARE = 0.5
# Loose clusters (sources that share a topic more than a claim) say little about what a source left out: the
# carrying sources' best members must average at least this similarity to the rest of the cluster.
MIN_COHESION = 0.5


def detect(story: Story, clusters: list[Cluster], labels: dict[str, str], sentences) -> list:
    if len(story.sources) < 3:
        return []
    flags = []
    needed = max(2, math.ceil(CARRIED_SHARE * len(story.sources)))
    for cluster in clusters:
        if len(cluster.sources) < needed:
            continue
        carried, cohesion = [], 0.0
        for source in cluster.sources:  # each carrying source's best member, by its part of the claim
            best = max((m for m in cluster.members if m.source == source), key=lambda m: m.similarity)
            carried.append(sentence_span(sentences[best.sentence], best.unit_start, best.unit_end))
            cohesion += best.similarity / len(cluster.sources)
        if cohesion < MIN_COHESION:
            continue
        carriers = ", ".join(labels.get(s, s) for s in cluster.sources)
        for missing in story.sources:
            if missing in cluster.sources:
                continue
            claim = carried[0].text if len(carried[0].text) <= 90 else carried[0].text[:89].rstrip() + "…"
            reason = f"{labels.get(missing, missing)} does not report “{claim}”, which {carriers} carry."
            flags.append(make_flag("omission", "low", reason, carried, cluster=cluster.id, missing_source=missing))
    return flags
