// Casebook search: Pagefind's JavaScript API behind the header box and the search page.
//
// - The header box shows the first results as you type; Enter opens the search page.
//   "/", "s" or "f" focuses it, as in the theme.
// - The search page has a query box, filters with live counts (labels from
//   assets/casebook-vocabularies.json, codes in the URL and the index), sorting, and
//   "show more". The query, filters and sort live in the address, so a search can be
//   shared, and the back button steps through changes.
// - Works under a sub-path (URLs are derived from the bundle's location), with the
//   theme's instant navigation (everything re-binds on each page), and under a strict
//   Content Security Policy (no inline code, no eval; Pagefind needs 'wasm-unsafe-eval').
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var TYPING_PAUSE = 150; // ms without a keystroke before the words typed so far are searched
  var HEADER_RESULTS = 5;
  var SORTS = { relevance: null, newest: { date: "desc" }, oldest: { date: "asc" } };
  var engines = {};
  var vocabularies = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Pagefind, loaded once per bundle and told where the site lives.
  function engine(bundle) {
    var url = new URL(bundle, location.href).href;
    if (!engines[url]) {
      engines[url] = import(url + "pagefind.js").then(function (pagefind) {
        var base = new URL("..", url).pathname;
        return pagefind.options({ baseUrl: base, excerptLength: 24 }).then(function () { return pagefind; });
      });
    }
    return engines[url];
  }

  function loadVocabularies(address) {
    var url = new URL(address, location.href).href;
    if (!vocabularies[url]) {
      vocabularies[url] = fetch(url).then(function (r) { return r.json(); }).catch(function () {
        return { order: [], titles: {}, labels: {} };
      });
    }
    return vocabularies[url];
  }

  // Pagefind's excerpt is page text with <mark> around hits; keep exactly that.
  function excerptNode(html) {
    var out = el("p", { class: "cb-result-excerpt" });
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === 3) out.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") out.appendChild(el("mark", {}, node.textContent));
      else out.appendChild(document.createTextNode(node.textContent || ""));
    });
    return out;
  }

  function editable(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // ---------------------------------------------------------------- header box

  function startHeader(form) {
    if (form.dataset.cbStarted) return;
    form.dataset.cbStarted = "1";
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector(".cb-header-search__results");
    var timer = null;
    var serial = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    async function suggest() {
      var query = input.value.trim();
      var mine = ++serial;
      if (!query) { close(); return; }
      var pagefind = await engine(form.dataset.bundle);
      var search = await pagefind.debouncedSearch(query, {}, 120);
      if (!search || mine !== serial) return;
      var data = await Promise.all(search.results.slice(0, HEADER_RESULTS).map(function (r) { return r.data(); }));
      if (mine !== serial) return;
      list.textContent = "";
      data.forEach(function (d, index) {
        var link = el("a", { href: d.url, class: "cb-suggestion", role: "option", id: "cb-suggestion-" + index, tabindex: "-1" });
        link.appendChild(el("span", { class: "cb-suggestion__title" }, d.meta.title || d.url));
        if (d.meta.facts) link.appendChild(el("span", { class: "cb-suggestion__facts" }, d.meta.facts));
        list.appendChild(link);
      });
      var all = el("a", { href: form.action + "?q=" + encodeURIComponent(query), class: "cb-suggestion cb-suggestion--all", role: "option", tabindex: "-1" },
        search.results.length ? "All " + search.results.length + " results" : "No results; open the search page");
      list.appendChild(all);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { suggest().catch(close); }, 60);
    });
    input.addEventListener("keydown", function (event) {
      var options = Array.prototype.slice.call(list.querySelectorAll("a"));
      if (event.key === "ArrowDown" && options.length && !list.hidden) {
        event.preventDefault();
        options[0].focus();
      } else if (event.key === "Escape") {
        close();
      }
    });
    list.addEventListener("keydown", function (event) {
      var options = Array.prototype.slice.call(list.querySelectorAll("a"));
      var index = options.indexOf(document.activeElement);
      if (event.key === "ArrowDown") { event.preventDefault(); (options[index + 1] || options[0]).focus(); }
      else if (event.key === "ArrowUp") { event.preventDefault(); if (index <= 0) input.focus(); else options[index - 1].focus(); }
      else if (event.key === "Escape") { event.preventDefault(); close(); input.focus(); }
    });
    form.addEventListener("focusout", function () {
      setTimeout(function () { if (!form.contains(document.activeElement)) close(); }, 0);
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || editable(event.target)) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      var input = document.getElementById("cb-header-q");
      if (input && input.offsetParent !== null) {
        event.preventDefault();
        input.focus();
        input.select();
      } else {
        var page = document.getElementById("cb-search-input");
        if (page) { event.preventDefault(); page.focus(); }
      }
    }
  });

  // ---------------------------------------------------------------- search page

  function readState(order) {
    var params = new URLSearchParams(location.search);
    var state = { q: params.get("q") || "", sort: params.get("sort") || "", filters: {} };
    if (!SORTS.hasOwnProperty(state.sort)) state.sort = "";
    order.forEach(function (key) {
      var values = params.getAll(key).filter(Boolean);
      if (values.length) state.filters[key] = values;
    });
    return state;
  }

  function stateUrl(state, order) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    order.forEach(function (key) { (state.filters[key] || []).forEach(function (v) { params.append(key, v); }); });
    if (state.sort) params.set("sort", state.sort);
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function activeFilterCount(state) {
    return Object.keys(state.filters).reduce(function (n, k) { return n + state.filters[k].length; }, 0);
  }

  async function startPage(root) {
    if (root.dataset.cbStarted) return;
    root.dataset.cbStarted = "1";
    var vocab = await loadVocabularies(root.dataset.vocabularies);
    var order = vocab.order || [];
    function label(key, value) { return (vocab.labels[key] && vocab.labels[key][value]) || value; }
    var browseTerm = root.dataset.browseTerm || "precedent";
    var pagefind = await engine(root.dataset.bundle);
    // Fetch the engine's WebAssembly and page list now, while the reader reads or types,
    // not on the first search.
    pagefind.init().then(function () { root.dataset.cbEngine = "1"; }, function () {});
    // Before any search, the filters show the build's counts over every precedent
    // (casebook-vocabularies.json). Pagefind counts filters for a search only once its
    // whole filter index is loaded, which at 10,000 precedents outweighs everything
    // else a first search needs; so it is fetched after the first results are shown
    // (see run), and until then the filters show no counts.
    var everyPage = vocab.totals || {};
    var counting = null;
    var drawn = 0; // the serial of the search whose results are on screen

    var form = el("form", { role: "search", class: "cb-search-form" });
    var input = el("input", { type: "search", id: "cb-search-input", name: "q", autocomplete: "off", spellcheck: "false", placeholder: "Words, a phrase in quotes, a case number" });
    var inputLabel = el("label", { for: "cb-search-input", class: "cb-visually-hidden" }, "Search precedents and guides");
    var sortLabel = el("label", { for: "cb-sort", class: "cb-sort-label" }, "Sort ");
    var sort = el("select", { id: "cb-sort", name: "sort" });
    [["", "Best match"], ["newest", "Newest first"], ["oldest", "Oldest first"]].forEach(function (o) {
      sort.appendChild(el("option", { value: o[0] }, o[1]));
    });
    sortLabel.appendChild(sort);
    var submit = el("button", { type: "submit", class: "md-button md-button--primary cb-search-submit" }, "Search");
    form.appendChild(inputLabel);
    form.appendChild(input);
    form.appendChild(submit);
    form.appendChild(sortLabel);

    var layout = el("div", { class: "cb-search-layout" });
    var pane = el("details", { class: "cb-filter-pane" });
    var paneSummary = el("summary", {}, "Filters");
    var paneBody = el("div", { class: "cb-filter-body" });
    pane.appendChild(paneSummary);
    pane.appendChild(paneBody);
    if (window.matchMedia("(min-width: 45em)").matches) pane.open = true;
    var main = el("div", { class: "cb-results" });
    var chips = el("div", { class: "cb-chips", role: "group", "aria-label": "Active filters" });
    var status = el("p", { class: "cb-count", role: "status", "aria-live": "polite" });
    var list = el("ol", { class: "cb-result-list" });
    var more = el("button", { type: "button", class: "md-button cb-more", hidden: "" }, "Show more results");
    main.appendChild(chips);
    main.appendChild(status);
    main.appendChild(list);
    main.appendChild(more);
    layout.appendChild(pane);
    layout.appendChild(main);
    root.textContent = "";
    root.appendChild(form);
    root.appendChild(layout);

    var state = readState(order);
    var results = [];
    var shown = 0;
    var serial = 0;
    var expanded = {};

    function sync() {
      input.value = state.q;
      sort.value = state.sort;
    }

    function commit(push) {
      var url = stateUrl(state, order);
      if (url !== location.pathname + location.search) {
        if (push) history.pushState({ cbSearch: true }, "", url);
        else history.replaceState({ cbSearch: true }, "", url);
      }
      return run();
    }

    // One search at a time, and only the latest: Pagefind's engine runs searches one
    // after another, and a search for words on most of 10,000 pages takes seconds, so
    // searching every few letters while a reader types would queue them up. A search
    // asked for while another runs waits for it; if a newer one is asked for meanwhile,
    // the waiting one is dropped (its caller gets null).
    var running = false;
    var waiting = null;
    function latest(term, options) {
      return new Promise(function (resolve) {
        if (waiting) waiting.resolve(null);
        waiting = { term: term, options: options, resolve: resolve };
        next();
      });
    }
    function next() {
      if (running || !waiting) return;
      var job = waiting;
      waiting = null;
      running = true;
      pagefind.search(job.term, job.options).then(job.resolve, function () { job.resolve({ failed: true }); }).then(function () {
        running = false;
        next();
      });
    }

    // What Pagefind is asked for the current state: null when nothing is asked yet.
    function question() {
      var filters = {};
      Object.keys(state.filters).forEach(function (key) {
        if (state.filters[key].length) filters[key] = { any: state.filters[key] };
      });
      var browsing = !state.q;
      if (browsing && !activeFilterCount(state)) return null;
      var sortBy = SORTS[state.sort || (browsing ? "newest" : "relevance")];
      var options = { filters: filters };
      if (sortBy) options.sort = sortBy;
      // Browsing by filters alone searches for a word every precedent page holds (its
      // "Precedent id" line) rather than for nothing: Pagefind answers a search for
      // nothing by fetching every chunk of its word index (megabytes at 10,000 pages),
      // a search for one word by fetching that word's chunk. Only precedents carry
      // filters, so the results are the same.
      return { term: state.q || browseTerm, options: options };
    }

    async function run() {
      var mine = ++serial;
      var asked = question();
      if (!asked) {
        // Nothing asked yet: show the build's counts over every precedent and search
        // nothing. (An empty search would make Pagefind fetch every chunk of its word index.)
        renderFilters(everyPage, everyPage);
        renderChips();
        list.textContent = "";
        shown = 0;
        results = [];
        status.textContent = "Type words or a phrase, or choose filters to list matching precedents.";
        more.hidden = true;
        root.dataset.cbRendered = location.search;
        drawn = mine;
        return;
      }
      var search = await latest(asked.term, asked.options);
      if (mine !== serial || !search) return;
      if (search.failed) {
        list.textContent = "";
        results = [];
        more.hidden = true;
        status.textContent = "The search failed. Reload the page and try again.";
        return;
      }
      if (counting === "done") {
        renderFilters(search.filters || {}, search.totalFilters || {});
        root.dataset.cbCounted = location.search;
      } else {
        renderFilters(null, everyPage);
      }
      renderChips();
      list.textContent = "";
      shown = 0;
      results = search.results;
      var n = results.length;
      status.textContent = n === 0 ? "No results. Try fewer words or fewer filters." : n + (n === 1 ? " result" : " results");
      await showMore(mine);
      if (mine !== serial) return;
      root.dataset.cbRendered = location.search; // for tests and tools: what is on screen
      drawn = mine;
      if (counting === null) {
        counting = "loading";
        try {
          await pagefind.filters();
        } catch (error) {
          counting = null; // the next search tries again; the filters keep working without counts
          return;
        }
        counting = "done";
        await recount();
      }
    }

    // Once the filter index is loaded: the counts for whatever is on screen now.
    async function recount() {
      var mine = serial;
      // A newer search still on its way draws its own counts (counting is done now);
      // asking here would take its place in the queue (see latest).
      if (drawn !== mine) return;
      var asked = question();
      if (!asked) return; // the build's counts are already shown
      var counted = await latest(asked.term, asked.options); // the chunks are loaded already
      if (mine === serial && counted) {
        renderFilters(counted.filters || {}, counted.totalFilters || {});
        root.dataset.cbCounted = location.search; // for tests and tools: the counts match the address
      }
    }

    async function showMore(mine) {
      var slice = results.slice(shown, shown + PAGE_SIZE);
      var data = await Promise.all(slice.map(function (r) { return r.data(); }));
      if (mine !== serial) return;
      data.forEach(function (d) {
        var item = el("li", { class: "cb-result" });
        var heading = el("h2", { class: "cb-result-heading" });
        heading.appendChild(el("a", { href: d.url, class: "cb-result-title" }, d.meta.title || d.url));
        item.appendChild(heading);
        if (d.meta.facts) item.appendChild(el("p", { class: "cb-result-facts" }, d.meta.facts));
        // Browsing by filters alone: the summary says more than the page's first words.
        if (!state.q && d.meta.summary) item.appendChild(el("p", { class: "cb-result-excerpt" }, d.meta.summary));
        else item.appendChild(excerptNode(d.excerpt || ""));
        list.appendChild(item);
      });
      shown += slice.length;
      more.hidden = shown >= results.length;
    }

    function renderChips() {
      chips.textContent = "";
      order.forEach(function (key) {
        (state.filters[key] || []).forEach(function (value) {
          var chip = el("button", { type: "button", class: "cb-chip", "aria-label": "Remove filter " + vocab.titles[key] + ": " + label(key, value) });
          chip.appendChild(el("span", {}, vocab.titles[key] + ": " + label(key, value)));
          chip.appendChild(el("span", { "aria-hidden": "true", class: "cb-chip__x" }, " ×"));
          chip.addEventListener("click", function () { toggle(key, value, false); });
          chips.appendChild(chip);
        });
      });
      if (activeFilterCount(state) > 1) {
        var clear = el("button", { type: "button", class: "cb-chip cb-chip--clear" }, "Clear all filters");
        clear.addEventListener("click", function () { state.filters = {}; commit(true); });
        chips.appendChild(clear);
      }
      var count = activeFilterCount(state);
      paneSummary.textContent = count ? "Filters (" + count + " selected)" : "Filters";
    }

    function toggle(key, value, on) {
      var values = state.filters[key] || [];
      values = on ? values.concat([value]) : values.filter(function (v) { return v !== value; });
      if (values.length) state.filters[key] = values; else delete state.filters[key];
      commit(true);
    }

    function renderFilters(available, totals) {
      var focused = document.activeElement && document.activeElement.id;
      paneBody.textContent = "";
      order.forEach(function (key) {
        var values = Object.keys(totals[key] || {});
        (state.filters[key] || []).forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
        if (!values.length) return;
        var selected = state.filters[key] || [];
        var group = el("fieldset", { class: "cb-filter-group", "data-filter": key });
        group.appendChild(el("legend", {}, vocab.titles[key] || key));
        var counts = (available || totals)[key] || {};
        values.sort(function (a, b) {
          if (key === "year") return b.localeCompare(a);
          var ca = counts[a] || 0, cb = counts[b] || 0;
          return (cb - ca) || label(key, a).localeCompare(label(key, b));
        });
        var limit = expanded[key] ? values.length : 8;
        values.forEach(function (value, index) {
          var id = "cb-f-" + key + "-" + value;
          var row = el("div", { class: "cb-filter" });
          if (index >= limit && selected.indexOf(value) < 0) row.hidden = true;
          var box = el("input", { type: "checkbox", id: id, value: value });
          box.checked = selected.indexOf(value) >= 0;
          var count = available ? (available[key] || {})[value] || 0 : null; // null: not counted yet
          if (count === 0 && !box.checked) row.classList.add("cb-filter--empty");
          box.addEventListener("change", function () { toggle(key, value, box.checked); });
          var text = el("label", { for: id }, label(key, value) + (count === null ? "" : " "));
          if (count !== null) text.appendChild(el("span", { class: "cb-filter-count" }, "(" + count + ")"));
          row.appendChild(box);
          row.appendChild(text);
          group.appendChild(row);
        });
        if (values.length > limit) {
          var all = el("button", { type: "button", class: "cb-filter-more" }, "Show all " + values.length);
          all.addEventListener("click", function () { expanded[key] = true; run(); });
          group.appendChild(all);
        }
        paneBody.appendChild(group);
      });
      if (focused) {
        var again = document.getElementById(focused);
        if (again) again.focus();
      }
    }

    var typing = null;
    input.addEventListener("input", function () {
      // Fetch the index chunks for the words so far at once; the search itself waits
      // for a pause in typing.
      // (Not for a word of one or two letters, which would fetch most chunks.)
      var words = input.value.trim();
      if (/\S{3,}$/.test(words)) pagefind.preload(words).catch(function () {});
      clearTimeout(typing);
      typing = setTimeout(function () { state.q = input.value.trim(); commit(false); }, TYPING_PAUSE);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(typing);
      state.q = input.value.trim();
      commit(true);
    });
    sort.addEventListener("change", function () { state.sort = sort.value; commit(true); });
    more.addEventListener("click", function () { showMore(serial); });
    window.addEventListener("popstate", function () {
      if (!document.body.contains(root)) return;
      state = readState(order);
      sync();
      run();
    });
    sync();
    await run();
    root.dataset.cbReady = "1";
  }

  // ---------------------------------------------------------------- boot

  function boot() {
    document.querySelectorAll("form.cb-header-search").forEach(startHeader);
    var root = document.getElementById("cb-search");
    if (root) {
      startPage(root).catch(function (error) {
        root.appendChild(el("p", { class: "cb-error" }, "Search could not start: " + error.message));
      });
    }
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(boot); // the theme's instant navigation: once per page shown
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
