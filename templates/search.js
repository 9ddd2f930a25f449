// Full-text search over the page, by substring: works for Chinese, which has no spaces to
// split words on. Space-separated terms must all occur in one paragraph (or list item,
// heading, table row), in any order. The printed 目录 is not searched. Nothing is fetched;
// the index is the page itself.
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var content = document.getElementById("content");
  var toggle = document.getElementById("toc-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = document.body.classList.toggle("toc-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.getElementById("sidebar").addEventListener("click", function (e) {
      if (e.target.tagName === "A") { document.body.classList.remove("toc-open"); }
    });
  }
  if (!input || !content) { return; }

  function clearMarks() {
    var marks = content.querySelectorAll("mark.hit");
    for (var i = 0; i < marks.length; i++) {
      var m = marks[i];
      var parent = m.parentNode;
      parent.replaceChild(document.createTextNode(m.textContent), m);
      parent.normalize();
    }
    while (list.firstChild) { list.removeChild(list.firstChild); }
  }

  // The nearest heading or box above a node, for the result's label.
  function placeOf(node) {
    var el = node.parentElement;
    while (el && el !== content) {
      if (el.id && (el.tagName === "SECTION" || el.tagName === "ASIDE" || el.tagName === "FIGURE")) {
        var h = el.querySelector("h2, h3, h4, h5, figcaption");
        return { id: el.id, label: h ? h.textContent : el.id };
      }
      el = el.parentElement;
    }
    return { id: "cover", label: "封面" };
  }

  // What one result is: a paragraph, list item, heading, caption or table row. The printed
  // 目录 repeats every heading, so it is never searched: its entries are not hits.
  var UNITS = "p, li, h1, h2, h3, h4, h5, figcaption, tr";
  function units() {
    var all = content.querySelectorAll(UNITS);
    var out = [];
    for (var i = 0; i < all.length; i++) {
      var u = all[i];
      if (u.closest("#contents, .doc-links")) { continue; }
      // A unit inside another (a list item's paragraph) belongs to the outer one.
      if (u.parentElement.closest(UNITS) && content.contains(u.parentElement.closest(UNITS))) { continue; }
      out.push(u);
    }
    return out;
  }

  // Where the terms occur in `text` (already lower-cased): [start, end) ranges, in order,
  // not overlapping; the longer term wins at the same place.
  function ranges(text, terms) {
    var found = [];
    for (var t = 0; t < terms.length; t++) {
      var idx = text.indexOf(terms[t]);
      while (idx !== -1) {
        found.push([idx, idx + terms[t].length]);
        idx = text.indexOf(terms[t], idx + terms[t].length);
      }
    }
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = [];
    for (var i = 0; i < found.length; i++) {
      if (out.length === 0 || found[i][0] >= out[out.length - 1][1]) { out.push(found[i]); }
    }
    return out;
  }

  // Space-separated terms (half- or full-width spaces), each of which a result must contain,
  // in any order.
  function termsOf(query) {
    var parts = query.toLowerCase().split(/[\s\u3000]+/);
    var terms = [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] && terms.indexOf(parts[i]) === -1) { terms.push(parts[i]); }
    }
    return terms;
  }

  function markUnit(unit, terms, count) {
    var walker = document.createTreeWalker(unit, NodeFilter.SHOW_TEXT, null);
    var nodes = [];
    var n;
    while ((n = walker.nextNode())) { nodes.push(n); }
    var first = null;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var text = node.nodeValue;
      var found = ranges(text.toLowerCase(), terms);
      if (found.length === 0) { continue; }
      var frag = document.createDocumentFragment();
      var last = 0;
      for (var k = 0; k < found.length; k++) {
        frag.appendChild(document.createTextNode(text.slice(last, found[k][0])));
        var mark = document.createElement("mark");
        mark.className = "hit";
        mark.id = "hit-" + (count + k);
        mark.textContent = text.slice(found[k][0], found[k][1]);
        frag.appendChild(mark);
        if (!first) { first = mark; }
        last = found[k][1];
      }
      count += found.length;
      frag.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(frag, node);
    }
    return { count: count, first: first };
  }

  function search(query) {
    clearMarks();
    query = query.trim();
    var terms = termsOf(query);
    if (terms.length === 0) { status.textContent = ""; return; }
    var count = 0;
    var matched = 0;
    var first = null;
    var all = units();
    for (var i = 0; i < all.length; i++) {
      var unit = all[i];
      var text = unit.textContent.toLowerCase();
      var every = true;
      for (var t = 0; t < terms.length; t++) {
        if (text.indexOf(terms[t]) === -1) { every = false; break; }
      }
      if (!every) { continue; }
      var place = placeOf(unit.firstChild || unit);
      var marked = markUnit(unit, terms, count);
      if (!marked.first) { continue; }
      count = marked.count;
      matched++;
      if (!first) { first = marked.first; }
      if (matched <= 200) {
        var whole = unit.textContent;
        var at = whole.toLowerCase().indexOf(terms[0]);
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "#" + marked.first.id;
        var snippet = whole.slice(Math.max(0, at - 12), Math.min(whole.length, at + terms[0].length + 24));
        a.appendChild(document.createTextNode(snippet));
        var where = document.createElement("span");
        where.className = "where";
        where.textContent = place.label;
        a.appendChild(where);
        li.appendChild(a);
        list.appendChild(li);
      }
    }
    var shown = "“" + terms.join("”“") + "”";
    status.textContent = matched === 0
      ? "未找到" + (terms.length > 1 ? "同时含有" : "") + shown + "的段落"
      : "找到 " + matched + " 段含有" + shown + "，共 " + count + " 处";
    document.body.setAttribute("data-search-count", String(count));
    document.body.setAttribute("data-search-matched", String(matched));
    if (first) { first.classList.add("current"); }
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 120);
  });
  // ?q=… runs a search on load (used by the browser check, handy for sharing).
  var match = /[?&]q=([^&#]*)/.exec(window.location.search);
  if (match) {
    input.value = decodeURIComponent(match[1].replace(/\+/g, " "));
    search(input.value);
  }
})();
