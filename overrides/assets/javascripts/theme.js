// The little of Material's script bundle that the anthology uses, in its place: the bundle
// (114 KB) runs for a quarter of a second on a phone to mount components the site has none of
// (search dialog, tabs, tooltips, annotations, clipboard). Everything else in Material's pages
// works without script: the drawer and its sections are checkboxes, tables scroll in CSS.
// The classes this sets are kept in the cut stylesheets (anthology.outputs.stylesheets.SCRIPTED).
// Needs theme-base.js (__md_get, __md_set) and runs at the end of the body.
(function () {
  // The light/dark toggle: each option's label switches to the next one, as Material's does.
  var inputs = Array.prototype.slice.call(document.querySelectorAll("[data-md-component=palette] input"));
  function show(index) {
    inputs.forEach(function (input, i) {
      var label = input.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = i !== index;
    });
    inputs[index].checked = true;
  }
  function colour(input) {
    return {
      media: input.getAttribute("data-md-color-media"),
      scheme: input.getAttribute("data-md-color-scheme"),
      primary: input.getAttribute("data-md-color-primary"),
      accent: input.getAttribute("data-md-color-accent"),
    };
  }
  if (inputs.length) {
    var stored = __md_get("__palette");
    var current = stored && typeof stored.index === "number" ? stored.index
      : inputs.findIndex(function (input) { return matchMedia(input.getAttribute("data-md-color-media")).matches; });
    show(Math.max(0, Math.min(current, inputs.length - 1)));
    inputs.forEach(function (input, index) {
      input.addEventListener("change", function () {
        var palette = { index: index, color: colour(input) };
        Object.keys(palette.color).forEach(function (key) {
          document.body.setAttribute("data-md-color-" + key, palette.color[key]);
        });
        show(index);
        __md_set("__palette", palette);  // the reader's choice, kept for every page
      });
    });
  }

  // A code block or table wider than the screen scrolls: the keyboard can reach it to scroll it
  // (as Material's bundle did; axe: scrollable-region-focusable).
  function reachable() {
    document.querySelectorAll(".md-typeset pre > code, .md-typeset table:not([class])").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth) el.setAttribute("tabindex", "0");
      else el.removeAttribute("tabindex");
    });
  }
  reachable();
  window.addEventListener("resize", reachable, { passive: true });

  // The header: its shadow once the page is scrolled, and the page's title in place of the
  // site's once the page's heading has gone under it (as Material's does).
  var header = document.querySelector("[data-md-component=header]");
  var title = document.querySelector("[data-md-component=header-title]");
  var headline = document.querySelector(".md-content h1");
  if (title && headline && "IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      var box = entries[0].boundingClientRect;
      title.classList.toggle("md-header__title--active", box.bottom <= (header ? header.offsetHeight : 0));
    }, { threshold: [0, 1], rootMargin: "-48px 0px 0px 0px" }).observe(headline);
  }

  // The table of contents marks the section being read, and those before it (as Material's
  // does). A page may show its table twice (the drawer's and the sidebar's): one heading each.
  var links = Array.prototype.slice.call(document.querySelectorAll("[data-md-component=toc] a.md-nav__link[href^='#']"));
  var headings = [];
  var targets = links.map(function (link) {
    var heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (heading && headings.indexOf(heading) < 0) headings.push(heading);
    return headings.indexOf(heading);
  });
  function follow() {
    var line = (header ? header.offsetHeight : 0) + 1, current = -1;
    headings.forEach(function (heading, i) {
      if (heading.getBoundingClientRect().top <= line) current = i;
    });
    if (window.scrollY > 0 && window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 1) {
      current = headings.length - 1;  // the page's end: its last section is the one being read
    }
    links.forEach(function (link, i) {
      var at = targets[i];
      link.classList.toggle("md-nav__link--active", at >= 0 && at === current);
      link.classList.toggle("md-nav__link--passed", at >= 0 && at < current);
    });
  }

  // Back to top (navigation.top): shown while the reader scrolls up, far enough down the page.
  var top = document.querySelector("[data-md-component=top]");
  var last = window.scrollY;
  function scrolled() {
    var y = window.scrollY;
    if (header) header.classList.toggle("md-header--shadow", y > 0);
    if (top) top.hidden = !(y < last && y > 400);
    if (links.length) follow();
    last = y;
  }
  if (header) header.classList.toggle("md-header--shadow", last > 0);
  if (links.length && last > 0) follow();
  window.addEventListener("scroll", scrolled, { passive: true });
  if (top) {
    top.addEventListener("click", function () {
      top.hidden = true;
      window.scrollTo({ top: 0 });
    });
  }
})();
