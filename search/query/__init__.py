"""The query language: parsing (parse.py), filter names and values (aliases.py, filters.py), queries
typed as sentences (sentences.py) and the general vocabulary did-you-mean trusts (vocabulary.py).
May import renkei.indexer constants and renkei.search.errors; never plan, matching, highlight or render."""
