"""Evaluating a plan over the columnar postings: the row space of one generation (rowspace.py), query
evaluation (evaluation.py), graded matching (grading.py) and the rescore window (rescore.py).
May import renkei.indexer and renkei.search.plan/query; never highlight or render."""
