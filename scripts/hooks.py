"""MkDocs hooks: wire the anthology into `mkdocs build` and `mkdocs serve`.

Only event wiring lives here. Loading and checking is `anthology.catalog`, the generated
pages are `anthology.pages` (rendered beside the essays by a forked copy of the build:
`anthology.forked`), the public catalog `anthology.export`, the feeds `anthology.feeds`, the
search index `anthology.search`, sanitising `anthology.sanitize`, page folders made ahead
`anthology.folders`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup
# MkDocs' own page builder, for the pages a forked copy renders: private, but MkDocs is pinned,
# and a test checks that the forked build writes the same site, byte for byte.
from mkdocs.commands.build import _build_page
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from anthology import catalog as catalog_mod
from anthology.export import catalog_json
from anthology.feeds import write_feeds
from anthology.folders import PageFolders
from anthology.forked import ForkedPages, can_fork
from anthology.pages import contributor_guide, prompts_nav, virtual_pages
from anthology.printing import namespaced
from anthology.problems import AnthologyError
from anthology.sanitize import clean_html, clean_text
from anthology.search import SearchIndexer, SearchIndexError, indexed_document

log = logging.getLogger("mkdocs.hooks.anthology")

# Essays are finished (cleaned, indexed) in batches rather than one by one as MkDocs renders
# them: 1,000 essays built 4-7% faster (three runs of alternating builds, medians: 5.10 -> 4.83,
# 5.72 -> 5.35 and 6.37 -> 6.09 s) — likely because each step runs 50 times in a row with its code
# still in the CPU's caches, and Pagefind's sender thread wakes once a batch, not once an essay.
ESSAY_BATCH = 50

# One build at a time per process (mkdocs serve rebuilds in sequence), so module state is
# the simplest way to carry the catalog from one event to the next.
_state: dict = {}


def on_startup(command, dirty):
    _state["command"] = command  # the generated pages render in a forked copy only for a build
    _state["dirty"] = dirty


def on_config(config):
    if not config.repo_url:
        # No repository address outside the deploy workflow: no "edit this page" links then,
        # rather than links to an address we would have to invent.
        config.edit_uri = None
    project = Path(config.config_file_path or ".").resolve().parent
    sources = catalog_mod.Sources(
        docs_dir=Path(config.docs_dir),
        shown_root=project,
        use_directory_urls=config.use_directory_urls,
    )
    try:
        catalog = catalog_mod.load_catalog(sources)
    except AnthologyError as err:
        raise PluginError(str(err)) from None
    _state["catalog"] = catalog
    pages = virtual_pages(catalog)
    guide = project / "CONTRIBUTING.md"
    if guide.is_file():
        pages.append(contributor_guide(guide.read_text(encoding="utf-8")))
    _state["pages"] = {page.src_uri: page for page in pages}
    config.nav = _expand_nav(config.nav, prompts_nav(catalog))
    return config


def _expand_nav(nav, prompts):
    """Replace the `prompts/index.md` entry of mkdocs.yml's nav with the whole section."""
    expanded = []
    for item in nav or []:
        if isinstance(item, dict) and list(item.values()) == ["prompts/index.md"]:
            item = {next(iter(item)): prompts}
        expanded.append(item)
    return expanded


def on_files(files, config):
    # Essays' indexed parts are rendered before MkDocs makes its template environment
    # (on_page_content comes first), so from an environment of our own, set up the same way.
    env = _tidy(config.theme.get_env())
    _state["env"] = env
    _state["essay_body"] = env.get_template("partials/essay-body.html")
    _state["essay_bodies"] = {}
    _state["waiting"] = []  # essays rendered from Markdown, not yet finished: (essay, page, html)
    for page in _state["pages"].values():
        files.append(File.generated(config, page.src_uri, content=page.markdown(),
                                    inclusion=InclusionLevel.INCLUDED))
    if _state.get("dirty"):
        # `--dirty` reads and renders only the pages whose source is newer than their output.
        # Every page here depends on the essays (lists, the printable edition, the search
        # index), so every page counts as changed: the site stays whole.
        for file in files.documentation_pages():
            file.is_modified = _changed
    # Essays last (MkDocs reads and renders pages in this order): every other page has been
    # read when the first essay is, so that a forked copy can render the generated pages
    # meanwhile (on_page_read_source).
    essays = _state["catalog"].by_src_uri
    return Files(sorted(files, key=lambda file: file.src_uri in essays))


def _changed():
    return True


def on_page_read_source(page, config):
    essay = _state["catalog"].by_src_uri.get(page.file.src_uri)
    if essay is not None:
        if "forked" not in _state:
            _render_generated_pages_elsewhere(config)
        # The catalog has read and parsed the file already: MkDocs need not do it again (it
        # took 0.2 s of a build of 1,000 essays). The front matter goes back in on_page_markdown;
        # the empty one here stops MkDocs from reading a first "Word: ..." line as metadata.
        return "---\n{}\n---\n" + essay.markdown
    return None


def on_page_markdown(markdown, page, config, files):
    essay = _state["catalog"].by_src_uri.get(page.file.src_uri)
    if essay is not None:
        page.meta = dict(essay.front_matter)
        # Material reads these for <meta name=description/author> and the template choice.
        page.meta["template"] = "essay.html"
        page.meta["author"] = essay.author.display_name
        page.meta["description"] = essay.description
    return markdown


def on_page_content(html, page, config, files):
    _toc_as_text(page.toc)
    essay = _state["catalog"].by_src_uri.get(page.file.src_uri)
    if essay is None:
        # Every page's content is sanitised, not only essays': CONTRIBUTING.md is published too.
        return Markup(clean_html(html))
    if len(_state["waiting"]) >= ESSAY_BATCH:
        _finish_essays(config)
    # This essay waits for the next batch (finished before MkDocs can set this page's content
    # to what is returned here): until then its content is empty, never the unsanitised HTML.
    _state["waiting"].append((essay, page, html))
    return ""


def _finish_essays(config):
    """The waiting essays, as one batch: each one's HTML is cleaned and becomes its page's
    content, and its indexed part is rendered now, rather than with its page, and sent to
    the search index (see anthology.search)."""
    waiting = _state["waiting"]
    cleaned = [Markup(clean_html(html)) for _, _, html in waiting]
    for (essay, page, _), html in zip(waiting, cleaned):
        page.content = html
        body = _state["essay_body"].render(essay=essay, content=html, page=page, config=config,
                                           base_url=get_relative_url(".", page.url))
        _state["essay_bodies"][page.file.src_uri] = Markup(body)
        try:
            _index(body, page, config)
        except SearchIndexError as err:
            raise PluginError(f"search index, at {page.file.src_uri}: {err}") from None
    waiting.clear()


def _toc_as_text(items):
    # Python-Markdown gives each heading's text as escaped HTML: marked safe once its tags are
    # gone, so that the autoescaping templates do not escape it twice.
    for item in items:
        item.title = Markup(clean_text(item.title))
        _toc_as_text(item.children)


def _index(body, page, config):
    if "indexer" not in _state:
        _state["indexer"] = SearchIndexer()
    indexer = _state["indexer"]
    indexer.add(indexed_document(body, config.theme["language"]), page.url)
    if indexer.added == len(_state["catalog"].essays):
        indexer.start_writing(Path(config.site_dir))


def on_page_context(context, page, config, nav):
    src_uri = page.file.src_uri
    essay = _state["catalog"].by_src_uri.get(src_uri)
    if essay is not None:
        context["essay"] = essay
        context["essay_body"] = _state["essay_bodies"][src_uri]
        # Previous/next within the prompt: Material's footer and <link rel=prev/next> use these.
        page.previous_page = _page_of(essay.previous)
        page.next_page = _page_of(essay.next)
        if essay.original_url:
            # The original publication is the canonical address; restored in on_post_page
            # so that nothing built later (the sitemap) lists the other site's address.
            _state["canonical"] = page.canonical_url
            page.canonical_url = essay.original_url
    virtual = _state["pages"].get(src_uri)
    if virtual is not None:
        context.update(virtual.context)
    if src_uri == "print.md":
        # Every essay page has been rendered by now (MkDocs renders all Markdown first).
        context["essay_html"] = {
            essay.id: Markup(namespaced(_page_of(essay).content, essay.id)) for essay in _state["catalog"].essays
        }
    # Some HTML is rendered once per build and reused on every page in the same folder
    # (`once` in overrides/partials/anthology.html: Material's page-independent blocks, the
    # nav, header, footer and essay cards): MkDocs makes links relative, and from essays/a/ and
    # essays/b/ a link to any page outside essays/a/ and essays/b/ reads the same. From
    # authors/x/ it does not, hence the folder; nor from the home page, hence the depth.
    context["render_cache"] = _state["render_cache"]
    context["url_folder"] = f"{page.url.rstrip('/').rpartition('/')[0]}|{page.url.count('/')}"
    # Pages outside the nav share one nav; a page in it shows itself as the current one.
    context["nav_cache_key"] = None if src_uri in _state["nav_pages"] else f"nav:{context['url_folder']}"
    return context


def on_post_page(output, page, config):
    if "canonical" in _state:
        page.canonical_url = _state.pop("canonical")
    return output


def _page_of(essay):
    if essay is None:
        return None
    return _state["files"].get_file_from_path(essay.src_uri).page


def on_nav(nav, config, files):
    _state["files"] = files
    # The site folder is clean by now; the pages are rendered and written after this.
    _state["folders"] = PageFolders(file.abs_dest_path for file in files.documentation_pages())
    _state["nav"] = nav
    _state["nav_pages"] = {page.file.src_uri for page in nav.pages}
    _state["render_cache"] = {}
    _state.pop("forked", None)  # (mkdocs serve builds again in the same process)
    return nav


def on_env(env, config, files):
    _finish_essays(config)  # every page has been read: no essay may stay unfinished
    return _tidy(env)


def _render_generated_pages_elsewhere(config):
    """As the first essay is read: a forked copy of this process renders the generated pages
    (anthology.forked), and writes the feeds and the public catalog, while this one reads and
    renders the essays. Every other page has been read by now (essays come last: on_files),
    nothing those pages show comes from an essay's Markdown, and no thread but this one runs
    yet (Pagefind's start with the first batch)."""
    pages = [_state["files"].get_file_from_path(src_uri).page
             for src_uri, virtual in _state["pages"].items() if not virtual.shows_essay_html]
    _state["forked"] = None
    if not can_fork(_state.get("command"), pages):
        return
    # MkDocs' own template environment is made after the essays are read (on_env); this one
    # is set up the same way (on_files), and there are no plugins to change MkDocs' one.
    env, doc_files = _state["env"], _state["files"].documentation_pages()
    forked = ForkedPages(pages, lambda page: _build_page(page, config, doc_files, _state["nav"], env,
                                                          _state["dirty"]),
                         then=lambda: _write_catalog_files(config))
    _state["forked"] = forked
    log.debug(f"{len(pages)} generated pages are rendered by a forked copy of the build")
    # Here their template renders nothing, and MkDocs writes no file for an empty page.
    nothing = env.from_string("")
    for page in pages:
        page.meta["template"] = nothing


def _tidy(env):
    # Everything from essays and registries is text: every template escapes every value, and
    # only HTML the build made safe (sanitised content, its own partials) is Markup.
    env.autoescape = True
    # Material's templates are indented for reading; dropping the indentation of template
    # lines (never of the essay HTML, which is inserted as a value) saves bytes on every page.
    env.trim_blocks = True
    env.lstrip_blocks = True
    return env


def on_post_build(config):
    _state.pop("folders").wait()
    forked = _state.pop("forked", None)
    if forked is None:
        _write_catalog_files(config)
    elif error := forked.finish():
        raise PluginError(f"the generated pages (authors, prompts, tags, indexes) or feeds failed: {error}")
    _finish_search(config)


def _write_catalog_files(config):
    """The public catalog and the feeds: made from the catalog alone."""
    site = Path(config.site_dir)
    (site / "anthology.json").write_text(catalog_json(_state["catalog"]), encoding="utf-8")
    # Feed readers need absolute links: the deploy workflow sets site_url; a local build
    # without it links from the site root.
    write_feeds(_state["catalog"], site, config.site_url or "/", config.site_name)


def _finish_search(config):
    indexer = _state.pop("indexer", None)
    if indexer is None:
        return
    try:
        indexed = indexer.finish(Path(config.site_dir))
    except SearchIndexError as err:
        raise PluginError(str(err)) from None
    expected = len(_state["catalog"].essays)
    if indexed != expected:
        raise PluginError(f"search indexed {indexed} of {expected} essays: is data-pagefind-body "
                          "missing from overrides/partials/essay-body.html?")
    log.info(f"Search: indexed {indexed} essays")


def on_build_error(error):
    forked = _state.pop("forked", None)
    if forked is not None:
        forked.close()
    folders = _state.pop("folders", None)
    if folders is not None:
        folders.wait()
    indexer = _state.pop("indexer", None)
    if indexer is not None:
        indexer.close()
