"""The review store: runs and verdicts round-trip, stay consistent under concurrent writers, and every database
problem is a one-line StoreError that leaves the file as it was. Documents are built by hand; no NLP runs here."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import xref.store as store_module
from xref.errors import StoreError, UsageError
from xref.store import STATUSES, FlagRecord, ReviewStore, default_db_path, run_id_for

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve().parent / "store_worker.py"


def _source(label: str, text: str) -> dict:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return {
        "id": sha[:12],
        "label": label,
        "path": f"{label}.txt",
        "sha256": sha,
        "title": None,
        "outlet": None,
        "published": None,
        "notes": [],
        "text": text,
        "removed_lines": [],
        "sentences": [[0, len(text)]],
    }


def _flag(flag_id: str, a: dict, b: dict, *, flag_type: str = "number", cluster: str | None = "c000000000001") -> dict:
    return {
        "id": flag_id,
        "type": flag_type,
        "severity": "high",
        "reason": f"{a['label']} and {b['label']} disagree.",
        "evidence": [
            {"source": a["id"], "sentence": f"{a['id']}:0", "start": 0, "end": 5, "text": a["text"][:5]},
            {"source": b["id"], "sentence": f"{b['id']}:0", "start": 0, "end": 5, "text": b["text"][:5]},
        ],
        "cluster": cluster,
    }


def _document(*, text_b: str = "Beta reports four people hurt.", threshold: float = 0.4, tag: str = "0") -> dict:
    """A result document in the schema's shape: two sources, one cluster with two flags, one story flag.

    ``tag`` goes into the flag ids, standing in for the content hash the pipeline would compute."""
    a = _source("Alpha", "Alpha reports three people hurt.")
    b = _source("Beta", text_b)
    omission = _flag(f"f{tag}30000000000", a, b, flag_type="omission", cluster="c000000000002")
    omission["missing_source"] = b["id"]
    return {
        "schema_version": "1.1",
        "xref_version": "0.1.0",
        "sources": [a, b],
        "stories": [{"id": "s000000000001", "sources": [a["id"], b["id"]], "clusters": ["c000000000001"]}],
        "clusters": [
            {
                "id": "c000000000001",
                "story": "s000000000001",
                "sources": [a["id"], b["id"]],
                "members": [],
                "flags": [_flag(f"f{tag}10000000000", a, b), _flag(f"f{tag}20000000000", a, b, flag_type="quote")],
            }
        ],
        "story_flags": [omission],
        "source_overlap": [],
        "skipped_sources": [],
        "warnings": [],
        "params": {"model": "all-MiniLM-L6-v2", "model_sha256": "ab" * 32, "threshold": threshold},
    }


def _flag_ids(document: dict) -> list[str]:
    return [f["id"] for c in document["clusters"] for f in c["flags"]] + [f["id"] for f in document["story_flags"]]


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "reviews.sqlite3"


# -- runs ------------------------------------------------------------------------------------------------------


def test_save_and_load_round_trip(db):
    document = _document()
    with ReviewStore(db) as store:
        run_id = store.save_run(document)
        assert run_id == run_id_for(document) and run_id.startswith("r") and len(run_id) == 13
        assert store.run(run_id) == document
        assert store.run(run_id[:5]) == document
        (summary,) = store.runs()
        flags = store.flags()
    assert (summary.id, summary.sources, summary.flags) == (run_id, ("Alpha", "Beta"), 3)
    assert (summary.xref_version, summary.model, summary.model_sha256) == ("0.1.0", "all-MiniLM-L6-v2", "ab" * 32)
    assert [f.id for f in flags] == _flag_ids(document)
    first, _, omission = flags
    assert isinstance(first, FlagRecord) and first.run_id == run_id
    assert (first.type, first.severity, first.cluster) == ("number", "high", "c000000000001")
    assert first.evidence == tuple(document["clusters"][0]["flags"][0]["evidence"])
    assert (first.status, first.verdict, first.history) == ("open", None, ())
    assert omission.missing_source == document["sources"][1]["id"]
    # A fresh connection reads the same thing: nothing lived only in memory.
    with ReviewStore(db, create=False) as store:
        assert store.run(run_id) == document


def test_same_comparison_same_run_and_no_duplicate_rows(db):
    document = _document()
    with ReviewStore(db) as store:
        first = store.save_run(document)
        created = store.runs()[0].created_at
        time.sleep(0.01)
        assert store.save_run(json.loads(json.dumps(document))) == first
        (summary,) = store.runs()
    assert summary.created_at > created
    assert (_count(db, "runs"), _count(db, "sources"), _count(db, "flags")) == (1, 2, 3)


def test_run_id_depends_on_inputs_not_order():
    document = _document()
    reordered = {**document, "sources": document["sources"][::-1]}
    assert run_id_for(reordered) == run_id_for(document)
    assert run_id_for(_document(threshold=0.5)) != run_id_for(document)
    assert run_id_for({**document, "xref_version": "9.9.9"}) != run_id_for(document)
    assert run_id_for(_document(text_b="Beta reports five people hurt.")) != run_id_for(document)


def test_runs_newest_first_and_flags_default_to_latest(db):
    old, new = _document(), _document(threshold=0.5, tag="1")
    with ReviewStore(db) as store:
        old_id = store.save_run(old)
        new_id = store.save_run(new)
        assert [r.id for r in store.runs()] == [new_id, old_id]
        assert [f.id for f in store.flags()] == _flag_ids(new)
        assert [f.id for f in store.flags(run_id=old_id)] == _flag_ids(old)
        # Saving the old comparison again makes it the latest.
        store.save_run(old)
        assert [r.id for r in store.runs()] == [old_id, new_id]
        assert [f.id for f in store.flags()] == _flag_ids(old)


def test_empty_store_has_no_runs_or_flags(db):
    with ReviewStore(db) as store:
        assert store.runs() == [] and store.flags() == [] and store.verdicts() == {}


def test_failed_save_leaves_the_previous_run_intact(db):
    document = _document()
    with ReviewStore(db) as store:
        run_id = store.save_run(document)
    # A trigger makes the replacement fail half-way through inserting its flags.
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON flags WHEN NEW.flag_id = 'f0ff000000000'"
            " BEGIN SELECT RAISE(ABORT, 'boom'); END"
        )
    broken = json.loads(json.dumps(document))
    broken["story_flags"].append({**broken["story_flags"][0], "id": "f0ff000000000"})
    assert run_id_for(broken) == run_id
    with ReviewStore(db) as store:
        with pytest.raises(StoreError, match="boom"):
            store.save_run(broken)
        assert store.run(run_id) == document
        assert [f.id for f in store.flags()] == _flag_ids(document)


def test_save_run_rejects_a_non_document(db):
    with ReviewStore(db) as store:
        for bad in ({}, {"sources": [], "xref_version": "0.1.0"}, []):
            with pytest.raises(UsageError, match="cannot save run"):
                store.save_run(bad)
        assert store.runs() == []


# -- verdicts --------------------------------------------------------------------------------------------------


def test_verdict_set_reread_and_history_kept(db):
    document = _document()
    flag_id = _flag_ids(document)[0]
    with ReviewStore(db) as store:
        store.save_run(document)
        first = store.set_verdict(flag_id, "needs-check", note="check the figure", reviewer="ana")
        second = store.set_verdict(flag_id[:6], "accepted", note="confirmed", reviewer="ben")
    assert (first.status, first.note, first.reviewer) == ("needs-check", "check the figure", "ana")
    assert first.flag_id == flag_id
    assert second.flag_id == flag_id and second.created_at >= first.created_at
    with ReviewStore(db, create=False) as store:
        record = store.flag(flag_id)
        assert record.status == "accepted" and record.verdict == second
        assert record.history == (first, second)
        assert store.verdicts() == {flag_id: second}
        assert store.verdicts([flag_id, "f-not-there"]) == {flag_id: second}
        assert store.verdicts(flag_id) == {flag_id: second}
        assert store.flags()[0].history == (first, second)
        # A re-run of the same comparison keeps its verdicts: they hang off the flag id.
        store.save_run(document)
        assert store.flag(flag_id).verdict == second
    assert _count(db, "verdicts") == 2


def test_changed_article_gets_new_flags_and_old_verdicts_stay(db):
    old, changed = _document(), _document(text_b="Beta now reports five people hurt.", tag="2")
    old_flag = _flag_ids(old)[0]
    with ReviewStore(db) as store:
        store.save_run(old)
        verdict = store.set_verdict(old_flag, "dismissed")
        store.save_run(changed)
        assert [f.status for f in store.flags()] == ["open"] * 3
        assert store.flag(old_flag).history == (verdict,)


def test_status_filter(db):
    document = _document()
    ids = _flag_ids(document)
    with ReviewStore(db) as store:
        store.save_run(document)
        store.set_verdict(ids[0], "accepted")
        store.set_verdict(ids[1], "accepted")
        store.set_verdict(ids[1], "dismissed")  # only the latest verdict counts
        assert [f.id for f in store.flags(status="accepted")] == [ids[0]]
        assert [f.id for f in store.flags(status="dismissed")] == [ids[1]]
        assert [f.id for f in store.flags(status="open")] == [ids[2]]
        assert store.flags(status="needs-check") == []
        assert sum(len(store.flags(status=s)) for s in STATUSES) == 3
        with pytest.raises(UsageError, match="unknown status 'nope'"):
            store.flags(status="nope")


@pytest.mark.parametrize("status", ["open", "bogus", "", "Accepted"])
def test_invalid_verdict_status_is_a_usage_error(db, status):
    document = _document()
    with ReviewStore(db) as store:
        store.save_run(document)
        with pytest.raises(UsageError, match="invalid verdict status") as raised:
            store.set_verdict(_flag_ids(document)[0], status)
    assert raised.value.exit_code == 2
    assert _count(db, "verdicts") == 0


def test_unknown_and_ambiguous_ids_are_usage_errors(db):
    with ReviewStore(db) as store:
        run_id = store.save_run(_document())
        store.save_run(_document(threshold=0.9))
        for call, match in [
            (lambda: store.run("rffffffffffff"), "unknown run id 'rffffffffffff'"),
            (lambda: store.flags(run_id="nope"), "unknown run id 'nope'"),
            (lambda: store.run("r"), "run id prefix 'r' is ambiguous"),
            (lambda: store.run(""), "empty run id"),
            (lambda: store.flag("fffffffffffff"), "unknown flag id 'fffffffffffff'"),
            (lambda: store.flag("f0"), "flag id prefix 'f0' is ambiguous"),
            (lambda: store.set_verdict("f-never-saved", "accepted"), "unknown flag id 'f-never-saved'"),
            (lambda: store.run("r%"), "unknown run id"),
        ]:
            with pytest.raises(UsageError, match=match) as raised:
                call()
            assert raised.value.exit_code == 2 and "\n" not in str(raised.value)
        assert store.run(run_id[:8])["xref_version"] == "0.1.0"
    assert _count(db, "verdicts") == 0


# -- files and errors ------------------------------------------------------------------------------------------


def test_missing_file_without_create_is_a_store_error(db):
    with pytest.raises(StoreError, match=r"no review database at .*reviews\.sqlite3; run `xref compare --save` first"):
        ReviewStore(db, create=False)
    assert not db.exists()


def test_missing_parent_folder_is_created(tmp_path):
    path = tmp_path / "a" / "b" / "reviews.sqlite3"
    with ReviewStore(path) as store:
        assert store.path == path
    assert path.is_file()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG_DATA_HOME applies on Linux and BSD only")
def test_default_path_honours_xdg_data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = tmp_path / "data" / "xref" / "reviews.sqlite3"
    assert default_db_path() == expected
    assert expected == store_module.DEFAULT_DB
    with ReviewStore() as store:
        assert store.path == expected
    assert expected.is_file()


def test_read_only_file_is_a_store_error_and_unchanged(db):
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod cannot make a file read-only for root")
    document = _document()
    with ReviewStore(db) as store:
        store.save_run(document)
    before = db.read_bytes()
    db.chmod(0o444)
    try:
        with ReviewStore(db) as store:
            with pytest.raises(StoreError, match=r"reviews\.sqlite3: attempt to write a readonly database") as raised:
                store.set_verdict(_flag_ids(document)[0], "accepted")
            assert "\n" not in str(raised.value)
            with pytest.raises(StoreError, match="readonly"):
                store.save_run(_document(threshold=0.7))
    finally:
        db.chmod(0o644)
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [os.urandom(8192), b"just some text, not a database\n" * 40, b"SQLite format 3\x00" + b"\xff" * 4080],
    ids=["random", "text", "bad-header"],
)
def test_corrupt_file_is_a_store_error_and_unchanged(db, content):
    db.write_bytes(content)
    for create in (True, False):
        with pytest.raises(StoreError, match=r"review database .*reviews\.sqlite3: ") as raised:
            ReviewStore(db, create=create)
        assert "\n" not in str(raised.value) and raised.value.exit_code == 1
    assert db.read_bytes() == content


def test_foreign_sqlite_database_is_a_store_error_and_unchanged(db):
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="not an xref review database"):
        ReviewStore(db)
    assert db.read_bytes() == before


def test_newer_schema_is_a_store_error_and_unchanged(db):
    with ReviewStore(db) as store:
        store.save_run(_document())
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, '2099-01-01T00:00:00+00:00')")
    conn.close()
    before = db.read_bytes()
    for create in (True, False):
        with pytest.raises(StoreError, match=r"was written by a newer xref \(schema 99 > 1\)"):
            ReviewStore(db, create=create)
    assert db.read_bytes() == before


def test_closed_store_is_a_store_error(db):
    store = ReviewStore(db)
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="is closed"):
        store.runs()


# -- migrations ------------------------------------------------------------------------------------------------


def _migrations(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [v for (v,) in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]


def test_migrations_recorded_once_and_wal_mode(db):
    with ReviewStore(db) as store:
        assert store.schema_version() == 1
    with ReviewStore(db) as store, ReviewStore(db, create=False):
        assert store.schema_version() == 1
    assert _migrations(db) == [v for v, _ in store_module.MIGRATIONS]
    with sqlite3.connect(db) as conn:
        (applied_at,) = conn.execute("SELECT applied_at FROM schema_migrations").fetchone()
        assert applied_at.endswith("+00:00")
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_verdicts_are_append_only(db):
    document = _document()
    with ReviewStore(db) as store:
        store.save_run(document)
        store.set_verdict(_flag_ids(document)[0], "accepted")
    with sqlite3.connect(db) as conn:
        for statement in ("UPDATE verdicts SET status = 'dismissed'", "DELETE FROM verdicts"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(statement)
    conn.close()
    assert _count(db, "verdicts") == 1


def test_pending_migration_applies_in_order(db, monkeypatch):
    document = _document()
    with ReviewStore(db) as store:
        store.save_run(document)
    # A trigger body holds semicolons of its own: the script splitter must keep it whole.
    extra = """
        CREATE TABLE tags (flag_id TEXT NOT NULL, tag TEXT NOT NULL);
        CREATE TRIGGER tags_lowercase AFTER INSERT ON tags BEGIN
            UPDATE tags SET tag = lower(NEW.tag) WHERE rowid = NEW.rowid;
        END;
    """
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, (2, extra)])
    with ReviewStore(db) as store:
        assert store.schema_version() == 2
        assert store.run(run_id_for(document)) == document
    assert _migrations(db) == [1, 2]
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO tags VALUES ('f1', 'LOUD')")
        assert conn.execute("SELECT tag FROM tags").fetchone() == ("loud",)


def test_failed_migration_rolls_back(db, monkeypatch):
    with ReviewStore(db) as store:
        store.save_run(_document())
    bad = "CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);"
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, (2, bad)])
    with pytest.raises(StoreError, match="no such table: no_such_table"):
        ReviewStore(db)
    assert _migrations(db) == [1]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'").fetchone() == (0,)
    assert _count(db, "runs") == 1


# -- processes -------------------------------------------------------------------------------------------------


def test_concurrent_writer_processes_lose_nothing(tmp_path):
    """Two processes race to create the database, then each records 50 verdicts and saves 50 runs."""
    db = tmp_path / "shared" / "reviews.sqlite3"
    document = _document()
    workers, calls = 2, 50
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    start_at = time.time() + 1.5  # after both interpreters have started, so the writes overlap
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(db), str(k), str(calls), str(start_at)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            text=True,
        )
        for k in range(workers)
    ]
    for proc in procs:
        proc.stdin.write(json.dumps(document))
        proc.stdin.close()
    for proc in procs:
        proc.wait(timeout=180)
        assert proc.returncode == 0, proc.stderr.read()

    with ReviewStore(db, create=False) as store:
        history = {v.note for f in _flag_ids(document) for v in store.flag(f).history}
        runs = store.runs()
        flags = store.flags(run_id=run_id_for(document))
    expected = {f"worker {k} call {i}" for k in range(workers) for i in range(calls)}
    assert history == expected
    assert _count(db, "verdicts") == workers * calls
    assert len(runs) == 1 + workers and all(r.flags == 3 for r in runs)
    assert [f.id for f in flags] == _flag_ids(document)
    assert (_count(db, "flags"), _count(db, "sources")) == (3 * len(runs), 2 * len(runs))
    assert _migrations(db) == [1]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_import_stays_light():
    code = "import sys, xref.store; print(sorted({'numpy', 'torch', 'spacy', 'sklearn'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"
