"""An essay's Markdown made into the one HTML every output shows.

In: an essay's body and the files it may link to. Out: `EssayHtml` (sanitised HTML and its
headings) or the problems, at their lines, that stop it (`essay.render_essay`). On the way:
the site's one Markdown configuration (`markdown`), blocks read as GitHub reads them (`gfm`),
the costs and constructs refused (`safety`), the safelist (`safelist`) and the sanitiser
(`sanitize`).
"""
