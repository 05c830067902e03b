// "Cite this precedent": the copy button, full permanent addresses, and a ¶ link beside
// every citable passage. Progressive enhancement: without JavaScript the citation and
// the anchors are all in the page; the button stays hidden. No inline script or
// handler, no eval, nothing fetched (works under a strict Content Security Policy).
//
// The theme's instant navigation swaps a page's content without loading it again, also
// when a link points into the same page (the skip link, the table of contents, a ¶
// mark): everything here runs on every page view (Material's document$), and marks what
// it has done so that it never does it twice.
(function () {
  "use strict";
  var PASSAGE = /^(summary|headnote|event|lesson|source|unconfirmed)-\d+(-\d+)?$/;
  var COPIED = "Citation copied.";
  var NOT_COPIED = "Your browser did not allow copying: select the citation above and copy it.";

  // The page's full address: where the site's address was configured at build time the
  // permanent link already is one; otherwise it is a path, and the browser knows where
  // the page is.
  function fullAddress(link) {
    var written = link.textContent.trim();
    if (/^https?:/.test(written)) return written;
    var address = new URL(link.getAttribute("href") || "./", location.href);
    address.hash = "";
    address.search = "";
    return address.href;
  }

  function absolutePermalinks() {
    document.querySelectorAll("a.cb-permalink").forEach(function (link) {
      var address = fullAddress(link);
      if (link.textContent !== address) link.textContent = address;
    });
  }

  function plainText(element) {
    return element.textContent.replace(/\s+/g, " ").trim();
  }

  function copyWithSelection(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function say(button, message) {
    var status = button.parentNode.querySelector(".cb-copy-status");
    if (!status) return;
    // A live region announces a change: the same message twice is announced again
    // only if it changes in between.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
    button.setAttribute("data-cb-outcome", message);
  }

  function copy(button, source) {
    absolutePermalinks(); // the address in the text is the full one before it is copied
    var text = plainText(source);
    button.setAttribute("data-cb-copied", text);
    var fallback = function () {
      say(button, copyWithSelection(source) ? COPIED : NOT_COPIED);
    };
    try {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { say(button, COPIED); }, fallback);
      } else {
        fallback();
      }
    } catch (error) {
      fallback();
    }
  }

  function copyButtons() {
    document.querySelectorAll("button.cb-copy[data-cb-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-cb-copy"));
      if (!source || button.dataset.cbBound) return;
      button.dataset.cbBound = "1";
      button.hidden = false;
      button.addEventListener("click", function () { copy(button, source); });
    });
  }

  function passageLinks() {
    document.querySelectorAll(".cb-precedent [id]").forEach(function (element) {
      if (!/^(P|LI)$/.test(element.tagName) || !PASSAGE.test(element.id) || element.querySelector(".cb-paralink")) return;
      var link = document.createElement("a");
      link.className = "cb-paralink";
      link.href = "#" + element.id;
      link.title = "Link to this passage";
      link.setAttribute("aria-label", "Link to this passage (" + element.id + ")");
      link.textContent = "¶";
      // Not a tab stop of its own: forty of them stood between a keyboard and the rest of
      // the page. Pointers get it on hover (touch screens always show it), screen
      // readers read it as a link, and "Citing a passage" gives the anchors.
      link.tabIndex = -1;
      // A list item whose text is a paragraph gets the mark at the end of that paragraph.
      var host = element.tagName === "LI"
        ? element.querySelector(":scope > .cb-prose > p:last-of-type, :scope > p:last-of-type") || element
        : element;
      host.appendChild(document.createTextNode(" "));
      host.appendChild(link);
    });
  }

  function everyPageView() {
    absolutePermalinks();
    copyButtons();
    passageLinks();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(everyPageView); // the theme's instant navigation: once per page shown
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", everyPageView);
  } else {
    everyPageView();
  }
})();
