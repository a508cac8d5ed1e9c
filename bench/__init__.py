"""Benchmarks: renkei against SQLite FTS5 (trigram) and a plain Whoosh + fugashi setup.

    python -m bench                      # 1k, 10k, 100k records; writes BENCHMARKS.md
    python -m bench --sizes 1000 --out -  # a quick run, tables to stdout
"""
