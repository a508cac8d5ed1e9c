"""One plan per query: the query tree compiled into clauses (compile.py), their weights (ranking.py),
and the plan itself (plan.py). May import query and crosslingual; never matching, highlight or render."""
