"""The one base of every error renkei raises, so that `except RenkeiError` catches them all.

Each package derives its own base from it (CorpusError, IndexerError, SearchError) and keeps its
precise types; `renkei` exports every one of them (see renkei/__init__.py)."""
from __future__ import annotations

import re
import shutil


class RenkeiError(Exception):
    """Base class of every error renkei raises."""


def os_reason(err: OSError) -> str:
    """What went wrong, in words, for one line: 'No space left on device', never a repr. A
    shutil.Error (copytree's list of failed files) gives its first file's reason."""
    if isinstance(err, shutil.Error) and err.args and isinstance(err.args[0], list) and err.args[0]:
        first = err.args[0][0]
        reason = str(first[-1]) if isinstance(first, tuple) else str(first)
        match = re.match(r"\[Errno \d+\] ([^:]+)", reason)
        return match.group(1) if match else reason.splitlines()[0]
    if err.strerror:
        return err.strerror
    return (str(err).splitlines() or [type(err).__name__])[0]
