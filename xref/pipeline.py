"""The pipeline: ingest → segment → embed → cluster → overlap, returned as one :class:`Comparison`."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import BinaryIO

import numpy as np

from xref import cluster as clustering
from xref.errors import SourceError, UsageError
from xref.ingest import MAX_LISTED_WARNINGS, SourceInput, load_sources
from xref.ingest.furniture import FurnitureRules
from xref.overlap import source_overlap
from xref.segment import claim_units, split_sentences
from xref.types import ClaimUnit, Cluster, Flag, Member, Sentence, SkippedSource, Source, SourceOverlap, Story

SCHEMA_VERSION = "1.1"
# Story cut: cosine between two sources' mean sentence embeddings for them to be one story.
DEFAULT_STORY_THRESHOLD = 0.45
DEFAULT_NEIGHBOURS = 20
# Claim pair scores: "blend" (default) mixes "cosine" (mean of cosine and story-residual cosine) with
# the learned pair model's probability; "learned" is the model alone. The threshold is on that scale.
PAIR_SCORES = ("blend", "cosine", "learned")
DEFAULT_PAIR_SCORE = "blend"
BLEND_WEIGHT = 0.5
# Claim cut per pair score: the score a cluster's cross-source pairs must average (benchmarks/README.md).
DEFAULT_THRESHOLDS = {"blend": 0.4, "cosine": 0.55, "learned": 0.25}
DEFAULT_THRESHOLD = DEFAULT_THRESHOLDS[DEFAULT_PAIR_SCORE]
# Texts handed to the embedder at a time: large enough for full batches, small enough for progress.
ENCODE_CHUNK = 1024
# A source whose sentences join no other source's claim at this rate is probably another story.
LOW_SHARE_WARNING = 0.05
# Above this many sources the overlap table lists only pairs that share something.
FULL_OVERLAP_TABLE_SOURCES = 12


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`: sources, stories, claim clusters, overlap, and what was skipped."""

    sources: tuple[Source, ...]
    sentences: tuple[Sentence, ...]
    stories: tuple[Story, ...]
    clusters: tuple[Cluster, ...]
    source_overlap: tuple[SourceOverlap, ...]
    skipped_sources: tuple[SkippedSource, ...]
    params: dict
    warnings: tuple[str, ...] = ()
    story_flags: tuple[Flag, ...] = field(default=())

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    @property
    def shared_clusters(self) -> tuple[Cluster, ...]:
        return tuple(c for c in self.clusters if c.is_shared)

    @property
    def single_source_clusters(self) -> tuple[Cluster, ...]:
        return tuple(c for c in self.clusters if not c.is_shared)

    @property
    def flags(self) -> tuple[Flag, ...]:
        """Every flag: those of the claims in cluster order, then the story-level ones."""
        return tuple(f for c in self.clusters for f in c.flags) + tuple(self.story_flags)

    def filtered(self, *, types: Sequence[str] | None = None, min_severity: str | None = None) -> Comparison:
        """The same comparison keeping only flags of the given types and at least the given severity."""
        from xref.detect import SEVERITIES

        if min_severity is not None and min_severity not in SEVERITIES:
            raise UsageError(f"severity must be one of {', '.join(SEVERITIES)}, got {min_severity!r}")
        floor = SEVERITIES.index(min_severity) if min_severity else 0

        def keep(flag: Flag) -> bool:
            return (types is None or flag.type in types) and SEVERITIES.index(flag.severity) >= floor

        clusters = tuple(replace(c, flags=tuple(f for f in c.flags if keep(f))) for c in self.clusters)
        return replace(self, clusters=clusters, story_flags=tuple(f for f in self.story_flags if keep(f)))

    def to_dict(self) -> dict:
        from xref.export import to_document

        return to_document(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def compare(
    inputs: Sequence[SourceInput],
    *,
    labels: Sequence[str] | None = None,
    model: str | None = None,
    threshold: float | None = None,
    story_threshold: float = DEFAULT_STORY_THRESHOLD,
    neighbours: int = DEFAULT_NEIGHBOURS,
    embedder=None,
    use_cache: bool = True,
    strict: bool = False,
    furniture: FurnitureRules | None = None,
    stdin: BinaryIO | None = None,
    progress: Callable[[int, int], None] | None = None,
    pair_score: str = DEFAULT_PAIR_SCORE,
    detectors: Sequence[str] | None = None,
) -> Comparison:
    """Compare two or more sources (paths, URLs, ``"-"`` for stdin, or :class:`xref.Article`).

    ``progress``, if given, is called with (texts embedded, texts to embed) as embedding proceeds.
    ``pair_score``: "blend" (default), "cosine" or "learned" (see PAIR_SCORES); ``threshold`` is on that
    score's scale, and None takes the score's default. ``detectors`` names the divergence detectors to run
    (see ``xref.detect.FLAG_TYPES``); None runs them all, an empty list none.
    """
    if detectors is not None:
        from xref.detect import FLAG_TYPES

        unknown = sorted(set(detectors) - set(FLAG_TYPES))
        if unknown:
            raise UsageError(f"unknown flag type {unknown[0]!r}; known: {', '.join(FLAG_TYPES)}")
    if pair_score not in PAIR_SCORES:
        raise UsageError(f"--pair-score must be one of {', '.join(PAIR_SCORES)}, got {pair_score!r}")
    if threshold is None:
        from xref.embed import model_threshold

        # A registered model may carry its own tuned cut (its cosines sit on another scale).
        threshold = model_threshold(model, pair_score, embedder) or DEFAULT_THRESHOLDS[pair_score]
    if not 0.0 < threshold < 1.0:
        raise UsageError(f"--threshold must be between 0 and 1, got {threshold}")
    loaded = load_sources(inputs, labels=labels, furniture=furniture, stdin=stdin)
    warnings = list(loaded.warnings)
    sources, sentences = [], []
    skipped, errors = list(loaded.skipped), list(loaded.errors)
    # Compute in an order fixed by content (source ids), so results do not depend on argument order;
    # present in the order the user gave.
    for source in sorted(loaded.sources, key=lambda s: s.id):
        split = split_sentences(source)
        if not split:
            error = SourceError(source.origin, "no sentences left after removing page furniture")
            errors.append(error)
            skipped.append(SkippedSource(source.origin, error.reason))
            continue
        sources.append(source)
        sentences.extend(split)
    input_order = {source.id: i for i, source in enumerate(loaded.sources)}
    if errors and (strict or len(sources) < 2):
        raise errors[0]
    if len(sources) < 2:
        raise UsageError(f"need at least two usable sources to compare, got {len(sources)}")
    if len(skipped) > MAX_LISTED_WARNINGS:
        warnings.append(f"skipped {len(skipped)} unusable inputs (listed in skipped_sources)")
    else:
        warnings.extend(f"skipped {item.input}: {item.reason}" for item in skipped)

    if embedder is None:
        from xref.embed import load_embedder

        embedder = load_embedder(model, use_cache=use_cache)
    units = [unit for sentence in sentences for unit in claim_units(sentence)]
    vectors = _encode_unique(embedder, [unit.text for unit in units], progress)
    whole = np.array([unit.is_whole_sentence for unit in units])
    sentence_vectors = vectors[whole]

    # Group labels for clustering follow the content order too; presentation follows input order.
    canonical = {source.id: i for i, source in enumerate(sources)}
    story_lists = _stories(sources, sentences, sentence_vectors, story_threshold, input_order)
    story_of = {source_id: n for n, story in enumerate(story_lists) for source_id in story}
    units_by_story: dict[int, list[int]] = defaultdict(list)
    for i, unit in enumerate(units):
        units_by_story[story_of[unit.sentence.source]].append(i)
    sentences_by_story: dict[int, list[int]] = defaultdict(list)
    for i, sentence in enumerate(sentences):
        sentences_by_story[story_of[sentence.source]].append(i)
    stories, clusters, overlaps = [], [], []
    for n, story_sources in enumerate(story_lists):
        story_id = _digest("story", *sorted(story_sources))
        unit_index = units_by_story[n]
        story_clusters = _claims(
            story_id,
            [units[i] for i in unit_index],
            vectors[unit_index],
            canonical,
            input_order,
            threshold,
            neighbours,
            pair_score,
        )
        presented = tuple(sorted(story_sources, key=input_order.get))
        stories.append(Story(story_id, presented, tuple(c.id for c in story_clusters)))
        clusters.extend(story_clusters)
        if len(story_sources) > 1:
            sentence_index = sentences_by_story[n]
            overlaps.extend(
                source_overlap(
                    list(presented),
                    [sentences[i] for i in sentence_index],
                    sentence_vectors[sentence_index],
                    all_pairs=len(sources) <= FULL_OVERLAP_TABLE_SOURCES,
                )
            )
    warnings.extend(_coverage_warnings(sources, stories, clusters, sentences))
    story_flags: tuple = ()
    if detectors is None or detectors:
        clusters, story_flags = _detect(sources, sentences, sentence_vectors, stories, clusters, detectors)

    params = {
        "model": embedder.name,
        "model_sha256": embedder.checksum,
        "threshold": threshold,
        "story_threshold": story_threshold,
        "neighbours": neighbours,
        "claim_units": "sentences and clauses",
        "pair_score": pair_score,
        "detectors": "all" if detectors is None else sorted(detectors),
    }
    return Comparison(
        sources=tuple(sorted(sources, key=lambda s: input_order[s.id])),
        sentences=tuple(sentences),
        stories=tuple(stories),
        clusters=tuple(clusters),
        source_overlap=tuple(overlaps),
        skipped_sources=tuple(skipped),
        params=params,
        warnings=tuple(warnings),
        story_flags=story_flags,
    )


def _detect(sources, sentences, sentence_vectors, stories, clusters, detectors):
    """Analyse the sentences of shared claims and run the divergence detectors over them."""
    from xref.claims import analyse
    from xref.detect import detect

    wanted = {m.sentence for c in clusters if c.is_shared for m in c.members}
    by_id = {s.id: s for s in sentences}
    rows = [i for i, s in enumerate(sentences) if s.id in wanted]
    vectors = sentence_vectors[rows]
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    unit_vectors = {sentences[i].id: vectors[n] for n, i in enumerate(rows)}
    anatomies = analyse((sentences[i] for i in rows), {s.id: _published_date(s.published) for s in sources})
    flagged, story_flags = detect(sources, by_id, stories, clusters, anatomies, unit_vectors, types=detectors)
    return list(flagged), story_flags


def _published_date(published: str | None):
    """The publication date of a source, when its ``published`` field starts with an ISO date."""
    from datetime import date

    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _encode_unique(embedder, texts: list[str], progress: Callable[[int, int], None] | None) -> np.ndarray:
    """Encode each distinct text once, in chunks, reporting (done, total) after each chunk."""
    unique = list(dict.fromkeys(texts))
    chunks = []
    for start in range(0, len(unique), ENCODE_CHUNK):
        chunks.append(np.asarray(embedder.encode(unique[start : start + ENCODE_CHUNK]), dtype=np.float32))
        if progress is not None:
            progress(min(start + ENCODE_CHUNK, len(unique)), len(unique))
    encoded = np.concatenate(chunks) if chunks else np.zeros((0, 0), dtype=np.float32)
    row = {text: i for i, text in enumerate(unique)}
    return encoded[[row[text] for text in texts]]


def _digest(kind: str, *parts: str) -> str:
    prefix = {"story": "s", "claim": "c"}[kind]
    return prefix + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def _stories(sources, sentences, sentence_vectors, threshold, input_order) -> list[list[str]]:
    rows: dict[str, list[int]] = defaultdict(list)
    for i, sentence in enumerate(sentences):
        rows[sentence.source].append(i)
    means = np.stack([sentence_vectors[rows[source.id]].mean(axis=0) for source in sources])
    means /= np.linalg.norm(means, axis=1, keepdims=True)
    groups = clustering.group_stories(means, threshold=threshold)
    stories = [[sources[i].id for i in group] for group in groups]
    return sorted(stories, key=lambda story: min(input_order[s] for s in story))


def _claims(
    story_id, units: list[ClaimUnit], vectors, canonical, source_index, threshold, neighbours, pair_score
) -> list[Cluster]:
    """Claim clusters of one story; ``canonical`` numbers sources for computing, ``source_index`` for display."""
    source_labels = np.array([canonical[unit.sentence.source] for unit in units])
    sentence_ids: dict[str, int] = {}
    sentence_labels = np.array([sentence_ids.setdefault(unit.sentence.id, len(sentence_ids)) for unit in units])
    scored = clustering.residual_mix(vectors)
    scorer = None
    if pair_score != "cosine" and len(units) > 1:
        from xref.pairscore import BlendedScorer, FeatureBlock, LearnedScorer

        features = FeatureBlock(
            [u.text for u in units], vectors, source_labels, np.array([u.is_whole_sentence for u in units])
        )
        scorer = LearnedScorer(features)
        if pair_score == "blend":
            scorer = BlendedScorer(scored, scorer, BLEND_WEIGHT)
    groups = clustering.group_claims(
        scored, source_labels, sentence_labels, threshold=threshold, neighbours=neighbours, scorer=scorer
    )
    clusters = []
    covered = set()
    for group in groups:
        members = [_member(units[i], similarity) for i, similarity in zip(group.units, group.similarity, strict=True)]
        covered.update(units[i].sentence.id for i in group.units)
        clusters.append(_cluster(story_id, members, source_index))
    for unit in units:  # every sentence no shared claim took in is a claim of one source
        if unit.is_whole_sentence and unit.sentence.id not in covered:
            clusters.append(_cluster(story_id, [_member(unit, 1.0)], source_index))
    clusters.sort(key=lambda c: (-len(c.sources), _position(c.members[0], source_index)))
    return clusters


def _position(member: Member, source_index) -> tuple[int, int]:
    return source_index[member.source], int(member.sentence.rsplit(":", 1)[1])


def _member(unit: ClaimUnit, similarity: float) -> Member:
    sentence = unit.sentence
    return Member(
        sentence.source,
        sentence.id,
        sentence.text,
        sentence.start,
        sentence.end,
        round(float(similarity), 4),
        unit.start,
        unit.end,
    )


def _cluster(story_id: str, members: list[Member], source_index) -> Cluster:
    members.sort(key=lambda m: _position(m, source_index))
    sources = tuple(dict.fromkeys(m.source for m in members))
    cluster_id = _digest("claim", *sorted(f"{m.sentence}@{m.unit_start}-{m.unit_end}" for m in members))
    return Cluster(cluster_id, story_id, tuple(members), sources)


def _coverage_warnings(sources, stories, clusters, sentences) -> list[str]:
    warnings = []
    label = {source.id: source.label for source in sources}
    lonely = [story.sources[0] for story in stories if len(story.sources) == 1] if len(sources) > 1 else []
    if len(lonely) > MAX_LISTED_WARNINGS:
        warnings.append(f"{len(lonely)} sources share no story with any other source (probably other stories)")
    else:
        warnings.extend(
            f"{label[source_id]}: shares no story with the other sources (probably a different story)"
            for source_id in lonely
        )
    counts: dict[str, int] = defaultdict(int)
    for sentence in sentences:
        counts[sentence.source] += 1
    shared: dict[str, set] = defaultdict(set)
    for c in clusters:
        if c.is_shared:
            for m in c.members:
                shared[m.source].add(m.sentence)
    lonely_set = set(lonely)
    for source in sources:
        if source.id not in lonely_set and len(shared[source.id]) < LOW_SHARE_WARNING * counts[source.id]:
            warnings.append(
                f"{source.label}: almost none of its sentences match another source (probably a different story)"
            )
    return warnings
