"""What wrote an index: renkei's format versions and the versions of the packages that shape its tokens."""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

from renkei.indexer.analysis import ANALYZER_VERSION
from renkei.indexer.schema import SCHEMA_VERSION


def versions(packages: tuple[str, ...] = ("unidic-lite", "fugashi", "whoosh", "renkei")) -> dict[str, Any]:
    found = {p.replace("-", "_"): _version(p) for p in packages}
    if "whoosh" in found:
        found["whoosh"] = found["whoosh"] or _version("whoosh-reloaded")
    return {"schema_version": SCHEMA_VERSION, "analyzer_version": ANALYZER_VERSION, **found}


def _version(package: str) -> str | None:
    """From its dist-info folder's name, else importlib.metadata (importing which, with email and
    socket, was ~5 % of the start-up of a search, which checks unidic-lite's version)."""
    prefix = package.replace("-", "_").lower() + "-"
    for folder in sys.path:
        with contextlib.suppress(OSError):
            found = [n for n in os.listdir(folder or ".") if n.lower().startswith(prefix) and n.endswith(".dist-info")]
            if found:
                return found[0][len(prefix):-len(".dist-info")]
    from importlib import metadata
    with contextlib.suppress(metadata.PackageNotFoundError):
        return metadata.version(package)
    return None
