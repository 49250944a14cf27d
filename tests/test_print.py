"""Print keeps everything: a wide table, a long code line and a large image, printed to PDF by
Chromium on A4 and Letter, from an essay's page and from the printable edition.

The PDF's text is read back (pypdf): every cell of the table and the code line's last words must
be on paper. On screen Material lets a wide table or a code block scroll, which paper cannot.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import Project
from anthology_dev.static_server import SiteServer

# Eight columns of real words, as a support team's weekly report might have them.
TABLE = [
    ["Channel", "First reply", "Resolution time", "Satisfaction", "Escalations", "Backlog on Friday",
     "Staffing", "Notes from the team"],
    ["Email", "two hours", "one working day", "ninety-one percent", "eleven", "forty-three tickets",
     "four agents", "Macros rewritten after the billing change"],
    ["Live chat", "forty seconds", "twelve minutes", "ninety-four percent", "three", "none waiting",
     "two agents", "Evening cover still thin on Thursdays"],
    ["Phone", "ninety seconds", "eighteen minutes", "eighty-eight percent", "seven", "nine callbacks",
     "three agents", "Hold music complaints doubled this month"],
]
# One line of code a writer pasted whole: its end must reach the paper.
CODE = ('curl --request POST "https://support.example.com/api/v2/tickets/48213/comments" '
        '--header "Authorization: Bearer $SUPPORT_TOKEN" --data \'{"body": "Thanks for waiting, the fix '
        'ships on Thursday", "public": true}\' # the-last-words-of-the-line')
# A token with no place to break, wider than any page.
TOKEN = "export SUPPORT_TOKEN=" + "a1b2c3d4e5f6g7h8" * 10 + "-end-of-token"

ESSAY = """---
title: The week in numbers
author: sarah-wetzel
prompt: what-keeps-you-going
---

Every Friday I send the team a table. It has grown a column a quarter.

{table}

The one command I run before every handover:

```
{code}
{token}
```

And the chart of the week, drawn as wide as the screen it was made on:

![The week's tickets by channel](../images/week.png)

And the whole of a long chat, as one tall screenshot:

![The chat, top to bottom](../images/chat.png)

That is the week.
"""

PAPER = ["A4", "Letter"]
PAGES = {"essay": "essays/the-week-in-numbers/", "printable edition": "print/"}


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join([lines[0], "|" + " --- |" * len(rows[0]), *lines[1:]])


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def printed_site(tmp_path_factory):
    """A small anthology with the wide essay in it, built and served."""
    root = tmp_path_factory.mktemp("print")
    project = Project(root / "anthology")
    project.write("images/week.png", png(2400, 900))
    project.write("images/chat.png", png(700, 6000))
    project.write("essays/the-week-in-numbers.md",
                  ESSAY.format(table=markdown_table(TABLE), code=CODE, token=TOKEN))
    result = project.build(root / "site")
    assert result.returncode == 0, result.stderr
    server = SiteServer(root / "site")
    yield server
    server.stop()


def unspaced(text: str) -> str:
    """Text without white space: a cell or a code line wrapped on paper still reads whole; a
    ligature the typeface draws (the reading serif sets "ff" as one glyph, U+FB00) read as its
    letters."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_of(browser, url: str, paper: str) -> bytes:
    tab = browser.new_page()
    try:
        tab.goto(url, wait_until="networkidle")
        return tab.pdf(format=paper, print_background=True)
    finally:
        tab.close()


@pytest.mark.parametrize("paper", PAPER)
@pytest.mark.parametrize("kind", PAGES)
def test_every_cell_and_the_whole_code_line_are_on_paper(browser, printed_site, kind, paper):
    pdf = PdfReader(io.BytesIO(pdf_of(browser, printed_site.url + PAGES[kind], paper)))
    # Read in the order Chromium drew the text, and in the order it sits on the page: a code
    # block that runs onto the next page is drawn after the paragraph below it.
    readings = [unspaced("\n".join(page.extract_text(extraction_mode=mode) for page in pdf.pages))
                for mode in ("plain", "layout")]
    written = [cell for row in TABLE for cell in row] + [CODE, TOKEN]
    missing = [words for words in written if not any(unspaced(words) in text for text in readings)]
    assert missing == [], f"missing from the {kind} printed on {paper}: {missing}"


# The page Chromium lays out for print: the paper less its default margins (0.4 in each side),
# in CSS pixels (96 to the inch).
PRINTED_WIDTH = {"A4": round((210 / 25.4 - 0.8) * 96), "Letter": round((8.5 - 0.8) * 96)}
PRINTED_HEIGHT = {"A4": round((297 / 25.4 - 0.8) * 96), "Letter": round((11 - 0.8) * 96)}

# Whatever sticks out past the page's right edge, or is hidden inside something that scrolls.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll("article *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0) continue;
    if (box.right > width + 1) out.push(`${el.tagName}.${el.className} ends at ${Math.round(box.right)}`);
    const style = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && /auto|scroll|hidden/.test(style.overflowX))
      out.push(`${el.tagName}.${el.className} hides ${el.scrollWidth - el.clientWidth}px`);
  }
  return out;
}"""


@pytest.mark.parametrize("paper", PAPER)
@pytest.mark.parametrize("kind", PAGES)
def test_nothing_sticks_out_of_a_printed_page(browser, printed_site, kind, paper):
    """The images, like the table and the code, fit the paper (laid out as for print)."""
    context = browser.new_context(viewport={"width": PRINTED_WIDTH[paper], "height": PRINTED_HEIGHT[paper]})
    tab = context.new_page()
    try:
        tab.emulate_media(media="print")
        tab.goto(printed_site.url + PAGES[kind], wait_until="networkidle")
        wide = tab.locator("article img[alt=\"The week's tickets by channel\"]").bounding_box()
        assert PRINTED_WIDTH[paper] / 2 < wide["width"] <= PRINTED_WIDTH[paper]  # scaled, not dropped
        tall = tab.locator("article img[alt='The chat, top to bottom']").bounding_box()
        assert 0 < tall["height"] <= PRINTED_HEIGHT[paper], "a tall image is cut at the page's foot"
        assert tab.evaluate(OVERFLOW) == []
    finally:
        context.close()
