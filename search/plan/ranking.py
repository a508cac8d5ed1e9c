"""Field weights and the scoring model: where a match counts for how much."""
from __future__ import annotations

import math

from whoosh import scoring

from renkei.indexer.schema import BODY, NAMES, NGRAM

# BM25F over two fields: a match in the names (title, partners) outweighs one in the body; the
# bigram twins only rescue partial words.
WORD_BOOST = {NAMES: 3.0, BODY: 1.0}
NGRAM_BOOST = {NGRAM[NAMES]: 0.6, NGRAM[BODY]: 0.25}
# A Japanese compound typed without spaces (国際共同研究) must be found in order with at most one
# word between its pieces (共同の研究); exactly side by side earns ADJACENT_SHARE in the rescore.
COMPOUND_SLOP = 2
# A match reached through translation (glossary names, UniDic's English glosses) weighs this much
# of a match on the words as typed.
TRANSLATION = 0.4
# A translated country/region/home-university name also matches records filed under it (ドイツ:
# country Germany), with this weight before the translation factor.
ENTITY_BOOST = 2.0
# An institution's other names count in a record's body at this share of a body word (a partner
# list names it there; a record about it, in its title or partners).
NAME_IN_BODY = 0.01
# A name found by sound, reading or acronym (crosslingual.names) rather than the glossary: weighed
# down a little more, so that an exact or glossary match ranks above it.
NAME_ROUTE = 0.8
# A record an acronym finds only through a guess (another institution's initials are the acronym too:
# crosslingual.acronyms.guesses_beside) has this share of the word: below every record it finds surely.
GUESSED_SHARE = 0.5
# Coordination weighs each found word by its rarity to this power (0: every word alike), so that
# in "joint research programme with Uppsala" the record with Uppsala outranks those with the rest.
RARITY = 2.0
NAME_WEIGHT = 1.5
# A row of a table in a document (a registry line: the name, a country, a year) weighs this much
# of a record with the same words, which tells of the partner.
TABLE_ROW = 0.5
# All query words near each other in the text: a bonus of up to this share of a hit's score,
# computed for the top candidates only (a rescore window, as Elasticsearch's rescore), since a
# positional query over every match costs more than the whole search.
PROXIMITY_SHARE = 0.3
PROXIMITY_WINDOW = 12   # words; wider than this earns nothing
# In the same rescore: the English words as typed (certifications, not just certif-) and Japanese
# compounds side by side each earn a share more.
EXACT_SHARE = 0.2
ADJACENT_SHARE = 0.5
RESCORE_DEPTH = 30


def weighting() -> scoring.WeightingModel:
    # Short field-length normalisation: memoranda rows are one sentence, narratives a page.
    return scoring.BM25F(B=0.6, K1=1.2)


def rarity_weights(dfs: list[int], n: int, names: list[bool]) -> list[float]:
    """Each query word's share of the coordination, from how many of the `n` records it matches
    (`dfs`): BM25's idf to the power RARITY, relative to the query's other found words (their
    mean is 1), so that a rare word (a partner's name) outweighs several common ones (university,
    exchange); a word that is a name (`names`) NAME_WEIGHT times more, since a name is what the
    query is about. A word found nowhere weighs 1: it is in no record's count anyway."""
    idf = [math.log(1 + (n - df + 0.5) / (df + 0.5)) ** RARITY * (NAME_WEIGHT if name else 1.0) if df else 0.0
           for df, name in zip(dfs, names)]
    present = [x for x in idf if x > 0]
    mean = sum(present) / len(present) if present else 1.0
    return [x / mean if x > 0 else 1.0 for x in idf]
