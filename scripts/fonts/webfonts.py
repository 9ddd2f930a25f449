#!/usr/bin/env python3
"""Make the WOFF2 web fonts of the HTML pages from the bundled subsets in fonts/.

Each bundled font (fonts/*.otf, fonts/*.ttf, made by subset.py) is re-encoded as WOFF2
(Brotli) into fonts/web/, glyph for glyph: the same characters, names and licence records,
so the web page and the PDF use the same faces. The timestamp in `head` is kept, so the same
inputs and fontTools/brotli versions give byte-identical files.

usage: python3 scripts/fonts/webfonts.py [--fonts DIR] [--out DIR]
needs: pip install fonttools==4.68.0 brotli
"""

import argparse
import hashlib
import os
import sys

try:
    import brotli  # noqa: F401  (fontTools needs it for WOFF2)
    import fontTools
    from fontTools.ttLib import TTFont
except ImportError as e:
    sys.exit(f"缺少 Python 包：{e.name}；请运行 pip install fonttools==4.68.0 brotli")

# The bundled subsets the HTML uses, in the order src/output/html.rs lists them.
FONTS = [
    "NotoSerifCJKsc-Regular-guihua.otf",
    "NotoSerifCJKsc-Bold-guihua.otf",
    "NotoSansCJKsc-Medium-guihua.otf",
    "GuihuaWenKai-Regular.ttf",
]
FONTTOOLS = "4.68.0"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fonts", default=os.path.join(repo, "fonts"))
    ap.add_argument("--out", default=os.path.join(repo, "fonts", "web"))
    args = ap.parse_args()
    if fontTools.version != FONTTOOLS:
        print(f"注意：fontTools {fontTools.version}，提交的文件由 {FONTTOOLS} 生成，字节可能不同", file=sys.stderr)
    os.makedirs(args.out, exist_ok=True)
    for name in FONTS:
        src = os.path.join(args.fonts, name)
        font = TTFont(src, recalcTimestamp=False, recalcBBoxes=False)
        cmap = font.getBestCmap()
        font.flavor = "woff2"
        out = os.path.join(args.out, os.path.splitext(name)[0] + ".woff2")
        tmp = out + ".tmp"
        font.save(tmp, reorderTables=True)
        os.replace(tmp, out)
        check = TTFont(out)
        if check.getBestCmap() != cmap or check.getGlyphOrder() != font.getGlyphOrder():
            sys.exit(f"{out}：字符映射或字形与 {src} 不一致")
        data = open(out, "rb").read()
        print(f"{os.path.basename(out)}\t{len(data)} 字节\t{len(cmap)} 码位\t"
              f"sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()
