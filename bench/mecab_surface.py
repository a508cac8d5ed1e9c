"""The newcomer's tokenizer: MeCab surface forms, no normalisation, no filtering."""
from __future__ import annotations

from whoosh.analysis import Token, Tokenizer


class MeCabSurfaceTokenizer(Tokenizer):
    def __init__(self) -> None:
        self._tagger = None

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self._tagger = None

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        if self._tagger is None:
            import fugashi
            self._tagger = fugashi.Tagger()
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        offset = 0
        for pos, word in enumerate(self._tagger(value)):
            start = value.find(word.surface, offset)
            offset = start + len(word.surface) if start >= 0 else offset
            token.text = word.surface
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + max(start, 0), start_char + offset
            yield token
