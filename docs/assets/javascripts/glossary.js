// Tooltips for glossary words and source numbers, made on demand.
//
// Glossary words are <abbr title="..."> (marked by the build: scripts/casebook/site/glossary.py);
// a source number is a footnote reference (sup > a.footnote-ref). The theme's own tooltip
// features (content.tooltips, content.footnote.tooltips) set up a component for every such
// element when a page loads: 160 on the Blue Notice/diffusion comparison, about 100 ms of a
// mid-range phone's main thread before the reader can scroll. Here nothing is set up per
// element: three listeners on the document, and one tooltip element, made the first time a
// reader points at, taps or focuses a word.
//
// - A glossary word shows its definition on hover and on tap; Escape, a second tap or leaving
//   closes it. Words are not tab stops (issue 22: thirty-four of them stood in the way on one
//   page); keyboard and screen-reader users get the definition from the word's title, which
//   Chromium exposes, and from the glossary page.
// - A source number shows its source on hover and on focus; a tap follows it to the source.
// - While a tooltip shows, the word's title moves into the tooltip (so the browser's own
//   tooltip does not show over it) and the word is described by the tooltip.
// No inline script or style attribute is written (the page runs under a strict Content
// Security Policy); the position is set through the style object, which the policy allows.
(function () {
  "use strict";
  var WORD = ".md-content abbr[title], .md-content abbr[data-cb-title]";
  var SOURCE = ".md-content a.footnote-ref";
  var tip = null;   // the one tooltip element, made on first use
  var shown = null; // the element whose tooltip shows

  function tooltip() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "cb-tooltip";
      tip.className = "cb-tooltip md-typeset";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("mouseleave", function (event) {
        if (shown && !shown.contains(event.relatedTarget)) hide();
      });
      document.body.appendChild(tip);
    }
    return tip;
  }

  function sourceText(link) {
    // link.hash, not the attribute: instant navigation writes same-site addresses out in full
    var note = link.hash ? document.getElementById(decodeURIComponent(link.hash.slice(1))) : null;
    if (!note) return "";
    var copy = note.cloneNode(true);
    copy.querySelectorAll(".footnote-backref").forEach(function (back) { back.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function target(node) {
    if (!node || !node.closest) return null;
    return node.closest(WORD) || node.closest(SOURCE);
  }

  function show(element) {
    if (shown === element) return;
    hide();
    var text;
    if (element.tagName === "ABBR") {
      text = element.getAttribute("title") || element.getAttribute("data-cb-title") || "";
      if (element.hasAttribute("title")) {
        element.setAttribute("data-cb-title", text);
        element.removeAttribute("title");
      }
    } else {
      text = sourceText(element);
    }
    if (!text) return;
    var box = tooltip();
    box.textContent = text;
    box.hidden = false;
    element.setAttribute("aria-describedby", box.id);
    shown = element;
    place(element, box);
  }

  function place(element, box) {
    var word = element.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    box.style.maxWidth = Math.min(320, width - 16) + "px";
    var size = box.getBoundingClientRect();
    var left = Math.max(8, Math.min(word.left + word.width / 2 - size.width / 2, width - size.width - 8));
    var below = word.bottom + 6;
    var top = below + size.height > window.innerHeight && word.top - size.height - 6 > 0 ? word.top - size.height - 6 : below;
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function hide() {
    if (!shown) return;
    var element = shown;
    shown = null;
    element.removeAttribute("aria-describedby");
    element.removeAttribute("data-cb-open");
    if (element.hasAttribute("data-cb-title")) {
      element.setAttribute("title", element.getAttribute("data-cb-title"));
      element.removeAttribute("data-cb-title");
    }
    if (tip) tip.hidden = true;
  }

  document.addEventListener("mouseover", function (event) {
    var element = target(event.target);
    if (element) show(element);
    else if (shown && !(tip && tip.contains(event.target))) hide();
  });
  document.addEventListener("focusin", function (event) {
    var element = target(event.target);
    if (element) show(element);
    else hide();
  });
  document.addEventListener("focusout", function (event) {
    if (shown && event.target === shown) hide();
  });
  document.addEventListener("click", function (event) {
    var element = target(event.target);
    if (element && element.tagName === "ABBR") {
      // a tap: the first shows the definition, a second on the same word closes it
      if (shown === element && element.getAttribute("data-cb-open") === "1") {
        element.removeAttribute("data-cb-open");
        hide();
      } else {
        show(element);
        element.setAttribute("data-cb-open", "1");
      }
    } else if (!(tip && tip.contains(event.target))) {
      hide();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  window.addEventListener("scroll", function () {
    if (shown && tip && !tip.hidden) place(shown, tip);
  }, { passive: true });

  // With instant navigation the theme swaps pages without reloading: close a tooltip left open.
  if (typeof document$ !== "undefined") document$.subscribe(hide);
})();
