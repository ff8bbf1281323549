/* The site's search: the box of theme/partials/search.html over the index in search-index/ (written by
 * generator/search.py). A page is a match when its text holds what was typed, exactly: every word of it,
 * when words are separated by spaces; spaces, line breaks and brackets aside, full- and half-width alike.
 *
 * - the header's search field (on a phone, the magnifier: the __search toggle) opens it; so do "/", "s"
 *   and "f" anywhere on the page, and ?q=… in the address;
 * - typing, an input method's committed word or pasted text (the `input` event) lists the pages, ten
 *   at first and more as the list is scrolled, in Material's result markup, what matched marked whole;
 * - ↑ and ↓ move between the field and the results, Enter opens the first result, Esc or Tab closes;
 * - the page opened from a result marks the words found (?h=…).
 *
 * The index (search-index/) is fetched in parts on first use, relative to the page (data-index), never from another host:
 * the page list (meta.json), the buckets of the query's character pairs, and the text of each page shown. */
(function () {
  "use strict";
  var PAGE = 10;          // results shown at first, and added each time the list is scrolled to its end
  var CONTEXT = 40;       // characters shown before the first match in a result's excerpt
  var CHECK_ALL = 60;     // up to this many pages that may match are all checked at once: their count is exact
  var box = document.querySelector("[data-site-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) { return; }
  var input = box.querySelector(".md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var scrollwrap = box.querySelector(".md-search__scrollwrap");
  var base = new URL(box.getAttribute("data-index"), document.baseURI);   // …/search-index/
  var root = new URL("../", base);                                       // the site's root
  var fetched = {};       // path under search-index/ → promise of its JSON
  var current = { query: "", terms: [], results: [], shown: 0, checked: 0, loading: false };

  function json(path) {
    if (!fetched[path]) {
      fetched[path] = fetch(new URL(path, base)).then(function (response) {
        if (!response.ok) { throw new Error(path + ": " + response.status); }
        return response.json();
      }).catch(function (error) {
        delete fetched[path];  // asked again by the next search
        throw error;
      });
    }
    return fetched[path];
  }

  // ---- matching: generator/search.py's normalise(), grams() and bucket(), the same way

  var DROPPED = /[\s[\]()〔〕【】]+/g;

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase().replace(DROPPED, "");
  }

  // The normalised text, and for each of its characters where it stands in `text` (to mark what matched).
  function mapped(text) {
    var chars = [], at = [], i = 0;
    Array.from(text).forEach(function (char) {
      Array.from(normalise(char)).forEach(function (c) { chars.push(c); at.push(i); });
      i += char.length;
    });
    at.push(i);
    return { text: chars.join(""), at: at };
  }

  function gramsOf(word) {
    var chars = Array.from(word);
    if (chars.length === 1) { return chars; }
    var pairs = [];
    for (var i = 0; i + 1 < chars.length; i++) { pairs.push(chars[i] + chars[i + 1]); }
    return pairs;
  }

  function bucket(gram, count) {
    var h = 0x811c9dc5;
    Array.from(gram).forEach(function (char) {
      h = Math.imul(h ^ char.codePointAt(0), 0x01000193) >>> 0;
    });
    return h % count;
  }

  function undelta(deltas) {
    var sum = 0;
    return deltas.map(function (d) { return (sum += d); });
  }

  function intersect(lists) {
    return lists.reduce(function (a, b) {
      var other = new Set(b);
      return a.filter(function (n) { return other.has(n); });
    });
  }

  // The page lists of each pair (or character) of `word`: [pages with it, pages with it in their title].
  function postings(index, word) {
    return Promise.all(gramsOf(word).map(function (gram) {
      return json("grams/" + bucket(gram, index.buckets) + ".json").then(function (spread) {
        var found = spread[gram] || [[], []];
        return [undelta(found[0]), undelta(found[1])];
      });
    }));
  }

  // [pages that may hold `word`, those with it in their title]: the pages that hold each of its pairs.
  function pagesOf(index, word) {
    return postings(index, word).then(function (lists) {
      return [intersect(lists.map(function (p) { return p[0]; })), intersect(lists.map(function (p) { return p[1]; }))];
    });
  }

  function union(lists) {
    return Array.from(new Set([].concat.apply([], lists)));
  }

  // The pages that may hold every term (some way of writing it), best first: the words as typed (not only the
  // names they stand for), in the title, side by side (王莹 for 王 莹), then in the order of the page numbers
  // (generator/search.py).
  function candidates(index, terms) {
    var phrase = terms.map(function (term) { return term[0]; }).join("");
    return Promise.all(terms.map(function (variants) {
      return Promise.all(variants.map(function (word) { return pagesOf(index, word); }));
    }).concat([pagesOf(index, phrase)])).then(function (found) {
      var together = new Set(found.pop()[0]);
      var typed = new Set(intersect(found.map(function (variants) { return variants[0][0]; })));
      var pages = intersect(found.map(function (variants) { return union(variants.map(function (v) { return v[0]; })); }));
      var titled = new Set(intersect(found.map(function (variants) { return union(variants.map(function (v) { return v[1]; })); })));
      function first(a, b, set) { return set.has(b) - set.has(a); }
      return pages.sort(function (a, b) {
        return first(a, b, typed) || first(a, b, titled) || first(a, b, together) || a - b;
      });
    });
  }

  function holds(text, terms) {
    var normal = normalise(text);
    return terms.every(function (variants) {
      return variants.some(function (word) { return normal.indexOf(word) >= 0; });
    });
  }

  // Each word typed, as the ways it may be written: itself, and the names it stands for (教体局: 区教育体育局).
  function termsOf(query, index) {
    return query.split(/\s+/).map(normalise).filter(Boolean).map(function (word) {
      return [word].concat(index.synonyms[word] || []);
    });
  }

  // ---- text with what matched marked

  // [start, end) in `text` of each occurrence of each word (normalised), in order, overlaps merged.
  function spans(text, words) {
    var m = mapped(text), found = [];
    words.forEach(function (word) {
      var length = Array.from(word).length;
      for (var i = m.text.indexOf(word); i >= 0; i = m.text.indexOf(word, i + 1)) {
        var start = Array.from(m.text.slice(0, i)).length;
        found.push([m.at[start], m.at[start + length - 1] + (text.codePointAt(m.at[start + length - 1]) > 0xffff ? 2 : 1)]);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0]; });
    return found.reduce(function (merged, span) {
      var last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) { last[1] = Math.max(last[1], span[1]); } else { merged.push(span.slice()); }
      return merged;
    }, []);
  }

  function marked(text, words) {
    var fragment = document.createDocumentFragment(), at = 0;
    spans(text, words).forEach(function (span) {
      fragment.appendChild(document.createTextNode(text.slice(at, span[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(span[0], span[1]);
      fragment.appendChild(mark);
      at = span[1];
    });
    fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  // Some of `text` around the first place where `preferred` (the words side by side), or else any word, stands.
  function excerpt(text, preferred, words) {
    var first = spans(text, preferred)[0] || spans(text, words)[0];
    var start = first ? Math.max(0, first[0] - CONTEXT) : 0;
    return (start > 0 ? "…" : "") + text.slice(start, start + 3 * CONTEXT + 40) + (start + 3 * CONTEXT + 40 < text.length ? "…" : "");
  }

  // ---- the results

  // The count: exact once every page that may match has been checked (all at once when they are few, else as
  // the list is scrolled), "约" until then (a page may hold each pair of a word, not the word).
  function summary(search) {
    if (!search.query) { return box.getAttribute("data-placeholder"); }
    if (search.results.length === 0) { return box.getAttribute("data-none").replace("#", search.query); }
    var count = search.results.length;
    if (search.checked < count) { return "约 " + box.getAttribute("data-other").replace("#", count); }
    return count === 1 ? box.getAttribute("data-one") : box.getAttribute("data-other").replace("#", count);
  }

  // Keeps the results whose text holds the terms; fetches them all at once.
  function checked(search) {
    return Promise.all(search.results.map(function (number) { return json("pages/" + number + ".json"); }))
      .then(function (records) {
        search.results = search.results.filter(function (number, i) { return holds(records[i].text, search.terms); });
        search.checked = search.results.length;
      });
  }

  function item(page, record, terms) {
    var words = [].concat.apply([], terms);
    var url = new URL(record.url, root);
    url.searchParams.set("h", words.join(" "));
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    li.innerHTML = '<a class="md-search-result__link" tabindex="-1"><article class="md-search-result__article ' +
      'md-typeset"><div class="md-search-result__icon md-icon"></div><p class="search-result__kind"></p><h1></h1>' +
      '<p class="md-search-result__teaser"></p></article></a>';
    li.firstChild.href = url.href;
    li.querySelector(".search-result__kind").textContent = page.kind + (page.year ? " · " + page.year + "年" : "");
    li.querySelector("h1").appendChild(marked(record.title || record.url, words));
    var together = terms.length > 1 ? [terms.map(function (term) { return term[0]; }).join("")] : words;
    li.querySelector(".md-search-result__teaser").appendChild(marked(excerpt(record.text, together, words), words));
    return li;
  }

  // The next ten results that really hold the words (each page's text fetched and checked, in rank order);
  // `first`: the first ten of a new search, which replace the list and its count at once.
  function more(first) {
    var search = current;
    if (search.loading || (!first && search.shown >= search.results.length)) { return; }
    search.loading = true;
    var shown = [];
    function next() {
      if (shown.length === PAGE || search.shown >= search.results.length) { return Promise.resolve(); }
      var number = search.results[search.shown];
      return json("pages/" + number + ".json").then(function (record) {
        if (holds(record.text, search.terms)) {
          shown.push(item(search.index.pages[number], record, search.terms));
          search.shown += 1;
          search.checked = Math.max(search.checked, search.shown);
        } else {
          search.results.splice(search.shown, 1);  // it held each pair, not the words: not a match
        }
        return next();
      });
    }
    next().then(function () {
      if (search !== current) { return; }
      if (first) {
        list.textContent = "";
        scrollwrap.scrollTop = 0;
      }
      meta.textContent = summary(search);
      shown.forEach(function (li) { list.appendChild(li); });
      box.setAttribute("data-shown", search.query);  // for the tests: this query's results are on screen
      search.loading = false;
      if (scrollwrap.scrollHeight <= scrollwrap.clientHeight) { more(); }  // the list does not fill the box yet
    });
  }

  var index = null;       // a promise of the page list, once asked for

  function loadIndex() {
    index = index || json("meta.json").then(function (meta) {
      return { buckets: meta.buckets, synonyms: meta.synonyms, pages: meta.pages.map(function (page) {
        return { kind: meta.kinds[page[0]], year: page[1] };
      }) };
    }, function (error) {
      index = null;  // asked again by the next search
      throw error;
    });
    return index;
  }

  function run(query) {
    query = query.trim();
    if (query === current.query) { return; }
    var search = current = { query: query, terms: [], results: [], shown: 0, checked: 0, loading: false };
    if (!normalise(query)) {
      list.textContent = "";
      meta.textContent = summary(search);
      return;
    }
    loadIndex().then(function (loaded) {
      search.index = loaded;
      search.terms = termsOf(query, loaded);
      return candidates(loaded, search.terms);
    }).then(function (pages) {
      search.results = pages;
      return pages.length <= CHECK_ALL ? checked(search) : null;
    }).then(function () {
      if (search === current) { more(true); }
    }).catch(function () {
      if (search === current) { meta.textContent = "搜索暂时无法使用（索引未能载入），请稍后再试。"; }
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
    loadIndex().catch(function () {});  // loaded ahead of the first search; a failure is said by the search
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

  function highlight(article, words) {
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    nodes.forEach(function (node) {
      if (!node.parentNode.closest("mark, script, style") && spans(node.data, words).length) {
        node.parentNode.replaceChild(marked(node.data, words), node);
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
  var words = (params.get("h") || "").split(/\s+/).map(normalise).filter(Boolean);
  if (article && words.length) { highlight(article, words); }
})();
