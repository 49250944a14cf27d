"""Bounds on what a pull request can make the build do, each with a message that says so.

Every cost of reading the anthology is bounded by these: how much is read, how deep it nests,
how many pages one essay can add. The figures leave room for any honest essay: the longest
founding essay is about 10 KB. The Markdown limits were measured while the site rendered with
Python-Markdown (until 2026-12-07), whose costs their comments name; they stand as bounds on
every output's work (rendering.costs).
"""

from __future__ import annotations

MAX_ESSAY_BYTES = 128 * 1024  # about 20,000 words
MAX_REGISTRY_BYTES = 2 * 1024 * 1024  # thousands of authors
MAX_IMAGE_BYTES = 1024 * 1024  # light on a phone: a photo saved for the web fits
MAX_IMAGE_PIXELS = 24_000_000  # 6,000 × 4,000: a camera's photo; more is a picture meant to exhaust
MAX_IMAGE_FRAMES = 500  # an animation's frames, each decoded by check: a long GIF, not a film
MAX_IMAGE_DECODED = 100_000_000  # pixels in all of an image's frames: a hundred frames of 1,000 × 1,000
MAX_ENTRIES = 20_000  # files and folders under docs/: thousands of essays and their images
MAX_YAML_DEPTH = 6  # the registries nest 5 deep (authors > entry > links > link)
MAX_YAML_NODES = 100_000  # values, lists and keys in one file: about 7,000 authors
MAX_PROBLEMS_PER_FILE = 20  # then "and N more": a broken file must not flood the terminal
MAX_NUMBER_CHARS = 12  # `order` and `number` are small; a longer number is a mistake or an attack
MAX_TAGS = 12  # each tag is a page: one essay must not add thousands
# In an essay's Markdown (anthology.rendering.costs.beyond_limits says why these are bounded). Many
# were set while Python-Markdown rendered essays (until 2026-12-07) and follow its costs: cmark-gfm,
# the renderer since, reads in linear time, and each limit stands where no honest essay comes near.
MAX_NESTING = 16  # lists and quotes inside one another
MAX_LIST_ITEMS = 2_000  # lines starting with a list marker ('- ', '1. '), code included
MAX_TAGS_IN_BODY = 500  # raw HTML tags, code included
MAX_BRACKETS = 100  # '[' in one paragraph: links, images, footnotes
MAX_ADDRESSES = 100  # web and e-mail addresses in one paragraph, each a link
MAX_LINE_BREAKS = 100  # lines ending in a break ('\\' or two spaces) in one paragraph
MAX_COLUMNS = 64  # '|' in one line: a table's columns
MAX_FENCES = 200  # lines opening or closing fenced code (``` or ~~~): 100 code blocks
MAX_HEADINGS = 300  # '#' headings (each a table-of-contents entry with an id made unique)
MAX_ELEMENTS = 10_000  # HTML elements the essay makes: tags left open are copied into every
#                        paragraph after them, so the page grows with their number times the
#                        paragraphs'
MAX_PROMPTS = 300  # every prompt is in every page's navigation: the build grows with its square
MAX_CHALLENGES = 30  # each is a section of every page's navigation, with a page and an edition:
#                      many challenges cost far more than as many prompts in one
MAX_REWRITTEN = 512 * 1024  # characters of an essay as Python-Markdown read it (anthology.rendering.gfm): each
#                             line under a list indented four spaces a level, and Python-Markdown
#                             joined a list item's lines in time that grew with their square
#                             (under 16 nested lists a 128 KB essay is read as 4 MB)
MAX_RULES = 300  # lines that are a rule (***, ---) or underline a heading: cost grew with their square
MAX_EMPHASIS = 1_000  # '*', '_', '`' and '~' in one paragraph: their cost grew with their square
# Python-Markdown's own costs at the essay size limit (measured with tests/costs_cases.py; the
# figures are in ARCHITECTURE.md, "Measurements"):
MAX_PUNCTUATION = 1_000  # '=', '&' and '\\' in one paragraph: under Python-Markdown each became a
#                          placeholder in the paragraph's text, copied whole each time
MAX_INLINE_MARKS = 20_000  # what inline patterns matched (emphasis, code, mark, tilde, entities,
#                            escapes, brackets, tags, addresses) in the whole essay: each
#                            match cost the same whatever the paragraph
MAX_LINKS = 5_000  # '[' (links, images, notes) and web and e-mail addresses in the whole essay: each
#                    link was tried by several patterns
MAX_TABLE_CELLS = 5_000  # cells in the essay's tables, each read on its own
MAX_LINES = 20_000  # lines: each was read again by the GitHub rewrite and by Python-Markdown's block
#                     parser (quoted, in a list)
MAX_BLANK_LINES = 3_000  # blank lines (paragraphs and blocks): Python-Markdown's inline pass found
#                          each block among its siblings, a cost that grew with their square
MAX_FOOTNOTES = 500  # '[^' (footnote references and notes): each reference to a note was made
#                      unique against every earlier one
MAX_QUOTE_READS = 50_000  # lines read by quotes: each line once for each quote opened before it in its
#                           paragraph (anthology.rendering.costs); a quote of 20,000 lines reads 20,000
MAX_REACH = 2_000_000  # characters read ahead from where a tag, a '[' or a link's '(' opens to where
#                        it closes (or its paragraph ends): each is read again for every opening
# `make import` of a post's web address (anthology.contributing.fetch): the server is untrusted.
MAX_PAGE_BYTES = 5 * 1024 * 1024  # a blog post's page, scripts and styles inline, is well under
FETCH_SECONDS = 30.0  # for all of a fetch: connecting, the answer's head and its body
MAX_REDIRECTS = 5
MAX_PAGE_ELEMENTS = 50_000  # tags a page opens ('<' and a letter): the importer reads each in Python, and
#                             a blog post's page opens a few thousand
