// guihua serve: live reload, the scroll position kept, diagnostics marked in the page.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("guihua-serve-data").textContent);
  var key = "guihua-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseFloat(saved);
    // "instant": the page's own CSS may ask for smooth scrolling.
    var restore = function () { window.scrollTo({ top: y, behavior: "instant" }); };
    restore();
    window.addEventListener("load", restore);
  }

  function blocksOf(el) {
    return Array.prototype.filter.call(el.children, function (c) {
      return !/^(H[1-6]|SECTION)$/.test(c.tagName);
    });
  }
  // The element of a target (see src/serve/marks.rs); the nearest one found.
  function find(t) {
    var el = document.getElementById(t.id);
    if (!el) return null;
    if (t.heading) {
      return el.querySelector("h1, h2, h3, h4, h5, h6, figcaption") || el;
    }
    if (t.block !== undefined) {
      var b = blocksOf(el)[t.block];
      if (!b) return el;
      el = b;
    }
    if (t.item !== undefined) {
      return el.querySelectorAll("li")[t.item] || el;
    }
    if (t.row !== undefined) {
      var tr = el.querySelectorAll("tbody tr")[t.row];
      if (!tr) return el;
      return tr.querySelectorAll("td")[t.cell] || tr;
    }
    return el;
  }

  var marks = data.marks || [];
  if (marks.length) {
    var panel = document.createElement("details");
    panel.id = "guihua-panel";
    panel.open = true;
    var summary = document.createElement("summary");
    var errors = marks.filter(function (m) { return m.severity === "error"; }).length;
    summary.textContent = "问题：" + errors + " 个错误，" + (marks.length - errors) + " 个警告或提示";
    panel.appendChild(summary);
    var list = document.createElement("ol");
    marks.forEach(function (m, i) {
      var el = m.target ? find(m.target) : null;
      var label = (m.severity === "error" ? "错误" : m.severity === "warning" ? "警告" : "提示") +
        "[" + m.code + "] " + m.message + (m.hint ? "（" + m.hint + "）" : "");
      if (el) {
        el.classList.add(m.severity === "error" ? "guihua-mark-error" : "guihua-mark-warning");
        el.setAttribute("data-guihua-mark", (el.getAttribute("data-guihua-mark") || "") + m.code + " ");
        el.title = (el.title ? el.title + "\n" : "") + label;
        if (!el.id) el.id = "guihua-mark-" + i;
      }
      var li = document.createElement("li");
      li.className = m.severity;
      li.textContent = label;
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = m.file + ":" + m.line + ":" + m.column + (el ? "" : "（页面中无对应位置）");
      li.appendChild(where);
      li.addEventListener("click", function () {
        if (!el) return;
        el.scrollIntoView({ block: "center", behavior: "instant" });
        el.classList.remove("guihua-flash");
        void el.offsetWidth;
        el.classList.add("guihua-flash");
      });
      list.appendChild(li);
    });
    panel.appendChild(list);
    document.body.appendChild(panel);
  }

  if (data.version === null) return;
  var source = new EventSource("/__guihua/events");
  var reload = function () {
    sessionStorage.setItem(key, String(window.scrollY));
    source.close();
    location.reload();
  };
  source.onmessage = function (e) {
    var msg = JSON.parse(e.data);
    var mine = data.plan === "" ? msg.index : msg.plans.indexOf(data.plan) >= 0;
    if (mine) reload();
  };
  // On every (re)connection: a change made while this page loaded, or while the server was
  // away, reloads it now.
  source.onopen = function () {
    fetch("/__guihua/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      var now = data.plan === "" ? s.index_version : (s.plans[data.plan] || {}).version;
      if (now !== data.version) reload();
    }).catch(function () {});
  };
})();
