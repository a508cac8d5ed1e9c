"""Importing whoosh without the web: whoosh.compat imports urllib.request (and with it http.client,
email, ssl, hashlib) for a download helper renkei never calls. That was ~15 % of the imports of a
`renkei search` (python -X importtime), paid on every start."""
from __future__ import annotations

import sys
import types


def import_whoosh_compat() -> None:
    """Import whoosh.compat with a stand-in urllib.request, removed again at once: whoosh keeps a
    urlretrieve that imports the real module if it is ever called; anyone else importing
    urllib.request later gets the real one."""
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
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
