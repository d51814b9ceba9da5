"""Large inputs run through the pipeline with a fast fake embedder (logic and memory, not quality)."""

import json

import xref


def test_ten_thousand_line_jsonl_runs(tmp_path, fake_embedder):
    path = tmp_path / "many.jsonl"
    topics = ["council budget vote", "river flood warning", "school strike talks", "hospital waiting lists"]
    with path.open("w") as handle:
        for n in range(10_000):
            topic = topics[n % len(topics)]
            handle.write(
                json.dumps(
                    {
                        "text": f"Report {n} on the {topic}. Officials said the {topic} continues "
                        f"in district {n % 97}.",
                        "outlet": f"Outlet {n % 50}",
                    }
                )
                + "\n"
            )
    result = xref.compare([str(path)], embedder=fake_embedder, use_cache=False)
    assert len(result.sources) == 10_000
    assert result.clusters
    ids = [s.id for s in result.sources]
    assert len(set(ids)) == len(ids)


def test_progress_reports_every_chunk(tmp_path, fake_embedder):
    from xref.pipeline import ENCODE_CHUNK

    articles = [
        xref.Article(" ".join(f"Sentence {n} of article {a} about the vote." for n in range(700))) for a in range(2)
    ]
    seen = []
    xref.compare(articles, embedder=fake_embedder, progress=lambda done, total: seen.append((done, total)))
    total = seen[-1][1]
    assert total > ENCODE_CHUNK
    assert [done for done, _ in seen] == [*range(ENCODE_CHUNK, total, ENCODE_CHUNK), total]
