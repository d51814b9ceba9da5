"""Claim grouping on ECB+ (cross-document event coreference): xref beside baselines, floors and an oracle.

Each topic runs as one comparison over all its documents (one sentence per line, so xref's sentences
map back to the annotated ones). Scores count cross-document sentence pairs:

* share1     — gold: the two sentences mention at least one common event; predicted: they share a
               predicted cluster that spans two or more documents;
* nonseminal — the same, ignoring gold clusters that cover half or more of a sub-topic's documents
               (the sub-topic's main event, which mostly says "same story");

as pairwise precision / recall / F1 (micro: pairs summed over topics; macro: mean of topic F1), plus
extended B-cubed (Amigó et al. 2009) for overlapping clusters. Every method goes through the same
scorer, and for every method a predicted cluster counts only if it spans two or more documents (as
xref's shared claims do). Cuts are tuned on the train topics (maximising share1 + nonseminal macro F1);
dev is held out.

Methods, all on the same topics:

* xref-blend / xref-cosine / xref-learned — xref's claim clusters (its claim level), per pair score;
* xref-stories — xref's stories (its story level): all sentences of the documents of one story;
* tfidf-average — TF-IDF cosine, average-linkage agglomerative clustering;
* st-community — sentence-transformers ``util.community_detection`` on the MiniLM sentence embeddings
  xref uses; cut "threshold/min_community_size"; sentences in no community are singletons;
* bertopic — BERTopic (optional: ``pip install bertopic``) on the same precomputed embeddings, no
  embedding model; cut "reduction/min_cluster_size" (reduction: UMAP to 5 dimensions, or none);
  outliers (topic -1) are singletons;
* one-per-document — each document one cluster (predicts no cross-document pair: a floor);
* one-per-topic — all sentences of a topic in one cluster (recall 1: the floor for F1);
* gold-subtopic — one cluster per gold sub-topic (the oracle story grouping).

    python benchmarks/ecbplus.py [--json report.json]   # prints the tables recorded in benchmarks/README.md
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
DATA = HERE / "data" / "ecbplus_dev.jsonl"
# BERTopic settings for topics of a few dozen sentences (BERTopic's defaults: 15 UMAP neighbours,
# min_topic_size 10, which leaves most ECB+ topics with one cluster or none).
UMAP_NEIGHBOURS = 10
UMAP_COMPONENTS = 5
SEED = 42


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


def texts_of(topic) -> list[str]:
    return [s["text"] for doc in topic["docs"] for s in doc["sentences"]]


def spanning_documents(predicted):
    """Keep only predicted clusters whose members come from two or more documents."""
    docs = defaultdict(set)
    for item, labels in predicted.items():
        for label in labels:
            docs[label].add(item[0])
    kept = {item: {label for label in labels if len(docs[label]) > 1} for item, labels in predicted.items()}
    return {item: labels for item, labels in kept.items() if labels}


def _compare(topic, embedder, **options):
    import xref

    articles = [
        xref.Article("\n".join(s["text"] for s in doc["sentences"]), label=doc["doc_id"]) for doc in topic["docs"]
    ]
    # detectors=[]: flags do not change the clusters and cost most of the run time.
    return xref.compare(articles, embedder=embedder, use_cache=False, detectors=[], **options)


def xref_predict(topic, threshold, embedder, pair_score="blend"):
    """Run xref on one topic; map each multi-source claim cluster back to annotated sentences."""
    result = _compare(topic, embedder, threshold=threshold, pair_score=pair_score)
    line_to_item = {}
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
    return predicted


def xref_story_predict(topic, story_threshold, embedder):
    """xref's story level: every sentence of the documents of one story forms one cluster."""
    result = _compare(topic, embedder, story_threshold=story_threshold, pair_score="cosine")
    label = {source.id: source.label for source in result.sources}
    story_of = {label[source_id]: story.id for story in result.stories for source_id in story.sources}
    return {
        (doc["doc_id"], s["sid"]): {story_of[doc["doc_id"]]}
        for doc in topic["docs"]
        if doc["doc_id"] in story_of
        for s in doc["sentences"]
    }


def tfidf_predict(topic, threshold):
    """Baseline: TF-IDF cosine, average-linkage agglomerative clustering over the topic's sentences."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    items = items_of(topic)
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts_of(topic)).toarray()
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - threshold
    ).fit_predict(matrix)
    return {item: {int(label)} for item, label in zip(items, labels, strict=True)}


class TopicVectors:
    """MiniLM vectors of each topic's annotated sentences, from xref's own embedder, computed once."""

    def __init__(self, embedder) -> None:
        self.embedder = embedder
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, topic) -> np.ndarray:
        if topic["topic"] not in self.cache:
            self.cache[topic["topic"]] = np.asarray(self.embedder.encode(texts_of(topic)), dtype=np.float32)
        return self.cache[topic["topic"]]


def community_predict(topic, vectors, threshold, min_size):
    """sentence-transformers community detection; sentences in no community are singletons."""
    from sentence_transformers.util import community_detection

    items = items_of(topic)
    communities = community_detection(vectors, threshold=threshold, min_community_size=min_size)
    return {items[i]: {n} for n, community in enumerate(communities) for i in community}


def bertopic_predict(topic, vectors, reduction, selection, min_cluster_size):
    """BERTopic on precomputed embeddings (no embedding model); outliers (topic -1) are singletons."""
    from bertopic import BERTopic
    from bertopic.dimensionality import BaseDimensionalityReduction
    from hdbscan import HDBSCAN
    from sklearn.feature_extraction.text import CountVectorizer

    n = len(vectors)
    if reduction == "umap":
        from umap import UMAP

        reducer = UMAP(
            n_neighbors=min(UMAP_NEIGHBOURS, n - 1),
            n_components=min(UMAP_COMPONENTS, n - 2),
            min_dist=0.0,
            metric="cosine",
            random_state=SEED,
        )
    else:  # HDBSCAN straight on the unit vectors (Euclidean distance ranks as cosine does)
        reducer = BaseDimensionalityReduction()
    model = BERTopic(
        embedding_model=None,
        umap_model=reducer,
        hdbscan_model=HDBSCAN(
            min_cluster_size=min_cluster_size, metric="euclidean", cluster_selection_method=selection
        ),
        vectorizer_model=CountVectorizer(stop_words="english"),
        min_topic_size=min_cluster_size,
        calculate_probabilities=False,
        verbose=False,
    )
    labels, _ = model.fit_transform(texts_of(topic), embeddings=vectors)
    return {item: {int(label)} for item, label in zip(items_of(topic), labels, strict=True) if label != -1}


def per_document_predict(topic):
    return {(doc["doc_id"], s["sid"]): {doc["doc_id"]} for doc in topic["docs"] for s in doc["sentences"]}


def per_topic_predict(topic):
    return {item: {0} for item in items_of(topic)}


def per_subtopic_predict(topic):
    return {(doc["doc_id"], s["sid"]): {doc["subtopic"]} for doc in topic["docs"] for s in doc["sentences"]}


def score(topics, predict, spanning_only=True):
    rows = {"share1": [], "nonseminal": []}
    bcubed = []
    for topic in topics:
        items = items_of(topic)
        predicted = predict(topic)
        if spanning_only:
            predicted = spanning_documents(predicted)
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


def floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",")]


def build_methods(args, embedder):
    """name -> (cuts, make(cut) -> predict(topic), default cut or None, relations the cut is tuned for)."""
    from xref.pipeline import DEFAULT_STORY_THRESHOLD, DEFAULT_THRESHOLDS

    vectors = TopicVectors(embedder)
    both = ("share1", "nonseminal")
    methods = {}
    for pair_score in ("blend", "cosine", "learned"):
        methods[f"xref-{pair_score}"] = (
            floats(getattr(args, f"{pair_score}_thresholds")),
            lambda th, ps=pair_score: lambda t: xref_predict(t, th, embedder, ps),
            DEFAULT_THRESHOLDS[pair_score],
            ("nonseminal",),
        )
    methods["xref-stories"] = (
        floats(args.story_thresholds),
        lambda th: lambda t: xref_story_predict(t, th, embedder),
        DEFAULT_STORY_THRESHOLD,
        ("share1",),
    )
    methods["tfidf-average"] = (floats(args.tfidf_thresholds), lambda th: lambda t: tfidf_predict(t, th), None, both)
    methods["st-community"] = (
        [f"{th:g}/{size}" for size in (2, 1) for th in floats(args.community_thresholds)],
        lambda cut: lambda t: community_predict(t, vectors(t), float(cut.split("/")[0]), int(cut.split("/")[1])),
        None,
        both,
    )
    try:
        import bertopic  # noqa: F401
    except ImportError:
        print("bertopic is not installed: skipping it (pip install bertopic)", file=sys.stderr)
    else:

        def bertopic_method(cut):
            reduction, selection, size = cut.split("/")
            return lambda t: bertopic_predict(t, vectors(t), reduction, selection, int(size))

        methods["bertopic"] = (
            [
                f"{reduction}/{selection}/{size}"
                for reduction in ("umap", "none")
                for selection in ("eom", "leaf")
                for size in args.bertopic_sizes.split(",")
            ],
            bertopic_method,
            None,
            both,
        )
    methods["one-per-document"] = (["—"], lambda _cut: per_document_predict, None, ())
    methods["one-per-topic"] = (["—"], lambda _cut: per_topic_predict, None, ())
    methods["gold-subtopic"] = (["—"], lambda _cut: per_subtopic_predict, None, ())
    return methods


def cells(s) -> str:
    parts = [
        f"{s[r]['P']:.3f} / {s[r]['R']:.3f} / {s[r]['F1']:.3f} ({s[r]['macroF1']:.3f})"
        for r in ("share1", "nonseminal")
    ]
    b = s["bcubed"]
    return f"{parts[0]} | {parts[1]} | {b['P']:.3f} / {b['R']:.3f} / {b['F1']:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blend-thresholds", default="0.3,0.35,0.4,0.45,0.5")
    parser.add_argument("--cosine-thresholds", default="0.45,0.5,0.55,0.6,0.65")
    parser.add_argument("--learned-thresholds", default="0.2,0.25,0.3,0.35")
    parser.add_argument("--story-thresholds", default="0.2,0.25,0.3,0.35,0.4,0.45,0.5,0.55,0.6,0.7")
    parser.add_argument("--tfidf-thresholds", default="0.05,0.1,0.2,0.3,0.4,0.5,0.6")
    parser.add_argument("--community-thresholds", default="0.4,0.45,0.5,0.55,0.6,0.65,0.7,0.75,0.8,0.85")
    parser.add_argument("--bertopic-sizes", default="2,3,5", help="HDBSCAN min_cluster_size values")
    parser.add_argument("--methods", default=None, help="comma-separated subset of the methods to run")
    parser.add_argument("--json", type=Path, default=None, help="write the full report as JSON here")
    args = parser.parse_args()
    from xref.embed import load_embedder

    embedder = load_embedder()
    topics = load_topics()
    train = [t for t in topics if t["split"] == "train"]
    dev = [t for t in topics if t["split"] == "dev"]
    print(f"ECB+: {len(train)} train topics, {len(dev)} dev topics", file=sys.stderr)
    methods = build_methods(args, embedder)
    if args.methods:
        methods = {name: methods[name] for name in args.methods.split(",")}

    # rows: (method, what the cut was chosen for, cut) -> {"train": scores, "dev": scores}
    rows, sweeps, best_for = {}, {}, defaultdict(dict)
    for name, (cuts, make, default, relations) in methods.items():
        sweep = {}
        for cut in cuts:
            started = time.perf_counter()
            sweep[cut] = score(train, make(cut))
            print(
                f"{name} train cut={cut}: nonseminal macroF1 {sweep[cut]['nonseminal']['macroF1']:.3f} "
                f"share1 macroF1 {sweep[cut]['share1']['macroF1']:.3f} ({time.perf_counter() - started:.1f}s)",
                file=sys.stderr,
            )
        chosen = defaultdict(list)  # cut -> the relations it was tuned for
        for relation in relations:
            chosen[max(cuts, key=lambda cut, r=relation: sweep[cut][r]["macroF1"])].append(relation)
        if default is not None:
            chosen[default].append("default")
            if default not in sweep:
                sweep[default] = score(train, make(default))
        if not chosen:
            chosen[cuts[0]].append("fixed")
        for cut, reasons in chosen.items():
            why = " + ".join(reasons)
            rows[(name, why, cut)] = {"train": sweep[cut], "dev": score(dev, make(cut))}
            for reason in reasons:
                best_for[reason][name] = (name, why, cut)
        if len(cuts) > 1:
            sweeps[name] = sweep
    if "one-per-document" in methods:
        rows[("one-per-document, single-document clusters kept", "fixed", "—")] = {
            split: score(part, per_document_predict, spanning_only=False)
            for split, part in (("train", train), ("dev", dev))
        }
    if args.json:
        report = [{"method": k[0], "tuned_for": k[1], "cut": k[2], **v} for k, v in rows.items()]
        args.json.write_text(json.dumps({"rows": report, "sweeps": sweeps}, indent=2), encoding="utf-8")

    print(
        "| method | cut tuned for | cut | split | share1 P / R / F1 (macro F1) | nonseminal P / R / F1 (macro F1) "
        "| B³ P / R / F1 |"
    )
    print("|---|---|---|---|---|---|---|")
    for (name, why, cut), entry in rows.items():
        for split in ("train", "dev"):
            print(f"| {name} | {why} | {cut} | {split} | {cells(entry[split])} |")
    for relation, level in (("share1", "Story level"), ("nonseminal", "Claim level")):
        print(f"\n{level}, dev ({relation}; cut tuned on train for {relation} unless marked):")
        print(f"| method | cut | {relation} P / R / F1 (macro F1) |")
        print("|---|---|---|")
        keys = list(best_for[relation].values()) + list(best_for["fixed"].values())
        keys += [key for key in best_for["default"].values() if key not in keys]
        for key in sorted(keys, key=lambda k: -rows[k]["dev"][relation]["macroF1"]):
            s = rows[key]["dev"][relation]
            mark = " (default cut)" if "default" in key[1] and relation not in key[1] else ""
            print(f"| {key[0]}{mark} | {key[2]} | {s['P']:.3f} / {s['R']:.3f} / {s['F1']:.3f} ({s['macroF1']:.3f}) |")
    print("\nTrain sweeps (macro F1, nonseminal / share1):")
    for name, sweep in sweeps.items():
        steps = " · ".join(
            f"{cut}: {s['nonseminal']['macroF1']:.3f} / {s['share1']['macroF1']:.3f}" for cut, s in sweep.items()
        )
        print(f"{name}: {steps};")


if __name__ == "__main__":
    main()
