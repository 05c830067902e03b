// Sortable tables: a click (or Enter/Space) on a column heading of a table inside
// .cb-table-wrap sorts its rows by that column; a second click reverses the order.
// No dependencies, no inline handlers (works under a strict Content Security Policy).
(function () {
  "use strict";
  function cellText(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.dataset.sort || cell.textContent.trim(); // data-sort: a machine value (a date) where the text is a range
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    var collator = new Intl.Collator(document.documentElement.lang || "en", { numeric: true, sensitivity: "base" });
    rows.sort(function (a, b) {
      var result = collator.compare(cellText(a, index), cellText(b, index));
      return ascending ? result : -result;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function setUp() {
    document.querySelectorAll(".cb-table-wrap table").forEach(function (table) {
      if (!table.tHead || table.dataset.cbSortable) return;
      table.dataset.cbSortable = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "cb-sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, th); });
      });
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
