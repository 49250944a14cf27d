"""The theme's stylesheets cut to what the built pages use.

Material's stylesheets style every component it has (search dialog, tabs, admonitions, keys,
tooltips, twenty colour palettes): 150 KB that a phone must fetch before it paints anything.
A rule is kept when some page can match it: each class it names appears in a page, and each
colour palette it names is one the pages set. Rules are read, never rewritten (tinycss2), and
everything that is not a style rule (variables, fonts, keyframes) is kept. Conditions inside
:not(), :is(), :where() and :has() are not required: keeping a rule is always safe.

In: the text of the built pages (`PageClasses.add`, page by page) and a stylesheet. Out: the
stylesheet's used rules.
"""

from __future__ import annotations

import re

import tinycss2

# Attribute names as the templates and the sanitiser write them, in lowercase; each pattern starts
# with its name, which the regular expression engine finds as a plain string, and the space
# before it is checked after (a pattern that starts by looking for the space reads every character).
_CLASS_ATTRIBUTE = re.compile(r"""class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_PALETTE_ATTRIBUTE = re.compile(r"""(data-md-color-(?:primary|accent))\s*=\s*["']?([\w-]+)""")
_CLASS_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_PALETTE_SELECTOR = re.compile(r"\[(data-md-color-(?:primary|accent))=[\"']?([\w-]+)[\"']?\]")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
_BRACKETS = re.compile(r"\[[^\]]*\]")
_NOT_REQUIRED = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(", re.IGNORECASE)
_BLOCKS = {"media", "supports", "container", "layer"}  # at-rules holding rules of their own
# Classes no page names, set by the site's script as the reader scrolls (the header's title and
# shadow, the table of contents' sections: overrides/assets/javascripts/theme.js).
SCRIPTED = frozenset({"md-header__title--active", "md-header--shadow", "md-nav__link--active", "md-nav__link--passed"})


class PageClasses:
    """Every class and colour palette the pages name, gathered as each page is written."""

    def __init__(self) -> None:
        self.classes: set[str] = set(SCRIPTED)
        self.palettes: set[tuple[str, str]] = set()

    def add(self, html: str) -> None:
        # A page repeats its class attributes (every card, every nav entry): each value split once.
        for value in {"".join(match.groups("")) for match in _attributes(_CLASS_ATTRIBUTE, html)}:
            self.classes.update(value.split())
        self.palettes.update(match.groups() for match in _attributes(_PALETTE_ATTRIBUTE, html))

    def used(self, css: str) -> str:
        """`css` with only the rules these pages can match, each kept as it was written (the
        theme's source map no longer fits it, so it is not named)."""
        css = css.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")  # as tinycss2 counts lines
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        return _SOURCE_MAP.sub("", "".join(self._rules(_Source(css), rules, len(css))))

    def _rules(self, source: _Source, rules: list, end: int) -> list[str]:
        kept = []
        for rule, after in zip(rules, [source.offset(r) for r in rules[1:]] + [end]):
            text = source.text[source.offset(rule):after]
            if rule.type == "qualified-rule":
                selectors = _selectors(rule.prelude)
                used = [s for s in selectors if self._matches(s)]
                if used == selectors:
                    kept.append(text)
                elif used:
                    kept.append(",".join(used) + text[_block_start(text):])
            elif rule.type == "at-rule" and rule.lower_at_keyword in _BLOCKS and rule.content is not None:
                opening, closing = _block_start(text), text.rindex("}")
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                inner_kept = self._rules(source, inner, source.offset(rule) + closing)
                if inner_kept:
                    kept.append(text[:opening + 1] + "".join(inner_kept) + text[closing:])
            elif rule.type == "at-rule":
                kept.append(text)
        return kept

    def _matches(self, selector: str) -> bool:
        required = _outside_functions(selector)
        outside_brackets = _BRACKETS.sub("", required)  # a[href$=".pdf"] names no class
        return (all(name in self.classes for name in _CLASS_SELECTOR.findall(outside_brackets))
                and all((name.lower(), value) in self.palettes for name, value in _PALETTE_SELECTOR.findall(required)))


class _Source:
    """The stylesheet's text, and where in it a rule tinycss2 read begins."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = [0] + [m.end() for m in re.finditer("\n", text)]

    def offset(self, node) -> int:
        return self.lines[node.source_line - 1] + node.source_column - 1


def _block_start(text: str) -> int:
    """Where a rule's `{` is: the first outside strings, brackets and parentheses."""
    depth, quote, i = 0, None, 0
    while i < len(text):
        char = text[i]
        if quote:
            i += 2 if char == "\\" else 1
            quote = None if char == quote else quote
            continue
        if char in "\"'":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "{" and depth == 0:
            return i
        i += 1
    raise ValueError("a rule without a block")


def _attributes(pattern: re.Pattern, html: str):
    """The matches of `pattern` in `html` that are an attribute: a space before the name."""
    return (match for match in pattern.finditer(html) if html[match.start() - 1:match.start()].isspace())


def _selectors(prelude: list) -> list[str]:
    """A rule's selector list, split at its top-level commas."""
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(tinycss2.serialize(current).strip())
            current = []
        else:
            current.append(token)
    selectors.append(tinycss2.serialize(current).strip())
    return [s for s in selectors if s]


def _outside_functions(selector: str) -> str:
    """The part of `selector` a match requires: without what :not(), :is() ... hold."""
    out, depth, i = [], 0, 0
    while i < len(selector):
        opening = _NOT_REQUIRED.match(selector, i) if depth == 0 else None
        if opening:
            depth, i = 1, opening.end()
            continue
        char = selector[i]
        if depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
        else:
            out.append(char)
        i += 1
    return "".join(out)
