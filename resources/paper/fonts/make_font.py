"""Build the embedded paper fonts from the system's Noto Sans CJK SC.

Printed sheets must show Chinese on every machine, also a fresh Windows
without any CJK font, so the application ships its own font. The full
Noto Sans CJK collection is ~20 MB per weight and its CFF outlines are
not embedded reliably by every PDF writer, so this script keeps the
GB2312 repertoire plus ASCII and common punctuation and converts the
cubic CFF outlines to TrueType (glyf) quadratics. The result is renamed
to "GridCC Paper Sans" so that a system copy of Noto never shadows it.

A development tool only (needs fontTools and fonts-noto-cjk):

    python resources/paper/fonts/make_font.py [/usr/share/fonts/opentype/noto]
"""

import sys
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont, newTable

FAMILY = "GridCC Paper Sans"
HERE = Path(__file__).resolve().parent
#: largest distance (font units of a 1000-unit em) of a quadratic from the cubic it replaces:
#: 0.015 mm at 10 pt, invisible in print, and it keeps each weight near 2 MB
MAX_ERROR = 1.5
WEIGHTS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
EXTRA = "　、。·ˉˇ¨〃々—～‖…‘’“”〔〕〈〉《》「」『』〖〗【】±×÷∶∧∨∑∏∪∩∈∷√⊥∥∠⌒⊙∫∮≡≌≈∽∝≠≮≯≤≥∞∵∴♂♀°′″℃＄¤￠￡‰§№☆★○●◎◇◆□■△▲※→←↑↓〓！＂＃％＆＇（）＊＋，－．／：；＜＝＞？＠［＼］＾＿｀｛｜｝￣①②③④⑤⑥⑦⑧⑨⑩⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ０１２３４５６７８９■□✓✔"


def gb2312_characters():
    """Every character GB2312 encodes (rows 0xA1-0xF7, cells 0xA1-0xFE)."""
    chars = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def unicodes():
    chars = gb2312_characters() | set(EXTRA) | {chr(c) for c in range(0x20, 0x7F)}
    chars |= {chr(c) for c in range(0xA0, 0x100)}
    return sorted(ord(c) for c in chars)


def sc_face(path):
    """Index of the Simplified Chinese face inside the collection."""
    for index in range(20):
        font = TTFont(path, fontNumber=index, lazy=True)
        if "SC" in font["name"].getDebugName(1).split():
            return index
    raise SystemExit(f"no SC face in {path}")


def to_quadratic(font):
    """Replace CFF outlines with TrueType glyf outlines (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    for name in order:
        glyph = glyf[name]
        advance, _ = font["hmtx"][name]
        font["hmtx"][name] = (advance, getattr(glyph, "xMin", 0) if glyph.numberOfContours else 0)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and nothing reads them
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\000\001\000\000"


def rename(font, style):
    """Give the subset its own family so an installed Noto never replaces it."""
    names = font["name"]
    full = f"{FAMILY} {style}" if style != "Regular" else FAMILY
    ps = f"GridCCPaperSans-{style}"
    for record in list(names.names):
        if record.nameID in (16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, FAMILY), (2, style), (3, f"{ps};subset"), (4, full), (6, ps)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)


def build(source_dir):
    for style, file_name in WEIGHTS.items():
        path = Path(source_dir) / file_name
        font = TTFont(path, fontNumber=sc_face(path))
        options = Options()
        # no layout features: 'locl' alone would pull in the Japanese, Korean and
        # Traditional forms of the collection and double the glyph count
        options.layout_features = []
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.hinting = False
        subsetter = Subsetter(options)
        subsetter.populate(unicodes=unicodes())
        subsetter.subset(font)
        to_quadratic(font)
        rename(font, style)
        out = HERE / f"GridCCPaperSans-{style}.ttf"
        font.save(out)
        print(out, out.stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto")
