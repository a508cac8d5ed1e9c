"""Writing whoosh segments: one build shared out to processes (processes.py), and a leaner segment
writer (segments.py). May import renkei.corpus, renkei.indexer.analysis/schema/errors; never renkei.search."""
