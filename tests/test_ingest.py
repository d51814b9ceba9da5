from pathlib import Path

import pytest

from xref.errors import SourceError, UsageError
from xref.ingest import decode_bytes, load_sources
from xref.ingest.furniture import FurnitureRules
from xref.types import Article

from .conftest import SEEDS

# Every furniture line of the five seeds, verbatim, with the rule expected to remove it.
SEED_FURNITURE = {
    "000": [],
    "001": [],
    "002": [
        ("Don't Miss", "promo_heading"),
        ("Most Read", "promo_heading"),
        ("Trending on GB News", "trending_on_outlet"),
        ("WATCH: Sunak and Starmer address the Israel-Hamas conflict", "media_teaser"),
        ("LATEST DEVELOPMENTS:", "promo_heading"),
        (
            "David Lammy and Sir Keir Starmer met with council leaders, who are said to have demanded the Labour "
            "leader rows back on previous interview comments about potential war crimes in Gaz",
            "repeated_line",
        ),
        ("PA", "picture_credit"),
    ],
    "003": [],
    "004": [
        ("ARTICLE AD BOX", "ad_placeholder"),
        ("More on Israel-Gaza war", "more_on_topic"),
        (
            "Why not follow BBC North West on Facebook, X and Instagram? You can also send story ideas to "
            "northwest.newsonline@bbc.co.uk",
            "social_follow",
        ),
        ("Related Internet Links", "promo_heading"),
        ("The BBC is not responsible for the content of external sites.", "external_sites_disclaimer"),
    ],
}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_furniture_is_exactly_the_listed_lines(seed):
    source = load_sources([str(seed)]).sources[0]
    found = [(line.text, line.rule) for line in source.removed_lines]
    assert found == SEED_FURNITURE[seed.name[:3]]
    for line in source.removed_lines:
        assert source.text[line.start : line.end] == line.text


def test_labels_come_from_furniture_then_file_name():
    labels = [s.label for s in load_sources([str(p) for p in SEEDS]).sources]
    assert labels == ["000_dcb30620ee2c9d9e", "001_18627191e6d10dd2", "GB News", "003_0d0a34f442f05d28", "BBC"]


def test_explicit_labels_win_and_must_match_inputs():
    sources = load_sources([str(SEEDS[0]), str(SEEDS[1])], labels=["Left", "Right"]).sources
    assert [s.label for s in sources] == ["Left", "Right"]
    with pytest.raises(UsageError, match="--label"):
        load_sources([str(SEEDS[0]), str(SEEDS[1])], labels=["only one"])


def test_ids_derive_from_content_not_order():
    forward = {s.origin: s.id for s in load_sources([str(p) for p in SEEDS]).sources}
    backward = {s.origin: s.id for s in load_sources([str(p) for p in reversed(SEEDS)]).sources}
    assert forward == backward
    assert len(set(forward.values())) == len(SEEDS)


def test_identical_sources_get_distinct_ids_and_a_warning(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEEDS[0].read_bytes())
    result = load_sources([str(SEEDS[0]), str(copy)])
    assert [s.id for s in result.sources] == [result.sources[0].id, result.sources[0].id + "-2"]
    assert any("identical" in w for w in result.warnings)


def test_jsonl_lines_are_sources_and_bad_lines_are_skipped_with_their_line_number(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        '{"text": "One article.", "outlet": "Daily A"}\n{not json}\n\n'
        '{"title": "no text"}\n{"text": "Another article.", "published": "2023-10-30"}\n'
    )
    result = load_sources([str(path)])
    assert [s.label for s in result.sources] == ["Daily A", "articles:5"]
    assert result.sources[1].published == "2023-10-30"
    assert [s.input for s in result.skipped] == [f"{path} line 2", f"{path} line 4"]
    assert "not valid JSON" in result.skipped[0].reason
    assert "'text'" in result.skipped[1].reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\n", "only whitespace"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_unusable_files_are_reported(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = load_sources([str(path)])
    assert not result.sources
    assert reason in result.skipped[0].reason


def test_missing_path_and_directory(tmp_path):
    result = load_sources([str(tmp_path / "nope.txt"), str(tmp_path)])
    assert [s.reason for s in result.skipped] == ["no such file", "is a directory, not a file"]


def test_non_utf8_text_is_decoded_and_noted():
    text, note = decode_bytes("Le café était fermé, a déclaré le maire de la ville ce matin.".encode("cp1252"), "x")
    assert "café" in text
    assert note and "not UTF-8" in note


def test_html_main_text_is_extracted(tmp_path):
    page = tmp_path / "page.html"
    body = " ".join(["The council voted on Tuesday to approve the new budget for the coming year."] * 3)
    page.write_text(
        f"<html><head><title>Budget</title></head><body><nav>Home | News | Sport</nav>"
        f"<article><h1>Budget approved</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )
    source = load_sources([str(page)]).sources[0]
    assert "approve the new budget" in source.text
    assert "Home | News" not in source.text


def test_stdin_and_raw_articles(tmp_path):
    import io

    result = load_sources(
        ["-", Article("Raw text article about a council.", label="raw")],
        stdin=io.BytesIO(b"Text from standard input about a council."),
    )
    assert [s.origin_kind for s in result.sources] == ["stdin", "text"]
    assert result.sources[1].label == "raw"


def test_custom_furniture_rules(tmp_path):
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text('[[rule]]\nname = "shout"\npattern = "BREAKING"\n')
    rules = FurnitureRules.from_file(rules_file)
    found = rules.apply("BREAKING\nA real sentence about the news.\n")
    assert [(r.text, r.rule) for r in found.removed] == [("BREAKING", "shout")]
    rules_file.write_text('[[rule]]\nname = "bad"\npattern = "("\n')
    with pytest.raises(UsageError, match="bad pattern"):
        FurnitureRules.from_file(rules_file)


def test_source_error_names_the_input():
    error = SourceError("a.txt", "empty file")
    assert str(error) == "a.txt: empty file"
    assert error.exit_code == 2


def test_non_english_text_gets_a_warning(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(
        "Der Stadtrat hat am Dienstag beschlossen, den neuen Haushalt für das kommende Jahr "
        "zu genehmigen, nachdem die Opposition lange dagegen gestimmt hatte und viele Bürger "
        "ihre Bedenken geäußert hatten."
    )
    assert any("English" in w for w in load_sources([str(path)]).warnings)
    assert Path(path).exists()


def test_repeated_line_rule_finds_captions_quoting_mid_paragraph_sentences():
    text = (
        "The minister visited the flooded town of Ashby on Monday morning\n"
        "Residents were angry. The minister visited the flooded town of Ashby on Monday morning, "
        "aides said.\nAn unrelated line that appears once in the article body.\n"
    )
    removed = FurnitureRules.default().apply(text).removed
    assert [(r.text, r.rule) for r in removed] == [
        ("The minister visited the flooded town of Ashby on Monday morning", "repeated_line")
    ]
