// "Cite this precedent": the copy button, full permanent addresses, and a ¶ link beside
// every citable passage. Progressive enhancement: without JavaScript the citation and
// the anchors are all in the page; the button stays hidden. No inline script or
// handler, no eval, nothing fetched (works under a strict Content Security Policy).
(function () {
  "use strict";
  var PASSAGE = /^(summary|headnote|event|lesson|source|unconfirmed)-\d+(-\d+)?$/;

  // Where the site's address was not configured at build time, a permanent link is
  // written as a path; the browser knows the full address, so show that.
  function absolutePermalinks() {
    document.querySelectorAll("a.cb-permalink").forEach(function (link) {
      if (!/^https?:/.test(link.textContent.trim())) link.textContent = link.href;
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
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    return done;
  }

  function say(button, message) {
    var status = button.parentNode.querySelector(".cb-copy-status");
    if (status) status.textContent = message;
  }

  function copyButtons() {
    document.querySelectorAll("button.cb-copy[data-cb-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-cb-copy"));
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = plainText(source);
        button.setAttribute("data-cb-copied", text);
        var fallback = function () {
          say(button, copyWithSelection(source) ? "Citation copied." : "Select the citation above and copy it.");
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { say(button, "Citation copied."); }, fallback);
        } else {
          fallback();
        }
      });
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
      // A list item whose text is a paragraph gets the mark at the end of that paragraph.
      var host = element.tagName === "LI"
        ? element.querySelector(":scope > .cb-prose > p:last-of-type, :scope > p:last-of-type") || element
        : element;
      host.appendChild(document.createTextNode(" "));
      host.appendChild(link);
    });
  }

  absolutePermalinks();
  copyButtons();
  passageLinks();
})();
