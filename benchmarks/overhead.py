"""Embedding overhead: xref's embedding stage against the raw model on the same sentences.

Both encode the same sentences with the same model folder, batch size and torch threads, in one process,
alternating runs: ``SentenceTransformer.encode`` directly, and xref's embedder (checksum-verified model,
no embedding cache, xref's chunking and dedup in ``pipeline._encode_unique``). The ratio of median times
is the overhead (target ≤ 1.10).

    python benchmarks/overhead.py [--sentences 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def sentences(limit: int) -> list[str]:
    texts = []
    for line in (HERE / "data" / "ecbplus_dev.jsonl").read_text(encoding="utf-8").splitlines():
        for doc in json.loads(line)["docs"]:
            texts.extend(s["text"].strip() for s in doc["sentences"] if s["text"].strip())
    for line in (HERE / "data" / "sts_headlines_dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts.extend([row["a"], row["b"]])
    return list(dict.fromkeys(texts))[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import torch

    from xref.embed import BATCH_SIZE, load_embedder, resolve_model
    from xref.pipeline import _encode_unique

    texts = sentences(args.sentences)
    xref_embedder = load_embedder(None, use_cache=False)
    xref_embedder.encode(texts[:8])  # load and verify once, outside the timings
    from sentence_transformers import SentenceTransformer

    raw = SentenceTransformer(str(resolve_model(None).path), device="cpu")
    raw.encode(texts[:8])
    raw_times, xref_times = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        raw.encode(texts, batch_size=BATCH_SIZE, normalize_embeddings=True, show_progress_bar=False)
        raw_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        _encode_unique(xref_embedder, texts, None)
        xref_times.append(time.perf_counter() - started)
    raw_median, xref_median = statistics.median(raw_times), statistics.median(xref_times)
    print(f"machine: {os.cpu_count()} cores, torch threads {torch.get_num_threads()}; {len(texts)} sentences; "
          f"batch {BATCH_SIZE}; median of {args.repeat}")
    print("| encoder | median s | sentences/s |")
    print("|---|---|---|")
    print(f"| SentenceTransformer.encode (raw) | {raw_median:.2f} | {len(texts) / raw_median:.0f} |")
    print(f"| xref embedding stage | {xref_median:.2f} | {len(texts) / xref_median:.0f} |")
    print(f"\noverhead ratio (xref / raw): {xref_median / raw_median:.3f}")


if __name__ == "__main__":
    main()
