"""Partner names that cross languages without being taught: by reading (readings.py: 復旦 → fudan,
延世 → yonsei), by sound (sound.py: ガジャマダ ~ Gadjah Mada), from the JMnedict place names
(places.py: ケルン → Cologne), and acronyms (acronyms.py: HKUST). table.py builds, at index time, the
table of every name the index's records contain, keyed by those routes; the query plan reads it
(renkei.search.crosslingual.names). May import renkei.corpus and renkei.indexer's errors; nothing of
renkei.search."""
