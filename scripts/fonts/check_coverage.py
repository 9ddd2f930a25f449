#!/usr/bin/env python3
"""Check the bundled font subsets: coverage and the names Typst will see.

For every font file in fonts/ this reports
  * the family name Typst 0.15 derives (name ID 1 with style suffixes
    trimmed, as typst-library's FontInfo::from_ttf does), its weight
    (OS/2 usWeightClass), and name IDs 1/2/16 as stored;
  * glyph count and number of mapped code points;
  * missing characters of: GB 2312 (all 7445 / the 6763 hanzi), the
    通用规范汉字表 (8105), extra-chars.txt, the fixed ranges (information
    only: a font need not have every code point there), and, if given or
    present, the sample texts (--seeds; control characters and whitespace
    are ignored).

Exit status 1 if any GB 2312, 通用规范汉字表, extra-chars.txt or seed
character is missing from any font.

Usage:
  python3 scripts/fonts/check_coverage.py [--seeds DIR] [--fonts DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
import subset as S  # noqa: E402

DEFAULT_SEEDS = Path("/work/shared/seeds")

# typst-library 0.15.1, src/text/font/info.rs: typographic_family()
_MODIFIERS = ["extra", "ext", "ex", "x", "semi", "sem", "sm", "demi", "dem", "ultra"]
_SUFFIXES = [
    "normal", "italic", "oblique", "slanted",
    "thin", "th", "hairline", "light", "lt", "regular", "medium", "med",
    "md", "bold", "bd", "demi", "extb", "black", "blk", "bk", "heavy",
    "narrow", "condensed", "cond", "cn", "cd", "compressed", "expanded", "exp",
    "vf", "var", "variable",
]
_SEPS = (" ", "-", "_")


def typst_family(family: str) -> str:
    family = family.strip().lstrip(".")
    lower = family.lower()
    trimmed = lower
    length = None
    while length is None or len(trimmed) < length:
        length = len(trimmed)
        t = trimmed
        shortened = False
        while True:
            s = next((t[: -len(x)] for x in _SUFFIXES if t.endswith(x)), None)
            if s is None:
                break
            shortened, t = True, s
        if not shortened:
            break
        if t.endswith(_SEPS):
            t = t[:-1]
            trimmed = t
        m = next((t[: -len(x)] for x in _MODIFIERS if t.endswith(x)), None)
        if m is not None and m.endswith(_SEPS):
            trimmed = m[:-1]
    trimmed = trimmed.rstrip(" -_")
    return family[: len(trimmed)]


def first_name(font: TTFont, nid: int) -> str | None:
    # Typst takes the first decodable record in table order.
    for rec in font["name"].names:
        if rec.nameID == nid:
            try:
                return rec.toUnicode()
            except UnicodeDecodeError:
                continue
    return None


def seed_chars(seeds: Path | None) -> list[str]:
    if not seeds or not seeds.is_dir():
        return []
    chars = set()
    for f in sorted(seeds.glob("*.txt")):
        chars |= {c for c in f.read_text(encoding="utf-8")
                  if c.isprintable() and not c.isspace()}
    return sorted(chars)


UNIHAN_READINGS = Path("/usr/share/unicode/Unihan_Readings.txt.bz2")  # Debian unicode-data


def unihan_tghz2013() -> set[str] | None:
    """Characters with a kTGHZ2013 entry in Unihan (= 通用规范汉字表), if installed."""
    if not UNIHAN_READINGS.is_file():
        return None
    import bz2
    out = set()
    with bz2.open(UNIHAN_READINGS, "rt", encoding="utf-8") as fh:
        for line in fh:
            if "\tkTGHZ2013\t" in line:
                out.add(chr(int(line.split("\t", 1)[0][2:], 16)))
    return out


def fmt_missing(chars: list[str], limit: int = 60) -> str:
    if not chars:
        return "none"
    s = "".join(chars[:limit])
    more = f" … (+{len(chars) - limit})" if len(chars) > limit else ""
    return f"{len(chars)}: {s}{more} [{' '.join(f'U+{ord(c):04X}' for c in chars[:12])}]"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fonts", type=Path, default=S.REPO / "fonts")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS if DEFAULT_SEEDS.is_dir() else None)
    args = ap.parse_args()

    gb = S.gb2312_chars()
    gb_hanzi = [c for c in gb if S.is_hanzi(c)]
    tg = S.tonggui_chars()
    extra = S.extra_chars()
    ranges = sorted(S.range_codepoints())
    seeds = seed_chars(args.seeds)
    wanted = set(S.charset())
    print(f"GB 2312: {len(gb)} chars ({len(gb_hanzi)} hanzi); 通用规范汉字表: {len(tg)}; "
          f"extra-chars.txt: {len(extra)}; ranges: {len(ranges)} code points; "
          f"union: {len(wanted)}")
    print(f"GB 2312 hanzi ∪ 通规: {len(set(gb_hanzi) | set(tg))}; "
          f"通规 not in GB 2312: {len(set(tg) - set(gb))}; "
          f"GB 2312 hanzi not in 通规: {len(set(gb_hanzi) - set(tg))}")
    unihan = unihan_tghz2013()
    if unihan is None:
        print("Unihan kTGHZ2013 cross-check skipped (apt-get install unicode-data)")
    else:
        same = unihan == set(tg)
        print(f"Unihan kTGHZ2013: {len(unihan)} chars; identical to tongyong-guifan-8105.txt: {same}")
    if seeds:
        outside = [c for c in seeds if ord(c) not in wanted]
        print(f"seeds ({args.seeds}): {len(seeds)} distinct chars; "
              f"not in the character set: {fmt_missing(outside)}")

    failed = unihan is not None and unihan != set(tg)
    files = sorted(p for p in args.fonts.iterdir() if p.suffix in (".otf", ".ttf"))
    for path in files:
        font = TTFont(path, lazy=True)
        cmap = font.getBestCmap()

        def miss(chars):
            return [c for c in chars if ord(c) not in cmap]

        fam1 = first_name(font, 1)
        print(f"\n{path.name}  ({path.stat().st_size} bytes, "
              f"{font['maxp'].numGlyphs} glyphs, {len(cmap)} code points, "
              f"outlines {'CFF' if 'CFF ' in font else 'TrueType'})")
        print(f"  Typst family: {typst_family(fam1)!r}  weight {font['OS/2'].usWeightClass}"
              f"  [ID1 {fam1!r}, ID2 {first_name(font, 2)!r}, ID16 {first_name(font, 16)!r},"
              f" PostScript {first_name(font, 6)!r}]")
        hard = {
            "GB 2312 (all)": miss(gb),
            "GB 2312 hanzi": miss(gb_hanzi),
            "通用规范汉字表": miss(tg),
            "extra-chars.txt": miss(extra),
        }
        if seeds:
            hard["seeds"] = miss(seeds)
        for label, m in hard.items():
            print(f"  missing {label}: {fmt_missing(m)}")
            failed |= bool(m)
        rng_missing = [chr(cp) for cp in ranges if cp not in cmap]
        print(f"  ranges covered: {len(ranges) - len(rng_missing)}/{len(ranges)} "
              f"(not in this font: {len(rng_missing)}; information only)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
