/* The site's search: the box of theme/partials/search.html over Pagefind's index (pagefind/, written by
 * generator/search.py). It behaves as Material's search did:
 *
 * - the header's search field (on a phone, the magnifier: the __search toggle) opens it; so do "/", "s"
 *   and "f" anywhere on the page, and ?q=… in the address;
 * - typing, an input method's committed word or pasted text (the `input` event) lists the pages, ten
 *   at first and more as the list is scrolled, in Material's result markup, the matched words marked;
 * - ↑ and ↓ move between the field and the results, Enter opens the first result, Esc or Tab closes;
 * - the page opened from a result marks the words found (?h=…).
 *
 * Pagefind's script is loaded on first use, relative to the page (data-pagefind), never from another host.
 * Pagefind's search is WebAssembly: the CSP needs 'wasm-unsafe-eval' (deploy/nginx.conf). */
(function () {
  "use strict";
  var PAGE = 10;          // results shown at first, and added each time the list is scrolled to its end
  var box = document.querySelector("[data-site-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) { return; }
  var input = box.querySelector(".md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var scrollwrap = box.querySelector(".md-search__scrollwrap");
  var pagefind = null;    // the module, once asked for
  var current = { query: "", results: [], shown: 0, loading: false };

  function load() {
    if (!pagefind) {
      pagefind = import(new URL(box.getAttribute("data-pagefind"), document.baseURI).href);
    }
    return pagefind;
  }

  // ---- text with the matched words marked

  // Pagefind's excerpt: escaped HTML, U+200B between the words it segmented, a <mark> around each
  // segment that matched (老旧小区 → <mark>老</mark>旧<mark>小区</mark>). Shown as plain text in which
  // the words of the query are marked whole, or else the segments Pagefind marked.
  function plain(html) {
    var text = new DOMParser().parseFromString(html.replace(/<\/?mark>/g, ""), "text/html").documentElement.textContent;
    return text.replace(/\u200b/g, "");
  }

  function termsIn(excerpt, text, query) {
    var words = query.split(/\s+/).filter(function (word) { return text.indexOf(word) >= 0; });
    var found = words.length ? words : (excerpt.replace(/<\/mark>(\u200b*)<mark>/g, "$1").match(/<mark>[^<]*<\/mark>/g) || []).map(plain);
    return found.filter(function (term, i) { return term && found.indexOf(term) === i; });
  }

  function marked(text, terms) {
    var fragment = document.createDocumentFragment();
    var longestFirst = terms.slice().sort(function (a, b) { return b.length - a.length; });
    var pattern = new RegExp("(" + longestFirst.map(escapeRegExp).join("|") + ")", "i");
    (terms.length ? text.split(pattern) : [text]).forEach(function (piece, i) {
      if (!piece) { return; }
      if (i % 2 === 1) {
        var mark = document.createElement("mark");
        mark.textContent = piece;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(piece));
      }
    });
    return fragment;
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // ---- the results

  function summary(count) {
    if (!current.query) { return box.getAttribute("data-placeholder"); }
    if (count === 0) { return box.getAttribute("data-none"); }
    return count === 1 ? box.getAttribute("data-one") : box.getAttribute("data-other").replace("#", count);
  }

  function item(data, query) {
    var text = plain(data.excerpt);
    var terms = termsIn(data.excerpt, text, query);
    var url = new URL(data.url, location.href);
    if (terms.length) { url.searchParams.set("h", terms.join(" ")); }
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    li.innerHTML = '<a class="md-search-result__link" tabindex="-1"><article class="md-search-result__article ' +
      'md-typeset"><div class="md-search-result__icon md-icon"></div><h1></h1><p class="md-search-result__teaser">' +
      '</p></article></a>';
    li.firstChild.href = url.href;
    li.querySelector("h1").appendChild(marked(data.meta.title || data.url, terms));
    li.querySelector("p").appendChild(marked(text, terms));
    return li;
  }

  // The next ten results; `first`: the first ten of a new search, which replace the list and its count
  // at once (never a count above an empty list).
  function more(first) {
    var search = current;
    if (search.loading || (!first && search.shown >= search.results.length)) { return; }
    search.loading = true;
    var next = search.results.slice(search.shown, search.shown + PAGE);
    Promise.all(next.map(function (result) { return result.data(); })).then(function (pages) {
      if (search !== current) { return; }
      if (first) {
        list.textContent = "";
        meta.textContent = summary(search.results.length);
        scrollwrap.scrollTop = 0;
      }
      pages.forEach(function (data) { list.appendChild(item(data, search.query)); });
      search.shown += next.length;
      search.loading = false;
      if (scrollwrap.scrollHeight <= scrollwrap.clientHeight) { more(); }  // the list does not fill the box yet
    });
  }

  function run(query) {
    query = query.trim();
    if (query === current.query) { return; }
    var search = current = { query: query, results: [], shown: 0, loading: false };
    if (!query) {
      list.textContent = "";
      meta.textContent = summary(0);
      return;
    }
    load().then(function (module) { return module.search(query); }).then(function (found) {
      if (search !== current) { return; }
      search.results = found.results;
      more(true);
    });
  }

  // ---- opening, closing and the keyboard

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
  }

  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  }

  function editable(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function links() {
    return [input].concat(Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link")));
  }

  function whileOpen(event) {
    var active = document.activeElement;
    if (event.key === "Escape" || event.key === "Tab") {
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var all = links();
      var at = Math.max(0, all.indexOf(active));
      all[(at + all.length + (event.key === "ArrowUp" ? -1 : 1)) % all.length].focus();
      event.preventDefault();
    } else if (event.key === "Enter" && active === input) {
      var first = list.querySelector(".md-search-result__link");
      if (first) { first.click(); }
      event.preventDefault();
    } else if (event.key.length === 1 && active !== input) {
      input.focus();
    }
  }

  window.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) { return; }
    if (toggle.checked) {
      whileOpen(event);
    } else if (/^[/sf]$/.test(event.key) && !editable(document.activeElement)) {
      event.preventDefault();
      open();
      input.select();
    }
  });

  input.addEventListener("input", function (event) {
    if (!event.isComposing) { run(input.value); }
  });
  input.addEventListener("compositionend", function () { run(input.value); });
  input.addEventListener("focus", function () {
    if (!toggle.checked) { open(); }
    load();
  });
  input.form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.form.addEventListener("reset", function () {
    window.setTimeout(function () { run(""); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) { input.focus(); }
  });
  scrollwrap.addEventListener("scroll", function () {
    if (scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 100) { more(); }
  });

  // ---- ?q=… opens the search with that query; ?h=… marks the words on the page opened from a result

  function highlight(root, terms) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    var pattern = new RegExp(terms.map(escapeRegExp).join("|"), "i");
    nodes.forEach(function (node) {
      if (pattern.test(node.data) && !node.parentNode.closest("mark, script, style")) {
        node.parentNode.replaceChild(marked(node.data, terms), node);
      }
    });
  }

  var params = new URLSearchParams(location.search);
  if (params.get("q")) {
    input.value = params.get("q");
    open();
    run(input.value);
  }
  var article = document.querySelector("article.md-content__inner");
  var terms = (params.get("h") || "").split(/\s+/).filter(Boolean);
  if (article && terms.length) { highlight(article, terms); }
})();
