"""The site in a real browser (Debian's Chromium, driven by Playwright), used as a reader would.

Outside CI these tests skip, with the reason, when Chromium or axe-core is missing; under
CI=true a missing browser fails the run instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import AXE, CHROMIUM, ROOT, SCREENSHOTS, Project, require as _require
from seeds import DISTINCTIVE, SEED_ESSAYS
from anthology_dev.static_server import SiteServer


@pytest.fixture(scope="session")
def server(site):
    served = SiteServer(site)
    yield served
    served.stop()


# Every CSP violation a page reports, kept on the window for the test to read.
RECORD_CSP = """window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


@pytest.fixture
def page(request, browser, server):
    # Tests that inject axe-core (an inline script) set the page's CSP aside: `@pytest.mark.no_csp`.
    bypass = request.node.get_closest_marker("no_csp") is not None
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bypass)
    context.add_init_script(RECORD_CSP)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    tab.on("pageerror", lambda err: errors.append(str(err)))
    tab.base = server.url
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture(scope="module")
def catalog(site):
    return json.loads((site / "anthology.json").read_text(encoding="utf-8"))


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def article(page):
    return page.locator("article.md-content__inner")


# --- journeys --------------------------------------------------------------------------


def test_home_prompt_essay_author_and_back(page, catalog):
    essay = catalog["essays"][0]
    prompt = next(p for p in catalog["prompts"] if p["id"] == essay["prompt_id"])
    page.goto(page.base)
    shot(page, "home")
    article(page).get_by_role("link", name=prompt["title"], exact=True).click()
    page.wait_for_url(f"**/{prompt['url']}")
    assert page.locator("h1").inner_text() == prompt["title"]
    shot(page, "prompt")
    article(page).get_by_role("link", name=essay["title"], exact=True).click()
    page.wait_for_url(f"**/{essay['url']}")
    assert page.locator("h1").inner_text() == essay["title"]
    page.locator(".swa-byline").get_by_role("link", name=essay["author_name"]).click()
    page.wait_for_url(f"**/authors/{essay['author_id']}/")
    assert essay["author_name"] in page.locator("h1").inner_text()
    article(page).get_by_role("link", name=essay["title"], exact=True).click()
    page.wait_for_url(f"**/{essay['url']}")


def test_author_page_leads_to_their_other_essay(browser, tmp_path):
    """With an author of two essays (a small anthology built for this test)."""
    project = Project(tmp_path / "anthology")
    project.write("essays/a-second-essay.md", "---\ntitle: A second essay\nauthor: sarah-wetzel\n"
                  "prompt: careers-in-support\ndate: 2017-06-02\n---\n\nAnother essay by the same author.\n")
    assert project.build(tmp_path / "site").returncode == 0
    served = SiteServer(tmp_path / "site")
    try:
        tab = browser.new_page()
        tab.goto(served.url + "essays/six-reasons-to-keep-coming-back/")
        tab.locator(".swa-byline").get_by_role("link", name="Sarah Wetzel").click()
        tab.get_by_role("link", name="A second essay").click()
        tab.wait_for_url("**/essays/a-second-essay/")
        assert "First published on 2 June 2017" in tab.locator(".swa-essay-footer").inner_text()
        tab.close()
    finally:
        served.stop()


def test_previous_and_next_within_a_prompt(page, catalog):
    prompt = next(p for p in catalog["prompts"] if len(p["essay_ids"]) >= 2)
    first, second = [next(e for e in catalog["essays"] if e["id"] == i) for i in prompt["essay_ids"][:2]]
    page.goto(page.base + first["url"])
    page.locator("nav.swa-prompt-pager a[rel=next]").click()
    page.wait_for_url(f"**/{second['url']}")
    page.locator("nav.swa-prompt-pager a[rel=prev]").click()
    page.wait_for_url(f"**/{first['url']}")


def test_tags_page_leads_to_an_essay(page, catalog):
    essay = catalog["essays"][0]
    page.goto(page.base + "tags/")
    article(page).get_by_role("link", name=essay["tags"][0], exact=True).click()
    page.wait_for_url("**/tags/*/")
    article(page).get_by_role("link", name=essay["title"], exact=True).click()
    page.wait_for_url(f"**/{essay['url']}")


def search(page, query: str):
    page.goto(page.base)
    page.get_by_role("searchbox", name="Search essays").fill(query)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for()
    return results


@pytest.mark.parametrize("slug", sorted(DISTINCTIVE))
def test_search_finds_each_essay_by_a_sentence(page, catalog, slug):
    essay = next(e for e in catalog["essays"] if e["id"] == slug)
    results = search(page, DISTINCTIVE[slug])
    assert results.first.inner_text() == essay["title"]
    results.first.click()
    page.wait_for_url(f"**/{essay['url']}")


def test_search_finds_essays_by_author_name(page, catalog):
    essay = next(e for e in catalog["essays"] if e["author_id"] == "sarah-wetzel")
    results = search(page, "Sarah Wetzel")
    shot(page, "search")
    assert essay["title"] in results.all_inner_texts()


def test_search_can_be_narrowed_to_a_prompt(page, catalog):
    search(page, "support")
    page.locator(".pagefind-ui__filter-name", has_text="prompt").click()
    prompt = catalog["prompts"][0]
    page.locator(".pagefind-ui__filter-label", has_text=prompt["title"]).click()
    expected = {e["title"] for e in catalog["essays"] if e["prompt_id"] == prompt["id"]}
    page.wait_for_function("n => document.querySelectorAll('.pagefind-ui__result-link').length === n", arg=len(expected))
    assert set(page.locator(".pagefind-ui__result-link").all_inner_texts()) == expected


def palette(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def test_dark_mode_toggle_survives_reload(page, catalog):
    page.emulate_media(color_scheme="light")
    page.goto(page.base + catalog["essays"][0]["url"])
    assert palette(page) == "default"
    shot(page, "essay-light")
    page.locator("label[title='Switch to dark mode']:visible").click()
    assert palette(page) == "slate"
    page.reload()
    assert palette(page) == "slate"
    shot(page, "essay-dark")


def test_phone_drawer_reaches_every_prompt_through_its_challenge(browser, server, catalog):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(server.url)
    drawer = tab.locator("nav.md-nav--primary")
    first = catalog["prompts"][0]
    assert not on_screen(drawer), "the drawer is open before the menu button is pressed"
    tab.locator("label.md-header__button[for='__drawer']").click()
    tab.wait_for_function("() => document.querySelector('nav.md-nav--primary').getBoundingClientRect().left >= 0")
    prompts = tab.locator("nav.md-nav--primary > ul > li", has_text="Prompts")
    prompts.locator("label").first.click()
    shot(tab, "phone-drawer")
    for challenge in catalog["challenges"]:
        # The challenge's section: its toggle slides in its page and its prompts.
        section = prompts.locator("li.md-nav__item--nested", has_text=challenge["title"])
        section.locator("label").first.click()
        drawer.get_by_role("link", name=challenge["title"], exact=True).last.wait_for(state="visible")
        for prompt in (p for p in catalog["prompts"] if p["challenge_id"] == challenge["id"]):
            drawer.get_by_role("link", name=prompt["title"], exact=True).wait_for(state="visible")
    shot(tab, "phone-drawer-challenge")
    drawer.get_by_role("link", name=first["title"], exact=True).click()
    tab.wait_for_url(f"**/{first['url']}")
    shot(tab, "phone-prompt")
    context.close()


def on_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] + box["width"] > 0 and box["x"] >= 0


def test_keyboard_reaches_search_and_a_prompt_with_visible_focus(page, catalog):
    page.goto(page.base)
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
            return {id: el.id, text: el.innerText || '', href: el.getAttribute('href') || '', visible};
        }""")
        if info["id"] == "swa-search-input":
            assert info["visible"], "the search box has no visible focus"
            reached.add("search")
        if info["href"].rstrip("/").endswith(catalog["prompts"][0]["url"].rstrip("/")):
            assert info["visible"], "the prompt link has no visible focus"
            reached.add("prompt")
        if reached == {"search", "prompt"}:
            break
    assert reached == {"search", "prompt"}


def test_missing_page_shows_404_with_a_way_home(page):
    response = page.goto(page.base + "essays/no-such-essay/")
    assert response.status == 404
    assert "404" in page.locator("article").inner_text()
    page.get_by_role("link", name=re.compile("home", re.I)).first.click()
    page.wait_for_url(page.base)


# --- the Content-Security-Policy ---------------------------------------------------------------


@pytest.mark.parametrize("url", ["", "essays/this-is-my-jam/", "prompts/", "authors/", "search/?q=support",
                                 "print/", "contribute/", "contribute/guide/"])
def test_pages_work_within_their_content_security_policy(page, url):
    page.goto(page.base + url)
    if url.startswith("search/"):
        page.locator(".pagefind-ui__result-link").first.wait_for()  # Pagefind's WebAssembly ran
    page.locator("[data-md-component=palette] label").first.click()  # Material's bundle runs
    page.wait_for_timeout(200)
    assert page.evaluate("window.__csp") == []


def test_a_script_planted_in_a_built_page_does_not_run(browser, site, tmp_path):
    import shutil

    planted = tmp_path / "site"
    shutil.copytree(site, planted)
    essay = planted / "essays" / "this-is-my-jam" / "index.html"
    html = essay.read_text(encoding="utf-8")
    html = html.replace("<div data-pagefind-body>", "<div data-pagefind-body><script>window.__planted = 1</script>"
                        '<img src="x" onerror="window.__onerror = 1">', 1)
    assert "__planted" in html
    essay.write_text(html, encoding="utf-8")
    served = SiteServer(planted)
    try:
        context = browser.new_context()
        context.add_init_script(RECORD_CSP)
        tab = context.new_page()
        tab.goto(served.url + "essays/this-is-my-jam/")
        tab.wait_for_timeout(300)
        assert tab.evaluate("[window.__planted, window.__onerror]") == [None, None]
        blocked = tab.evaluate("window.__csp")
        assert sum(v.startswith("script-src") for v in blocked) == 2, blocked
        context.close()
    finally:
        served.stop()


# --- accessibility ---------------------------------------------------------------------

A11Y_PAGES = ["", "prompts/", "prompts/what-keeps-you-going/", "essays/", "essays/this-is-my-jam/",
              "authors/", "authors/sarah-wetzel/", "tags/", "tags/motivation/", "search/?q=support",
              "about/", "contribute/", "contribute/guide/", "print/", "challenges/", "challenges/spring-2017/", "challenges/spring-2017/print/"]


@pytest.mark.no_csp
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", A11Y_PAGES + ["no/such/page/"])
def test_no_serious_accessibility_violations(page, url, scheme):
    _require(AXE.is_file(), f"axe-core not found at {AXE}: run make install-test")
    page.emulate_media(color_scheme=scheme)
    page.goto(page.base + url)
    if url.startswith("search/"):
        page.locator(".pagefind-ui__result-link").first.wait_for()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)


def test_printable_edition_prints_to_a_tidy_pdf(server, catalog, tmp_path):
    _require(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}")
    pdf = tmp_path / "anthology.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", server.url + "print/"], capture_output=True, timeout=120, check=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "anthology.pdf").write_bytes(pdf.read_bytes())
    # A title page, the contents, then every essay from a new page: at least that many pages,
    # and not the hundreds a print of the whole site chrome would make.
    essays = len(catalog["essays"])
    assert essays + 2 <= pages <= essays * 8, pages


# --- the reader's page ------------------------------------------------------------------------

# Every kind of page: none asks another host for anything, images included.
READER_PAGES = A11Y_PAGES + ["404.html"]


@pytest.mark.parametrize("url", READER_PAGES)
def test_a_page_asks_nothing_of_other_hosts_and_misses_nothing(page, url):
    requests, failures = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failures.append(f"{response.status} {response.url}"))
    page.goto(page.base + url, wait_until="networkidle")
    if url.startswith("search/"):
        page.locator(".pagefind-ui__result-link").first.wait_for()
        page.wait_for_load_state("networkidle")
    elsewhere = [address for address in requests
                 if not address.startswith(page.base) and not address.startswith("data:")]
    assert elsewhere == [], elsewhere
    assert failures == [], failures


def test_an_image_from_another_host_planted_in_a_built_page_is_never_asked_for(browser, site, tmp_path):
    # Were a remote image to get past check and the sanitiser, the page's policy still stops it.
    import shutil

    planted = tmp_path / "site"
    shutil.copytree(site, planted)
    essay = planted / "essays" / "this-is-my-jam" / "index.html"
    html = essay.read_text(encoding="utf-8")
    essay.write_text(html.replace("<div data-pagefind-body>", '<div data-pagefind-body>'
                                  '<img src="https://tracker.example/pixel.gif" alt="">', 1), encoding="utf-8")
    served = SiteServer(planted)
    try:
        context = browser.new_context()
        context.add_init_script(RECORD_CSP)
        reached, failed = [], {}
        # A request the page's policy blocks still shows as a request, failed before the network;
        # one that reached the network would come to this route.
        context.route("https://tracker.example/**", lambda route: (reached.append(route.request.url), route.abort()))
        tab = context.new_page()
        tab.on("requestfailed", lambda request: failed.update({request.url: request.failure}))
        tab.goto(served.url + "essays/this-is-my-jam/", wait_until="networkidle")
        assert reached == []
        assert failed == {"https://tracker.example/pixel.gif": "csp"}  # blocked by the policy
        assert any(v.startswith("img-src https://tracker.example") for v in tab.evaluate("window.__csp"))
        context.close()
    finally:
        served.stop()


def _characters_per_line(page) -> float:
    """The rendered paragraph's width over the average width of its characters in its font."""
    return page.evaluate("""() => {
      const p = document.querySelector('[data-pagefind-body] > p');
      const style = getComputedStyle(p);
      const context = document.createElement('canvas').getContext('2d');
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      return p.clientWidth / (context.measureText(p.textContent).width / p.textContent.length);
    }""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_essay_reads_like_an_essay(browser, server, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab = context.new_page()
    tab.goto(server.url + "essays/support-the-movie/")
    assert 60 <= _characters_per_line(tab) <= 75
    # No navigation column and no table of contents beside the text on a wide screen ...
    assert not tab.locator(".md-sidebar--primary").is_visible()
    assert tab.locator(".md-sidebar--secondary").count() == 0
    # ... while the prompt and the author stay one click away, and prev/next stay in the prompt.
    byline = tab.locator(".swa-byline")
    assert byline.get_by_role("link", name="David Jaffe").is_visible()
    assert byline.get_by_role("link", name="Why support matters").is_visible()
    shot(tab, f"essay-desktop-{scheme}")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, color_scheme=scheme)
    small = phone.new_page()
    small.goto(server.url + "essays/support-the-movie/")
    small.locator(".md-header label[for=__drawer]").click()
    assert small.locator(".md-sidebar--primary").get_by_role("link", name="Prompts").first.is_visible()
    small.keyboard.press("Escape")
    small.goto(server.url + "essays/support-the-movie/")
    shot(small, f"essay-phone-{scheme}")
    context.close()
    phone.close()


PA11Y = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "pa11y"


@pytest.mark.parametrize("url", ["", "essays/this-is-my-jam/", "prompts/what-keeps-you-going/",
                                 "authors/sarah-wetzel/", "search/?q=support"])
def test_pa11y_htmlcs_finds_no_wcag2aa_errors(server, tmp_path, url):
    _require(PA11Y.is_file(), f"pa11y not found at {PA11Y}: run make install-test")
    _require(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}")
    config = tmp_path / "pa11y.json"
    config.write_text(json.dumps({
        "chromeLaunchConfig": {"executablePath": CHROMIUM,
                               "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]},
        "runners": ["htmlcs"], "standard": "WCAG2AA", "timeout": 60000,
        "wait": 1000 if url.startswith("search/") else 0,
    }), encoding="utf-8")
    result = subprocess.run([str(PA11Y), "--config", str(config), "--reporter", "json", server.url + url],
                            capture_output=True, text=True, timeout=180,
                            env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    issues = json.loads(result.stdout or "[]")
    errors = [f"{i['code']}: {i['message']} at {i['selector']}" for i in issues if i["type"] == "error"]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0, result.stderr


def test_search_results_show_markup_from_an_essay_as_text(browser, tmp_path):
    # An essay may quote HTML in a code span; Pagefind's excerpt must show it, not build it,
    # even with the Content-Security-Policy set aside.
    project = Project(tmp_path / "anthology")
    project.write("essays/code-sample.md", "---\ntitle: Code sample\nauthor: sarah-wetzel\n"
                  "prompt: what-keeps-you-going\n---\n\nCustomers paste "
                  "`<img src=x onerror=\"window.__x=1\">` into zebrafruit tickets.\n")
    assert project.build(tmp_path / "site").returncode == 0
    served = SiteServer(tmp_path / "site")
    context = browser.new_context(bypass_csp=True)
    try:
        tab = context.new_page()
        tab.goto(served.url + "search/?q=zebrafruit")
        tab.locator(".pagefind-ui__result-link").first.wait_for()
        tab.wait_for_timeout(300)
        assert tab.evaluate("window.__x") is None
        assert tab.locator(".pagefind-ui__result img").count() == 0
        assert '<img src=x onerror="window.__x=1">' in tab.locator(".pagefind-ui__result-excerpt").first.inner_text()
    finally:
        context.close()
        served.stop()


# A sentence as a reader pastes it (curly quotes, dashes, from the page) or types it (straight
# quotes, hyphens): the essay it comes from is the first result, among essays that share words.
PASTED = [
    ("this-is-my-jam", "For me that’s problem solving; problem solving is my jam."),
    ("this-is-my-jam", "For me that's problem solving; problem solving is my jam."),
    ("this-is-my-jam", "“problem solving is my jam”"),
    ("this-is-my-jam", '"problem solving is my jam"'),
    ("how-i-discovered-my-fascination-for-support", "It’s not that you don’t know anything about it – you’ve been"),
    ("how-i-discovered-my-fascination-for-support", "It's not that you don't know anything about it - you've been"),
    ("how-i-discovered-my-fascination-for-support", "It's not that you don't know anything about it -- you've been"),
]


@pytest.mark.parametrize("slug, sentence", PASTED)
def test_search_finds_a_pasted_sentence_whatever_its_quotes_and_dashes(page, catalog, slug, sentence):
    # Pagefind finds pages holding every word, so the sentence narrows the five essays, which
    # share most of its words, to the one it comes from.
    results = search(page, sentence)
    assert results.first.get_attribute("href").endswith(f"essays/{slug}/")


def test_search_finds_a_word_from_another_script_inside_an_english_essay(browser, tmp_path):
    project = Project(tmp_path / "anthology")
    for slug, words in (("tea", "Our customers in Shanghai call it 客户服务, and we learned the word 耐心 from them."),
                        ("patience", "Patience is what our customers in Osaka taught us: 辛抱 and お客様 first."),
                        ("coffee", "Customers everywhere need patience and a reply in their own words.")):
        project.write(f"essays/{slug}.md", "---\ntitle: " + slug.title() + "\nauthor: sarah-wetzel\n"
                      "prompt: what-keeps-you-going\n---\n\n" + words + "\n")
    assert project.build(tmp_path / "site").returncode == 0
    served = SiteServer(tmp_path / "site")
    context = browser.new_context()
    try:
        tab = context.new_page()
        for query, slug in (("耐心", "tea"), ("客户服务", "tea"), ("お客様", "patience"), ("辛抱", "patience")):
            tab.goto(served.url + "search/?q=" + query)
            results = tab.locator(".pagefind-ui__result-link")
            results.first.wait_for()
            assert [results.nth(i).get_attribute("href") for i in range(results.count())] == [f"/essays/{slug}/"], query
    finally:
        context.close()
        served.stop()


# --- the reading page (issue 28) ---------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# An essay as hard on the top of the page as the rules allow: tags, an editors' title of the
# most characters a title may have, no date, an author whose name is not given, and a prompt in
# the editors' words; one titled in Chinese as it is written (each character full-width); and a
# second essay by the same author.
LONGEST_TITLE = ("What nobody tells you about the first year on a support team: the tickets that stay "
                 "with you, the customers who write back, the colleagues who listen, and why we still answer "
                 "every single one of them!")
assert len(LONGEST_TITLE) == 200  # schema.MAX_TITLE
CHINESE_TITLE = "我为什么留在客户支持：从第一张工单到第一千张工单，耐心、倾听和解决问题的喜悦，以及那些写信回来感谢我们的客户" * 2
EDGE_ESSAYS = {
    "the-longest-title": f"---\ntitle: \"{LONGEST_TITLE}\"\ntitle_by_editors: true\nauthor: woocommerce-woo-ninja\n"
                         "prompt: how-you-came-to-support\ntags: [career path, respect, motivation, learning]\n---\n\n"
                         "The first words of the essay, which a reader should meet without scrolling.\n",
    "chinese-title": f"---\ntitle: {CHINESE_TITLE[:100]}\nauthor: woocommerce-woo-ninja\nprompt: how-you-came-to-support\n"
                     "date: 2017-06-09\n---\n\n我们每天都在回答问题，但真正让我留下来的是客户的一句谢谢。\n",
}


@pytest.fixture(scope="module")
def edge_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("edge")
    project = Project(folder / "anthology")
    for slug, text in EDGE_ESSAYS.items():
        project.write(f"essays/{slug}.md", text)
    result = project.build(folder / "site")
    assert result.returncode == 0, result.stderr
    served = SiteServer(folder / "site")
    yield served
    served.stop()


REAL_ESSAYS = sorted(SEED_ESSAYS.values())
EDGE = sorted(EDGE_ESSAYS)


def essay_address(request, slug: str) -> str:
    server = request.getfixturevalue("edge_server" if slug in EDGE_ESSAYS else "server")
    return f"{server.url}essays/{slug}/"


def reading_tab(browser, viewport, scheme="light"):
    return browser.new_context(viewport=viewport, is_mobile=viewport is PHONE, color_scheme=scheme)


FIRST_WORDS_TOP = """() => {
  const header = document.querySelector('[data-pagefind-body] > header');
  return header.nextElementSibling.getBoundingClientRect().top;
}"""


@pytest.mark.parametrize("slug", REAL_ESSAYS + EDGE)
def test_an_essays_own_words_start_in_the_top_45_percent_of_a_phone(request, browser, slug):
    context = reading_tab(browser, PHONE)
    tab = context.new_page()
    tab.goto(essay_address(request, slug))
    top = tab.evaluate(FIRST_WORDS_TOP)
    context.close()
    assert 0 < top <= 0.45 * PHONE["height"], f"the essay's first words start {top:.0f} px down"


# The contrast of an element's text with the background behind it, as WCAG 2 computes it.
CONTRAST = """(selector) => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const element = document.querySelector(selector);
  let bg = null;
  for (let el = element; el && !bg; el = el.parentElement) {
    const c = parse(getComputedStyle(el).backgroundColor);
    if (c.a > 0) bg = c;
  }
  bg = bg || {r: 255, g: 255, b: 255, a: 1};
  const fg = parse(getComputedStyle(element).color);
  const mixed = ['r', 'g', 'b'].map(k => fg[k] * fg.a + bg[k] * (1 - fg.a));
  const lum = rgb => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                       return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]); };
  const [light, dark] = [lum(mixed), lum([bg.r, bg.g, bg.b])].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("slug", ["support-the-movie", "the-longest-title"])
def test_the_title_reads_clearly_in_light_and_dark(request, browser, slug, scheme):
    context = reading_tab(browser, DESKTOP, scheme)
    tab = context.new_page()
    tab.goto(essay_address(request, slug))
    ratio = tab.evaluate(CONTRAST, "article h1")
    weight = int(tab.evaluate("getComputedStyle(document.querySelector('article h1')).fontWeight"))
    context.close()
    # WCAG AA asks 3:1 of large text and 4.5:1 of the rest: the title meets the stricter one.
    assert ratio >= 4.5, f"{ratio:.2f}:1"
    assert weight >= 600  # not Material's thin grey heading


@pytest.mark.parametrize("slug", REAL_ESSAYS + EDGE)
def test_on_a_desktop_the_byline_is_one_line_of_essentials(request, browser, catalog, slug):
    context = reading_tab(browser, DESKTOP)
    tab = context.new_page()
    tab.goto(essay_address(request, slug))
    byline = tab.locator(".swa-byline")
    lines = tab.evaluate("""() => { const b = document.querySelector('.swa-byline');
        return b.getBoundingClientRect().height / parseFloat(getComputedStyle(b).lineHeight); }""")
    text = " ".join(byline.inner_text().split())
    context.close()
    assert round(lines) == 1, f"{lines:.1f} lines: {text}"
    assert re.fullmatch(r"By .+ · Written for .+ · .+ · \d+ min read", text), text
    assert not any(word in text for word in ("unknown", "not known", "not given", "editors")), text


def test_about_this_essay_says_once_what_is_not_known(browser, edge_server):
    context = reading_tab(browser, DESKTOP)
    tab = context.new_page()
    tab.goto(edge_server.url + "essays/the-longest-title/")
    about = tab.get_by_role("region", name="About this essay")
    said = " ".join(about.inner_text().split())
    page_text = " ".join(tab.locator("article").inner_text().split())
    for sentence in ("Where and when this essay was first published is not known.",
                     "The author gave this essay no title; the editors chose this one.",
                     "The author’s name is not given",
                     "the challenge’s original wording of this prompt is not known"):
        assert sentence in said
        assert page_text.count(sentence) == 1, sentence
    # The note comes after the essay's text; its tags are there too, not above the title.
    assert tab.evaluate("""() => {
        const text = document.querySelector('[data-pagefind-body] > p');
        const note = document.querySelector('.swa-essay-footer');
        return !!(text.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    assert about.get_by_role("link", name="motivation").is_visible()
    assert tab.locator(".swa-essay-header .md-tag").count() == 0
    # Cards on the prompt's page: the editors' title marked briefly, and nothing else.
    tab.goto(edge_server.url + "prompts/how-you-came-to-support/")
    card = tab.locator(".swa-card", has=tab.get_by_role("link", name=LONGEST_TITLE))
    assert " ".join(card.inner_text().split()).count("· title by the editors") == 1
    assert not any(word in card.inner_text() for word in ("unknown", "not known", "not given"))
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_essay_is_set_in_a_system_serif_at_a_comfortable_measure(browser, server, scheme):
    context = reading_tab(browser, DESKTOP, scheme)
    tab = context.new_page()
    fonts = []
    tab.on("request", lambda r: r.resource_type == "font" and fonts.append(r.url))
    tab.goto(server.url + "essays/this-is-my-jam/", wait_until="networkidle")
    assert 60 <= _characters_per_line(tab) <= 75
    family = tab.evaluate("getComputedStyle(document.querySelector('[data-pagefind-body] > p')).fontFamily")
    context.close()
    assert family.rstrip().endswith("serif") and "sans-serif" not in family, family
    assert fonts == []  # the system's own fonts: no bytes to download


def test_an_essay_ends_with_the_next_and_previous_on_its_prompt_and_more_by_its_author(page, catalog, browser, edge_server):
    prompt = next(p for p in catalog["prompts"] if len(p["essay_ids"]) >= 2)
    first, second = [next(e for e in catalog["essays"] if e["id"] == i) for i in prompt["essay_ids"][:2]]
    page.goto(page.base + first["url"])
    assert page.locator("nav.swa-prompt-pager a[rel=prev]").count() == 0  # the first on its prompt
    page.get_by_role("link", name=re.compile("^Next on this prompt")).click()
    page.wait_for_url(f"**/{second['url']}")
    assert second["title"] in page.locator("h1").inner_text()
    page.get_by_role("link", name=re.compile("^Previous on this prompt")).click()
    page.wait_for_url(f"**/{first['url']}")
    # The author's other essays, after the text.
    tab = browser.new_page()
    tab.goto(edge_server.url + "essays/chinese-title/")
    more = tab.get_by_role("complementary", name=re.compile("^More by A WooCommerce support engineer"))
    more.get_by_role("link", name=LONGEST_TITLE).click()
    tab.wait_for_url("**/essays/the-longest-title/")
    tab.close()


@pytest.mark.parametrize("path", ["missing", "essays/no-such-essay/", "a/b/c/missing", "prompts/x/y/z.html"])
def test_a_missing_page_at_any_depth_says_so_and_leads_on(page, path):
    response = page.goto(page.base + path)
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert "There is no page at this address" in article(page).inner_text()
    # The site's own header and styles, whatever the depth.
    assert page.locator("header.md-header").get_by_role("link", name="Support Writing Anthology").first.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.swa-not-found-search')).display") == "flex"
    for name, landing in (("The anthology’s home page", page.base), ("All prompts", page.base + "prompts/"),
                          ("All authors", page.base + "authors/")):
        page.goto(page.base + path)
        article(page).get_by_role("link", name=name).click()
        page.wait_for_url(landing)
    page.goto(page.base + path)
    article(page).get_by_role("searchbox", name="Search the essays").fill("jam")
    article(page).get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/?q=jam")
    page.locator(".pagefind-ui__result-link").first.wait_for()


# --- every kind of page, to look at (test-artifacts/screenshots/) ----------------------------------

KINDS_OF_PAGE = {
    "home": "", "challenge": "challenges/spring-2017/", "prompt": "prompts/what-keeps-you-going/",
    "essay": "essays/this-is-my-jam/", "author": "authors/sarah-wetzel/", "tag": "tags/motivation/",
    "list-challenges": "challenges/", "list-prompts": "prompts/", "list-essays": "essays/",
    "list-authors": "authors/", "list-tags": "tags/", "search": "search/?q=support", "print": "print/",
    "contribute": "contribute/", "guide": "contribute/guide/", "about": "about/", "404": "no/such/page/",
}
LONGEST_SHOT = 6000  # px: the printable edition runs far longer; its start shows how it looks


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_every_kind_of_page_fits_the_screen_and_is_photographed(browser, server, device, scheme):
    viewport = PHONE if device == "phone" else DESKTOP
    context = reading_tab(browser, viewport, scheme)
    tab = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wider = {}
    for kind, url in KINDS_OF_PAGE.items():
        tab.goto(server.url + url)
        if url.startswith("search/"):
            tab.locator(".pagefind-ui__result-link").first.wait_for()
        assert tab.locator("h1").first.is_visible(), kind
        # Nothing sideways: a page as wide as the screen, whatever scrolls inside it (tables, code).
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            wider[kind] = width
        height = min(tab.evaluate("document.documentElement.scrollHeight"), LONGEST_SHOT)
        tab.screenshot(path=str(SCREENSHOTS / f"{kind}-{device}-{scheme}.png"), full_page=True,
                       clip={"x": 0, "y": 0, "width": viewport["width"], "height": height})
    context.close()
    assert wider == {}, wider


def test_a_missing_page_under_a_project_address_leads_on(browser, tmp_path):
    # A project site on GitHub Pages lives under /<repository>/ (site_url says so): the 404 page
    # then links and loads its styles from there, at any depth.
    import shutil

    project = Project(tmp_path / "anthology")
    served_root = tmp_path / "pages"
    site = served_root / "anthology"
    result = project.build(site, ANTHOLOGY_SITE_URL="https://example.github.io/anthology/")
    assert result.returncode == 0, result.stderr
    shutil.copy(site / "404.html", served_root / "404.html")  # what GitHub Pages answers with
    served = SiteServer(served_root)
    context = browser.new_context()
    try:
        tab = context.new_page()
        for path in ("anthology/missing", "anthology/essays/a/b/c/"):
            assert tab.goto(served.url + path).status == 404
            assert tab.evaluate("getComputedStyle(document.querySelector('.swa-not-found-search')).display") == "flex"
            article(tab).get_by_role("link", name="All prompts").click()
            tab.wait_for_url(served.url + "anthology/prompts/")
            assert tab.locator("h1").inner_text() == "Prompts"
    finally:
        context.close()
        served.stop()


def _essay(slug: str, title: str, text: str) -> tuple[str, str]:
    return f"essays/{slug}.md", (f"---\ntitle: {title}\nauthor: sarah-wetzel\nprompt: what-keeps-you-going\n"
                                 f"---\n\n{text}\n")


def _found(tab, base: str, query: str) -> list[str]:
    """The addresses of the results for `query`, typed into the search page as a reader types it."""
    tab.goto(base + "search/")
    box = tab.locator(".pagefind-ui__search-input")
    box.fill(query)
    tab.locator(".pagefind-ui__message").filter(has_text=re.compile("result")).wait_for()
    tab.wait_for_timeout(200)  # the merged indexes answer too
    return tab.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")


@pytest.fixture(scope="module")
def pasted_site(browser, tmp_path_factory):
    """Essays as they are written: Chinese and Japanese without spaces between words, English
    with spaced dashes, hyphens, notes and headings."""
    folder = tmp_path_factory.mktemp("pasted")
    project = Project(folder / "anthology")
    for path, content in (
        _essay("kefu", "客服的耐心", "客服工作让我学会了耐心。每天早上我打开工单，先读完客户的每一句话，再回答。"),
        _essay("sapoto", "サポートの朝", "サポートの仕事で、私はお客様の話を最後まで聞くことを学びました。"
                                        "毎朝、問い合わせを一つずつ読みます。"),
        _essay("found-me", "Found", "I never planned a career in customer support — it found me, the way a stray "
                                    "cat finds a porch.\n\n## Why I stay\n\nBecause of the people[^1] I answer "
                                    "every morning.\n\n[^1]: Mostly zebrafruit growers."),
        _essay("team", "Team", "We run a customer-support team of four, and every one of us came from somewhere "
                               "else."),
        _essay("control", "Control", "Support found me a team of four; it was a customer who taught me that "
                                     "every career finds its porch and its patience."),
    ):
        project.write(path, content)
    assert project.build(folder / "site").returncode == 0
    served = SiteServer(folder / "site")
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base = served.url
    yield tab
    context.close()
    served.stop()


@pytest.mark.parametrize("query, slug", [
    ("耐心", "kefu"), ("工单", "kefu"), ("学会了耐心", "kefu"), ("“学会了耐心”", "kefu"),
    ("お客様", "sapoto"), ("問い合わせ", "sapoto"), ("「最後まで聞く」", "sapoto"),
    ("porch patience", "control"),  # the English essays are searched as before
])
def test_search_finds_a_word_inside_chinese_or_japanese_written_without_spaces(pasted_site, query, slug):
    assert _found(pasted_site, pasted_site.base, query) == [f"/essays/{slug}/"]


@pytest.mark.parametrize("query", ['"客服工作"', "“客服工作”", "客服工作"])
def test_a_chinese_phrase_the_browser_splits_otherwise_is_found_first(pasted_site, query):
    # The browser splits 客服 into 客|服, Pagefind's dictionary keeps it whole: as a phrase it
    # would match nothing; as words, the essay holding them together comes first.
    assert _found(pasted_site, pasted_site.base, query)[0] == "/essays/kefu/"


def test_an_essay_in_chinese_says_so_on_its_page(pasted_site):
    pasted_site.goto(pasted_site.base + "essays/kefu/")
    assert pasted_site.locator("[data-pagefind-body]").get_attribute("lang") == "zh"
    pasted_site.goto(pasted_site.base + "essays/found-me/")
    assert pasted_site.locator("[data-pagefind-body]").get_attribute("lang") is None


@pytest.mark.parametrize("query, slug", [
    ("“customer support — it found me”", "found-me"),  # pasted from the page, curly quotes
    ('"customer support — it found me"', "found-me"),
    ('"customer support - it found me"', "found-me"),  # typed: a hyphen for the dash
    ('"customer support -- it found me"', "found-me"),
    ("“a customer-support team”", "team"),
    ('"a customer-support team"', "team"),
    ("‘a customer—support team’", "team"),
])
def test_search_finds_a_quoted_phrase_that_spans_a_dash(pasted_site, query, slug):
    assert _found(pasted_site, pasted_site.base, query) == [f"/essays/{slug}/"]


def test_a_quoted_phrase_is_a_phrase_and_its_excerpt_as_written(pasted_site):
    # Unquoted, the words are found anywhere: the control essay holds them all, not the phrase.
    assert "/essays/control/" in _found(pasted_site, pasted_site.base, "customer support it found me")
    _found(pasted_site, pasted_site.base, "“customer support — it found me”")
    excerpt = pasted_site.locator(".pagefind-ui__result-excerpt").first
    assert "customer support — it found me," in excerpt.inner_text()
    assert excerpt.locator("mark").all_inner_texts() == ["customer", "support", "it", "found", "me,"]


@pytest.mark.parametrize("query", ["stay", "zebrafruit", "people"])
def test_excerpts_hold_the_essays_words_only(pasted_site, query):
    _found(pasted_site, pasted_site.base, query)
    excerpt = pasted_site.locator(".pagefind-ui__result-excerpt").first.inner_text()
    for furniture in ("¶", "↩", "Written for", "min read", "words)", "people1"):
        assert furniture not in excerpt, excerpt
    assert query in excerpt


@pytest.mark.no_csp
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_on_a_phone_looks_like_the_theme(browser, server, scheme):
    _require(AXE.is_file(), f"axe-core not found at {AXE}: run make install-test")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, color_scheme=scheme,
                                  bypass_csp=True)
    tab = context.new_page()
    tab.goto(server.url + "search/?q=support")
    first = tab.locator(".pagefind-ui__result-link").first
    first.wait_for()
    tab.locator(".pagefind-ui__filter-name").last.wait_for()  # the filters come with Pagefind's index
    # The results sit close under the box, the filters' toggles between them, once Pagefind's UI
    # has settled (it draws the results, then the filters, then their closed state).
    gap = ("() => document.querySelector('.pagefind-ui__result-link').getBoundingClientRect().top"
           " - document.querySelector('.pagefind-ui__search-input').getBoundingClientRect().bottom")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        tab.wait_for_function(f"({gap})() < 200", timeout=5_000)
    assert tab.evaluate(gap) < 200
    shot(tab, f"search-phone-{scheme}")
    tab.locator(".pagefind-ui__filter-name", has_text="prompt").click()
    tab.locator(".pagefind-ui__filter-block[open] .pagefind-ui__filter-checkbox").first.check()
    tab.wait_for_timeout(300)
    shot(tab, f"search-phone-filters-{scheme}")
    look = tab.evaluate("""() => {
      const summary = document.querySelector('.pagefind-ui__filter-name');
      const after = getComputedStyle(summary, '::after');
      const box = getComputedStyle(document.querySelector('.pagefind-ui__filter-checkbox'));
      const mark = document.querySelector('.pagefind-ui__result-excerpt mark');
      const probe = document.createElement('mark');
      document.querySelector('article').appendChild(probe);  // the theme's own <mark>
      const theme = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return {chevron: after.maskImage || after.webkitMaskImage, border: after.borderLeftStyle,
              appearance: box.appearance, accent: box.accentColor,
              themeAccent: getComputedStyle(document.body).getPropertyValue('--md-accent-fg-color').trim(),
              mark: getComputedStyle(mark).backgroundColor, themeMark: theme};
    }""")
    assert "svg" in look["chevron"] and look["border"] == "none", look  # Material's chevron, not a tick
    assert look["appearance"] != "none" and look["accent"] != "auto", look  # a checkbox, ticked in the accent
    assert look["mark"] == look["themeMark"], look
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    # Highlights, filters and results showing: no contrast problem at all, nothing else serious.
    found = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
             if v["id"] == "color-contrast" or v["impact"] in ("serious", "critical")]
    assert found == []
    context.close()
