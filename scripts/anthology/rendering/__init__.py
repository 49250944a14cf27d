"""An essay's Markdown made into the one HTML every output shows.

In: an essay's body and the files it may link to. Out: `EssayHtml` (sanitised HTML and its
headings) or the problems, at their lines, that stop it (`essay.render_essay`), and its `Parts`
(the ids a link may name, its links to other essays' parts) for the catalog to check links
between essays. On the way: what Markdown may cost, bounded before rendering (`costs`, which
reads blocks as CommonMark does with `gfm`), GitHub's own renderer and what the site adds to its
HTML: heading ids as GitHub makes them, notes, addresses as typed (`markdown`), the constructs
refused (`safety`), the safelist (`safelist`) and the sanitiser (`sanitize`).
"""
