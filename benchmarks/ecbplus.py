"""Claim grouping on ECB+ (cross-document event coreference), xref against a TF-IDF baseline.

Each topic runs as one comparison over all its documents (one sentence per line, so xref's sentences
map back to the annotated ones). Scores count cross-document sentence pairs:

* share1     — gold: the two sentences mention at least one common event; predicted: they share a
               multi-source claim cluster;
* nonseminal — the same, ignoring gold clusters that cover half or more of a sub-topic's documents
               (the sub-topic's main event, which mostly says "same story");

as pairwise precision / recall / F1 (micro: pairs summed over topics; macro: mean of topic F1), plus
extended B-cubed (Amigó et al. 2009) for overlapping clusters. Thresholds are tuned on the train
topics; dev is held out.

    python benchmarks/ecbplus.py            # prints the tables recorded in benchmarks/README.md
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "ecbplus_dev.jsonl"


def load_topics():
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_labels(topic, strict: bool) -> dict[tuple[str, int], set[int]]:
    """(doc_id, sid) -> gold cluster numbers; strict drops each sub-topic's seminal clusters."""
    docs_per_subtopic = defaultdict(set)
    subtopic_of = {}
    for doc in topic["docs"]:
        docs_per_subtopic[doc["subtopic"]].add(doc["doc_id"])
        subtopic_of[doc["doc_id"]] = doc["subtopic"]
    labels: dict[tuple[str, int], set[int]] = defaultdict(set)
    for number, cluster in enumerate(topic["clusters"]):
        if strict:
            seminal = False
            by_subtopic = defaultdict(set)
            for doc_id, _sid in cluster:
                by_subtopic[subtopic_of[doc_id]].add(doc_id)
            for subtopic, docs in by_subtopic.items():
                if len(docs) >= 0.5 * len(docs_per_subtopic[subtopic]):
                    seminal = True
            if seminal:
                continue
        for doc_id, sid in cluster:
            labels[(doc_id, sid)].add(number)
    return labels


def items_of(topic) -> list[tuple[str, int]]:
    return [(doc["doc_id"], s["sid"]) for doc in topic["docs"] for s in doc["sentences"]]


def pair_counts(items, predicted, gold):
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        if a[0] == b[0]:
            continue
        p = bool(predicted.get(a, set()) & predicted.get(b, set()))
        g = bool(gold.get(a, set()) & gold.get(b, set()))
        tp += p and g
        fp += p and not g
        fn += g and not p
    return tp, fp, fn


def prf(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def extended_bcubed(items, predicted, gold):
    """Amigó et al. (2009) multiplicity B-cubed; items in no cluster count as their own singleton."""
    pred = {item: predicted.get(item) or {("own", item)} for item in items}
    gold_ = {item: gold.get(item) or {("own", item)} for item in items}
    precisions, recalls = [], []
    for e in items:
        p_scores, r_scores = [], []
        for f in items:
            shared_pred = len(pred[e] & pred[f])
            shared_gold = len(gold_[e] & gold_[f])
            if shared_pred:
                p_scores.append(min(shared_pred, shared_gold) / shared_pred)
            if shared_gold:
                r_scores.append(min(shared_pred, shared_gold) / shared_gold)
        precisions.append(np.mean(p_scores))
        recalls.append(np.mean(r_scores))
    return float(np.mean(precisions)), float(np.mean(recalls))


def xref_predict(topic, threshold, embedder, pair_score="blend"):
    """Run xref on one topic; map each multi-source cluster back to annotated sentences."""
    import xref

    articles, line_to_item = [], {}
    for doc in topic["docs"]:
        text = "\n".join(s["text"] for s in doc["sentences"])
        articles.append(xref.Article(text, label=doc["doc_id"]))
    result = xref.compare(articles, embedder=embedder, threshold=threshold, use_cache=False, pair_score=pair_score)
    by_id = {source.id: source for source in result.sources}
    for source in result.sources:
        doc = next(d for d in topic["docs"] if d["doc_id"] == source.label)
        starts = np.cumsum([0] + [len(s["text"]) + 1 for s in doc["sentences"]])
        line_to_item[source.id] = (doc, starts)
    predicted: dict[tuple[str, int], set[str]] = defaultdict(set)
    for cluster in result.shared_clusters:
        for member in cluster.members:
            doc, starts = line_to_item[member.source]
            line = int(np.searchsorted(starts, member.start, side="right") - 1)
            predicted[(doc["doc_id"], doc["sentences"][line]["sid"])].add(cluster.id)
    del by_id
    return predicted


def tfidf_predict(topic, threshold):
    """Baseline: TF-IDF cosine, average-linkage agglomerative clustering over the topic's sentences."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    items = items_of(topic)
    texts = [s["text"] for doc in topic["docs"] for s in doc["sentences"]]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - threshold
    ).fit_predict(matrix)
    docs_per_label = defaultdict(set)
    for item, label in zip(items, labels, strict=True):
        docs_per_label[label].add(item[0])
    return {item: {int(label)} for item, label in zip(items, labels, strict=True) if len(docs_per_label[label]) > 1}


def score(topics, predict):
    rows = {"share1": [], "nonseminal": []}
    bcubed = []
    for topic in topics:
        items = items_of(topic)
        predicted = predict(topic)
        for relation, strict in (("share1", False), ("nonseminal", True)):
            rows[relation].append(pair_counts(items, predicted, gold_labels(topic, strict)))
        bcubed.append(extended_bcubed(items, predicted, gold_labels(topic, False)))
    out = {}
    for relation, counts in rows.items():
        micro = prf(*np.sum(counts, axis=0))
        macro = float(np.mean([prf(*c)[2] for c in counts]))
        out[relation] = {"P": micro[0], "R": micro[1], "F1": micro[2], "macroF1": macro}
    p, r = np.mean([b[0] for b in bcubed]), np.mean([b[1] for b in bcubed])
    out["bcubed"] = {"P": float(p), "R": float(r), "F1": float(2 * p * r / (p + r)) if p + r else 0.0}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blend-thresholds", default="0.3,0.35,0.4,0.45,0.5")
    parser.add_argument("--cosine-thresholds", default="0.45,0.5,0.55,0.6,0.65")
    parser.add_argument("--learned-thresholds", default="0.2,0.25,0.3,0.35")
    parser.add_argument("--tfidf-thresholds", default="0.1,0.2,0.3,0.4,0.5,0.6")
    args = parser.parse_args()
    from xref.embed import load_embedder
    from xref.pipeline import DEFAULT_THRESHOLDS

    embedder = load_embedder()
    topics = load_topics()
    train = [t for t in topics if t["split"] == "train"]
    dev = [t for t in topics if t["split"] == "dev"]
    print(f"ECB+: {len(train)} train topics, {len(dev)} dev topics", file=sys.stderr)

    def xref_method(pair_score):
        return lambda th: lambda t: xref_predict(t, th, embedder, pair_score)

    methods = {
        f"xref-{pair_score}": (
            [float(x) for x in getattr(args, f"{pair_score}_thresholds").split(",")],
            xref_method(pair_score),
        )
        for pair_score in ("blend", "cosine", "learned")
    }
    methods["tfidf-average"] = (
        [float(x) for x in args.tfidf_thresholds.split(",")],
        lambda th: lambda t: tfidf_predict(t, th),
    )
    report = {}
    for name, (thresholds, make) in methods.items():
        sweep = {}
        for threshold in thresholds:
            started = time.perf_counter()
            sweep[threshold] = score(train, make(threshold))
            print(
                f"{name} train threshold={threshold}: nonseminal macroF1 "
                f"{sweep[threshold]['nonseminal']['macroF1']:.3f} share1 macroF1 "
                f"{sweep[threshold]['share1']['macroF1']:.3f} ({time.perf_counter() - started:.1f}s)",
                file=sys.stderr,
            )
        best = max(thresholds, key=lambda th: sweep[th]["nonseminal"]["macroF1"] + sweep[th]["share1"]["macroF1"])
        report[name] = {"tuned_threshold": best, "train": sweep[best], "dev": score(dev, make(best))}
        if name.startswith("xref-"):
            default = DEFAULT_THRESHOLDS[name.removeprefix("xref-")]
            if default not in sweep:
                sweep[default] = score(train, make(default))
            report[f"{name} (default cut)"] = {
                "tuned_threshold": default,
                "train": sweep[default],
                "dev": score(dev, make(default)),
            }
    print(json.dumps(report, indent=2))
    print(
        "\n| method | cut | split | share1 P / R / F1 (macro F1) | nonseminal P / R / F1 (macro F1) | B³ P / R / F1 |"
    )
    print("|---|---|---|---|---|---|")
    for name, entry in report.items():
        for split in ("train", "dev"):
            s = entry[split]
            if s is None:
                continue
            cells = [
                f"{s[r]['P']:.3f} / {s[r]['R']:.3f} / {s[r]['F1']:.3f} ({s[r]['macroF1']:.3f})"
                for r in ("share1", "nonseminal")
            ]
            b = s["bcubed"]
            print(
                f"| {name} | {entry['tuned_threshold']} | {split} | {cells[0]} | {cells[1]} | "
                f"{b['P']:.3f} / {b['R']:.3f} / {b['F1']:.3f} |"
            )


if __name__ == "__main__":
    main()
