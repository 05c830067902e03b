// The language switch in the header (written by the build, scripts/casebook/site/finish.py):
// a link per other language to the same page in it. This script keeps the reader's place:
// the link gets the page's query and hash, so a search opens with the same words and
// filters (their codes are the same in every language), and a passage's anchor stays.
// The theme's instant navigation replaces the page without reloading it, so the links are
// brought up to date on each page it shows (its document$ observable), from the page's
// own <link rel="alternate" hreflang> tags; and a click on one leaves the theme's instant
// navigation out, since another language is another build of the theme.
(function () {
  "use strict";

  function alternate(code) {
    var link = document.querySelector('head link[rel="alternate"][hreflang="' + code + '"]');
    return link ? link.href : null;
  }

  function withPlace(href) {
    var url = new URL(href, location.href);
    url.search = location.search;
    url.hash = location.hash;
    return url.href;
  }

  function update() {
    var links = document.querySelectorAll("a[data-cb-language]");
    for (var i = 0; i < links.length; i++) {
      var href = alternate(links[i].getAttribute("data-cb-language"));
      if (href) links[i].setAttribute("href", withPlace(href));
    }
  }

  // Capture: before the theme's handlers on the body see the click.
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target instanceof Element ? event.target.closest("a[data-cb-language]") : null;
      if (!link) return;
      update(); // the query or hash may have changed since the page was shown (a search)
      event.stopPropagation();
    },
    true
  );
  // A middle click or a copied link takes the address as it is: keep it current on focus too.
  document.addEventListener("focusin", function (event) {
    if (event.target instanceof Element && event.target.matches("a[data-cb-language]")) update();
  });
  document.addEventListener("pointerover", function (event) {
    if (event.target instanceof Element && event.target.closest("a[data-cb-language]")) update();
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
