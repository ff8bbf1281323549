/* The site's search: the box of theme/partials/search.html over the index in search-index/ (written by
 * generator/engine/search.py). A page is a match when its text holds what was typed, exactly: every word of it,
 * when words are separated by spaces; spaces, line breaks and brackets aside, full- and half-width alike. A
 * word also stands for the names it is another name of (教体局), and a word in toneless pinyin (laojiuxiaoqu)
 * for the words of titles and items that read so (老旧小区).
 *
 * - the header's search field (on a phone, the magnifier: the __search toggle) opens it; so do "/", "s"
 *   and "f" anywhere on the page, and ?q=… in the address;
 * - typing, an input method's committed word or pasted text (the `input` event) lists the pages, ten
 *   at first and more as the list is scrolled, in Material's result markup, what matched marked whole;
 * - the results may be narrowed to a kind and a year, and ordered by relevance or newest first;
 * - ↑ and ↓ move between the field and the results; Enter in the field shows the results (the first one
 *   focused: the phone's keyboard closes), Enter on a result opens it; Esc closes, and so does moving the focus
 *   out of the search;
 * - until the index has come, the count says it is loading;
 * - the page opened from a result marks the words found (?h=…).
 *
 * The index (search-index/) is fetched in parts on first use, relative to the page (data-index), never from another host:
 * the page list (meta.json), the buckets of the query's grams (runs of up to three characters), and the text
 * of each page shown. */
(function () {
  "use strict";
  var PAGE = 10;          // results shown at first, and added each time the list is scrolled to its end
  var CONTEXT = 40;       // characters shown before the first match in a result's excerpt
  var CHECK_ALL = 20;     // up to this many pages that may hold a long word are all checked at once: the count is exact
  var SPLITS = 8;         // ways of reading a pinyin word as syllables (xian: xian, xi an) tried, at most
  var READ_AS = 20;       // words a pinyin word may stand for, at most
  var box = document.querySelector("[data-site-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) { return; }
  var input = box.querySelector(".md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var scrollwrap = box.querySelector(".md-search__scrollwrap");
  var filters = box.querySelector(".search-filters");
  var kindChoice = filters.querySelector("[name=kind]");
  var yearChoice = filters.querySelector("[name=year]");
  var orderChoice = filters.querySelector("[name=order]");
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

  // ---- matching: generator/engine/search.py's normalise(), grams() and bucket(), the same way

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

  // The grams of `word` whose page lists it is on: itself, up to three characters; else each run of three.
  function gramsOf(word) {
    var chars = Array.from(word);
    if (chars.length <= 3) { return [word]; }
    var runs = [];
    for (var i = 0; i + 3 <= chars.length; i++) { runs.push(chars.slice(i, i + 3).join("")); }
    return runs;
  }

  // Whether the page lists of `terms` are the pages that hold them: every way of writing each is a gram.
  function exactly(terms) {
    return terms.every(function (variants) {
      return variants.every(function (word) { return Array.from(word).length <= 3; });
    });
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

  // The page lists of each gram of `word`: [pages with it, pages with it in their title].
  function postings(index, word) {
    return Promise.all(gramsOf(word).map(function (gram) {
      return json("grams/" + bucket(gram, index.buckets) + ".json").then(function (spread) {
        var found = spread[gram] || [[], []];
        return [undelta(found[0]), undelta(found[1])];
      });
    }));
  }

  // [pages that may hold `word`, those with it in their title]: the pages that hold each of its grams.
  function pagesOf(index, word) {
    return postings(index, word).then(function (lists) {
      return [intersect(lists.map(function (p) { return p[0]; })), intersect(lists.map(function (p) { return p[1]; }))];
    });
  }

  function union(lists) {
    return Array.from(new Set([].concat.apply([], lists)));
  }

  // The pages that may hold every term (some way of writing it), best first: the words as typed, else the ways of
  // writing them that more pages hold (王莹 before 网应 for wangying); then in the title, side by side (王莹 for
  // 王 莹), then in the order of the page numbers (generator/engine/search.py).
  function candidates(index, terms) {
    var phrase = terms.map(function (term) { return term[0]; }).join("");
    return Promise.all(terms.map(function (variants) {
      return Promise.all(variants.map(function (word) { return pagesOf(index, word); }));
    }).concat([pagesOf(index, phrase)])).then(function (found) {
      var together = new Set(found.pop()[0]);
      var pages = intersect(found.map(function (variants) { return union(variants.map(function (v) { return v[0]; })); }));
      var titled = new Set(intersect(found.map(function (variants) { return union(variants.map(function (v) { return v[1]; })); })));
      var preferred = found.map(function (variants) {  // of each term, its ways of writing: as typed, then the commonest
        var holding = variants.map(function (v) { return v[0]; });
        return [holding[0]].concat(holding.slice(1).sort(function (a, b) { return b.length - a.length; }))
          .map(function (list) { return new Set(list); });
      });
      var way = new Map(pages.map(function (page) {
        return [page, preferred.reduce(function (sum, ways) {
          return sum + ways.findIndex(function (holding) { return holding.has(page); });
        }, 0)];
      }));
      function first(a, b, set) { return set.has(b) - set.has(a); }
      return pages.sort(function (a, b) {
        return way.get(a) - way.get(b) || first(a, b, titled) || first(a, b, together) || a - b;
      });
    });
  }

  function holds(text, terms) {
    var normal = normalise(text);
    return terms.every(function (variants) {
      return variants.some(function (word) { return normal.indexOf(word) >= 0; });
    });
  }

  // Each word typed, as the ways it may be written: itself, the names it stands for (教体局: 区教育体育局), and the
  // words it reads as, typed in pinyin.
  function termsOf(query, index) {
    return Promise.all(query.split(/\s+/).map(normalise).filter(Boolean).map(function (word) {
      return wordsReadAs(index, word).then(function (read) {
        return Array.from(new Set([word].concat(index.synonyms[word] || [], read)));
      });
    }));
  }

  // ---- pinyin: the index lists, for two syllables ("yang hua"), the character pairs that read so (氧化)

  // The ways `word` reads as two or more of `syllables` (a Set), longest syllables first, at most SPLITS of them.
  function splits(word, syllables) {
    var ends = [];  // ends[at]: where a syllable from `at` may end, the rest of the word still reading as syllables
    for (var at = word.length; at >= 0; at--) {
      ends[at] = [];
      for (var end = Math.min(word.length, at + 6); end > at; end--) {
        if (syllables.has(word.slice(at, end)) && (end === word.length || ends[end].length)) { ends[at].push(end); }
      }
    }
    var found = [];
    (function from(at, taken) {
      if (at === word.length) {
        if (taken.length > 1) { found.push(taken); }
        return;
      }
      ends[at].forEach(function (end) {
        if (found.length < SPLITS) { from(end, taken.concat([word.slice(at, end)])); }
      });
    })(0, []);
    return found;
  }

  // The words that read as `syllables`: chains of character pairs, each pair's second character the next one's first.
  function wordsOf(index, syllables) {
    var keys = syllables.slice(1).map(function (second, i) { return syllables[i] + " " + second; });
    return Promise.all(keys.map(function (key) {
      return json("pinyin/" + bucket(key, index.pinyin.buckets) + ".json").then(function (spread) {
        return spread[key] || [];
      });
    })).then(function (pairs) {
      return pairs.slice(1).reduce(function (words, next) {
        var longer = [];
        words.forEach(function (word) {
          next.forEach(function (pair) {
            if (word.slice(-1) === pair[0] && longer.length < READ_AS) { longer.push(word + pair[1]); }
          });
        });
        return longer;
      }, pairs[0]);
    });
  }

  // The words of titles and items that `word`, typed in toneless pinyin (v or ü for ü), reads as.
  function wordsReadAs(index, word) {
    word = word.replace(/ü/g, "v");
    if (!/^[a-z]{2,}$/.test(word)) { return Promise.resolve([]); }
    return Promise.all(splits(word, index.pinyin.syllables).map(function (syllables) {
      return wordsOf(index, syllables);
    })).then(function (found) {
      return Array.from(new Set([].concat.apply([], found))).slice(0, READ_AS);
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

  // Where in `text` one of `words` first stands: as written if it is (quick on a long page), else as normalised.
  function firstPlace(text, words) {
    var at = words.map(function (word) { return text.indexOf(word); }).filter(function (i) { return i >= 0; });
    if (at.length) { return Math.min.apply(null, at); }
    var span = spans(text, words)[0];
    return span ? span[0] : -1;
  }

  // Some of `text` around the first place where `preferred` (the words side by side), or else any word, stands.
  function excerpt(text, preferred, words) {
    var first = firstPlace(text, preferred);
    first = first >= 0 ? first : firstPlace(text, words);
    var start = Math.max(0, first - CONTEXT);
    return (start > 0 ? "…" : "") + text.slice(start, start + 3 * CONTEXT + 40) + (start + 3 * CONTEXT + 40 < text.length ? "…" : "");
  }

  // ---- the results

  // The count: exact once every page that may match has been checked (at once when the page lists are exact or
  // the pages few, else as the list is scrolled), "约" until then (a page may hold each run of three characters
  // of a word, not the word).
  function summary(search) {
    if (!search.query) { return box.getAttribute("data-placeholder"); }
    if (search.results.length === 0) {
      return box.getAttribute(search.narrowed ? "data-none-chosen" : "data-none").replace("#", search.query);
    }
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
    li.querySelector(".search-result__kind").textContent = [page.kind, page.year && page.year + "年", dated(page.date)]
      .filter(Boolean).join(" · ");
    li.querySelector("h1").appendChild(marked(record.title || record.url, words));
    var together = terms.length > 1 ? [terms.map(function (term) { return term[0]; }).join("")] : words;
    li.querySelector(".md-search-result__teaser").appendChild(marked(excerpt(record.text, together, words), words));
    return li;
  }

  // yyyymmdd as 2025-02-28; 0 (no date) as nothing
  function dated(number) {
    return number ? String(number).replace(/(\d{4})(\d\d)(\d\d)/, "$1-$2-$3") : "";
  }

  // ---- narrowing and ordering

  function chosen() {
    return { kind: kindChoice.value, year: yearChoice.value, order: orderChoice.value };
  }

  // The pages of the kind and year chosen, by relevance (as they come) or newest first (undated last).
  function arranged(index, pages, choice) {
    var kept = pages.filter(function (number) {
      var page = index.pages[number];
      return (!choice.kind || page.kind === choice.kind) && (!choice.year || String(page.year) === choice.year);
    });
    return choice.order === "date" ? kept.sort(function (a, b) { return index.pages[b].date - index.pages[a].date; }) : kept;
  }

  function option(select, value) {
    var element = document.createElement("option");
    element.value = element.textContent = value;
    select.appendChild(element);
  }

  // The kinds and years there are, to choose from, once the index is loaded.
  function offer(index) {
    if (!filters.hidden) { return; }
    index.kinds.slice(1).concat(index.kinds[0]).forEach(function (kind) { option(kindChoice, kind); });
    Array.from(new Set(index.pages.map(function (page) { return page.year; }))).filter(Boolean)
      .sort(function (a, b) { return b - a; }).forEach(function (year) { option(yearChoice, String(year)); });
    filters.hidden = false;
  }

  // The next ten results that really hold the words (the pages' texts fetched together and checked, in rank
  // order); `first`: the first ten of a new search, which replace the list and its count at once.
  function more(first) {
    var search = current;
    if (search.loading || (!first && search.shown >= search.results.length)) { return; }
    search.loading = true;
    var shown = [];
    function next() {
      var batch = search.results.slice(search.shown, search.shown + PAGE - shown.length);
      if (!batch.length) { return Promise.resolve(); }
      return Promise.all(batch.map(function (number) { return json("pages/" + number + ".json"); })).then(function (records) {
        var kept = batch.filter(function (number, i) {
          var holding = holds(records[i].text, search.terms);  // else it held each run of the words, not the words
          if (holding) { shown.push(item(search.index.pages[number], records[i], search.terms)); }
          return holding;
        });
        search.results.splice.apply(search.results, [search.shown, batch.length].concat(kept));
        search.shown += kept.length;
        search.checked = Math.max(search.checked, search.shown);
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
  var arrived = false;    // and whether it has come

  function loadIndex() {
    index = index || json("meta.json").then(function (meta) {
      arrived = true;
      return { buckets: meta.buckets, synonyms: meta.synonyms, kinds: meta.kinds,
        pinyin: { buckets: meta.pinyin.buckets, syllables: new Set(meta.pinyin.syllables) },
        pages: meta.pages.map(function (page) { return { kind: meta.kinds[page[0]], year: page[1], date: page[2] }; }) };
    }, function (error) {
      index = null;  // asked again by the next search
      throw error;
    });
    return index;
  }

  // `again`: the same query, with other choices of kind, year or order
  function run(query, again) {
    query = query.trim();
    if (query === current.query && !again) { return; }
    var choice = chosen();
    var search = current = { query: query, terms: [], results: [], shown: 0, checked: 0, loading: false,
      narrowed: Boolean(choice.kind || choice.year) };
    if (!normalise(query)) {
      list.textContent = "";
      meta.textContent = summary(search);
      return;
    }
    if (!arrived) { meta.textContent = box.getAttribute("data-loading"); }
    loadIndex().then(function (loaded) {
      search.index = loaded;
      offer(loaded);
      return termsOf(query, loaded);
    }).then(function (terms) {
      search.terms = terms;
      return candidates(search.index, terms);
    }).then(function (pages) {
      search.results = arranged(search.index, pages, choice);
      if (exactly(search.terms)) {
        search.checked = search.results.length;
      } else if (search.results.length <= CHECK_ALL) {
        return checked(search);
      }
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

  // The keys of the open search; a choice of kind, year or order keeps its own (its arrows choose).
  function whileOpen(event) {
    var active = document.activeElement;
    var all = links();
    if (event.key === "Escape") {
      close();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && all.indexOf(active) >= 0) {
      all[(all.indexOf(active) + all.length + (event.key === "ArrowUp" ? -1 : 1)) % all.length].focus();
      event.preventDefault();
    } else if (event.key === "Enter" && active === input) {
      var first = list.querySelector(".md-search-result__link");
      if (first) { first.focus(); } else { input.blur(); }  // the results, not the keyboard, on a phone's screen
      event.preventDefault();
    } else if (event.key.length === 1 && active !== input && !filters.contains(active)) {
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
    loadIndex().then(offer, function () {});  // loaded ahead of the first search; a failure is said by the search
  });
  filters.addEventListener("change", function () { run(input.value, true); });
  box.addEventListener("focusout", function (event) {  // Tab past the last result, say
    if (toggle.checked && event.relatedTarget && !box.contains(event.relatedTarget)) { close(); }
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
