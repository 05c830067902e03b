// Casebook search page: Pagefind's JavaScript API with filters shown by label.
// The query and filters live in the page address (?q=...&instrument=diffusion), so a
// search can be shared and the back button steps through changes.
(function () {
  "use strict";
  var FILTER_ORDER = ["requesting_state", "host_state", "instrument", "forum", "outcome", "legal_ground", "pattern", "year", "kind"];
  var FILTER_TITLES = {
    requesting_state: "Requesting state", host_state: "Host state", instrument: "Instrument", forum: "Forum",
    outcome: "Outcome", legal_ground: "Legal ground", pattern: "Misuse pattern", year: "Year", kind: "Kind of record"
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = { q: params.get("q") || "", filters: {} };
    FILTER_ORDER.forEach(function (key) {
      var values = params.getAll(key);
      if (values.length) state.filters[key] = values;
    });
    return state;
  }

  function writeState(state, push) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FILTER_ORDER.forEach(function (key) {
      (state.filters[key] || []).forEach(function (v) { params.append(key, v); });
    });
    var url = location.pathname + (params.toString() ? "?" + params.toString() : "");
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }

  async function start(root) {
    var bundle = new URL(root.dataset.bundle, location.href).href;
    var pagefind = await import(bundle + "pagefind.js");
    await pagefind.options({ excerptLength: 30 });
    var labels = {};
    try {
      labels = await (await fetch(new URL(root.dataset.vocabularies, location.href).href)).json();
    } catch (e) { labels = {}; }
    function label(key, value) { return (labels[key] && labels[key][value]) || value; }

    var form = el("form", { role: "search", class: "cb-search-form" });
    var input = el("input", { type: "search", id: "cb-search-input", "aria-label": "Search precedents", placeholder: "Search precedents", autocomplete: "off" });
    form.appendChild(input);
    var layout = el("div", { class: "cb-search-layout" });
    var pane = el("div", { class: "cb-filter-pane", "aria-label": "Filters" });
    var results = el("div", { class: "cb-results", "aria-live": "polite" });
    layout.appendChild(pane);
    layout.appendChild(results);
    root.appendChild(form);
    root.appendChild(layout);

    var state = readState();
    input.value = state.q;
    var timer = null;

    async function run() {
      var filters = {};
      Object.keys(state.filters).forEach(function (k) { if (state.filters[k].length) filters[k] = { any: state.filters[k] }; });
      var hasFilters = Object.keys(filters).length > 0;
      var search = await pagefind.search(state.q || null, { filters: filters });
      if (!search) return;
      renderFilters(search.filters || {}, search.totalFilters || {});
      results.textContent = "";
      if (!state.q && !hasFilters) {
        results.appendChild(el("p", { class: "cb-hint" }, "Type a word or a phrase, or choose filters to list matching precedents."));
        return;
      }
      var count = search.results.length;
      results.appendChild(el("p", { class: "cb-count" }, count + (count === 1 ? " result" : " results")));
      var list = el("ol", { class: "cb-result-list" });
      results.appendChild(list);
      var data = await Promise.all(search.results.slice(0, 50).map(function (r) { return r.data(); }));
      data.forEach(function (d) {
        var item = el("li", { class: "cb-result" });
        var link = el("a", { href: d.url, class: "cb-result-title" }, d.meta.title || d.url);
        item.appendChild(link);
        if (d.meta.facts) item.appendChild(el("p", { class: "cb-result-facts" }, d.meta.facts));
        var excerpt = el("p", { class: "cb-result-excerpt" });
        excerpt.innerHTML = d.excerpt; // Pagefind's excerpt: escaped page text with <mark> highlights
        item.appendChild(excerpt);
        list.appendChild(item);
      });
    }

    function renderFilters(available, totals) {
      pane.textContent = "";
      FILTER_ORDER.forEach(function (key) {
        var values = totals[key] || {};
        var names = Object.keys(values);
        if (!names.length) return;
        var group = el("fieldset", { class: "cb-filter-group", "data-filter": key });
        group.appendChild(el("legend", {}, FILTER_TITLES[key]));
        names.sort(function (a, b) {
          if (key === "year") return b.localeCompare(a);
          return (values[b] - values[a]) || label(key, a).localeCompare(label(key, b));
        });
        names.forEach(function (value) {
          var id = "cb-f-" + key + "-" + value;
          var row = el("div", { class: "cb-filter" });
          var box = el("input", { type: "checkbox", id: id, value: value });
          box.checked = (state.filters[key] || []).indexOf(value) >= 0;
          box.addEventListener("change", function () {
            var list = state.filters[key] || [];
            state.filters[key] = box.checked ? list.concat([value]) : list.filter(function (v) { return v !== value; });
            writeState(state, true);
            run();
          });
          var count = (available[key] && available[key][value]) || 0;
          var text = el("label", { for: id }, label(key, value) + " ");
          text.appendChild(el("span", { class: "cb-filter-count" }, "(" + count + ")"));
          row.appendChild(box);
          row.appendChild(text);
          group.appendChild(row);
        });
        pane.appendChild(group);
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = input.value.trim(); writeState(state, false); run(); }, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.q = input.value.trim();
      writeState(state, true);
      run();
    });
    window.addEventListener("popstate", function () { state = readState(); input.value = state.q; run(); });
    run();
  }

  function boot() {
    var root = document.getElementById("cb-search");
    if (root && !root.dataset.started) {
      root.dataset.started = "1";
      start(root).catch(function (error) {
        root.appendChild(el("p", { class: "cb-error" }, "Search could not start: " + error.message));
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
