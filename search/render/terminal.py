"""Text for a terminal: made safe, measured in display columns, wrapped. No click, no printing.

Everything that comes from a record passes through `clean` before it reaches a terminal: a
record's title or text may hold escape sequences (window titles, screen clears, OSC 8 links) or
bidi overrides that would act on the user's terminal instead of being shown.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping, Sequence
from renkei.corpus.text import LazyPattern

Segment = tuple[str, bool]          # (text, is a match)

# Whole escape sequences first (so their parameters do not show as text): CSI, OSC (ended by BEL
# or ST), DCS/SOS/PM/APC; then any control character left, C0 (except \t \n), DEL and C1; and
# the bidi marks, embeddings, overrides and isolates (U+061C, U+200E–200F, U+202A–202E, U+2066–2069).
_ESCAPES = LazyPattern(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\")
_CONTROLS = LazyPattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ANSI = LazyPattern(r"\x1b\[[0-?]*[ -/]*[@-~]")

# Line breaking (kinsoku): no line starts with a closing mark or small kana, none ends with an opener.
_OPENERS = set("「『（(［[｛{〔【〈《“‘")
_CLOSERS = set("」』）)］]｝}〕】〉》”’、。，．・：；！？ー…‥ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
_PAIRS = {"「": "」", "『": "』"}


def clean(text: str, *, keep_lines: bool = False) -> str:
    """`text` without escape sequences, control characters or bidi overrides. With `keep_lines`,
    line breaks and tabs stay; otherwise they become spaces (a title, a fragment)."""
    text = _CONTROLS.sub("", _ESCAPES.sub("", text))
    return text if keep_lines else re.sub(r"[\t\n]+", " ", text)


def char_width(ch: str) -> int:
    """Columns a character takes: 2 for East Asian wide/fullwidth, 0 for combining and format
    characters, else 1."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Display columns of `text` (ANSI styles take none)."""
    return sum(char_width(ch) for ch in _ANSI.sub("", text))


@dataclass
class _Unit:
    """A piece of text that is never broken across lines."""
    chars: list = field(default_factory=list)   # [(char, marked)]
    space_before: bool = False

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)


def _units(segments: Sequence[Segment], room: int) -> list[_Unit]:
    """Break units: a run of narrow non-space characters (a word, an id, a URL) is one unit, a wide
    character is one; 「…」 that fits on a line is one; closers join the unit before, openers the next."""
    units: list[_Unit] = []
    space, in_word = False, False
    for text, marked in segments:
        for ch in text:
            if ch.isspace():
                space, in_word = True, False
                continue
            wide = char_width(ch) == 2 or ch in _OPENERS or ch in _CLOSERS
            if not wide and in_word and not space:
                units[-1].chars.append((ch, marked))
            else:
                units.append(_Unit([(ch, marked)], space))
            in_word, space = not wide, False
    units = _join_quotes(units, room)
    out: list[_Unit] = []
    for unit in units:
        first = unit.chars[0][0]
        if out and not unit.space_before and (first in _CLOSERS or out[-1].text[-1] in _OPENERS):
            out[-1].chars += unit.chars
        else:
            out.append(unit)
    return out


def _join_quotes(units: list[_Unit], room: int) -> list[_Unit]:
    out, i = [], 0
    while i < len(units):
        closer = _PAIRS.get(units[i].text)
        if closer:
            end = next((j for j in range(i + 1, len(units)) if units[j].text == closer), None)
            if end is not None:
                group = _merge(units[i:end + 1])
                if _measure(group.chars, 0) <= room:
                    out.append(group)
                    i = end + 1
                    continue
        out.append(units[i])
        i += 1
    return out


def _merge(units: Sequence[_Unit]) -> _Unit:
    chars: list = []
    for n, u in enumerate(units):
        if n and u.space_before:
            chars.append((" ", False))
        chars += u.chars
    return _Unit(chars, units[0].space_before)


def _measure(chars: Sequence[tuple[str, bool]], mark_width: int) -> int:
    """Columns of `chars` with each run of marked characters costing `mark_width` more ([ and ])."""
    runs = sum(1 for n, (_, m) in enumerate(chars) if m and (n == 0 or not chars[n - 1][1]))
    return sum(char_width(c) for c, _ in chars) + runs * mark_width


def _split_long(unit: _Unit, room: int, mark_width: int) -> list[_Unit]:
    """A unit wider than a whole line: ids and URLs stay whole (they are copied, not read), other
    text is cut where it must."""
    if "/" in unit.text or "@" in unit.text or _measure(unit.chars, mark_width) <= room:
        return [unit]
    pieces, current = [], _Unit([], unit.space_before)
    for ch in unit.chars:
        if current.chars and _measure(current.chars + [ch], mark_width) > room:
            pieces.append(current)
            current = _Unit([])
        current.chars.append(ch)
    return pieces + [current]


def wrap(segments: Sequence[Segment], columns: int, *, first: str = "", indent: str = "",
         mark_width: int = 0) -> list[list[Segment]]:
    """Lines of at most `columns` display columns: the first starts with `first`, the rest with
    `indent` (a hanging indent). Each line is a list of segments, prefix included, with runs of
    matched text kept as marked segments; `mark_width` is what marking a run adds (2 for [ ])."""
    room = max(columns - width(indent), 10)
    units = [piece for unit in _units(segments, room) for piece in _split_long(unit, room, mark_width)]
    lines: list[list[tuple[str, bool]]] = []
    line: list[tuple[str, bool]] = []
    used = width(first)
    for unit in units:
        candidate = line + ([(" ", False)] if unit.space_before and line else []) + unit.chars
        if line and used + _measure(candidate, mark_width) > columns:
            lines.append(line)
            line, used = list(unit.chars), width(indent)
        else:
            line = candidate
    lines.append(line)
    return [[(first if n == 0 else indent, False), *_segments(chars)] for n, chars in enumerate(lines)]


def _segments(chars: Sequence[tuple[str, bool]]) -> list[Segment]:
    out: list[Segment] = []
    for ch, marked in chars:
        if out and out[-1][1] == marked:
            out[-1] = (out[-1][0] + ch, marked)
        else:
            out.append((ch, marked))
    return out


def use_color(choice: str, *, isatty: bool, env: Mapping[str, str]) -> bool:
    """Whether to style output: `always`/`never` as said; `auto` on a terminal unless `NO_COLOR`
    is set (https://no-color.org) or the terminal is dumb."""
    if choice in ("always", "never"):
        return choice == "always"
    return isatty and not env.get("NO_COLOR") and env.get("TERM") != "dumb"


def use_pager(line_count: int, *, isatty: bool, no_pager: bool, rows: int, env: Mapping[str, str]) -> bool:
    """Page (as git does) only output longer than the screen going to a terminal, unless told not
    to (`--no-pager`, `PAGER=cat` or empty, a dumb terminal)."""
    if no_pager or not isatty or env.get("TERM") == "dumb":
        return False
    if "PAGER" in env and env["PAGER"].strip() in ("", "cat"):
        return False
    return line_count > rows - 1
