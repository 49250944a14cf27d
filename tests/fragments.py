"""The safelist's verdict on a bare HTML fragment, for tests that hold it against the sanitiser.

The build reads an essay's tree in `anthology.rendering.essay`; these tests ask the same
question of any fragment: what would `sanitize.clean_html` remove or change?
"""

from __future__ import annotations

import markupever

from anthology.rendering.safety import Unsafe, problems_of

_FRAGMENT = markupever.HtmlOptions(full_document=False)


def html_problems(fragment: str) -> list[Unsafe]:
    """Everything in the HTML `fragment` that the sanitiser would remove or change, in document
    order; [] when `sanitize.clean_html` keeps it as it is."""
    tree = markupever.parse(fragment, _FRAGMENT)
    return problems_of([(node.name.local, {key.local: value for key, value in node.attrs.items()})
                        for node in tree.root().descendants() if isinstance(node, markupever.dom.Element)])
