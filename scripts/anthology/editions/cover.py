"""The ebook's cover, drawn at build time: the title and a line about the book on plain colour.

The lettering is Pillow's own default typeface (Aileron, shipped inside the Pillow package),
so nothing is downloaded and every machine draws the same picture. It covers Latin scripts
only: a title in another script shows as boxes on the cover, and reads right everywhere else
in the book (title page, contents, metadata, the cover's text alternative).
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

SIZE = (1600, 2560)  # width, height in pixels: the 1:1.6 of most ebook stores
MARGIN = 160
BACKGROUND = (48, 63, 159)  # the site's indigo (Material's indigo 700)
INK = (255, 255, 255)  # white on that indigo: contrast 8.6:1
RULE = 200  # the rule under the title: that far from the background towards the ink, of 255
# Each pixel is drawn as how much ink it holds (0-255, text edges smoothed), and that amount is
# the index into a palette running from the background to the ink: a PNG of few colours, small
# and quick to write (a full-colour one is three times larger and took 0.75 s to compress).
PALETTE = [round(b + (i - b) * amount / 255) for amount in range(256) for b, i in zip(BACKGROUND, INK)]


def typeface() -> str:
    """The name of the typeface the cover is lettered in, for the credits ("Aileron Regular")."""
    return " ".join(ImageFont.load_default(size=12).getname())


def cover_png(title: str, lines: list[str]) -> bytes:
    """A PNG of the cover: `title` large, wrapped to fit, then each of `lines` smaller."""
    ink = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(ink)
    width = SIZE[0] - 2 * MARGIN
    size, wrapped = _fitted(draw, title, width)
    y = 520
    for line in wrapped:
        draw.text((MARGIN, y), line, font=ImageFont.load_default(size=size), fill=255)
        y += round(size * 1.2)
    y += 80
    draw.rectangle((MARGIN, y, MARGIN + 320, y + 12), fill=RULE)
    y += 100
    small = ImageFont.load_default(size=64)
    for line in lines:
        for part in _wrap(draw, line, small, width):
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
        wrapped = _wrap(draw, title, ImageFont.load_default(size=size), width)
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
