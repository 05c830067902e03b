// Glossary words are <abbr> elements (marked by the build: scripts/casebook/site/glossary.py). The theme shows
// their definition on hover, tap or focus; making them focusable lets keyboard users see it.
(function () {
  "use strict";
  function focusable() {
    document.querySelectorAll(".md-content abbr").forEach(function (word) {
      if (!word.hasAttribute("tabindex")) word.tabIndex = 0;
    });
  }
  // With instant navigation the theme swaps pages without reloading: run on each one.
  if (typeof document$ !== "undefined") document$.subscribe(focusable);
  else focusable();
})();
