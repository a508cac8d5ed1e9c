"""Importing whoosh without what renkei never calls, paid on every start (python -X importtime):
whoosh.compat imports urllib.request (and with it http.client, email, ssl, hashlib) for a download
helper, ~15 % of the imports of a `renkei search`; whoosh.query imports whoosh.lang.morph_en (a
table of English inflections, ~8 ms) for its Variations query."""
from __future__ import annotations

import importlib
import sys
import types

_MORPH_EN = "whoosh.lang.morph_en"


def import_whoosh_compat() -> None:
    """Import whoosh.compat with a stand-in urllib.request, removed again at once: whoosh keeps a
    urlretrieve that imports the real module if it is ever called; anyone else importing
    urllib.request later gets the real one."""
    _stand_in_for_morph_en()
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        from renkei.indexer import safe_pickle
        safe_pickle.install()
        return
    stand_in = types.ModuleType("urllib.request")

    def urlretrieve(*args, **kwargs):
        from urllib import request
        return request.urlretrieve(*args, **kwargs)

    stand_in.urlretrieve = urlretrieve
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]
    from renkei.indexer import safe_pickle
    safe_pickle.install()


def _stand_in_for_morph_en() -> None:
    """A whoosh.lang.morph_en that imports the real one when it is first used."""
    if _MORPH_EN in sys.modules:
        return
    stand_in = types.ModuleType(_MORPH_EN)

    def real() -> types.ModuleType:
        if sys.modules.get(_MORPH_EN) is stand_in:
            del sys.modules[_MORPH_EN]
        return importlib.import_module(_MORPH_EN)

    def variations(word: str):
        return real().variations(word)

    def attribute(name: str):
        if name.startswith("__"):   # the import system asks for __path__ and such: not a use
            raise AttributeError(name)
        return getattr(real(), name)

    stand_in.variations, stand_in.__getattr__ = variations, attribute
    sys.modules[_MORPH_EN] = stand_in
