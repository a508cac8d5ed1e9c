"""renkei's own columnar postings beside the whoosh index: the format, written (segment.py), merged
(merge.py) and read through blobs.py and npy.py. May import renkei.indexer.schema/analysis/errors; never
renkei.search (which reads this format through renkei.search.matching)."""
