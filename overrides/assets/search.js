// Start Pagefind's UI on the search page and run the query from ?q= (the header's form).
(function () {
  var element = document.getElementById("swa-search");
  if (!element || typeof PagefindUI === "undefined") return;
  // Result URLs are site-relative; the site may live under a sub-path (e.g. GitHub Pages).
  var base = new URL(element.dataset.base || ".", window.location.href).pathname;
  var ui = new PagefindUI({
    element: "#swa-search",
    baseUrl: base,
    bundlePath: base + "pagefind/",
    showSubResults: false,
    showImages: false,
    autofocus: true,
    translations: { placeholder: "Search essays" },
  });
  // Pagefind's input has only a title; name it by the page's visible heading (axe: label).
  var input = element.querySelector(".pagefind-ui__search-input");
  if (input) input.setAttribute("aria-labelledby", "swa-search-title");
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
    var header = document.getElementById("swa-search-input");
    if (header) header.value = query;
  }
})();
