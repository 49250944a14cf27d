"""Fast on a phone, nothing lost: the site's pages without Material's script bundle and with its
stylesheets cut to the rules they use look and work as they did.

Lighthouse's figures come from `make audit` (a benchmark, never a test); these tests hold what
the speed must not cost.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest

import material
from anthology.outputs.stylesheets import PageClasses

from anthology_dev.static_server import SiteServer

MATERIAL_STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"

# Every kind of page, as a reader sees it (lists of essays, authors and tags share their parts).
PAGES = ["", "prompts/what-keeps-you-going/", "essays/this-is-my-jam/", "authors/sarah-wetzel/", "tags/",
         "about/", "contribute/", "contribute/guide/", "print/", "no-such-page/"]
VIEWS = {"desktop-light": ({"width": 1280, "height": 900}, "light"), "phone-dark": ({"width": 390, "height": 844}, "dark")}


@pytest.fixture(scope="module")
def server(site):
    served = SiteServer(site)
    yield served
    served.stop()


@pytest.fixture(scope="module")
def catalog(site):
    return json.loads((site / "anthology.json").read_text(encoding="utf-8"))


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


@contextlib.contextmanager
def new_tab(browser, **options):
    """A page in a browser context of its own (`options`: viewport, colour scheme), closed after."""
    context = browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()


def computed_styles(browser, url: str, view: str, whole_css: bool, detail: bool = False):
    viewport, scheme = VIEWS[view]
    with new_tab(browser, viewport=viewport, color_scheme=scheme) as tab:
        if whole_css:  # Material's stylesheets as Material ships them, for the same page
            tab.context.route("**/assets/stylesheets/*.min.css", lambda route: route.fulfill(
                path=str(MATERIAL_STYLESHEETS / route.request.url.rsplit("/", 1)[-1]), content_type="text/css"))
        tab.goto(url, wait_until="networkidle")
        return tab.evaluate(STYLES, detail)


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
              "<p class='lede swa-note'>Words.</p><i data-class=\"md-search\" class=bare>class=\"md-search\"</i>"
              "</div></body>")
    css = (".md-typeset table:not([class]){a:1}.md-search{b:2}.md-typeset .admonition,.swa-note{c:3}"
           "@media print{.md-search{d:4}.lede{e:5}}[data-md-color-primary=red]{f:6}"
           "[data-md-color-primary=indigo]{g:7}a[href$=\".pdf\"]{h:8}:root{--x:1}@font-face{font-family:x}"
           ".md-typeset :is(.admonition,.note) p{i:9}.bare{j:10}")
    assert pages.used(css) == (".md-typeset table:not([class]){a:1}.swa-note{c:3}@media print{.lede{e:5}}"
                               "[data-md-color-primary=indigo]{g:7}a[href$=\".pdf\"]{h:8}:root{--x:1}"
                               "@font-face{font-family:x}.md-typeset :is(.admonition,.note) p{i:9}.bare{j:10}")


def test_no_page_loads_materials_script_bundle(site):
    for page in list(site.rglob("*.html"))[:200]:
        assert "assets/javascripts/bundle." not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("scheme, shown", [("light", "slate"), ("dark", "default")])
def test_a_first_visit_takes_the_systems_scheme_and_the_toggle_offers_the_other(browser, server, catalog, scheme, shown):
    with new_tab(browser, color_scheme=scheme) as tab:
        tab.goto(server.url + catalog["essays"][0]["url"])
        asked = "default" if scheme == "light" else "slate"
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == asked
        toggle = tab.locator("[data-md-component=palette] label:visible")
        assert toggle.count() == 1
        toggle.click()
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == shown


def test_back_to_top_shows_while_scrolling_up_a_long_page(browser, server):
    with new_tab(browser, viewport={"width": 390, "height": 844}) as tab:
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


PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True}
# Every layout shift the page has had, as Lighthouse counts them (none after the reader's input).
SHIFTS = """() => new Promise(done => {
  const seen = [];
  const observer = new PerformanceObserver(list => seen.push(...list.getEntries()));
  observer.observe({type: "layout-shift", buffered: true});
  setTimeout(() => {
    seen.push(...observer.takeRecords());
    observer.disconnect();
    done(seen.filter(e => !e.hadRecentInput).map(e => [Math.round(e.startTime), e.value,
      e.sources.map(s => s.node ? s.node.nodeName + "." + (s.node.className || "") : "?")]));
  }, 300);
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_nothing_moves_on_the_search_page_as_the_box_and_results_arrive(browser, server, scheme):
    with new_tab(browser, **PHONE, color_scheme=scheme) as tab:
        tab.goto(server.url + "search/?q=support")
        tab.locator(".pagefind-ui__result-link").first.wait_for()
        tab.locator(".pagefind-ui__filter-name").last.wait_for()
        tab.wait_for_timeout(500)
        assert tab.evaluate(SHIFTS) == []
        # The results are all there, under the filters, as the reader sees them.
        assert tab.locator(".pagefind-ui__result-link:visible").count() >= 1
        assert tab.locator(".pagefind-ui__filter-panel").is_visible()


def test_the_search_page_paints_its_words_before_pagefinds_files_arrive(browser, server):
    held, released = [], []

    def hold(route):
        route.continue_() if released else held.append(route)

    with new_tab(browser, **PHONE) as tab:
        tab.context.route("**/pagefind/pagefind-ui.*", hold)
        tab.goto(server.url + "search/?q=support", wait_until="commit")
        tab.wait_for_function("() => performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint')",
                              timeout=10_000)
        assert tab.locator("h1").inner_text() == "Search the essays"
        # Painted, though Pagefind's stylesheet, asked for, has not come (in the head, it would hold
        # back the first paint until it came).
        for _ in range(100):
            if held:
                break
            tab.wait_for_timeout(50)
        assert [route.request.url.rsplit("/", 1)[-1] for route in held][:1] == ["pagefind-ui.css"]
        released.append(True)
        for route in held:
            route.continue_()
        tab.locator(".pagefind-ui__result-link").first.wait_for()


def test_the_header_shows_the_pages_title_once_its_heading_is_scrolled_away(browser, server):
    with new_tab(browser, viewport={"width": 1280, "height": 900}) as tab:
        tab.goto(server.url + "contribute/guide/")
        shown = """() => [...document.querySelectorAll('.md-header__topic')]
          .filter(t => getComputedStyle(t).opacity === '1').map(t => t.innerText.trim())"""
        shadow = "() => getComputedStyle(document.querySelector('.md-header')).boxShadow"
        assert tab.evaluate(shown) == ["Support Writing Anthology"]
        clear = tab.evaluate(shadow)
        assert set(re.findall(r"rgba?\([^)]*\)", clear)) == {"rgba(0, 0, 0, 0)"}, clear  # no shadow at the top
        tab.mouse.wheel(0, 600)
        tab.wait_for_function("() => window.scrollY > 300")
        tab.wait_for_timeout(500)  # the topics' transition
        assert tab.evaluate(shown) == [tab.title().split(" - ")[0]]  # the page's title
        assert "rgba(0, 0, 0, 0)" not in tab.evaluate(shadow)


def test_the_table_of_contents_marks_the_section_being_read(browser, server):
    with new_tab(browser, viewport={"width": 1280, "height": 900}) as tab:
        tab.goto(server.url + "contribute/guide/")
        toc = tab.locator(".md-sidebar--secondary [data-md-component=toc] > li > a.md-nav__link")
        assert toc.count() >= 3
        target = toc.nth(2).get_attribute("href")
        tab.evaluate("(id) => document.getElementById(id).scrollIntoView()", target[1:])
        tab.wait_for_timeout(300)
        colours = [link.evaluate("a => getComputedStyle(a).color") for link in toc.all()]
        # The section being read in the link colour, those read before it fainter, the rest as they were.
        assert colours[2] not in colours[:2] + colours[3:], colours
        assert colours[0] == colours[1] != colours[3], colours


def test_a_table_of_contents_taller_than_the_screen_scrolls_within_itself(browser, server):
    with new_tab(browser, viewport={"width": 1280, "height": 360}) as tab:
        tab.goto(server.url + "contribute/guide/")
        wrap = tab.locator(".md-sidebar--secondary .md-sidebar__scrollwrap")
        size = wrap.evaluate("w => ({bottom: w.getBoundingClientRect().bottom, scroll: w.scrollHeight, shown: w.clientHeight})")
        assert size["scroll"] > size["shown"], size  # taller than the screen's room for it
        assert size["bottom"] <= 360, size  # the rest is reached by scrolling it, not cut off below
