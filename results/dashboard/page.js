// addbench dashboard: sort any table.sortable by a click on a heading, and
// filter a ratio table by the drop-downs of its form.filters. No library, no
// request; every table is complete without this script.
(function () {
  "use strict";

  // The sort key of a cell: its data-v if it has one (a number; empty sorts
  // last), else its text.
  function key(td, numeric) {
    if (!td) return null;
    var v = td.hasAttribute("data-v") ? td.getAttribute("data-v") : td.textContent.trim();
    if (numeric) {
      if (v === "" || v === "–") return null;
      var x = parseFloat(v);
      return isNaN(x) ? null : x;
    }
    return v;
  }

  function sortBy(table, th) {
    var col = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-type") === "num";
    var asc = th.getAttribute("aria-sort") !== "ascending";
    var heads = th.parentNode.children;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r._i = i; });
    rows.sort(function (a, b) {
      var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
      if (x === null || y === null) {
        if (x === y) return a._i - b._i;
        return x === null ? 1 : -1; // missing values last, either way
      }
      var c = numeric ? x - y : x.localeCompare(y, undefined, { numeric: true });
      if (c === 0) return a._i - b._i;
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function filter(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table) return;
    var selects = form.querySelectorAll("select");
    var rows = table.tBodies[0].rows, shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = true;
      for (var j = 0; j < selects.length; j++) {
        var want = selects[j].value;
        if (want !== "" && rows[i].getAttribute("data-" + selects[j].getAttribute("data-key")) !== want) ok = false;
      }
      rows[i].hidden = !ok;
      if (ok) shown++;
    }
    var out = form.querySelector("output");
    if (out) out.textContent = shown + " of " + rows.length + " rows";
  }

  document.querySelectorAll("table.sortable thead th").forEach(function (th) {
    th.tabIndex = 0;
    th.title = "sort by " + th.textContent.trim();
    var table = th.closest("table");
    th.addEventListener("click", function () { sortBy(table, th); });
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th); }
    });
  });
  // A link to a section inside a closed <details> opens it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (; el; el = el.parentElement) if (el.tagName === "DETAILS") el.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("change", function () { filter(form); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    filter(form);
  });
})();
