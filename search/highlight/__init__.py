"""Highlights as data: fragments with the spans of the matches (fragments.py), from the offsets the
index stores (offsets.py). May import renkei.indexer, plan and matching; never render or cli."""
