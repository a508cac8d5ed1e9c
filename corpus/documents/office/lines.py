"""Join lines broken by a PDF's layout back into the text as written.

Japanese breaks inside a sentence vanish (議論を深|めました -> 議論を深めました); English lines are
joined with a space; a hyphen at a line end joins the halves (memo-|randum -> memorandum, but
UTokyo-|Cambridge keeps its hyphen before a capital). A line ending in 。！？ ends a paragraph; a
heading (larger type than the page's body text, or a short numbered/marked line) stands alone;
a bullet starts a new line.
"""
from __future__ import annotations

import re
from statistics import median

_CJK = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_SENTENCE_END = ("。", "！", "？", "」", "』", "!", "?")
_BULLETS = ("●", "○", "・", "■", "□", "◆", "◇", "▪", "•", "※", "- ", "* ")
_HEADING = re.compile(
    r"^(第\s*[0-9０-９一二三四五六七八九十百]+\s*[条章節部款]"
    r"|[0-9０-９]{1,2}([.．][0-9０-９]{1,2})*([.．](?![0-9０-９])|[)）])\s*\S"
    r"|[（(]?[0-9０-９一二三四五六七八九十]{1,2}[)）]\s*\S"
    r"|[【〔\[].+[】〕\]]$"
    r"|(Article|Section|Chapter)\s+[0-9IVX]+)")
# PDFium marks a hyphen it took for a line-end hyphenation with U+0002 / U+FFFE and drops the break
_SOFT_HYPHEN = re.compile("([A-Za-z]?)[\u0002\ufffe\u00ad]\\s*([A-Za-z]?)")


def is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK.match(ch) is not None


def _soft_hyphen(m: re.Match) -> str:
    before, after = m.group(1), m.group(2)
    joiner = "" if after.islower() else "-"
    return before + joiner + after


def fix_soft_hyphens(text: str) -> str:
    return _SOFT_HYPHEN.sub(_soft_hyphen, text)


def is_heading(line: str, size: float | None = None, body_size: float | None = None) -> bool:
    line = line.strip()
    if not line or len(line) > 60 or line.endswith(("、", ",", "，")):
        return False
    if size and body_size and size >= body_size * 1.15:
        return True
    return len(line) <= 40 and _HEADING.match(line) is not None and not line.endswith(_SENTENCE_END[:1])


def join_lines(lines: list[str], sizes: list[float] | None = None) -> str:
    """The lines of one page (with each line's font size, if known) as paragraphs, one a line."""
    cleaned = [fix_soft_hyphens(line).strip() for line in lines]
    body = median([s for s, l in zip(sizes, cleaned) if l and s]) if sizes and any(sizes) else None
    out: list[str] = []       # finished lines
    current = ""
    for index, line in enumerate(cleaned):
        if not line:
            if current:
                out.append(current)
                current = ""
            continue
        heading = is_heading(line, sizes[index] if sizes else None, body)
        if heading or line.startswith(_BULLETS):
            if current:
                out.append(current)
            current = line
            if heading:
                out.append(current)
                current = ""
            continue
        if not current:
            current = line
        elif current.endswith("-") and len(current) > 1 and current[-2].isalpha() and line[:1].isalpha():
            current = current[:-1] + line if line[0].islower() else current + line
        elif is_cjk(current[-1]) or is_cjk(line[0]):
            current += line
        else:
            current += " " + line
        if current.endswith(_SENTENCE_END[:3]):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return "\n".join(re.sub(r"[ \t]{2,}", " ", line) for line in out)
