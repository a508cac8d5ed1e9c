"""Beyond one machine: SolrCloud fed with renkei's own analysis (issue #34).

export.py writes a Solr configset and documents from an index (renkei's tokens as pre-analysed
fields), push.py loads them over HTTP (batches, retries, resumable, removals), backend.py
searches through Solr with renkei's own query plan (translate.py: the plan's clauses as Solr
queries; http.py: the stdlib client). It may import what renkei.search's library rooms may
(corpus, indexer, the search package and its library rooms); only the CLI imports it.
"""
from __future__ import annotations

from renkei.search.solr.errors import AnalysisMismatch, SolrError, SolrExportError, SolrRequestFailed, SolrUnavailable

__all__ = ["AnalysisMismatch", "SolrError", "SolrExportError", "SolrRequestFailed", "SolrUnavailable"]
