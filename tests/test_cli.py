"""End-to-end CLI tests: exit codes, one-line errors, output formats; the real model on the seeds."""

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from xref import __version__
from xref.cli import app
from xref.pipeline import SCHEMA_VERSION

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, list(args))


def test_version():
    result = _run("--version")
    assert result.exit_code == 0 and result.output.strip() == f"xref {__version__}"


def test_help_lists_compare():
    result = _run("--help")
    assert result.exit_code == 0 and "compare" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "nope.txt", "nope2.txt"], "nope.txt: no such file"),
        (["compare", "seeds/000_dcb30620ee2c9d9e.txt"], "at least two sources"),
        (
            ["compare", "seeds/000_dcb30620ee2c9d9e.txt", "seeds/001_18627191e6d10dd2.txt", "--threshold", "3"],
            "--threshold",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, message):
    result = _run(*args)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output


def test_unknown_option_is_a_usage_error():
    assert _run("compare", "--no-such-option").exit_code == 2
    assert _run("compare", "a.txt", "b.txt", "--pair-score", "magic").exit_code == 2


def test_unknown_model_exits_1(seed_paths):
    result = _run("compare", *seed_paths[:2], "--model", "no-such-model")
    assert result.exit_code == 1 and "no-such-model" in result.output


@pytest.mark.model
def test_text_output_on_seeds(seed_paths, real_embedder, tmp_path):
    result = _run("compare", *seed_paths, "--output", str(tmp_path / "out.txt"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out.txt").read_text()
    for heading in ("Sources", "Shared claims", "Claims only one source carries", "Source overlap"):
        assert heading in text
    assert "GB News" in text and "BBC" in text
    assert "\x1b[" not in text


@pytest.mark.model
def test_two_sources_read_as_an_alignment(seed_paths, tmp_path):
    result = _run("compare", seed_paths[0], seed_paths[1], "--output", str(tmp_path / "pair.txt"))
    assert result.exit_code == 0, result.output
    assert "Matched claims" in (tmp_path / "pair.txt").read_text()


@pytest.mark.model
def test_json_output_in_a_real_process(seed_paths, tmp_path):
    env = dict(os.environ)
    out = subprocess.run(
        [sys.executable, "-m", "xref", "compare", *seed_paths, "--format", "json", "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    document = json.loads(out.stdout)
    assert document["schema_version"] == SCHEMA_VERSION
    assert len(document["sources"]) == 5 and document["clusters"]
    assert out.stderr == ""


@pytest.mark.model
def test_skipped_source_warns_and_strict_fails(seed_paths, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   ")
    ok = _run("compare", *seed_paths[:2], str(empty), "--format", "json", "--output", str(tmp_path / "o.json"))
    assert ok.exit_code == 0
    assert "warning: skipped" in ok.output
    strict = _run("compare", *seed_paths[:2], str(empty), "--strict")
    assert strict.exit_code == 2 and "contains only whitespace" in strict.output


@pytest.mark.model
def test_flags_in_text_output_and_filters(seed_paths, tmp_path):
    out = tmp_path / "flags.txt"
    result = _run("compare", *seed_paths, "--output", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "Flags:" in text and "hedging · medium" in text
    assert "[appeared to say]" in text  # the differing words are marked in plain output
    only = _run("compare", *seed_paths, "--type", "quote", "--format", "json", "--output", str(tmp_path / "q.json"))
    assert only.exit_code == 0, only.output
    document = json.loads((tmp_path / "q.json").read_text())
    types = {f["type"] for c in document["clusters"] for f in c["flags"]} | {f["type"] for f in document["story_flags"]}
    assert types == {"quote"}
    high = _run("compare", *seed_paths, "--min-severity", "medium", "--format", "json", "-o", str(tmp_path / "m.json"))
    assert high.exit_code == 0
    document = json.loads((tmp_path / "m.json").read_text())
    severities = {f["severity"] for c in document["clusters"] for f in c["flags"]}
    assert severities and "low" not in severities and not document["story_flags"]


def test_unknown_flag_type_is_a_usage_error(seed_paths):
    result = _run("compare", *seed_paths[:2], "--type", "nonsense")
    assert result.exit_code == 2 and "nonsense" in result.output


@pytest.mark.model
def test_review_flow_save_review_rerun_export(seed_paths, tmp_path):
    db = str(tmp_path / "reviews.sqlite3")
    saved = _run("compare", *seed_paths, "--save", "--db", db, "--format", "html", "-o", str(tmp_path / "r.html"))
    assert saved.exit_code == 0, saved.output
    run_id = saved.output.split("saved run ", 1)[1].split()[0]
    assert "<html" in (tmp_path / "r.html").read_text()
    listed = _run("review", "list", "--db", db, "--status", "open")
    assert listed.exit_code == 0 and "hedging" in listed.output
    flag_id = next(line.split()[0] for line in listed.output.splitlines() if "hedging" in line)
    decided = _run("review", "set", flag_id, "accepted", "--note", "audio checked", "--reviewer", "ana", "--db", db)
    assert decided.exit_code == 0, decided.output
    again = _run("compare", *seed_paths, "--save", "--db", db, "--format", "json", "-o", str(tmp_path / "r.json"))
    assert again.exit_code == 0 and f"saved run {run_id}" in again.output  # same comparison, same run
    accepted = _run("review", "list", "--db", db, "--status", "accepted")
    assert flag_id in accepted.output
    shown = _run("review", "show", flag_id[:8], "--db", db)
    assert shown.exit_code == 0 and "audio checked" in shown.output and "ana" in shown.output
    out = tmp_path / "claims.jsonld"
    exported = _run("export", run_id, "--format", "claimreview", "--author", "Desk", "--db", db, "-o", str(out))
    assert exported.exit_code == 0, exported.output
    (draft,) = json.loads(out.read_text())
    assert draft["@type"] == "ClaimReview" and draft["author"]["name"] == "Desk"
    tasks = tmp_path / "tasks.json"
    assert _run("export", run_id, "--format", "label-studio", "--db", db, "-o", str(tasks)).exit_code == 0
    assert json.loads(tasks.read_text()) and (tmp_path / "tasks.label-config.xml").exists()


def test_review_errors_exit_codes(tmp_path):
    missing = _run("review", "list", "--db", str(tmp_path / "none.sqlite3"))
    assert missing.exit_code == 1 and "none.sqlite3" in missing.output
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"not a database at all" * 100)
    broken = _run("review", "list", "--db", str(corrupt))
    assert broken.exit_code == 1 and corrupt.read_bytes() == b"not a database at all" * 100
    from xref.store import ReviewStore

    ReviewStore(tmp_path / "empty.sqlite3").close()
    unknown = _run("review", "set", "fdeadbeef0000", "accepted", "--db", str(tmp_path / "empty.sqlite3"))
    assert unknown.exit_code == 2 and "fdeadbeef0000" in unknown.output
    assert _run("export", "rnope", "--db", str(tmp_path / "empty.sqlite3")).exit_code == 2


@pytest.mark.model
def test_compare_writes_the_feeds_directly(seed_paths, tmp_path):
    feed = _run("compare", *seed_paths[:3], "--format", "jsonl", "-o", str(tmp_path / "c.jsonl"), "--quiet")
    assert feed.exit_code == 0, feed.output
    records = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert records and all({"cluster", "members", "flags", "omissions"} <= set(r) for r in records)
    table = _run("compare", *seed_paths[:3], "--format", "csv", "-o", str(tmp_path / "f.csv"), "--quiet")
    assert table.exit_code == 0, table.output
    assert (tmp_path / "f.csv").read_text().startswith("flag_id,type,severity,status")
