"""Each index's own bilingual dictionary: which bundled entries its vocabulary can use (select.py,
needs.py) and the lookup table written beside it (table.py). May import renkei.corpus and the rest of
renkei.indexer; never renkei.search."""
