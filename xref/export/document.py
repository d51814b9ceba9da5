"""The versioned JSON document of a comparison (schema: ``xref/data/xref-result.schema.json``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from xref._version import __version__

if TYPE_CHECKING:
    from xref.pipeline import Comparison


def to_document(comparison: Comparison) -> dict:
    from xref.pipeline import SCHEMA_VERSION

    sentences_by_source: dict[str, list[list[int]]] = {}
    for sentence in comparison.sentences:
        sentences_by_source.setdefault(sentence.source, []).append([sentence.start, sentence.end])
    return {
        "schema_version": SCHEMA_VERSION,
        "xref_version": __version__,
        "sources": [_source(s, sentences_by_source.get(s.id, [])) for s in comparison.sources],
        "stories": [{"id": s.id, "sources": list(s.sources), "clusters": list(s.clusters)} for s in comparison.stories],
        "clusters": [
            {
                "id": c.id,
                "story": c.story,
                "sources": list(c.sources),
                "members": [asdict(m) for m in c.members],
                "flags": [_flag(f) for f in c.flags],
            }
            for c in comparison.clusters
        ],
        "story_flags": [_flag(f) for f in comparison.story_flags],
        "source_overlap": [
            {
                "a": o.a,
                "b": o.b,
                "shared_sentences": o.shared_sentences,
                "a_sentences": o.a_sentences,
                "b_sentences": o.b_sentences,
                "pairs": [list(pair) for pair in o.examples],
            }
            for o in comparison.source_overlap
        ],
        "skipped_sources": [asdict(s) for s in comparison.skipped_sources],
        "warnings": list(comparison.warnings),
        "params": dict(comparison.params),
    }


def _flag(flag) -> dict:
    document = {
        "id": flag.id,
        "type": flag.type,
        "severity": flag.severity,
        "reason": flag.reason,
        "evidence": [asdict(e) for e in flag.evidence],
        "cluster": flag.cluster,
    }
    if flag.missing_source is not None:
        document["missing_source"] = flag.missing_source
    return document


def _source(source, sentences: list[list[int]]) -> dict:
    document = {"id": source.id, "label": source.label}
    if source.origin_kind == "url":
        document["url"] = source.origin
    elif source.origin_kind == "stdin":
        document["path"] = "-"
    elif source.origin_kind == "path":
        document["path"] = source.origin
    document.update(
        {
            "sha256": source.sha256,
            "title": source.title,
            "outlet": source.outlet,
            "published": source.published,
            "notes": list(source.notes),
            "text": source.text,
            "removed_lines": [asdict(line) for line in source.removed_lines],
            "sentences": sentences,
        }
    )
    return document
