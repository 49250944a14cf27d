// The little of Material's script bundle that the anthology uses, in its place: the bundle
// (114 KB) runs for a quarter of a second on a phone to mount components the site has none of
// (search dialog, tabs, tooltips, annotations, clipboard). Everything else in Material's pages
// works without script: the drawer and its sections are checkboxes, tables scroll in CSS.
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

  // Back to top (navigation.top): shown while the reader scrolls up, far enough down the page.
  var top = document.querySelector("[data-md-component=top]");
  if (top) {
    var last = window.scrollY;
    window.addEventListener("scroll", function () {
      var y = window.scrollY;
      top.hidden = !(y < last && y > 400);
      last = y;
    }, { passive: true });
    top.addEventListener("click", function () {
      top.hidden = true;
      window.scrollTo({ top: 0 });
    });
  }
})();
