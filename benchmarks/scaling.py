"""How xref's pipeline cost grows with input: 1k to 100k sentences, time and peak memory per size.

The corpora are built from real embeddings: the 1,383 annotated ECB+ sentences and the seed articles'
sentences are embedded once with the default model (through xref's cache), then resampled with small
Gaussian noise (so no two vectors are equal) into articles of 40 sentences. Each size runs in a fresh
process: ``xref.compare`` over the articles with an embedder that returns the resampled vectors, so the
figures cover ingest, segmentation, stories, claim clustering and the overlap table, not the model (its
throughput is measured by ``benchmarks/overhead.py``). Detectors are off by default (``--detectors``
turns them on): they run only on the sentences of shared claims, through spaCy.

    python benchmarks/scaling.py [--sizes 1000 3000 10000 30000 100000] [--pair-score blend] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
BASE = HERE / "data" / "ecbplus_dev.jsonl"
SENTENCES_PER_ARTICLE = 40
NOISE = 0.05  # per-dimension noise, relative to a unit vector's typical coordinate
_MARKER = re.compile(r"\[s(\d+)\]")


def base_corpus() -> tuple[list[str], np.ndarray]:
    from xref.embed import load_embedder
    from xref.ingest import load_sources
    from xref.segment import split_sentences

    texts = []
    for line in BASE.read_text(encoding="utf-8").splitlines():
        for doc in json.loads(line)["docs"]:
            texts.extend(s["text"].strip() for s in doc["sentences"] if s["text"].strip())
    for source in load_sources([str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]).sources:
        texts.extend(s.text for s in split_sentences(source))
    texts = list(dict.fromkeys(texts))
    vectors = np.asarray(load_embedder(None).encode(texts), dtype=np.float32)
    return texts, vectors


class ResampledEmbedder:
    """Returns the resampled vector of each sentence (found by its marker); clauses without one get the
    vector of a hash-seeded draw from the same base, so every text has a realistic vector."""

    name = "resampled-minilm"
    checksum = "0" * 64

    def __init__(self, vectors: np.ndarray, base: np.ndarray) -> None:
        self.vectors = vectors
        self.base = base

    def encode(self, texts):
        rows = []
        for text in texts:
            found = _MARKER.search(text)
            if found:
                rows.append(self.vectors[int(found.group(1))])
            else:
                # crc32, not hash(): the draw must not change with the process's hash seed.
                rows.append(self.base[zlib.crc32(text.encode("utf-8")) % len(self.base)])
        return np.stack(rows)


def one_size(n: int, pair_score: str, detectors: bool) -> dict:
    import xref

    texts, base = base_corpus()
    rng = np.random.default_rng(n)
    picks = rng.integers(0, len(texts), n)
    noisy = base[picks] + rng.normal(0, NOISE / np.sqrt(base.shape[1]), (n, base.shape[1])).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    articles = []
    for start in range(0, n, SENTENCES_PER_ARTICLE):
        # One sentence per paragraph, each ending with its marker, so segmentation keeps them apart.
        body = "\n\n".join(
            f"{texts[picks[i]].rstrip('.')} [s{i}]." for i in range(start, min(start + SENTENCES_PER_ARTICLE, n))
        )
        articles.append(xref.Article(body, label=f"a{start // SENTENCES_PER_ARTICLE}"))
    embedder = ResampledEmbedder(noisy, base)
    started = time.perf_counter()
    result = xref.compare(
        articles, embedder=embedder, use_cache=False, pair_score=pair_score, detectors=None if detectors else []
    )
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "sentences": len(result.sentences),
        "articles": len(articles),
        "stories": len(result.stories),
        "shared_claims": len(result.shared_clusters),
        "seconds": round(elapsed, 2),
        "peak_mb": round(peak_mb),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000, 30000, 100000])
    parser.add_argument("--pair-score", default="blend")
    parser.add_argument("--detectors", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; medians are reported")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one, args.pair_score, args.detectors)))
        return
    detectors = "on" if args.detectors else "off"
    print(f"machine: {os.cpu_count()} cores; pair score {args.pair_score}; detectors {detectors}; "
          f"median of {args.repeat} runs per size")
    print("| sentences | articles | stories | shared claims | seconds | peak MB | s per 1k sentences |")
    print("|---|---|---|---|---|---|---|")
    for n in args.sizes:
        command = [sys.executable, __file__, "--one", str(n), "--pair-score", args.pair_score]
        if args.detectors:
            command.append("--detectors")
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run(command, capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        row = dict(runs[0])
        row["seconds"] = statistics.median(r["seconds"] for r in runs)
        row["peak_mb"] = statistics.median(r["peak_mb"] for r in runs)
        per_k = row["seconds"] / (row["sentences"] / 1000)
        print(
            f"| {row['sentences']:,} | {row['articles']:,} | {row['stories']:,} | {row['shared_claims']:,} | "
            f"{row['seconds']:.1f} | {row['peak_mb']:,} | {per_k:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
