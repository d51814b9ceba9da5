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


HUGE_TEXT_SCRIPT = r"""
import random, resource, sys, time
sys.path.insert(0, sys.argv[2])
import xref
from tests.conftest import HashingEmbedder

random.seed(0)
words = ("council vote budget river flood school strike hospital minister said on Monday after the report "
         "about new plans police fire court judge").split()
paragraphs, size, n = [], 0, 0
while size < 20_000_000:
    sentences = [" ".join([random.choice(words).capitalize()] + random.choices(words, k=12)) + f" number {n}-{k}."
                 for k in range(random.choice((1, 1, 2, 3)))]
    paragraphs.append(" ".join(sentences))
    size += len(paragraphs[-1]) + 1
    n += 1
with open(sys.argv[1], "w") as handle:
    handle.write("\n".join(paragraphs))
started = time.perf_counter()
result = xref.compare([sys.argv[1], xref.Article(paragraphs[0] + "\n" + paragraphs[1], label="short")],
                      embedder=HashingEmbedder(), use_cache=False)
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(len(result.sentences), len(result.clusters), peak_mb, round(time.perf_counter() - started))
"""


def test_twenty_megabyte_text_runs_in_bounded_memory(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", HUGE_TEXT_SCRIPT, str(tmp_path / "huge.txt"), str(root)],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    sentences, clusters, peak_mb, _seconds = map(int, out.stdout.split())
    assert sentences > 150_000 and clusters > 100_000
    assert peak_mb < 6000, f"peak memory {peak_mb} MB"


def test_one_sentence_sources_are_normal_input(fake_embedder):
    result = xref.compare(
        [
            xref.Article("The council approved the budget on Tuesday."),
            xref.Article("On Tuesday the council approved its budget."),
        ],
        embedder=fake_embedder,
        use_cache=False,
    )
    assert [len([s for s in result.sentences if s.source == src.id]) for src in result.sources] == [1, 1]
    assert result.shared_clusters


def test_many_unrelated_sources_get_one_summary_warning(fake_embedder):
    import random

    rng = random.Random(2)
    vocab = ["".join(rng.choices("abcdefghijklmnop", k=6)) for _ in range(3000)]
    articles = [
        xref.Article("The " + " ".join(rng.choices(vocab, k=20)) + " said the mayor.", label=f"d{n}") for n in range(30)
    ]
    result = xref.compare(articles, embedder=fake_embedder, use_cache=False)
    assert len(result.stories) > 10
    story_warnings = [w for w in result.warnings if "share no story" in w or "shares no story" in w]
    assert len(story_warnings) == 1 and story_warnings[0].split()[0].isdigit()
