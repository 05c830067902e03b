// Casebook search: Pagefind's JavaScript API behind the header box and the search page.
//
// - The header box shows the first results as you type; Enter opens the search page.
//   "/", "s" or "f" focuses it, as in the theme.
// - The search page has a query box, filters with counts of what ticking would give
//   (labels from assets/casebook-vocabularies.json, codes in the URL and the index),
//   an order that says what it is, precedents apart from guides and explanations and
//   from the CCF's published decision excerpts (ccf-decisions/, a list of their own),
//   skip links to the results and the filters, and "show more". The query, filters,
//   order and choice of list live in the address, so a search can be shared, and the
//   back button steps through changes.
// - Works under a sub-path (URLs are derived from the bundle's location), with the
//   theme's instant navigation (everything re-binds on each page), and under a strict
//   Content Security Policy (no inline code, no eval; Pagefind needs 'wasm-unsafe-eval').
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var TYPING_PAUSE = 150; // ms without a keystroke before the words typed so far are searched
  var HEADER_RESULTS = 5;
  var SORTS = { relevance: null, newest: { date: "desc" }, oldest: { date: "asc" } };
  var CCF_KIND = "ccf-decision"; // the page kind of a CCF decision excerpt's page
  var LISTS = ["pages", "ccf"]; // besides the precedents (""): what state.show can name
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
      }).then(function (vocab) {
        words = vocab.strings || {};
        pluralForms = vocab.plurals || {};
        return vocab;
      });
    }
    return vocabularies[url];
  }

  // The page's language's words (casebook-vocabularies.json, made by the build from the
  // catalogue: render.py, SEARCH_STRINGS): T("...") a string, P(n, one, many) the form for
  // n by the language's plural rules (CLDR's categories, which the browser knows).
  var words = {};
  var pluralForms = {};
  var pluralRules = null;
  function T(text, values) {
    var out = words[text] || text;
    for (var key in values || {}) out = out.split("{" + key + "}").join(values[key]);
    return out;
  }
  function P(n, one, many) {
    var forms = pluralForms[one];
    var out = n === 1 ? one : many;
    if (forms) {
      if (!pluralRules) pluralRules = new Intl.PluralRules(document.documentElement.lang || "en");
      out = forms[pluralRules.select(n)] || forms.other || out;
    }
    return out.split("{n}").join(String(n));
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
      if (form.dataset.vocabularies) await loadVocabularies(form.dataset.vocabularies);
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
        search.results.length ? P(search.results.length, "All {n} result", "All {n} results") : T("No results; open the search page"));
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

  var ORDER_WORDS = { relevance: "best match first", newest: "newest first", oldest: "oldest first" };

  function readState(order) {
    var params = new URLSearchParams(location.search);
    var state = { q: params.get("q") || "", sort: params.get("sort") || "", show: params.get("show") || "", filters: {} };
    if (!SORTS.hasOwnProperty(state.sort)) state.sort = "";
    if (LISTS.indexOf(state.show) < 0) state.show = "";
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
    if (state.show && state.q) params.set("show", state.show);
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function activeFilterCount(state) {
    return Object.keys(state.filters).reduce(function (n, k) { return n + state.filters[k].length; }, 0);
  }

  function plural(n, one, many) { return P(n, "{n} " + one, "{n} " + many); }

  // A link within the search page: moves focus itself, so that neither the browser's
  // scrolling to an anchor nor the theme's instant navigation (which draws the page again
  // for a link into the same page) takes the reader's place.
  function jump(link, target) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      target().focus();
    });
  }

  async function startPage(root) {
    if (root.dataset.cbStarted) return;
    root.dataset.cbStarted = "1";
    var vocab = await loadVocabularies(root.dataset.vocabularies);
    var order = vocab.order || [];
    var kinds = vocab.page_kinds || { precedent: "Precedent" };
    var otherKinds = Object.keys(kinds).filter(function (k) { return k !== "precedent" && k !== CCF_KIND; });
    function label(key, value) { return (vocab.labels[key] && vocab.labels[key][value]) || value; }
    var browseTerm = root.dataset.browseTerm || "precedent";
    // The index is the site's, one for every language (the header's form knows where it
    // is from this page's edition: ../pagefind/ under /ru/); Pagefind searches the part of
    // it in the page's <html lang>.
    var header = document.querySelector("form.cb-header-search[data-bundle]");
    var pagefind = await engine(header ? header.dataset.bundle : root.dataset.bundle);
    // Fetch the engine's WebAssembly and page list now, while the reader reads or types,
    // not on the first search.
    pagefind.init().then(function () { root.dataset.cbEngine = "1"; }, function () {});
    // Before any search, the filters show the build's counts over every precedent
    // (casebook-vocabularies.json), which are what ticking would give. Pagefind counts
    // filters for a search only once its whole filter index is loaded, which at 10,000
    // precedents outweighs everything else a first search needs; so it is fetched after
    // the first results are shown (see run), and until then the filters show no counts.
    var everyPage = vocab.totals || {};
    var counting = null;
    var drawn = 0; // the serial of the search whose results are on screen
    var focusResults = false; // a search was submitted: focus its results once drawn

    var form = el("form", { role: "search", class: "cb-search-form" });
    var input = el("input", { type: "search", id: "cb-search-input", name: "q", autocomplete: "off", spellcheck: "false", placeholder: T("Words, a phrase in quotes, a case number") });
    var inputLabel = el("label", { for: "cb-search-input", class: "cb-visually-hidden" }, T("Search precedents and guides"));
    var sortLabel = el("label", { for: "cb-sort", class: "cb-sort-label" }, T("Order") + " ");
    var sort = el("select", { id: "cb-sort", name: "sort" });
    sortLabel.appendChild(sort);
    var submit = el("button", { type: "submit", class: "md-button md-button--primary cb-search-submit" }, T("Search"));
    form.appendChild(inputLabel);
    form.appendChild(input);
    form.appendChild(submit);
    form.appendChild(sortLabel);

    // Skip links: past the filters to the results, and to the filters (shown on focus).
    var skips = el("nav", { class: "cb-skip-links", "aria-label": T("Search page") });
    var toResults = el("a", { href: "#cb-results-heading", class: "cb-skip-link" }, T("Skip to results"));
    var toFilters = el("a", { href: "#cb-filters-heading", class: "cb-skip-link" }, T("Skip to filters"));
    skips.appendChild(toResults);
    skips.appendChild(toFilters);

    var layout = el("div", { class: "cb-search-layout" });
    // Filters: a pane with a heading on a desktop; on a phone, behind a button that says
    // whether it is open (aria-expanded and a marker).
    var pane = el("section", { class: "cb-filter-pane", "aria-labelledby": "cb-filters-heading" });
    var paneHeading = el("h2", { id: "cb-filters-heading", class: "cb-filters-heading", tabindex: "-1" }, T("Filters"));
    var paneToggle = el("button", { type: "button", class: "cb-filter-toggle", "aria-expanded": "false", "aria-controls": "cb-filter-body" });
    paneToggle.appendChild(el("span", { class: "cb-filter-toggle__marker", "aria-hidden": "true" }));
    var paneToggleText = el("span", {}, T("Filters"));
    paneToggle.appendChild(paneToggleText);
    var paneBody = el("div", { id: "cb-filter-body", class: "cb-filter-body" });
    paneBody.appendChild(el("p", { class: "cb-filter-how" },
      T("Options ticked in one group: results with any of them. Ticked in different groups: results with all. The number beside an option is how many results ticking it would give.")));
    pane.appendChild(paneHeading);
    pane.appendChild(paneToggle);
    pane.appendChild(paneBody);
    function setOpen(open) {
      pane.classList.toggle("cb-open", open);
      paneToggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    paneToggle.addEventListener("click", function () { setOpen(!pane.classList.contains("cb-open")); });

    var main = el("section", { class: "cb-results", "aria-labelledby": "cb-results-heading" });
    // Precedents, guides and other pages, or CCF decision excerpts: a precedent search is
    // about cases, so the other pages the same words find are counted and one choice
    // away; the excerpts of the CCF decisions digest are a list of their own (a decision
    // number such as "No. 2 (2024)" or "2024-2" finds its excerpt there).
    var show = el("fieldset", { class: "cb-show" });
    show.appendChild(el("legend", { class: "cb-visually-hidden" }, T("Show")));
    var showPrecedents = el("input", { type: "radio", name: "cb-show", id: "cb-show-precedents", value: "" });
    var showPages = el("input", { type: "radio", name: "cb-show", id: "cb-show-pages", value: "pages" });
    var showCcf = el("input", { type: "radio", name: "cb-show", id: "cb-show-ccf", value: "ccf" });
    var showPrecedentsLabel = el("label", { for: "cb-show-precedents" }, T("Precedents"));
    var showPagesLabel = el("label", { for: "cb-show-pages" }, T("Guides and explanations"));
    var showCcfLabel = el("label", { for: "cb-show-ccf" }, T("CCF decisions"));
    [[showPrecedents, showPrecedentsLabel], [showPages, showPagesLabel], [showCcf, showCcfLabel]].forEach(function (pair) {
      var option = el("span", { class: "cb-show__option" });
      option.appendChild(pair[0]);
      option.appendChild(pair[1]);
      show.appendChild(option);
    });
    var heading = el("h2", { id: "cb-results-heading", class: "cb-count", tabindex: "-1" });
    var live = el("p", { class: "cb-visually-hidden cb-live", role: "status", "aria-live": "polite" });
    var chips = el("div", { class: "cb-chips", role: "group", "aria-label": T("Active filters") });
    var list = el("ol", { class: "cb-result-list" });
    var more = el("button", { type: "button", class: "md-button cb-more", hidden: "" }, T("Show more results"));
    main.appendChild(show);
    main.appendChild(heading);
    main.appendChild(live);
    main.appendChild(chips);
    main.appendChild(list);
    main.appendChild(more);
    layout.appendChild(pane);
    layout.appendChild(main);
    root.textContent = "";
    root.appendChild(form);
    root.appendChild(skips);
    root.appendChild(layout);

    jump(toResults, function () { return heading; });
    jump(toFilters, function () {
      if (paneToggle.offsetParent === null) return paneHeading; // desktop: the pane is open
      setOpen(true);
      return paneToggle;
    });

    var state = readState(order);
    var results = [];
    var shown = 0;
    var serial = 0;
    var expanded = {};

    // The order menu says what the order is: "best match" only where there are words to
    // match; filters alone list precedents newest first.
    function drawSort() {
      var browsing = !state.q;
      var options = browsing
        ? [["", T("Newest first")], ["oldest", T("Oldest first")]]
        : [["", T("Best match")], ["newest", T("Newest first")], ["oldest", T("Oldest first")]];
      sort.textContent = "";
      options.forEach(function (o) { sort.appendChild(el("option", { value: o[0] }, o[1])); });
      sort.value = browsing && state.sort === "newest" ? "" : state.sort;
      sort.disabled = state.show !== "";
    }

    function orderWords() {
      if (state.show) return T(ORDER_WORDS.relevance);
      return T(ORDER_WORDS[state.sort || (state.q ? "relevance" : "newest")]);
    }

    function sync() {
      input.value = state.q;
      drawSort();
      showPrecedents.checked = state.show === "";
      showPages.checked = state.show === "pages";
      showCcf.checked = state.show === "ccf";
    }

    function commit(push) {
      var url = stateUrl(state, order);
      if (url !== location.pathname + location.search) {
        if (push) history.pushState({ cbSearch: true }, "", url);
        else history.replaceState({ cbSearch: true }, "", url);
      }
      sync();
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

    // What Pagefind is asked for the precedents of the current state (``without``: but
    // for that filter group), or null when nothing is asked yet.
    function question(without) {
      var filters = { page: { any: ["precedent"] } };
      Object.keys(state.filters).forEach(function (key) {
        if (key !== without && state.filters[key].length) filters[key] = { any: state.filters[key] };
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

    // The guides, explanations and other pages with the words (filters are about cases).
    function pagesQuestion() {
      return state.q ? { term: state.q, options: { filters: { page: { any: otherKinds } } } } : null;
    }

    // The CCF decision excerpts with the words.
    function ccfQuestion() {
      return state.q ? { term: state.q, options: { filters: { page: { any: [CCF_KIND] } } } } : null;
    }

    // Each list's question: the precedents (""), the other pages, the CCF excerpts.
    function questionFor(list) {
      return list === "pages" ? pagesQuestion() : list === "ccf" ? ccfQuestion() : question();
    }

    function say(text) {
      heading.textContent = text;
      live.textContent = text;
    }

    function drawHeading(n) {
      if (state.show === "pages") {
        say(n === 0 ? T("No guide or explanation has these words.") : plural(n, "guide or explanation", "guides and explanations") + ", " + orderWords());
      } else if (state.show === "ccf") {
        say(n === 0 ? T("No CCF decision excerpt has these words.") : plural(n, "CCF decision excerpt", "CCF decision excerpts") + ", " + orderWords());
      } else {
        say(n === 0 ? T("No precedent matches. Try fewer words or fewer filters.") : plural(n, "precedent", "precedents") + ", " + orderWords());
      }
    }

    // counts: {"": precedents, pages: ..., ccf: ...}; a list not counted yet shows no number.
    function drawSwitch(counts) {
      show.hidden = !state.q;
      function number(list) { return counts[list] === undefined || counts[list] === null ? "" : " (" + counts[list] + ")"; }
      showPrecedentsLabel.textContent = T("Precedents") + number("");
      showPagesLabel.textContent = T("Guides and explanations") + number("pages");
      showCcfLabel.textContent = T("CCF decisions") + number("ccf");
    }

    async function run() {
      var mine = ++serial;
      var asked = question();
      if (!asked) {
        // Nothing asked yet: show the build's counts over every precedent and search
        // nothing. (An empty search would make Pagefind fetch every chunk of its word index.)
        drawFilters(everyPage);
        renderChips();
        list.textContent = "";
        shown = 0;
        results = [];
        drawSwitch({});
        say(T("Type words or a phrase, or choose filters to list matching precedents."));
        more.hidden = true;
        root.dataset.cbRendered = location.search;
        drawn = mine;
        finishFocus();
        return;
      }
      // The list on screen first; the other lists' counts after it.
      var showing = state.show && questionFor(state.show) ? state.show : "";
      var showingPages = showing !== "";
      var first = questionFor(showing);
      var search = await latest(first.term, first.options);
      if (mine !== serial || !search) return;
      if (search.failed) {
        list.textContent = "";
        results = [];
        more.hidden = true;
        say(T("The search failed. Reload the page and try again."));
        return;
      }
      var precedents = showingPages ? null : search;
      // With nothing ticked, Pagefind's counts for this search are what ticking gives;
      // otherwise the numbers wait for recount (the space for them is kept: no jump).
      drawFilters(counting === "done" && precedents && !activeFilterCount(state) ? precedents.filters || {} : null);
      renderChips();
      list.textContent = "";
      shown = 0;
      results = search.results;
      drawHeading(results.length);
      var counts = {};
      counts[showing] = results.length;
      drawSwitch(counts);
      await showMore(mine);
      if (mine !== serial) return;
      root.dataset.cbRendered = location.search; // for tests and tools: what is on screen
      drawn = mine;
      finishFocus();
      // The other lists' counts: those of the lists not on screen.
      var others = ["", "pages", "ccf"].filter(function (list) { return list !== showing; });
      for (var i = 0; i < others.length; i++) {
        var second = questionFor(others[i]);
        if (!second) continue;
        var other = await latest(second.term, second.options);
        if (mine !== serial || !other) return;
        if (other.failed) continue;
        if (others[i] === "") precedents = other;
        counts[others[i]] = other.results.length;
        drawSwitch(counts);
      }
      if (counting === null) {
        counting = "loading";
        try {
          await pagefind.filters();
        } catch (error) {
          counting = null; // the next search tries again; the filters keep working without counts
          return;
        }
        counting = "done";
        precedents = null; // its counts were made before the filter index was loaded
      }
      if (counting === "done") await recount(mine, precedents);
    }

    function finishFocus() {
      if (!focusResults) return;
      focusResults = false;
      heading.focus();
    }

    // The number beside each option is what ticking it would give. In a group with
    // nothing ticked, ticking narrows: the results that have the option (Pagefind's
    // counts for the current search). Options of one group combine with "or", so in a
    // group with ticks, ticking another adds the results that have it but none of the
    // ticked ones: the current total, plus those with it under the other groups' filters
    // alone (one more search per such group), minus those already shown. A ticked
    // option shows how many of the results have it.
    async function recount(mine, counted) {
      // A newer search still on its way draws its own counts (counting is done now);
      // asking here would take its place in the queue (see latest).
      if (drawn !== mine) return;
      var asked = question();
      if (!asked) return; // the build's counts are already shown
      if (!counted) {
        counted = await latest(asked.term, asked.options); // the chunks are loaded already
        if (mine !== serial || !counted || counted.failed) return;
      }
      var current = counted.filters || {};
      var total = counted.results.length;
      var would = {};
      for (var i = 0; i < order.length; i++) {
        var key = order[i];
        var ticked = state.filters[key] || [];
        if (!ticked.length) { would[key] = current[key] || {}; continue; }
        var others = question(key);
        var wider = others ? await latest(others.term, others.options) : null;
        if (mine !== serial || !wider || wider.failed) return;
        var alone = wider.filters && wider.filters[key] ? wider.filters[key] : {};
        var mineNow = current[key] || {};
        would[key] = {};
        Object.keys(everyPage[key] || {}).concat(ticked).forEach(function (value) {
          would[key][value] = ticked.indexOf(value) >= 0
            ? mineNow[value] || 0
            : total + (alone[value] || 0) - (mineNow[value] || 0);
        });
      }
      if (mine !== serial) return;
      drawFilters(would);
      root.dataset.cbCounted = location.search; // for tests and tools: the counts match the address
    }

    async function showMore(mine) {
      var slice = results.slice(shown, shown + PAGE_SIZE);
      var data = await Promise.all(slice.map(function (r) { return r.data(); }));
      if (mine !== serial) return;
      data.forEach(function (d) {
        var kind = d.filters && d.filters.page && d.filters.page[0] || "page";
        var item = el("li", { class: "cb-result cb-result--" + kind });
        var title = el("h3", { class: "cb-result-heading" });
        title.appendChild(el("a", { href: d.url, class: "cb-result-title" }, d.meta.title || d.url));
        item.appendChild(title);
        // What the result is, then its key facts: each instrument with what became of
        // it, each forum with its decision (not the case's facets side by side, which
        // would read "Diffusion · Data deleted" where the CCF deleted another notice).
        var facts = el("p", { class: "cb-result-facts" });
        facts.appendChild(el("span", { class: "cb-result-kind" }, kinds[kind] || kind));
        if (d.meta.facts) facts.appendChild(document.createTextNode(" · " + d.meta.facts));
        item.appendChild(facts);
        var decided = [];
        if (d.meta.proceedings) decided.push(T("Decisions:") + " " + d.meta.proceedings);
        if (d.meta.outcome) decided.push(T("Outcome of the case:") + " " + d.meta.outcome);
        if (decided.length) item.appendChild(el("p", { class: "cb-result-facts" }, decided.join(" · ")));
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
          var chip = el("button", { type: "button", class: "cb-chip", "aria-label": T("Remove filter {filter}: {value}", { filter: vocab.titles[key], value: label(key, value) }) });
          chip.appendChild(el("span", {}, vocab.titles[key] + ": " + label(key, value)));
          chip.appendChild(el("span", { "aria-hidden": "true", class: "cb-chip__x" }, " ×"));
          chip.addEventListener("click", function () { toggle(key, value, false); });
          chips.appendChild(chip);
        });
      });
      if (activeFilterCount(state) > 1) {
        var clear = el("button", { type: "button", class: "cb-chip cb-chip--clear" }, T("Clear all filters"));
        clear.addEventListener("click", function () { state.filters = {}; commit(true); });
        chips.appendChild(clear);
      }
      var count = activeFilterCount(state);
      paneToggleText.textContent = count ? P(count, "Filters ({n} selected)", "Filters ({n} selected)") : T("Filters");
      paneHeading.textContent = count ? P(count, "Filters ({n} selected)", "Filters ({n} selected)") : T("Filters");
    }

    function toggle(key, value, on) {
      var values = state.filters[key] || [];
      values = on ? values.concat([value]) : values.filter(function (v) { return v !== value; });
      if (values.length) state.filters[key] = values; else delete state.filters[key];
      state.show = ""; // filters are about precedents
      commit(true);
    }

    // The filter groups are made once, in a fixed order (the build's counts over every
    // precedent, most first; years newest first), so options never move under the
    // cursor; each search only updates their ticks and numbers.
    var rows = {}; // key -> value -> {row, box, count}
    var groups = {};
    function valuesOf(key) {
      var totals = everyPage[key] || {};
      return Object.keys(totals).sort(function (a, b) {
        if (key === "year") return b.localeCompare(a);
        return (totals[b] - totals[a]) || label(key, a).localeCompare(label(key, b));
      });
    }

    function addRow(key, value) {
      var id = "cb-f-" + key + "-" + value.replace(/[^A-Za-z0-9_-]/g, "-");
      var row = el("div", { class: "cb-filter" });
      var box = el("input", { type: "checkbox", id: id, value: value });
      var text = el("label", { for: id });
      text.appendChild(el("span", { class: "cb-filter-name" }, label(key, value)));
      var count = el("span", { class: "cb-filter-count" });
      text.appendChild(count);
      box.addEventListener("change", function () { toggle(key, value, box.checked); });
      row.appendChild(box);
      row.appendChild(text);
      groups[key].list.appendChild(row);
      rows[key][value] = { row: row, box: box, count: count };
    }

    function buildFilters() {
      order.forEach(function (key) {
        var values = valuesOf(key);
        var group = el("fieldset", { class: "cb-filter-group", "data-filter": key });
        var legend = el("legend", {}, vocab.titles[key] || key);
        legend.appendChild(el("span", { class: "cb-filter-rule" }, " · " + T("any of")));
        group.appendChild(legend);
        var listed = el("div", { class: "cb-filter-options" });
        group.appendChild(listed);
        var all = el("button", { type: "button", class: "cb-filter-more" }, T("Show all {n}", { n: values.length }));
        all.addEventListener("click", function () {
          expanded[key] = true;
          all.hidden = true;
          drawFilters(lastCounts);
          var firstHidden = rows[key][values[8]];
          if (firstHidden) firstHidden.box.focus();
        });
        group.appendChild(all);
        groups[key] = { group: group, list: listed, more: all, values: values };
        rows[key] = {};
        values.forEach(function (value) { addRow(key, value); });
        paneBody.appendChild(group);
      });
    }

    var lastCounts = null;
    // ``counts``: key -> value -> number, or null (not counted yet: no numbers shown).
    function drawFilters(counts) {
      lastCounts = counts;
      order.forEach(function (key) {
        var selected = state.filters[key] || [];
        selected.forEach(function (value) { if (!rows[key][value]) { groups[key].values.push(value); addRow(key, value); } });
        var values = groups[key].values;
        var limit = expanded[key] ? values.length : 8;
        groups[key].group.hidden = values.length === 0;
        groups[key].more.hidden = values.length <= limit;
        values.forEach(function (value, index) {
          var r = rows[key][value];
          var on = selected.indexOf(value) >= 0;
          r.box.checked = on;
          r.row.hidden = index >= limit && !on;
          var n = counts ? (counts[key] || {})[value] || 0 : null;
          r.count.textContent = n === null ? "" : "(" + n + ")";
          r.row.classList.toggle("cb-filter--empty", n === 0 && !on);
        });
      });
    }

    buildFilters();

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
      focusResults = true; // the reader asked: take them to what was found
      commit(true);
    });
    sort.addEventListener("change", function () { state.sort = sort.value; commit(true); });
    [showPrecedents, showPages, showCcf].forEach(function (radio) {
      radio.addEventListener("change", function () { if (radio.checked) { state.show = radio.value; commit(true); } });
    });
    more.addEventListener("click", function () { showMore(serial); });
    window.addEventListener("popstate", function () {
      if (!document.body.contains(root)) return;
      state = readState(order);
      sync();
      run();
    });
    if (window.matchMedia("(min-width: 45em)").matches) setOpen(true);
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
        root.appendChild(el("p", { class: "cb-error" }, T("Search could not start:") + " " + error.message));
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
