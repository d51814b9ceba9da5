"""Pair judgement on STS Benchmark headline pairs: Spearman correlation of pair scores with the gold 0-5 scores.

Each pair is scored as xref scores two claim units of one story made of two one-sentence sources: each
headline is one sentence, its claim units are the sentence and its clauses (``xref.segment.claim_units``),
the story's vectors are all those units' MiniLM vectors, and the pair score comes from the library's own
scorers, set up as ``xref.pipeline`` sets them up for a story:

* xref-cosine  — ``PairScorer`` over ``residual_mix`` (mean of the cosine and the story-residual cosine);
* xref-learned — ``LearnedScorer`` over a ``FeatureBlock`` (the shipped pair model, fitted on ECB+ train);
* xref-blend   — ``BlendedScorer`` (the default: the mean of the two above).

"sentence pair" scores the two whole headlines; "best unit pair" takes the highest score over the two
headlines' units (a clause can carry the match). Baselines: the plain MiniLM cosine of the two headlines,
and the TF-IDF cosine (English stop words, sublinear tf, fitted on all 4,498 headlines, no labels).
xref itself compares two sources' units only when their story cosine reaches the story cut (0.45); here every
pair is scored, and the column "one story" keeps the pairs xref would compare.

    python benchmarks/sts_pairs.py [--examples scores.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DATA = Path(__file__).parent / "data" / "sts_headlines_dev.jsonl"
SPLITS = ("all", "dev", "train")


def units_of(text: str, source: str):
    from xref.segment import claim_units
    from xref.types import Sentence

    return claim_units(Sentence(source, 0, 0, len(text), text))


def xref_scores(units_a, units_b, vectors: np.ndarray) -> dict[str, float]:
    """xref's three pair scores for one pair, as the pipeline computes them inside one story."""
    from xref import cluster
    from xref.pairscore import BlendedScorer, FeatureBlock, LearnedScorer
    from xref.pipeline import BLEND_WEIGHT

    units = list(units_a) + list(units_b)
    sources = np.array([0] * len(units_a) + [1] * len(units_b))
    whole = np.array([unit.is_whole_sentence for unit in units])
    scored = cluster.residual_mix(vectors)
    learned = LearnedScorer(FeatureBlock([unit.text for unit in units], vectors, sources, whole))
    scorers = {
        "xref-blend": BlendedScorer(scored, learned, BLEND_WEIGHT),
        "xref-cosine": cluster.PairScorer(scored),
        "xref-learned": learned,
    }
    rows = np.arange(len(units_a))
    cols = np.arange(len(units_a), len(units))
    out = {}
    for name, scorer in scorers.items():
        out[f"{name} (sentence pair)"] = float(scorer.pairs(rows[:1], cols[:1])[0])
        out[f"{name} (best unit pair)"] = float(scorer.block(rows, cols).max())
    return out


def score_pairs(rows, embedder) -> list[dict[str, float]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    split = [(units_of(r["a"].strip(), "a"), units_of(r["b"].strip(), "b")) for r in rows]
    texts = list(dict.fromkeys(unit.text for pair in split for side in pair for unit in side))
    encoded = np.asarray(embedder.encode(texts), dtype=np.float32)
    row_of = {text: i for i, text in enumerate(texts)}
    headlines = [r[side].strip() for r in rows for side in ("a", "b")]
    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(headlines)
    results = []
    for r, (units_a, units_b) in zip(rows, split, strict=True):
        vectors = encoded[[row_of[unit.text] for unit in (*units_a, *units_b)]]
        scores = xref_scores(units_a, units_b, vectors)
        scores["minilm-cosine"] = float(vectors[0] @ vectors[len(units_a)])
        pair = tfidf.transform([r["a"].strip(), r["b"].strip()])
        scores["tfidf-cosine"] = float((pair[0] @ pair[1].T).toarray()[0, 0])
        results.append(
            {"id": r["id"], "split": r["split"], "gold": r["score"], "units": len(units_a) + len(units_b), **scores}
        )
    return results


def report(results: list[dict]) -> str:
    from scipy.stats import pearsonr, spearmanr

    methods = [key for key in results[0] if key not in ("id", "split", "gold", "units")]
    from xref.pipeline import DEFAULT_STORY_THRESHOLD

    parts = {split: [r for r in results if split == "all" or r["split"] == split] for split in SPLITS}
    # Pairs xref would compare at all: with one sentence per source the story cosine is the MiniLM cosine.
    parts["one story"] = [r for r in results if r["minilm-cosine"] >= DEFAULT_STORY_THRESHOLD]
    header = " | ".join(f"{split} ({len(rows)}) Spearman / Pearson" for split, rows in parts.items())
    lines = [f"| score | {header} |", "|---|" + "---|" * len(parts)]
    ranked = sorted(methods, key=lambda m: -spearmanr([r[m] for r in results], [r["gold"] for r in results])[0])
    for method in ranked:
        cells = []
        for rows in parts.values():
            gold = [r["gold"] for r in rows]
            values = [r[method] for r in rows]
            cells.append(f"{spearmanr(values, gold)[0]:.3f} / {pearsonr(values, gold)[0]:.3f}")
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    with_clauses = sum(r["units"] > 2 for r in results)
    lines.append(f"\npairs where a headline has clause units: {with_clauses} of {len(results)}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=None, help="write per-pair scores as JSONL here")
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    from xref.embed import load_embedder

    started = time.perf_counter()
    results = score_pairs(rows, load_embedder(None))
    print(report(results))
    print(f"{len(rows)} pairs scored in {time.perf_counter() - started:.0f} s")
    if args.examples:
        args.examples.write_text("".join(json.dumps(r) + "\n" for r in results), encoding="utf-8")


if __name__ == "__main__":
    main()
