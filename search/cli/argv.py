"""Command-line words that start with "-" but are query words, not options.

`renkei search '"practical learning"' -Nagasaki` excludes Nagasaki, as the query language says;
click would read `-Nagasaki` as the options -N -a -g … and stop. Before click parses, every word
that starts with a single "-" and is not an option of the command (nor the value of one) is marked
so click takes it as part of the query, and `query_words` takes the mark off again. Long options
("--limt") are left to click, which names the option meant.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

MARK = "\x00"   # a control character: never part of a query (the parser drops them anyway)


def mark_query_words(args: list[str], params: Iterable[Any]) -> list[str]:
    """`args` with the -words that are no option marked. `params` are click's parameters
    (read for their option names and whether they take a value; click itself is not imported)."""
    takes_value: dict[str, bool] = {}
    for param in params:
        if getattr(param, "param_type_name", "") != "option":
            continue
        for name in (*param.opts, *param.secondary_opts):
            takes_value[name] = not (param.is_flag or param.count)
    out, i = [], 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":             # everything after it is a query word already
            out += args[i - 1:]
            break
        name = arg.split("=", 1)[0]
        if name in takes_value:
            out.append(arg)
            if takes_value[name] and "=" not in arg and i < len(args):
                out.append(args[i])   # the option's value, whatever it looks like
                i += 1
        elif len(arg) > 1 and arg[0] == "-" and arg[1] != "-":
            out.append(MARK + arg)
        else:
            out.append(arg)
    return out


def query_words(words: Iterable[str]) -> str:
    """The query as typed, marks removed."""
    return " ".join(w[len(MARK):] if w.startswith(MARK) else w for w in words)


_SURROGATES = "[\ud800-\udfff]"   # compiled only when there is one (~4 ms: 2,048 characters)


def has_surrogates(text: str) -> bool:
    """Whether `text` holds a lone surrogate: exactly what strict UTF-8 cannot encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def as_text(arg: str) -> str:
    """A word of argv as text: bytes that are not UTF-8 (Python keeps them as lone surrogates,
    which would go out again as the raw bytes) become U+FFFD, as a terminal shows them."""
    if not has_surrogates(arg):
        return arg
    return re.sub(_SURROGATES, "\ufffd", arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
