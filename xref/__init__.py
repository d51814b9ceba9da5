"""xref: cross-reference claims across news sources.

``xref.compare(["a.txt", "b.html", "https://…"])`` reads the sources, splits them into sentences,
embeds them and groups them into stories and claims; the result's ``to_dict()`` is the versioned JSON
document the CLI prints. Heavy libraries (torch, sentence-transformers, scikit-learn, trafilatura)
load only when a comparison runs.
"""

from xref._version import __version__
from xref.errors import FetchError, ModelError, SourceError, UsageError, XrefError
from xref.types import Article, Cluster, Member, Source, Story

__all__ = [
    "Article",
    "Cluster",
    "Comparison",
    "FetchError",
    "Member",
    "ModelError",
    "Source",
    "SourceError",
    "Story",
    "UsageError",
    "XrefError",
    "__version__",
    "compare",
]


def __getattr__(name: str):
    # compare and Comparison pull in numpy; keep `import xref` cheap until they are used.
    if name in ("compare", "Comparison"):
        from xref import pipeline as module

        return getattr(module, name)
    raise AttributeError(f"module 'xref' has no attribute {name!r}")
