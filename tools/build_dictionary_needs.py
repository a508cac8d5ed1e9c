"""Build indexer/data/dictionary-needs.npz: what each line of the bundled dictionary needs of an
index's words (indexer.dictionary_needs). Run it from the repository after changing the bundled
dictionary (tools/build_dictionary.py, corpus/data/glossary-words.tsv) or the analysis of Japanese
or English words; tests/test_dictionary.py fails until then:

    python tools/build_dictionary_needs.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from renkei.corpus.dictionary import bundled_text  # noqa: E402
from renkei.indexer.dictionary.needs import NEEDS_PATH, prepare  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    needs = prepare(bundled_text())
    NEEDS_PATH.parent.mkdir(exist_ok=True)
    needs.save(NEEDS_PATH)
    print(f"{NEEDS_PATH}: {len(needs.line_numbers):,} lines, {len(needs.form_starts) - 1:,} forms, "
          f"{len(needs.gloss_starts) - 1:,} glosses, {NEEDS_PATH.stat().st_size / 1e6:.2f} MB "
          f"in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
