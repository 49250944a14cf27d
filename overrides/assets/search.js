// Start Pagefind's UI on the search page and run the query from ?q= (the header's form).
// Pagefind's script loads beside the page (async); reading it, drawing the box and searching are
// three tasks, so that none holds a phone's main thread for long.
(function () {
  var element = document.getElementById("swa-search");
  var script = document.getElementById("swa-pagefind-ui");
  if (!element) return;
  if (typeof PagefindUI !== "undefined") setTimeout(start);
  else if (script) script.addEventListener("load", function () { setTimeout(start); });

  function start() {
    // Result URLs are site-relative; the site may live under a sub-path (e.g. GitHub Pages).
    var base = new URL(element.dataset.base || ".", window.location.href).pathname;
    // The space before a spaced dash, as the index holds it (anthology.outputs.search_index.GLUE).
    var GLUE = "\ufdd0";

    // Chinese and Japanese characters (Han, kana).
    var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

    // Pagefind searches for a phrase only when straight double quotes hold the whole query: a
    // reader pastes curly ones (“…”, „…“, «…», ‘…’, 「…」), and a minus sign for a dash. A phrase
    // in Chinese or Japanese is searched as its words: Pagefind splits the essay into words with
    // its dictionary and the query with the browser's, and where the two part ("客服" or "客|服")
    // a phrase would match nothing, while its words are still found.
    function asPagefindQuery(term) {
      var query = term.replace(/[\u201c\u201d\u201e\u201f\u00ab\u00bb\u301d\u301e\u301f\uff02]/g, '"')
        .replace(/\u2212/g, "-");
      var quoted = /^\s*[\u2018\u201a\u300c\u300e](.+)[\u2019\u300d\u300f]\s*$/.exec(query);
      if (quoted) query = '"' + quoted[1] + '"';
      return CJK.test(query) ? query.replace(/^\s*"(.+)"\s*$/, "$1") : query;
    }

    // The space back before each dash; a highlight ends at the word, not at the dash glued to it.
    function asWritten(text) {
      if (typeof text !== "string") return text;
      return text.replace(new RegExp(GLUE + "([^<\\s]*)</mark>", "g"), "</mark> $1").split(GLUE).join(" ");
    }

    // An essay in Chinese or Japanese is indexed in its language, where Pagefind splits its words; the
    // page's own language opens one index, so the others are merged in. The bundle is the same:
    // Pagefind skips an index whose path starts like its own, so it is named by its full address.
    var bundle = new URL(base + "pagefind/", window.location.href).href;
    var merged = (element.dataset.languages || "").split(" ").filter(Boolean).map(function (language) {
      return { bundlePath: bundle, baseUrl: base, language: language };
    });

    var ui = new PagefindUI({
      element: "#swa-search",
      baseUrl: base,
      bundlePath: base + "pagefind/",
      mergeIndex: merged,
      showSubResults: false,
      showImages: false,
      processTerm: asPagefindQuery,
      processResult: function (result) {
        result.excerpt = asWritten(result.excerpt);
        if (result.meta) result.meta.title = asWritten(result.meta.title);
        return result;
      },
      translations: { placeholder: "Search essays" },
    });
    // Pagefind's input has only a title; name it by the page's visible heading (axe: label).
    var input = element.querySelector(".pagefind-ui__search-input");
    if (input) input.setAttribute("aria-labelledby", "swa-search-title");
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      setTimeout(function () { ui.triggerSearch(query); });
      var header = document.getElementById("swa-search-input");
      if (header) header.value = query;
    }
    // The reader can type at once (Pagefind's autofocus, but in a task of its own: focusing
    // lays the page out).
    if (input) setTimeout(function () { input.focus({ preventScroll: true }); });
  }
})();
