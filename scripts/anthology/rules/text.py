"""The characters that are not text, and the other classes of characters the rules name.

Every rule about characters builds its pattern from the pieces here: what a file, a field or an
essay may not hold (`NOT_TEXT`), what would reorder a line (`BIDI_CONTROLS`), what counts as a
space (`WHITESPACE`), and what a terminal would act on or hide (`HIDDEN`).
"""

from __future__ import annotations

import re

C0_BUT_LINE_BREAKS = "\x00-\x08\x0b\x0c\x0e-\x1f"  # tab, LF and CR are text
CONTROLS = "\x00-\x1f\x7f-\x9f"  # C0, DEL and C1
DEL_AND_C1 = "\x7f-\x9f"
LINE_SEPARATORS = "\u2028\u2029"
SURROGATES = "\ud800-\udfff"
# Unicode's non-characters: U+FFFE and U+FFFF (XML 1.0 refuses them), U+FDD0-U+FDEF and the last
# two code points of every other plane (HTML forbids them).
NONCHARACTERS_IN_FIRST_PLANE = "\ufffe\uffff\ufdd0-\ufdef"
NONCHARACTERS = NONCHARACTERS_IN_FIRST_PLANE + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF)
                                                       for plane in range(1, 17))
# Bidirectional embeddings, overrides and isolates (Unicode TR9 §2.1-2.4).
BIDI = "\u202a-\u202e\u2066-\u2069"
# Invisible formatting: the Arabic letter mark, zero-width characters and marks, word joiners,
# invisible operators and the byte order mark.
INVISIBLE = "\u061c\u200b-\u200f\u2060-\u2064\ufeff"
# Unicode's White_Space past ASCII, and all of it (what pydantic's `strip_whitespace` takes off).
SPACES_PAST_ASCII = "\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SPACES = "\t\n\x0b\x0c\r " + SPACES_PAST_ASCII

# Characters that have no place in text: C0 controls but tab and line breaks, DEL, C1 controls,
# lone surrogates and the non-characters (one would break every feed; a terminal obeys the
# controls); the line and paragraph separators, which YAML reads as line breaks where a reader
# of the file sees none.
NOT_TEXT = re.compile(f"[{C0_BUT_LINE_BREAKS}{DEL_AND_C1}{LINE_SEPARATORS}{SURROGATES}{NONCHARACTERS}]")
_NOT_TEXT_IN_FIRST_PLANE = re.compile(f"[{C0_BUT_LINE_BREAKS}{DEL_AND_C1}{LINE_SEPARATORS}{SURROGATES}"
                                     f"{NONCHARACTERS_IN_FIRST_PLANE}]")
_BEYOND_FIRST_PLANE = re.compile("[\U00010000-\U0010ffff]")
# One left open in a title would reverse the byline or card it is shown in ("Trojan Source").
BIDI_CONTROLS = re.compile(f"[{BIDI}]")
WHITESPACE = f"[{SPACES}]"
NOT_WHITESPACE = f"[^{SPACES}]"
# What a terminal acts on or hides rather than shows: controls (ESC starts colour, cursor and
# title sequences; BEL, BS, CR, LF, TAB move or rewrite what was printed; U+009B is a one-character
# CSI on some terminals), the line separators, bidi and invisible formatting characters, and lone
# surrogates (an undecodable byte of a file name, which could reach the terminal as that raw byte).
HIDDEN = re.compile(f"[{CONTROLS}{LINE_SEPARATORS}{BIDI}{INVISIBLE}{SURROGATES}]")
# What YAML's single quotes cannot hold (they have no escapes) and a reader could not see.
NOT_PRINTABLE = re.compile(f"[{CONTROLS}{LINE_SEPARATORS}\ufeff]")


def holds_not_text(text: str) -> bool:
    """Whether `text` holds a character of NOT_TEXT. A text with no character past U+FFFF (most
    essays) is searched for the first plane's alone: the non-characters of the other planes,
    each listed in NOT_TEXT, are tried against every character."""
    return (NOT_TEXT if _BEYOND_FIRST_PLANE.search(text) else _NOT_TEXT_IN_FIRST_PLANE).search(text) is not None
