"""Divergence flags on STS Benchmark headline pairs, each run as a two-source comparison.

A pair scored 4 or more means the same thing and should rarely get a flag; a pair scored 2-4 is the same story
with different details and often should. Among the pairs the clustering puts in one claim, this reports the
precision, recall and ROC AUC of "any flag" (AUC over a flag score: 3 per high, 2 per medium, 1 per low flag)
against "score < 4", and each detector's firing rate per score band.

    python benchmarks/sts_flags.py [--limit N] [--split train|dev|all]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import xref
from xref.detect import FLAG_TYPES

DATA = Path(__file__).parent / "data" / "sts_headlines_dev.jsonl"
WEIGHT = {"high": 3, "medium": 2, "low": 1}
BANDS = (("score >= 4", 4.0, 5.01), ("2 <= score < 4", 2.0, 4.0), ("score < 2", 0.0, 2.0))


def run(rows, embedder) -> list[dict]:
    results = []
    for index, row in enumerate(rows):
        comparison = xref.compare(
            [xref.Article(row["a"], label="A"), xref.Article(row["b"], label="B")], embedder=embedder, use_cache=True
        )
        flags = comparison.flags
        results.append(
            {
                "index": index,
                "id": row["id"],
                "score": row["score"],
                "together": bool(comparison.shared_clusters),
                "types": sorted({f.type for f in flags}),
                "flag_score": sum(WEIGHT[f.severity] for f in flags),
                "serious": any(f.severity != "low" for f in flags),
                "reasons": [f.reason for f in flags],
            }
        )
    return results


def report(results: list[dict]) -> str:
    from sklearn.metrics import roc_auc_score

    together = [r for r in results if r["together"]]
    lines = [
        f"pairs: {len(results)}; put in one claim by the clustering: {len(together)} "
        f"({len(together) / max(len(results), 1):.1%})",
        "",
        "| among clustered pairs | precision | recall | F1 | flagged | AUC (flag score) |",
        "|---|---|---|---|---|---|",
    ]
    truth = [r["score"] < 4 for r in together]
    for name, predicate in (("any flag", lambda r: bool(r["types"])), ("medium or high flag", lambda r: r["serious"])):
        predicted = [predicate(r) for r in together]
        tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
        precision = tp / max(sum(predicted), 1)
        recall = tp / max(sum(truth), 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        auc = roc_auc_score(truth, [r["flag_score"] for r in together]) if 0 < sum(truth) < len(truth) else float("nan")
        lines.append(
            f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {sum(predicted)} / {len(together)} | {auc:.3f} |"
        )
    base = sum(truth) / max(len(truth), 1)
    lines += ["", f"base rate of score < 4 among clustered pairs: {base:.3f}", ""]
    lines += ["| detector | " + " | ".join(f"fires on {band}" for band, _, _ in BANDS) + " |"]
    lines += ["|---|" + "---|" * len(BANDS)]
    for flag_type in FLAG_TYPES:
        cells = []
        for _, low, high in BANDS:
            band = [r for r in together if low <= r["score"] < high]
            fired = sum(flag_type in r["types"] for r in band)
            cells.append(f"{fired / max(len(band), 1):.1%} ({fired}/{len(band)})")
        lines.append(f"| {flag_type} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--split", choices=("train", "dev", "all"), default="all")
    parser.add_argument("--examples", type=Path, default=None, help="write per-pair results as JSONL here")
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.split != "all":
        rows = [r for r in rows if r["split"] == args.split]
    rows = rows[: args.limit]
    from xref.embed import load_embedder

    embedder = load_embedder(None)
    started = time.perf_counter()
    results = run(rows, embedder)
    elapsed = time.perf_counter() - started
    print(report(results))
    print(f"\n{len(rows)} comparisons in {elapsed:.0f} s ({elapsed / max(len(rows), 1) * 1000:.0f} ms each)")
    if args.examples:
        args.examples.write_text("".join(json.dumps(r) + "\n" for r in results), encoding="utf-8")


if __name__ == "__main__":
    main()
