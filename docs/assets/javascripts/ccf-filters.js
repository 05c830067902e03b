// Filters of the CCF decisions table (ccf-decisions/): boxes ticked in one group show
// the excerpts with any of them, ticked in different groups the excerpts with all. Each
// row carries its codes (data-type, data-decision, data-tag, space-separated); the
// address keeps the ticks (?type=red-notice&decision=not-compliant&tag=...), so a
// filtered table can be shared and opened again. The number beside an option is how
// many excerpts ticking it would show. Without JavaScript the form stays hidden and the
// whole table is shown. No dependencies, no inline handlers (strict CSP).
(function () {
  "use strict";
  var GROUPS = ["type", "decision", "tag"];

  function codes(row, group) {
    var value = row.getAttribute("data-" + group) || "";
    return value ? value.split(" ") : [];
  }

  function matches(row, ticked, except) {
    return GROUPS.every(function (group) {
      if (group === except || !ticked[group].length) return true;
      var have = codes(row, group);
      return ticked[group].some(function (code) { return have.indexOf(code) >= 0; });
    });
  }

  function setUp() {
    var form = document.querySelector("form[data-cb-ccf-filters]");
    if (!form || form.dataset.cbReady) return;
    form.dataset.cbReady = "1";
    var table = document.querySelector(".cb-ccf-table");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var status = document.querySelector(".cb-ccf-status");
    var clear = form.querySelector(".cb-ccf-clear");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));

    function ticked() {
      var out = {};
      GROUPS.forEach(function (group) { out[group] = []; });
      boxes.forEach(function (box) { if (box.checked) out[box.name].push(box.value); });
      return out;
    }

    function apply(push) {
      var state = ticked();
      var shown = 0;
      rows.forEach(function (row) {
        var show = matches(row, state, null);
        row.hidden = !show;
        if (show) shown += 1;
      });
      // What ticking each option would show: rows matching the other groups' ticks, and
      // this group's ticks or this option.
      boxes.forEach(function (box) {
        var group = box.name;
        var count = rows.filter(function (row) {
          if (!matches(row, state, group)) return false;
          var have = codes(row, group);
          if (have.indexOf(box.value) >= 0) return true;
          return state[group].some(function (code) { return have.indexOf(code) >= 0; });
        }).length;
        var label = form.querySelector('[data-count-for="' + group + ":" + box.value + '"]');
        if (label) label.textContent = String(count);
      });
      var any = GROUPS.some(function (group) { return state[group].length; });
      clear.hidden = !any;
      var total = rows.length;
      // The words come from the page (data-shown, data-all), in its language.
      status.textContent = (any ? status.dataset.shown : status.dataset.all)
        .replace("{shown}", String(shown)).replace("{total}", String(total));
      var params = new URLSearchParams(location.search);
      GROUPS.forEach(function (group) {
        params.delete(group);
        if (state[group].length) params.set(group, state[group].join(","));
      });
      var query = params.toString();
      var url = location.pathname + (query ? "?" + query : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) {
        history[push ? "pushState" : "replaceState"](history.state, "", url);
      }
    }

    function read() {
      var params = new URLSearchParams(location.search);
      boxes.forEach(function (box) {
        var wanted = (params.get(box.name) || "").split(",");
        box.checked = wanted.indexOf(box.value) >= 0;
        if (box.checked) box.closest("details").open = true;
      });
    }

    form.hidden = false;
    read();
    apply(false);
    boxes.forEach(function (box) { box.addEventListener("change", function () { apply(true); }); });
    clear.addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      apply(true);
      boxes[0].focus();
    });
    window.addEventListener("popstate", function () {
      if (!document.body.contains(form)) return; // the theme's instant navigation left the page
      read();
      apply(false);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
