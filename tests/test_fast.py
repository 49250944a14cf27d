"""Fast on a phone, nothing lost: the site's pages without Material's script bundle and with its
stylesheets cut to the rules they use look and work as they did.

Lighthouse's figures come from `make audit` (a benchmark, never a test); these tests hold what
the speed must not cost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import material
from anthology.outputs.stylesheets import PageClasses

from test_browser import catalog, server  # noqa: F401 (fixtures)

MATERIAL_STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"

# Every kind of page, as a reader sees it (lists of essays, authors and tags share their parts).
PAGES = ["", "prompts/what-keeps-you-going/", "essays/this-is-my-jam/", "authors/sarah-wetzel/", "tags/",
         "about/", "contribute/", "print/", "no-such-page/"]
VIEWS = {"desktop-light": ({"width": 1280, "height": 900}, "light"), "phone-dark": ({"width": 390, "height": 844}, "dark")}


# Every element's computed style, and its ::before and ::after: what the stylesheets decide,
# read property by property (a screenshot would also catch an icon caught mid-transition). The
# page sends a digest of them, or, asked for `detail`, every element's properties.
STYLES = """async (detail) => {
  const out = [];
  document.querySelectorAll("body *").forEach((el, n) => {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      const props = [];
      for (let i = 0; i < style.length; i++) props.push(style[i] + ": " + style.getPropertyValue(style[i]));
      out.push([`${n} ${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className}${pseudo || ""}`, props.sort()]);
    }
  });
  if (detail) return out;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(out)));
  return Array.from(new Uint8Array(digest)).join(",");
}"""


def computed_styles(browser, url: str, view: str, whole_css: bool, detail: bool = False):
    viewport, scheme = VIEWS[view]
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    if whole_css:  # Material's stylesheets as Material ships them, for the same page
        context.route("**/assets/stylesheets/*.min.css", lambda route: route.fulfill(
            path=str(MATERIAL_STYLESHEETS / route.request.url.rsplit("/", 1)[-1]), content_type="text/css"))
    tab = context.new_page()
    try:
        tab.goto(url, wait_until="networkidle")
        return tab.evaluate(STYLES, detail)
    finally:
        context.close()


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("address", PAGES)
def test_the_cut_stylesheets_style_every_element_as_the_whole_ones(browser, server, address, view):
    url = server.url + address
    if computed_styles(browser, url, view, False) == computed_styles(browser, url, view, True):
        return
    cut, whole = computed_styles(browser, url, view, False, True), computed_styles(browser, url, view, True, True)
    differ = [f"{name}: {sorted(set(mine) ^ set(theirs))[:3]}"
              for (name, mine), (_, theirs) in zip(cut, whole) if mine != theirs]
    assert [name for name, _ in cut] == [name for name, _ in whole]
    assert differ == [], f"/{address} ({view}):\n" + "\n".join(differ[:10])


def test_the_cut_stylesheets_are_a_fraction_of_the_whole(site):
    for sheet in (site / "assets" / "stylesheets").glob("*.min.css"):
        whole = (MATERIAL_STYLESHEETS / sheet.name).stat().st_size
        assert sheet.stat().st_size < whole / 2, sheet.name


def test_a_rule_is_kept_when_a_page_can_match_it():
    pages = PageClasses()
    pages.add('<body data-md-color-primary="indigo"><div class="md-typeset"><table></table>'
              "<p class='lede swa-note'>Words.</p></div></body>")
    css = (".md-typeset table:not([class]){a:1}.md-search{b:2}.md-typeset .admonition,.swa-note{c:3}"
           "@media print{.md-search{d:4}.lede{e:5}}[data-md-color-primary=red]{f:6}"
           "[data-md-color-primary=indigo]{g:7}a[href$=\".pdf\"]{h:8}:root{--x:1}@font-face{font-family:x}"
           ".md-typeset :is(.admonition,.note) p{i:9}")
    assert pages.used(css) == (".md-typeset table:not([class]){a:1}.swa-note{c:3}@media print{.lede{e:5}}"
                               "[data-md-color-primary=indigo]{g:7}a[href$=\".pdf\"]{h:8}:root{--x:1}"
                               "@font-face{font-family:x}.md-typeset :is(.admonition,.note) p{i:9}")


def test_no_page_loads_materials_script_bundle(site):
    for page in list(site.rglob("*.html"))[:200]:
        assert "assets/javascripts/bundle." not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("scheme, shown", [("light", "slate"), ("dark", "default")])
def test_a_first_visit_takes_the_systems_scheme_and_the_toggle_offers_the_other(browser, server, catalog, scheme, shown):
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    try:
        tab.goto(server.url + catalog["essays"][0]["url"])
        asked = "default" if scheme == "light" else "slate"
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == asked
        toggle = tab.locator("[data-md-component=palette] label:visible")
        assert toggle.count() == 1
        toggle.click()
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == shown
    finally:
        context.close()


def test_back_to_top_shows_while_scrolling_up_a_long_page(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(server.url + "print/")
        button = tab.locator("[data-md-component=top]")
        shown = "() => !document.querySelector('[data-md-component=top]').hidden"
        assert not tab.evaluate(shown)  # Material shows it by taking away `hidden`
        tab.mouse.wheel(0, 3000)
        tab.wait_for_function("() => window.scrollY > 1000")
        assert not tab.evaluate(shown)  # not while reading on
        tab.mouse.wheel(0, -500)
        tab.wait_for_function(shown)
        button.click()
        tab.wait_for_function("() => window.scrollY === 0")
    finally:
        context.close()
