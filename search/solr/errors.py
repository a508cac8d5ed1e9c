"""Errors of the Solr backend: all are SearchErrors, so the CLI reports them as one line."""
from __future__ import annotations

from renkei.search.errors import SearchError


class SolrError(SearchError):
    """Base class of the Solr backend's errors."""


class SolrUnavailable(SolrError):
    """No Solr node answered (after retries); the message names the URLs tried."""


class SolrRequestFailed(SolrError):
    """Solr answered a request with an error; the message carries Solr's own."""


class AnalysisMismatch(SolrError):
    """The collection was loaded with another analysis than this renkei's: export and push again."""


class SolrExportError(SolrError):
    """An export cannot be written or read where it was asked for."""
