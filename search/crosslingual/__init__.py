"""Crossing languages: glossary names (expand.py) and dictionary translation of words (translate.py).
May import renkei.corpus, renkei.indexer and renkei.search.query; never plan, matching or render."""
