// Full-text search over the page, by substring: works for Chinese, which has no spaces to
// split words on. Nothing is fetched; the index is the page itself.
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

  // The nearest heading or box above a node, for the result's label and link.
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

  function search(query) {
    clearMarks();
    query = query.trim();
    if (query.length === 0) { status.textContent = ""; return; }
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, null);
    var nodes = [];
    var n;
    while ((n = walker.nextNode())) {
      if (n.nodeValue.indexOf(query) !== -1) { nodes.push(n); }
    }
    var count = 0;
    var first = null;
    var lower = query.toLowerCase();
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var text = node.nodeValue;
      var place = placeOf(node);
      var idx = text.toLowerCase().indexOf(lower);
      var frag = document.createDocumentFragment();
      var last = 0;
      while (idx !== -1) {
        frag.appendChild(document.createTextNode(text.slice(last, idx)));
        var mark = document.createElement("mark");
        mark.className = "hit";
        mark.id = "hit-" + count;
        mark.textContent = text.slice(idx, idx + query.length);
        frag.appendChild(mark);
        if (!first) { first = mark; }
        if (count < 200) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = "#hit-" + count;
          var snippet = text.slice(Math.max(0, idx - 12), Math.min(text.length, idx + query.length + 12));
          a.appendChild(document.createTextNode(snippet));
          var where = document.createElement("span");
          where.className = "where";
          where.textContent = place.label;
          a.appendChild(where);
          li.appendChild(a);
          list.appendChild(li);
        }
        count++;
        last = idx + query.length;
        idx = text.toLowerCase().indexOf(lower, last);
      }
      frag.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(frag, node);
    }
    status.textContent = count === 0 ? "未找到“" + query + "”" : "找到 " + count + " 处“" + query + "”";
    document.body.setAttribute("data-search-count", String(count));
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
