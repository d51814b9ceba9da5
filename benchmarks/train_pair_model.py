"""Fit the claim pair model (``xref/data/pair_model.json``) on the ECB+ *train* topics.

For every topic, xref's own front half runs (segmentation, claim units, embeddings, story grouping);
every pair of units from different documents of one story becomes a training example, labelled by the
gold annotation of their sentences under the claim-level relation: the two sentences share an event
that is not their sub-topic's main ("seminal") event. Dev topics are never read here.

    python benchmarks/train_pair_model.py            # rewrites xref/data/pair_model.json
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import ecbplus  # noqa: E402

from xref import pairscore  # noqa: E402
from xref.ingest import load_sources  # noqa: E402
from xref.pipeline import DEFAULT_STORY_THRESHOLD, _stories  # noqa: E402
from xref.segment import claim_units, split_sentences  # noqa: E402
from xref.types import Article  # noqa: E402

OUT = HERE.parent / "xref" / "data" / "pair_model.json"


def topic_examples(topic, embedder, strict: bool = True):
    articles = [Article("\n".join(s["text"] for s in d["sentences"]), label=d["doc_id"]) for d in topic["docs"]]
    sources = sorted(load_sources(articles).sources, key=lambda s: s.id)
    docs = {d["doc_id"]: d for d in topic["docs"]}
    sentences, units, items = [], [], []
    for source in sources:
        doc = docs[source.label]
        starts = np.cumsum([0] + [len(s["text"]) + 1 for s in doc["sentences"]])
        for sentence in split_sentences(source):
            sentences.append(sentence)
            line = int(np.searchsorted(starts, sentence.start, side="right") - 1)
            for unit in claim_units(sentence):
                units.append(unit)
                items.append((doc["doc_id"], doc["sentences"][line]["sid"]))
    vectors = embedder.encode([u.text for u in units])
    whole = np.array([u.is_whole_sentence for u in units])
    stories = _stories(
        sources, sentences, vectors[whole], DEFAULT_STORY_THRESHOLD, {s.id: i for i, s in enumerate(sources)}
    )
    gold = ecbplus.gold_labels(topic, strict)
    rows_out, labels_out = [], []
    for story in stories:
        in_story = [i for i, u in enumerate(units) if u.sentence.source in set(story)]
        if len(in_story) < 2:
            continue
        block = pairscore.FeatureBlock(
            [units[i].text for i in in_story],
            vectors[in_story],
            np.array([units[i].sentence.source for i in in_story]),
            whole[in_story],
        )
        features = block.block(np.arange(len(in_story)), np.arange(len(in_story)))
        for a in range(len(in_story)):
            for b in range(a + 1, len(in_story)):
                ua, ub = units[in_story[a]], units[in_story[b]]
                if ua.sentence.source == ub.sentence.source:
                    continue
                rows_out.append(features[a, b])
                labels_out.append(bool(gold.get(items[in_story[a]], set()) & gold.get(items[in_story[b]], set())))
    return rows_out, labels_out


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    from xref.embed import load_embedder

    embedder = load_embedder()
    train = [t for t in ecbplus.load_topics() if t["split"] == "train"]
    features, labels, per_topic = [], [], defaultdict(int)
    for topic in train:
        rows, ys = topic_examples(topic, embedder)
        features.extend(rows)
        labels.extend(ys)
        per_topic[topic["topic"]] = len(rows)
    x = np.asarray(features, dtype=np.float64)
    y = np.asarray(labels)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / scale, y)
    document = {
        "features": list(pairscore.FEATURES),
        "mean": mean.round(6).tolist(),
        "scale": scale.round(6).tolist(),
        "coef": model.coef_[0].round(6).tolist(),
        "intercept": round(float(model.intercept_[0]), 6),
        "trained_on": "ECB+ train topics (Cybulska & Vossen 2014), cross-document unit pairs within a story; "
        "label: the sentences share a non-seminal event",
        "pairs": len(y),
        "positives": int(y.sum()),
    }
    OUT.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"{len(y)} pairs, {int(y.sum())} positive; wrote {OUT.name}", file=sys.stderr)
    for name, weight in zip(pairscore.FEATURES, document["coef"], strict=True):
        print(f"  {name:18s} {weight:+.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
