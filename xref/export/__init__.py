"""Exporters: a comparison's JSON document (plus reviewers' verdicts, when it comes from the review store)
turned into the formats other tools read. Adding one is one module and one line in ``EXPORTERS``.

Every exporter takes the JSON document (``xref/data/xref-result.schema.json``), the verdicts keyed by flag id
(``{"status", "note", "reviewer", "created_at"}``; empty when there are none) and keyword options, and returns text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from xref.export.document import to_document

Exporter = Callable[..., str]


def _json(document: dict, verdicts: Mapping[str, dict] | None = None, **_options) -> str:
    import json

    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _lazy(module: str, function: str) -> Exporter:
    """Import an exporter's module only when it runs, so ``import xref`` stays light."""

    def run(document: dict, verdicts: Mapping[str, dict] | None = None, **options) -> str:
        import importlib

        return getattr(importlib.import_module(f"xref.export.{module}"), function)(document, verdicts or {}, **options)

    return run


EXPORTERS: dict[str, Exporter] = {
    "json": _json,
    "html": _lazy("html", "render_html"),
    "jsonl": _lazy("feeds", "to_jsonl"),
    "csv": _lazy("feeds", "to_csv"),
    "claimreview": _lazy("claimreview", "to_claimreview"),
    "label-studio": _lazy("label_studio", "to_label_studio"),
    "label-studio-config": _lazy("label_studio", "to_label_studio_config"),
}


def export(document: dict, format: str, verdicts: Mapping[str, dict] | None = None, **options) -> str:
    """The document in the named format (see ``EXPORTERS``)."""
    from xref.errors import UsageError

    if format not in EXPORTERS:
        raise UsageError(f"unknown export format {format!r}; known: {', '.join(EXPORTERS)}")
    return EXPORTERS[format](document, verdicts or {}, **options)


def verdict_dicts(store) -> dict[str, dict]:
    """The review store's current verdicts as the exporters take them: flag id → verdict fields."""
    from dataclasses import asdict

    return {flag_id: asdict(verdict) for flag_id, verdict in store.verdicts().items()}


def export_run(run_id: str, format: str, *, db=None, **options) -> str:
    """A saved run (``xref compare --save``) with its current verdicts, in the named format."""
    from xref.store import ReviewStore

    with ReviewStore(db, create=False) as store:
        document = store.run(run_id)
        verdicts = verdict_dicts(store)
    return export(document, format, verdicts, **options)


__all__ = ["EXPORTERS", "export", "export_run", "to_document", "verdict_dicts"]
