"""Feeds for fact-check pipelines and spreadsheets: JSON Lines (one claim per line) and CSV (one flag per row)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping

CSV_COLUMNS = (
    "flag_id",
    "type",
    "severity",
    "status",
    "reviewer",
    "note",
    "verdict_date",
    "reason",
    "claim",
    "sources",
    "evidence",
    "missing_source",
)


def labels(document: dict) -> dict[str, str]:
    return {s["id"]: s["label"] for s in document["sources"]}


def with_verdict(flag: dict, verdicts: Mapping[str, dict]) -> dict:
    """The flag with its current review status (``open`` when nobody has reviewed it) and verdict."""
    verdict = verdicts.get(flag["id"])
    return {**flag, "status": verdict["status"] if verdict else "open", "verdict": verdict}


def to_jsonl(document: dict, verdicts: Mapping[str, dict], **_options) -> str:
    """One claim cluster per line: its members (with source labels), flags and omissions, each with its verdict."""
    names = labels(document)
    omissions: dict[str, list[dict]] = {}
    for flag in document["story_flags"]:
        omissions.setdefault(flag.get("cluster") or "", []).append(with_verdict(flag, verdicts))
    lines = []
    for cluster in document["clusters"]:
        record = {
            "cluster": cluster["id"],
            "story": cluster["story"],
            "shared": len(cluster["sources"]) > 1,
            "sources": [{"id": s, "label": names.get(s, s)} for s in cluster["sources"]],
            "members": [{**m, "label": names.get(m["source"], m["source"])} for m in cluster["members"]],
            "flags": [with_verdict(f, verdicts) for f in cluster["flags"]],
            "omissions": omissions.get(cluster["id"], []),
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def to_csv(document: dict, verdicts: Mapping[str, dict], **_options) -> str:
    """One flag per row (omissions included), with its verdict, for spreadsheets."""
    names = labels(document)
    claims = {c["id"]: c for c in document["clusters"]}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for flag in [f for c in document["clusters"] for f in c["flags"]] + list(document["story_flags"]):
        verdict = verdicts.get(flag["id"]) or {}
        cluster = claims.get(flag.get("cluster") or "")
        writer.writerow(
            {
                "flag_id": flag["id"],
                "type": flag["type"],
                "severity": flag["severity"],
                "status": verdict.get("status", "open"),
                "reviewer": verdict.get("reviewer") or "",
                "note": verdict.get("note") or "",
                "verdict_date": verdict.get("created_at") or "",
                "reason": flag["reason"],
                "claim": cluster["id"] if cluster else "",
                "sources": "; ".join(dict.fromkeys(names.get(e["source"], e["source"]) for e in flag["evidence"])),
                "evidence": " | ".join(
                    f"{names.get(e['source'], e['source'])}: “{e['text']}”" for e in flag["evidence"]
                ),
                "missing_source": names.get(flag.get("missing_source") or "", flag.get("missing_source") or ""),
            }
        )
    return out.getvalue()
