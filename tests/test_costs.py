"""Every cost is bounded, for every extension the site enables (issue 26, item 3).

For each construct of the site's Markdown (anthology.rendering.markdown: emphasis, code spans, mark,
tilde, links, references, footnotes, raw HTML, entities, escapes, magiclink addresses,
headings, tables, lists, quotes, superfences fences and their attributes, the table of contents,
blocks) and for quotes and dashes as typed, an essay at the size limit is made of its markers or
of near-misses, in several shapes (tests/costs_cases.py). `anthology.rendering.essay.render_essay`, the one function with which
check decides an essay and the build makes its HTML, gives its verdict in at most 3 s of this
process's time: refused by check's limits before rendering, or rendered (and published, or
refused at its lines). Every problem is at a line of the essay. The limits are set where no
honest essay comes near: the founding essays, and a long honest one, pass.

Time here is CPU time of this process (time.process_time): what the work itself costs, which
other work on a shared machine does not lengthen.
"""
from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anthology.rules import limits
from anthology.rendering.essay import Targets, render_essay
from anthology.rendering.costs import IN_ALL, PER_PARAGRAPH, _bracket_reach, beyond_limits, bound
from anthology.files.source import read_essay
from conftest import ROOT, SEEDS
from costs_cases import SHAPES, SIZE, UNITS, WORST, cases
from test_untrusted import check, essay

BOUND = 3.0  # seconds the issue allows an essay's rendering
FIRST_LINE = 7  # where a body starts in a file with a short front matter


NO_TARGETS = Targets(frozenset(), frozenset())


def held_to_its_bound(text: str) -> None:
    """Check's verdict on `text` within BOUND, each problem at a line of it: refused by the limits
    before rendering, or rendered (and refused at its lines, or published) as the build renders."""
    started = time.process_time()
    essay_html, problems = render_essay(text, FIRST_LINE, "docs/essays/costly.md", NO_TARGETS)
    seconds = time.process_time() - started
    last_line = FIRST_LINE + text.count("\n")
    assert all(FIRST_LINE <= problem.line <= last_line for problem in problems), problems[:3]
    assert (essay_html is None) == bool(problems)
    assert seconds <= BOUND, f"{seconds:.1f} s to decide (refused: {bool(problems)})"


CASES = cases()
# Every hand-written case; every unit of every construct in many paragraphs (where limits per
# paragraph do not reach), and each inline unit on one line too (a block unit's line is its
# lines). Every shape of every unit is in CASES for tests/costs_cases.py to measure (all pass),
# and Hypothesis draws from all of them below.
INLINE = {f"{construct}: {unit!r}" for construct, units in UNITS.items() for unit in units if "\n" not in unit}
CHOSEN = sorted(name for name in CASES if name.startswith("worst: ") or name.endswith("(paragraphs)")
                or name.endswith("(line)") and name.removesuffix(" (line)") in INLINE)


@pytest.mark.parametrize("name", CHOSEN)
def test_each_construct_at_the_size_limit_is_refused_at_its_line_or_renders_in_time(name):
    held_to_its_bound(CASES[name])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units=st.lists(st.sampled_from([unit for units in UNITS.values() for unit in units]), min_size=1, max_size=6),
       shape=st.sampled_from(sorted(SHAPES)), seed=st.integers(0, 2**32 - 1))
def test_any_mixture_of_markers_at_the_size_limit_is_refused_or_renders_in_time(units, shape, seed):
    rng = random.Random(seed)
    pieces = rng.choices(units, k=SIZE)  # more than fit: cut to the size limit below
    text = SHAPES[shape](pieces)
    text = text.encode()[:SIZE].decode(errors="ignore")
    held_to_its_bound(text)


def test_the_cases_are_at_the_size_limit():
    """A case much smaller than an essay may be would prove nothing about the limit."""
    sizes = {name: len(text.encode()) for name, text in CASES.items() if not name.startswith("worst: ")}
    assert max(sizes.values()) <= SIZE and min(sizes.values()) > 0.9 * SIZE, min(sizes, key=sizes.get)
    assert all(len(text.encode()) <= SIZE for text in WORST.values())
    assert SIZE + 512 == limits.MAX_ESSAY_BYTES


# --- no honest essay comes near the limits ---------------------------------------------------------

FOUNDING = sorted((ROOT / "docs" / "essays").glob("*.md"))


@pytest.mark.parametrize("path", FOUNDING, ids=lambda path: path.name)
def test_the_founding_essays_are_within_every_limit(path):
    source = read_essay(path, path.name)
    assert beyond_limits(source.body, source.body_line, path.name) == []


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.name)
def test_the_founding_scrapes_read_as_markdown_are_within_every_limit(path):
    text = path.read_text(encoding="utf-8")
    assert beyond_limits(text, 1, path.name) == []


def honest_essay() -> str:
    """An essay at the size limit written as writers write: paragraphs of prose with links,
    emphasis, code, a footnote now and then, quotes, a list, a table, headings; Chinese too."""
    paragraph = ("When a customer writes in at 3 a.m., *someone* has to answer — and that's us. "
                 "I keep [my notes](https://example.com/notes) open, check `status.example.com`, "
                 "and write back “as soon as I can” (usually within the hour). ")
    chinese = "客户在凌晨三点写信来，总得有人回答——那就是我们。我会打开笔记，看看状态页面，然后尽快回复。"
    parts, number = [], 0
    while sum(map(len, parts)) < SIZE * 0.6:
        number += 1
        parts.append(f"## Part {number}" if number % 10 == 0 else
                     f"> {paragraph}" if number % 7 == 0 else
                     "- one\n- two *three*\n- [four](https://example.com/four)" if number % 11 == 0 else
                     "| a | b |\n|---|---|\n| `x` | **y** |" if number % 13 == 0 else
                     chinese * 3 if number % 5 == 0 else
                     paragraph * 3 + (f"[^{number}]" if number % 4 == 0 else ""))
    notes = [f"[^{n}]: A note." for n in range(4, number + 1, 4)]
    return "\n\n".join(parts + notes) + "\n"


def test_a_long_honest_essay_is_within_every_limit_and_renders_in_time():
    text = honest_essay()
    assert 0.5 * SIZE < len(text.encode()) <= SIZE
    started = time.process_time()
    essay_html, problems = render_essay(text, FIRST_LINE, "honest.md", NO_TARGETS)
    assert time.process_time() - started <= BOUND
    assert problems == [] and "客户在凌晨三点写信来" in essay_html.html


# --- the counts skipped for a whole text: only when none of its lines could pass a limit ---------

MARKDOWN_LINES = st.lists(st.text(alphabet="[]()<>*_`~=&\\@:/w.#-|+1 \t>^\r中", max_size=60), max_size=40)


@given(MARKDOWN_LINES)
def test_a_counts_bound_for_the_whole_text_is_at_least_what_its_lines_count(lines):
    """beyond_limits counts line by line only what `bound` says may pass its limit."""
    text = "\n".join(lines)
    for measure, _, message in PER_PARAGRAPH + IN_ALL:
        counted = sum(int(measure(line)) for line in text.split("\n"))
        assert bound(measure, text, text.count("\n") + 1) >= counted, message


@given(MARKDOWN_LINES)
def test_brackets_read_ahead_at_most_the_text_once_each(lines):
    """too_far skips the brackets' reading ahead when each '[' and '(' reading to the end of the
    text stays within MAX_REACH: what any one reads is never more."""
    text = "\n".join(lines)
    assert _bracket_reach(text, 0, len(text)) <= (text.count("[") + text.count("(")) * len(text)


def test_a_limit_passed_only_in_the_whole_text_is_not_a_paragraphs():
    """Sixty '[' in each of fifty paragraphs: past MAX_BRACKETS in the whole text, in no
    paragraph; fifty paragraphs of 101 are refused at the first."""
    fine = "A [link](https://example.com) [b] " * 30
    assert beyond_limits((fine + "\n\n") * 50, FIRST_LINE, "a.md") == []
    refused = beyond_limits("Intro.\n\n" + ("[" * 101 + "\n\n") * 50, FIRST_LINE, "a.md")
    assert [(problem.line, problem.message.split(":")[0]) for problem in refused][:1] == [
        (FIRST_LINE + 2, "more than 100 '[' in one paragraph")]


# --- each new limit through the door a contributor uses: `make check`, at its line -------------

INTRO = "An honest first paragraph.\n\n"
BODY_LINE = 7  # test_untrusted's essay(): the body's first line
AT = BODY_LINE + 2  # the line after INTRO


@pytest.mark.parametrize("body, line, expected", [
    (INTRO + "==a=b=c " * 300, AT, "more than 1,000 of = & \\ in one paragraph: split it"),
    # 8 a line, all one paragraph: the 126th line passes 1,000
    (INTRO + "Fish & chips & peas, salt & vinegar = R&D & Q&A & more\n" * 200, AT + 125, "more than 1,000 of = & \\"),
    # 20 a paragraph: the 1,001st paragraph passes 20,000
    (INTRO + "*a* _b_ *c* _d_ `e` `f` *g* _h_ *i* _j_\n\n" * 1_100, AT + 2 * 1_000,
     "more than 20,000 of * _ ` ~ = & \\ [ < and addresses in the essay"),
    # the intro's blank line, then one after each paragraph: the 3,000th paragraph's makes 3,001
    (INTRO + "Short.\n\n" * 3_100, AT + 2 * 3_000 - 1, "more than 3,000 blank lines"),
    # a link and its address, 50 of each a paragraph: the 51st paragraph passes 5,000
    (INTRO + "[a](https://a.example) " * 50 + "\n\n" + ("[a](https://a.example) " * 50 + "\n\n") * 60, AT + 2 * 50,
     "more than 5,000 links, images, notes and web or e-mail addresses in the essay"),
    # two columns: the heading and delimiter rows make 4 cells, then 2 a row: row 2,499 passes 5,000
    (INTRO + "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 2_600, AT + 2_500, "more than 5,000 table cells in the essay"),
    # a rule indented in a nested list item is one: the 301st, on the body's 12th line + 300
    (INTRO + "- a\n  - b\n\n" + "    ---\n" * 400, AT + 303, "more than 300 rules (*** or ---) and heading"),
    (INTRO + "> - a\n>   - b\n>\n" + ">    * * *\n" * 400, AT + 303, "more than 300 rules (*** or ---) and heading"),
    (INTRO + "> # A quoted heading\n" * 400, AT + 300, "more than 300 headings"),
    # each quote of code opened again reads on to the paragraph's end: the 224th opening passes 50,000 reads
    (INTRO + ">     code\nText.\n" * 600, AT + 2 * 223, "too many lines read under quotes in one paragraph"),
    (INTRO + "a\n" * 20_100, BODY_LINE + 20_000, "more than 20,000 lines: join short lines into paragraphs"),
    (INTRO + "A point.[^1]\n\n" * 600 + "[^1]: The note.", AT + 2 * 500, "more than 500 footnote references"),
    (INTRO + "<a " * 30 + "word " * 20_000, AT, "tags left open from here on"),
    (INTRO + "A line.\n\n" + "[" * 50 + "word " * 20_000, AT + 2, "'[' or '](' left open from here on"),
    (INTRO + "[a](" * 50 + "word " * 20_000, AT, "'[' or '](' left open from here on"),
])
def test_check_refuses_each_costly_construct_at_its_line(project, monkeypatch, capsys, body, line, expected):
    project.write("essays/costly.md", essay(body=body))
    code, out = check(project, monkeypatch, capsys)
    assert code == 1
    assert f"docs/essays/costly.md:{line}: {expected}" in out, out[:2_000]


def test_what_is_left_open_but_escaped_or_closed_is_not_counted(project, monkeypatch, capsys):
    """A bracket written \\[ opens nothing; tags and links closed where they open are read no further."""
    body = INTRO + ("\\[" * 50 + "word " * 200 + "\n\n") * 20 + "[a](https://example.com) <sub>b</sub> " * 80
    project.write("essays/fine.md", essay(body=body))
    code, out = check(project, monkeypatch, capsys)
    assert code == 0, out[:2_000]


@pytest.mark.parametrize("marks", [">" * 16, "> " * 16, ">> " * 8, "> >>" * 5 + ">"])
def test_quotes_written_with_or_without_spaces_nest_as_github_reads_them(marks):
    """'>>>' is three quotes on GitHub: at the nesting limit the essay renders every one of them,
    and one more is refused at its line, whichever way the '>' are spaced."""
    import cmarkgfm

    at_limit = marks + " Deep words.\n"
    assert cmarkgfm.github_flavored_markdown_to_html(at_limit).count("<blockquote") == limits.MAX_NESTING
    rendered, problems = render_essay(at_limit, FIRST_LINE, "docs/essays/deep.md", NO_TARGETS)
    assert problems == [] and rendered.html.count("<blockquote") == limits.MAX_NESTING
    one_more = "Words.\n\n>" + at_limit
    rendered, problems = render_essay(one_more, FIRST_LINE, "docs/essays/deep.md", NO_TARGETS)
    assert rendered is None
    assert [(problem.line, problem.message) for problem in problems] == [
        (FIRST_LINE + 2, f"lists and quotes nest more than {limits.MAX_NESTING} levels deep here")]
