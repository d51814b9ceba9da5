"""The review store: saved comparison runs and reviewers' verdicts on their flags, in one SQLite file.

A run's id derives from its inputs (source hashes, parameters, xref version), so re-running a comparison
overwrites its run instead of piling up copies. Verdicts hang off flag ids alone: flag ids are content-derived,
so a re-run keeps its verdicts, and a changed article yields new flags while the old verdicts stay in history.

Every write is one ``BEGIN IMMEDIATE`` transaction on a WAL database with a busy timeout, so several xref
processes can share the file; every ``sqlite3`` failure surfaces as a one-line :class:`StoreError` naming the file.
Only the standard library and platformdirs are imported here: the review commands must start fast.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import platformdirs

from xref.errors import StoreError, UsageError

__all__ = [
    "MIGRATIONS",
    "STATUSES",
    "FlagRecord",
    "ReviewStore",
    "RunSummary",
    "Verdict",
    "default_db_path",
]

STATUSES = ("open", "accepted", "dismissed", "needs-check")
VERDICT_STATUSES = STATUSES[1:]  # "open" is the absence of a verdict, never recorded
BUSY_TIMEOUT_S = 10.0

# Append only: a released migration is never edited, since databases in the field already ran it.
MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            xref_version TEXT NOT NULL,
            model TEXT NOT NULL,
            model_sha256 TEXT NOT NULL,
            document TEXT NOT NULL
        );
        CREATE TABLE sources (
            run_id TEXT NOT NULL REFERENCES runs (id),
            position INTEGER NOT NULL,
            source_id TEXT NOT NULL,
            label TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            path TEXT,
            url TEXT,
            PRIMARY KEY (run_id, position)
        );
        CREATE TABLE flags (
            run_id TEXT NOT NULL REFERENCES runs (id),
            flag_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            cluster TEXT,
            type TEXT NOT NULL,
            severity TEXT NOT NULL,
            reason TEXT NOT NULL,
            evidence TEXT NOT NULL,
            missing_source TEXT,
            PRIMARY KEY (run_id, flag_id)
        );
        CREATE INDEX flags_by_flag_id ON flags (flag_id);
        CREATE TABLE verdicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            flag_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('accepted', 'dismissed', 'needs-check')),
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX verdicts_by_flag_id ON verdicts (flag_id, id);
        CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts
        BEGIN
            SELECT RAISE(ABORT, 'verdicts are append-only history');
        END;
        CREATE TRIGGER verdicts_no_delete BEFORE DELETE ON verdicts
        BEGIN
            SELECT RAISE(ABORT, 'verdicts are append-only history');
        END;
        """,
    ),
]


def default_db_path() -> Path:
    """``reviews.sqlite3`` in the user data folder (``$XDG_DATA_HOME/xref`` on Linux), read at call time."""
    return platformdirs.user_data_path("xref") / "reviews.sqlite3"


def __getattr__(name: str):
    # DEFAULT_DB is computed on access so a changed XDG_DATA_HOME (tests, wrappers) is honoured.
    if name == "DEFAULT_DB":
        return default_db_path()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Verdict:
    flag_id: str
    status: str
    note: str
    reviewer: str | None
    created_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class RunSummary:
    id: str
    created_at: str
    xref_version: str
    model: str
    model_sha256: str
    sources: tuple[str, ...]  # labels, in document order
    flags: int


@dataclass(frozen=True)
class FlagRecord:
    id: str
    run_id: str
    type: str
    severity: str
    reason: str
    evidence: tuple[dict, ...]
    cluster: str | None
    status: str  # the latest verdict's status, "open" when there is none
    verdict: Verdict | None
    history: tuple[Verdict, ...]  # oldest first
    missing_source: str | None = None


def run_id_for(document: dict) -> str:
    """The run id of a result document: the same sources, parameters and xref version give the same id."""
    sources, params, version = _run_inputs(document)
    digest = hashlib.sha256()
    digest.update("\n".join(sorted(source["sha256"] for source in sources)).encode())
    digest.update(b"\n" + json.dumps(params, sort_keys=True).encode())
    digest.update(b"\n" + version.encode())
    return "r" + digest.hexdigest()[:12]


class ReviewStore:
    """One review database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path | None = None, *, create: bool = True) -> None:
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self._conn: sqlite3.Connection | None = None
        if not self.path.exists():
            if not create:
                raise StoreError(f"no review database at {self.path}; run `xref compare --save` first")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"cannot create the folder for review database {self.path}: {error}") from None
        try:
            with self._translate():
                # Autocommit mode: transactions are opened explicitly, so none is ever left open by accident.
                self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
                self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                self._open()
        except BaseException:
            self.close()
            raise

    # -- lifecycle ---------------------------------------------------------------------------------------------

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ReviewStore({str(self.path)!r})"

    def schema_version(self) -> int:
        with self._read() as db:
            return _recorded_version(db)

    # -- runs --------------------------------------------------------------------------------------------------

    def save_run(self, document: dict) -> str:
        """Store a result document and its flags; saving the same comparison again replaces its run."""
        run_id = run_id_for(document)
        sources, params, version = _run_inputs(document)
        flags = _document_flags(document)
        body = json.dumps(document, ensure_ascii=False)
        source_rows = [
            (run_id, i, s.get("id", ""), s.get("label", ""), s["sha256"], s.get("path"), s.get("url"))
            for i, s in enumerate(sources)
        ]
        flag_rows = [
            (
                run_id,
                flag["id"],
                i,
                flag.get("cluster"),
                flag["type"],
                flag["severity"],
                flag["reason"],
                json.dumps(flag["evidence"], ensure_ascii=False),
                flag.get("missing_source"),
            )
            for i, flag in enumerate(flags)
        ]
        with self._write() as db:
            for table, column in (("flags", "run_id"), ("sources", "run_id"), ("runs", "id")):
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (run_id,))
            db.execute(
                "INSERT INTO runs (id, created_at, xref_version, model, model_sha256, document)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, _now(), version, str(params["model"]), str(params["model_sha256"]), body),
            )
            db.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)", source_rows)
            # A flag repeated within one document (same content, so same id) is stored once, at its first place.
            db.executemany(
                "INSERT INTO flags VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, flag_id) DO NOTHING",
                flag_rows,
            )
        return run_id

    def run(self, run_id: str) -> dict:
        """The stored result document of a run (a unique prefix of its id will do)."""
        with self._read() as db:
            resolved = self._resolve_run(db, run_id)
            (body,) = db.execute("SELECT document FROM runs WHERE id = ?", (resolved,)).fetchone()
        try:
            return json.loads(body)
        except ValueError as error:
            raise StoreError(f"review database {self.path}: run {resolved} holds a damaged document") from error

    def runs(self) -> list[RunSummary]:
        """Every saved run, newest first."""
        with self._read() as db:
            labels: dict[str, list[str]] = {}
            for run_id, label in db.execute("SELECT run_id, label FROM sources ORDER BY run_id, position"):
                labels.setdefault(run_id, []).append(label)
            rows = db.execute(
                "SELECT r.id, r.created_at, r.xref_version, r.model, r.model_sha256,"
                " (SELECT COUNT(*) FROM flags AS f WHERE f.run_id = r.id)"
                " FROM runs AS r ORDER BY r.created_at DESC, r.rowid DESC"
            ).fetchall()
        return [
            RunSummary(
                id=run_id,
                created_at=created_at,
                xref_version=version,
                model=model,
                model_sha256=model_sha256,
                sources=tuple(labels.get(run_id, ())),
                flags=count,
            )
            for run_id, created_at, version, model, model_sha256, count in rows
        ]

    # -- flags and verdicts ------------------------------------------------------------------------------------

    def flags(self, *, run_id: str | None = None, status: str | None = None) -> list[FlagRecord]:
        """The flags of a run (default: the latest), in document order, optionally only those with ``status``."""
        if status is not None and status not in STATUSES:
            raise UsageError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
        with self._read() as db:
            if run_id is None:
                latest = db.execute("SELECT id FROM runs ORDER BY created_at DESC, rowid DESC LIMIT 1").fetchone()
                if latest is None:
                    return []
                resolved = latest[0]
            else:
                resolved = self._resolve_run(db, run_id)
            rows = db.execute(
                "SELECT flag_id, run_id, type, severity, reason, evidence, cluster, missing_source"
                " FROM flags WHERE run_id = ? ORDER BY position",
                (resolved,),
            ).fetchall()
            histories = _histories(
                db.execute(
                    "SELECT flag_id, status, note, reviewer, created_at FROM verdicts"
                    " WHERE flag_id IN (SELECT flag_id FROM flags WHERE run_id = ?) ORDER BY id",
                    (resolved,),
                )
            )
        records = [self._record(row, histories.get(row[0], ())) for row in rows]
        return [r for r in records if status is None or r.status == status]

    def flag(self, flag_id: str) -> FlagRecord:
        """One flag, from the latest run that has it, with its whole verdict history (a unique prefix will do)."""
        with self._read() as db:
            resolved = self._resolve_flag(db, flag_id)
            row = db.execute(
                "SELECT f.flag_id, f.run_id, f.type, f.severity, f.reason, f.evidence, f.cluster, f.missing_source"
                " FROM flags AS f JOIN runs AS r ON r.id = f.run_id WHERE f.flag_id = ?"
                " ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1",
                (resolved,),
            ).fetchone()
            histories = _histories(
                db.execute(
                    "SELECT flag_id, status, note, reviewer, created_at FROM verdicts WHERE flag_id = ? ORDER BY id",
                    (resolved,),
                )
            )
        return self._record(row, histories.get(resolved, ()))

    def set_verdict(self, flag_id: str, status: str, *, note: str = "", reviewer: str | None = None) -> Verdict:
        """Record a verdict on a flag of any saved run; earlier verdicts stay in its history."""
        if status not in VERDICT_STATUSES:
            extra = " (open means no verdict yet)" if status == "open" else ""
            raise UsageError(f"invalid verdict status {status!r}: use {', '.join(VERDICT_STATUSES)}{extra}")
        with self._write() as db:
            resolved = self._resolve_flag(db, flag_id)
            verdict = Verdict(flag_id=resolved, status=status, note=note or "", reviewer=reviewer, created_at=_now())
            db.execute(
                "INSERT INTO verdicts (flag_id, status, note, reviewer, created_at) VALUES (?, ?, ?, ?, ?)",
                (verdict.flag_id, verdict.status, verdict.note, verdict.reviewer, verdict.created_at),
            )
        return verdict

    def verdicts(self, flag_ids: Iterable[str] | None = None) -> dict[str, Verdict]:
        """The latest verdict of each flag that has one; ``flag_ids`` (exact ids) narrows the answer."""
        latest = (
            "SELECT flag_id, status, note, reviewer, created_at FROM verdicts"
            " WHERE id IN (SELECT MAX(id) FROM verdicts {where} GROUP BY flag_id)"
        )
        with self._read() as db:
            if flag_ids is None:
                return {v.flag_id: v for v in map(_verdict, db.execute(latest.format(where="")))}
            ids = [flag_ids] if isinstance(flag_ids, str) else list(dict.fromkeys(flag_ids))
            found: dict[str, Verdict] = {}
            # Chunks keep each statement under SQLite's bound-parameter limit.
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                where = f"WHERE flag_id IN ({', '.join('?' * len(chunk))})"
                found.update((v.flag_id, v) for v in map(_verdict, db.execute(latest.format(where=where), chunk)))
            return found

    # -- internals ---------------------------------------------------------------------------------------------

    def _open(self) -> None:
        """Check the file is an xref review database no newer than this code, then bring its schema up to date."""
        # Read before writing anything: a foreign, corrupt or newer database must be left byte-for-byte unchanged.
        with self._read() as db:
            # SQLite's own tables (sqlite_sequence, sqlite_stat1) say nothing about whose database this is.
            query = r"SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'"
            names = {name for (name,) in db.execute(query)}
            version = _recorded_version(db) if "schema_migrations" in names else 0
        if names and "schema_migrations" not in names:
            raise StoreError(f"{self.path} is an SQLite database but not an xref review database")
        self._check_not_newer(version)
        self._use_wal()
        self._db().execute("PRAGMA foreign_keys = ON")
        if version < _latest_version():
            self._migrate()

    def _use_wal(self) -> None:
        """Switch the file to WAL, so readers never block the writer. Done once per file; later opens only look."""
        db = self._db()
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        pause = 0.005
        while True:
            try:
                if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    # If the file system cannot do WAL the mode stays as it was: the rollback journal is still
                    # safe, only less concurrent, so that is not an error.
                    db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                message = str(error)
                if "readonly" in message:
                    # A read-only copy can still be listed and exported; writes fail with their own StoreError.
                    return
                # The switch needs an exclusive lock and SQLite does not apply the busy timeout to it, so a
                # process opening the file while another creates it has to wait here by itself.
                if ("locked" not in message and "busy" not in message) or time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.1)

    def _migrate(self) -> None:
        with self._write() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            # Re-read under the write lock: another process may have migrated since this one looked.
            version = _recorded_version(db)
            self._check_not_newer(version)
            for number, script in sorted(MIGRATIONS):
                if number <= version:
                    continue
                for statement in _statements(script):
                    db.execute(statement)
                db.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", (number, _now()))

    def _check_not_newer(self, version: int) -> None:
        if version > _latest_version():
            raise StoreError(
                f"review database {self.path} was written by a newer xref (schema {version} > {_latest_version()});"
                " upgrade xref to use it"
            )

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"review database {self.path} is closed")
        return self._conn

    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise _store_error(self.path, error) from error

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction, so the several queries of one call see one snapshot even while others write."""
        with self._transaction("BEGIN") as db:
            yield db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front: a deferred transaction that upgrades later can fail with
        # SQLITE_BUSY without waiting on the busy timeout.
        with self._transaction("BEGIN IMMEDIATE") as db:
            yield db

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        db = self._db()
        with self._translate():
            db.execute(begin)
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def _resolve_run(self, db: sqlite3.Connection, run_id: str) -> str:
        return self._resolve(db, "SELECT id FROM runs WHERE id >= ? AND id < ? ORDER BY id LIMIT 6", run_id, "run")

    def _resolve_flag(self, db: sqlite3.Connection, flag_id: str) -> str:
        query = "SELECT DISTINCT flag_id FROM flags WHERE flag_id >= ? AND flag_id < ? ORDER BY flag_id LIMIT 6"
        return self._resolve(db, query, flag_id, "flag")

    def _resolve(self, db: sqlite3.Connection, query: str, value: str, kind: str) -> str:
        """The full id that ``value`` names exactly or as a unique prefix."""
        value = (value or "").strip()
        if not value:
            raise UsageError(f"empty {kind} id")
        # A range instead of LIKE: ids may hold LIKE wildcards, and the range uses the index. U+10FFFF sorts
        # after every other character in SQLite's binary collation.
        matches = [m for (m,) in db.execute(query, (value, value + "\U0010ffff"))]
        if value in matches:
            return value
        if not matches:
            raise UsageError(f"unknown {kind} id {value!r} in review database {self.path}")
        if len(matches) > 1:
            shown = ", ".join(matches[:5]) + (", …" if len(matches) > 5 else "")
            raise UsageError(f"{kind} id prefix {value!r} is ambiguous: it matches {shown}")
        return matches[0]

    def _record(self, row: tuple, history: tuple[Verdict, ...]) -> FlagRecord:
        flag_id, run_id, flag_type, severity, reason, evidence, cluster, missing_source = row
        verdict = history[-1] if history else None
        return FlagRecord(
            id=flag_id,
            run_id=run_id,
            type=flag_type,
            severity=severity,
            reason=reason,
            evidence=tuple(json.loads(evidence)),
            cluster=cluster,
            status=verdict.status if verdict else "open",
            verdict=verdict,
            history=history,
            missing_source=missing_source,
        )


def _run_inputs(document: dict) -> tuple[list[dict], dict, str]:
    """The parts of a result document the run id depends on, checked enough to store them safely."""
    if not isinstance(document, dict):
        raise UsageError("cannot save run: the result document is not a JSON object")
    sources, params, version = document.get("sources"), document.get("params"), document.get("xref_version")
    if not isinstance(sources, list) or not all(isinstance(s, dict) and "sha256" in s for s in sources):
        raise UsageError("cannot save run: the result document has no 'sources' with sha256 hashes")
    if not isinstance(params, dict) or "model" not in params or "model_sha256" not in params:
        raise UsageError("cannot save run: the result document has no 'params' with model and model_sha256")
    if not isinstance(version, str):
        raise UsageError("cannot save run: the result document has no 'xref_version'")
    return sources, params, version


def _document_flags(document: dict) -> list[dict]:
    flags = [flag for cluster in document.get("clusters") or () for flag in cluster.get("flags") or ()]
    flags += list(document.get("story_flags") or ())
    required = ("id", "type", "severity", "reason", "evidence")
    for flag in flags:
        missing = [key for key in required if not isinstance(flag, dict) or key not in flag]
        if missing:
            name = flag.get("id", "?") if isinstance(flag, dict) else "?"
            raise UsageError(f"cannot save run: flag {name} has no {', '.join(missing)}")
    return flags


def _latest_version() -> int:
    return max(number for number, _ in MIGRATIONS)


def _recorded_version(db: sqlite3.Connection) -> int:
    (version,) = db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()
    return int(version)


def _statements(script: str) -> list[str]:
    """Split a migration script into statements. ``executescript`` would commit the migration's transaction."""
    statements, buffer = [], ""
    for piece in script.split(";"):
        buffer += piece + ";"
        # complete_statement knows about triggers, strings and comments, whose semicolons do not end a statement.
        if sqlite3.complete_statement(buffer):
            if buffer.strip().strip(";").strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip().strip(";").strip():
        raise ValueError(f"incomplete SQL statement in a migration: {buffer.strip()[:60]!r}")
    return statements


def _verdict(row: tuple) -> Verdict:
    flag_id, status, note, reviewer, created_at = row
    return Verdict(flag_id=flag_id, status=status, note=note, reviewer=reviewer, created_at=created_at)


def _histories(rows: Iterable[tuple]) -> dict[str, tuple[Verdict, ...]]:
    grouped: dict[str, list[Verdict]] = {}
    for row in rows:
        verdict = _verdict(row)
        grouped.setdefault(verdict.flag_id, []).append(verdict)
    return {flag_id: tuple(verdicts) for flag_id, verdicts in grouped.items()}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _store_error(path: Path, error: sqlite3.Error) -> StoreError:
    text = " ".join(str(error).split()) or type(error).__name__
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered:
        hint = " (check the permissions of the file and its folder)"
    elif "unable to open" in lowered:
        hint = " (check the path and the permissions of its folder)"
    elif "locked" in lowered or "busy" in lowered:
        hint = " (another xref process kept it busy; try again)"
    elif "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        hint = " (the file is damaged or not an xref review database)"
    else:
        hint = ""
    return StoreError(f"review database {path}: {text}{hint}")
