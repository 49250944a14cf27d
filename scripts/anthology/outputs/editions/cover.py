"""The ebook's cover, drawn at build time: the title and a line about the book on plain colour.

The lettering is DejaVu Sans 2.35, whose file lies beside this module (fonts/, with its licence;
the copy the Matplotlib package ships), so nothing is downloaded and every machine draws the same
picture. It has Latin, Greek and Cyrillic letters and common punctuation and symbols
(é ñ ß Ł — € • Ω я).
A character it has no glyph for (an emoji, Chinese or Japanese) is left out of the lettering
rather than drawn as a box, and so is right-to-left text (Hebrew, Arabic), which Pillow's
basic layout would draw backwards and unjoined; the cover's text alternative says when
anything was left out, and the title reads whole everywhere else in the book.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1600, 2560)  # width, height in pixels: the 1:1.6 of most ebook stores
MARGIN = 160
BACKGROUND = (48, 63, 159)  # the site's indigo (Material's indigo 700)
INK = (255, 255, 255)  # white on that indigo: contrast 8.6:1
RULE = 200  # the rule under the title: that far from the background towards the ink, of 255
# Each pixel is drawn as how much ink it holds (0-255, text edges smoothed), and that amount is
# the index into a palette running from the background to the ink: a PNG of few colours,
# smaller and quicker to write than a full-colour one (ARCHITECTURE.md, Measurements).
PALETTE = [round(b + (i - b) * amount / 255) for amount in range(256) for b, i in zip(BACKGROUND, INK)]


# Right-to-left bidirectional classes (Unicode TR9): letters that need a shaping layout.
RIGHT_TO_LEFT = frozenset({"R", "AL"})
# A noncharacter: no typeface maps it, so it is drawn as the typeface's missing-glyph box.
NO_GLYPH = "\uffff"


def font_path() -> Path:
    """The typeface's file, package data beside this module."""
    return Path(__file__).with_name("fonts") / "DejaVuSans.ttf"


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """The cover's typeface at `size` pixels. Pillow's basic layout, never libraqm, whether or
    not the machine has it: the same picture on every machine."""
    return ImageFont.truetype(str(font_path()), size, layout_engine=ImageFont.Layout.BASIC)


def typeface() -> str:
    """The name of the typeface the cover is lettered in, for the credits ("DejaVu Sans")."""
    return font(12).getname()[0]


def _pixels(character: str) -> tuple[tuple[int, int], bytes]:
    mask = font(16).getmask(character)
    return mask.size, bytes(mask)


@cache
def has_glyph(character: str) -> bool:
    """Whether the typeface's character map has `character`. FreeType draws a character missing
    from it as glyph 0, the missing-glyph box, so one drawn otherwise has a glyph of its own (a
    test holds this to the map as fontTools reads it)."""
    return _pixels(character) != _pixels(NO_GLYPH)


def _drawable(character: str) -> bool:
    return character.isspace() or (has_glyph(character)
                                   and unicodedata.bidirectional(character) not in RIGHT_TO_LEFT)


def left_out(text: str) -> str:
    """The characters of `text` the cover cannot letter (see the module's note), each once."""
    return "".join(sorted({c for c in unicodedata.normalize("NFC", text) if not _drawable(c)}))


def lettering(text: str) -> str:
    """`text` as the cover letters it: composed (NFC), without the characters it cannot draw."""
    return "".join(c for c in unicodedata.normalize("NFC", text) if _drawable(c))


def cover_png(title: str, lines: list[str]) -> bytes:
    """A PNG of the cover: `title` large, wrapped to fit, then each of `lines` smaller (each
    as `lettering` gives it)."""
    ink = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(ink)
    width = SIZE[0] - 2 * MARGIN
    size, wrapped = _fitted(draw, lettering(title), width)
    y = 520
    for line in wrapped:
        draw.text((MARGIN, y), line, font=font(size), fill=255)
        y += round(size * 1.2)
    y += 80
    draw.rectangle((MARGIN, y, MARGIN + 320, y + 12), fill=RULE)
    y += 100
    small = font(64)
    for line in lines:
        for part in _wrap(draw, lettering(line), small, width):
            draw.text((MARGIN, y), part, font=small, fill=255)
            y += 84
    image = Image.frombytes("P", SIZE, ink.tobytes())
    image.putpalette(PALETTE)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _fitted(draw: ImageDraw.ImageDraw, title: str, width: int) -> tuple[int, list[str]]:
    """The largest size, from 160 px down, at which the title takes at most six lines."""
    for size in range(160, 40, -16):
        wrapped = _wrap(draw, title, font(size), width)
        if len(wrapped) <= 6:
            return size, wrapped
    return size, wrapped[:6]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """`text` in lines no wider than `width` pixels, broken between words (a word longer than
    the line stands on its own line and is cut at the edge)."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines
