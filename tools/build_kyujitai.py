"""Build corpus/data/kyujitai.tsv: each old-form Japanese kanji (kyūjitai, also the traditional
Chinese and Korean hanja form: 國 臺 學 灣 應) and its new form (shinjitai: 国 台 学 湾 応), so that
a partner's name typed in its own country's characters (國立臺灣大學) is looked up as Japanese
records write it (国立台湾大学).

Source: OpenCC's data/dictionary/JPShinjitaiCharacters.txt (https://github.com/BYVoid/OpenCC,
Apache-2.0, corpus/data/OPENCC-LICENSE.txt): `new <TAB> old old ...` a line; OpenCC's t2jp reads
it reversed, as here. An old form listed under two new ones keeps the first. Nothing here is
needed at run time. Run from the repository:

    python tools/build_kyujitai.py OpenCC/data/dictionary/JPShinjitaiCharacters.txt

Output (UTF-8): `old <TAB> new` a line, in code point order, after a comment naming the source.
"""
from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "corpus" / "data" / "kyujitai.tsv"


def main(source: Path) -> None:
    pairs: dict[str, str] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        new, olds = line.split("\t", 1)
        for old in olds.split():
            if old != new:
                pairs.setdefault(old, new)
    head = ("# kyūjitai -> shinjitai, from OpenCC's JPShinjitaiCharacters.txt (Apache-2.0, "
            "OPENCC-LICENSE.txt); built by tools/build_kyujitai.py\n")
    OUT.write_text(head + "".join(f"{o}\t{n}\n" for o, n in sorted(pairs.items())), encoding="utf-8")
    print(f"{OUT}: {len(pairs)} characters")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
