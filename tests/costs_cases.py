"""Essays made of one construct's markers or near-misses, at the essay size limit.

Each case is a body of Markdown as large as an essay may be, built from one unit (a marker of
an extension the site enables, or text that almost is one) in several shapes: one line, many
lines of one paragraph, many paragraphs, quoted, in a list item. tests/test_costs.py holds each
to its bound; run this file to see every case's CPU time (`anthology.rendering.essay.render_essay`, or
with --raw the Markdown and the sanitiser past check's limits too):

    .venv/bin/python tests/costs_cases.py [--raw] [--over SECONDS] [NAME-FILTER]
"""

from __future__ import annotations

from anthology.rules.limits import MAX_ESSAY_BYTES

# The body of an essay at the limit: the front matter takes a few hundred bytes of it.
SIZE = MAX_ESSAY_BYTES - 512

# Units: what one construct's markers look like, and near-misses that a parser tries and drops.
UNITS = {
    "emphasis": ["*a", "**a", "a*b", "_a", "__a", "a_b", "*a*", "***a", "*_", "* ", "**a*", "*a_", "_*a"],
    "code spans": ["`a", "``a`", "`a`", "`` ` ``", "a`"],
    "mark": ["==a", "==a=b=c ", "==a==", "=", "a==b", "==", "== a", "==a ==", "=a="],
    "tilde": ["~~a", "~a", "~a~", "a~b~c ", "~~a~~", "~", "~~ a", "~a ~"],
    "quotes and dashes": ["'", '"', "--", "---", "...", "'a'", '"a"', "<<", ">>", "a'b", "--a", "'a", '"a', "a'"],
    "links": ["[a](", "[a](b", "[a](<b", '[a](b "', "](", "(", "[a](((", "[a]", "[a][b]", "![a](b)", "[a]: ",
              "[a](b)", "[](", "[a](b)(", "[a]()"],
    "autolinks": ["<a@b.c>", "<http://a>", "<http:", "<a@", "<ftp://a"],
    "references": ["[a]: b\n", "[^1]", "[^", "[^a]: x\n"],
    "html": ["<a ", "</a>", "<!--", "<", "< a", "<1", "a<b", "<a>", "<!", "<?", "</", "-->"],
    "entities": ["&amp;", "&#1;", "&", "&#", "&#x", "&#65;", "&a", "&#x41;", "&amp"],
    "escapes": ["\\*", "\\\\", "\\", "\\=", "\\~", "\\`", "\\<", "\\["],
    "magiclink": ["www.a.com", "http://a", "a@b.c", "@a", "http:", "www.", "a@", "https://a.com/(", "ftp://a",
                  "#1", "a/b#1", "http://", "a.b@c", "www.a", "@a/b", "https://a.com/" + "a" * 50],
    "headings": ["#a\n", "# a\n", "a\n=\n", "#", "# a #\n", "#\n", "a\n-\n"],
    "tables": ["a|b\n", "|a", "|-", "-|-\n", "|", "a|b\n-|-\n"],
    "lists": ["- a\n", "1. a\n", "1) a\n", "-a\n", "* a\n", "+ \n", "- [ ] a\n", "1.\n", "12345678. a\n"],
    "quotes": ["> a\n", ">\n", "> \n", ">a\n", "> > a\n"],
    "footnotes": ["a[^1]\n\n", "[^1]: x\n\n", "[^1]: x\n", "a[^1][^2]"],
    "fences": ["```\n", "~~~\n", "```{.a}\n", '```a title="x"\n', "```", "~~~", "``` {", "```{.a #b c=d}\n",
               "\n```\na\n```\n"],
    "toc": ["[TOC]\n\n", "[TOC]", "# a\n\n"],
    "blocks": ["a\n\n", "a\n", "> a\n\n", ">\n>a\n", "- a\n\n  b\n\n", "    a\n\n", "***\n", "a\n\n\n"],
    "plain": ["word ", "語"],
}

# How a unit is laid out: joined into one paragraph on one line, one per line, twenty to a
# paragraph, each line quoted, each line in one list item, a hundred before a paragraph of words.
SHAPES = {
    "line": lambda units: "".join(units),
    "lines": lambda units: "\n".join(units),
    "paragraphs": lambda units: "\n\n".join("".join(units[i:i + 20]) for i in range(0, len(units), 20)),
    "quoted": lambda units: "\n".join("> " + "".join(units[i:i + 20]) for i in range(0, len(units), 20)),
    "in a list item": lambda units: "- " + "\n  ".join("".join(units[i:i + 20]) for i in range(0, len(units), 20)),
    # a hundred, then words: what is left open is read on over the rest
    "then words": lambda units: "".join(units[:100]) + " word" * (len("".join(units[100:]).encode()) // 5),
}

# Hand-written worst cases, beside the generated ones.
WORST = {
    "a 120 KB attribute list on a fence": "```{" + " .a" * 40_000 + "}\nx\n```\n",
    "a 120 KB info string on a fence": "```" + "a" * 120_000 + "\nx\n```\n",
    "one footnote referenced from every paragraph": "a[^1]\n\n" * 18_000 + "[^1]: the note\n",
    "many footnote definitions": "".join(f"[^{n}]: x\n\n" for n in range(10_000)),
    "many references to one definition": "[a]\n\n" * 25_000 + "[a]: http://a.b\n",
    "many link definitions": "".join(f"[{n}]: http://a.b\n\n" for n in range(6_500)),
    "headings of one name": "# a\n\n" * 300 + "a\n\n" * 30_000,
    "a table of many rows": "a|b\n-|-\n" + "a|b\n" * 30_000,
    "a table of many rows of code": "a|b\n-|-\n" + "`a`|`b`\n" * 16_000,
    "mark and tilde nested": "==~~" * 30_000,
    "mark nested in emphasis": "*==" * 40_000,
    "unclosed marks in each line": "==a ==b\n" * 16_000,
    "quotes opened and closed": "\"a\" 'b' " * 15_000,
    "a parenthesis inside a link": "[a](" + "(" * 120_000,
    "links in links": "[" * 100 + "a" + "](b)" * 100 + "\n\n" + "[[a](b)](c) " * 9_000,
    "an unclosed code span and backticks": "`" + "a ``" * 30_000,
    "a quote of many paragraphs": "> a\n>\n" * 20_000,
    "a list item of many paragraphs": "- a\n\n" + "  b\n\n" * 25_000,
    "blank lines only": "\n" * 120_000,
    "words then blank lines": "a b c\n" + "\n" * 120_000,
    "a line break at the end of each line": "a  \n" * 30_000,
    "e-mail addresses one a line": "a@b.c\n" * 20_000,
    "the same address in every paragraph": "http://a.b\n\n" * 10_000,
    "html comments": "<!-- a -->\n\n" * 10_000,
    "entities in a paragraph": "&amp;" * 25_000,
    # each word after a tag left open is read as one of its attributes
    "tags left open before a long text": "<a " * 400 + "b " * 60_000,
    "quoted values hiding '>' before a long text": "<a x='>' " * 300 + "b " * 60_000,
    "an escaped tag left open before a long text": "\\<a " * 400 + "b " * 60_000,
    "a few '<' in prose with no '>' after": "a<b " * 10 + "b " * 60_000,
    # each heading's words, and each heading, looked at from every element around it
    "headings of many words deep in tags left open": "<blockquote>" * 490 + "\n\n"
    + "".join("# " + "*a* b " * 20 + "\n\n" for _ in range(300)),
    "headings deep in links left open": "<a href='https://a.b'>" * 240 + "\n\n" + "# a\n\na\n-\n\n" * 300,
    "CDATA left open before a long text": "<![CDATA[ > " * 45 + "word " * 24_000,
    "brackets left open before a long text": "[" * 90 + "word " * 24_000,
    "link addresses left open before a long text": "[a](" * 90 + "word " * 24_000,
    "images left open in every paragraph": ("![" * 40 + "word " * 200 + "\n\n") * 120,
    # a rule or underline indented four spaces or more is one in a nested list item, as in a quote
    "rules in a nested list item": "- a\n  - b\n\n" + "    ---\n" * 16_000,
    "rules in an ordered list item": "1. a\n   1. b\n\n" + "      ---\n" * 12_000,
    "rules in a list in a quote": "> - a\n>   - b\n>\n" + ">     ---\n" * 12_000,
    "heading underlines in a nested list item": "- a\n  - b\n\n" + "    a\n    ---\n" * 9_000,
    "rules in a list four deep": "- a\n  - b\n    - c\n      - d\n\n" + "        ---\n" * 10_000,
    # a heading in a quote, or indented by a tab in a list item, is one too
    "headings of one name in a quote": "> # a\n" * 19_900,
    "headings in quotes written without spaces": ">>># ab\n" * 16_000,
    "headings indented by a tab in a list item": "- a\n\n" + "\t# a\n" * 19_900,
    # a quote that is not a paragraph (code, a definition, a tag) before a line of text: markdown-it
    # reads each such quote on to the paragraph's end
    "indented code in quotes, each before a line of text": ">     code\na\n" * 9_900,
    "indented code in quotes in quotes, each before a line of text": ">>     code\na\n" * 9_000,
    "quotes of code, each before a line of text and an empty quote line": ">     code\na\n>\n" * 6_600,
    "link definitions in quotes, each before a line of text": "> [a]: b\na\n" * 9_900,
    "tags in quotes, each before a line of text": "> <div>\na\n" * 9_900,
    "a long word": "a" * 120_000,
    "a long line of Chinese": "支持的工作很有意思" * 4_500,
}


def fill(unit: str, lay_out=SHAPES["line"], size: int = SIZE) -> str:
    """As many copies of `unit`, laid out, as fit in `size` bytes."""
    count = size // len(unit.encode())
    while (length := len((text := lay_out([unit] * count)).encode())) > size:
        count = count * size // length - 1
    return text


def cases() -> dict[str, str]:
    """Every generated case (construct, unit, shape) and every hand-written one, by name."""
    made = {}
    for construct, units in UNITS.items():
        for unit in units:
            for shape, lay_out in SHAPES.items():
                made[f"{construct}: {unit!r} ({shape})"] = fill(unit, lay_out)
    return made | {f"worst: {name}": text for name, text in WORST.items()}


if __name__ == "__main__":
    import argparse
    import signal
    import time

    from anthology.rendering.markdown import render
    from anthology.rendering.essay import Targets, render_essay
    from anthology.rendering.costs import beyond_limits
    from anthology.rendering.sanitize import clean_essay

    parser = argparse.ArgumentParser()
    parser.add_argument("--raw", action="store_true", help="render even what check's limits refuse")
    parser.add_argument("--over", type=float, default=0.0, help="print only cases at least this slow")
    parser.add_argument("--stop", type=float, default=10.0, help="give up on a case after this long")
    parser.add_argument("filter", nargs="?", default="")
    options = parser.parse_args()

    def give_up(*_):
        raise TimeoutError

    signal.signal(signal.SIGPROF, give_up)
    for name, text in cases().items():
        if options.filter not in name:
            continue
        assert len(text.encode()) <= SIZE, name
        started = time.process_time()
        refused = beyond_limits(text, 5, "essay.md")
        limits = time.process_time() - started
        verdict = f"refused at {refused[0].line}: {refused[0].message[:50]}" if refused else "passes"
        seconds = float("nan")
        if options.raw or not refused:
            signal.setitimer(signal.ITIMER_PROF, options.stop)
            started = time.process_time()
            try:
                if refused:  # rendered past the limits: the Markdown and the sanitiser alone
                    clean_essay(render(text))
                else:  # what check and the build do
                    render_essay(text, 5, "essay.md", Targets(frozenset(), frozenset()))
                seconds = time.process_time() - started
            except TimeoutError:
                seconds = float("inf")
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
        if options.over == 0 or limits >= options.over or seconds >= options.over:
            print(f"{seconds:6.2f}s  limits {limits:5.2f}s  {name[:70]:70}  {verdict}", flush=True)
