/* cdtt: the dashboard's tables sorted by any column (tap its title; again to reverse) and
   filtered by what a row says, accents and case ignored ("muong" finds "Mường"). The page
   holds the rows shown; the downloads hold them all. A total row stays last. */
(function () {
  "use strict";
  var collator = window.Intl && Intl.Collator ? new Intl.Collator("vi", { sensitivity: "base", numeric: true }) : null;

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function each(list, work) { Array.prototype.forEach.call(list, work); }

  function setUp(table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) return;
    var heads = table.tHead.rows[0].cells;
    var text = table.dataset;

    function key(row, index) {
      var cell = row.cells[index];
      if (!cell) return "";
      var value = cell.getAttribute("data-value");
      return value !== null ? value : cell.textContent.trim();
    }

    function sort(index, head) {
      var descending = head.getAttribute("aria-sort") === "ascending";
      each(heads, function (h) { h.removeAttribute("aria-sort"); });
      head.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var kind = head.dataset.kind;
      var rows = Array.prototype.slice.call(body.rows);
      var totals = rows.filter(function (r) { return r.classList.contains("total"); });
      rows = rows.filter(function (r) { return !r.classList.contains("total"); });
      rows.sort(function (a, b) {
        var x = key(a, index), y = key(b, index), order;
        if (kind === "int" || kind === "share") {
          order = (x === "" ? -Infinity : parseFloat(x)) - (y === "" ? -Infinity : parseFloat(y));
          if (isNaN(order)) order = 0;
        } else if (kind === "date") {
          order = x < y ? -1 : x > y ? 1 : 0;
        } else {
          order = collator ? collator.compare(x, y) : (x < y ? -1 : x > y ? 1 : 0);
        }
        return descending ? -order : order;
      });
      rows.concat(totals).forEach(function (row) { body.appendChild(row); });
    }

    each(heads, function (head, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = head.textContent;
      button.title = (text.msgSort || "").replace("%(column)s", head.textContent);
      head.textContent = "";
      head.appendChild(button);
      button.addEventListener("click", function () { sort(index, head); });
    });

    if (!table.hasAttribute("data-filter")) return;
    /* Above the chart and the table, where a grid would not take it for a third column. */
    var wrap = table.closest(".dashboard-panel-body") || table.closest(".table-wrap") || table;
    var box = document.createElement("p");
    box.className = "table-filter";
    var label = document.createElement("label");
    var input = document.createElement("input");
    var none = document.createElement("span");
    input.type = "search";
    input.id = "filter-" + (table.closest("[id]") ? table.closest("[id]").id : Math.random().toString(36).slice(2));
    label.htmlFor = input.id;
    label.className = "visually-hidden";
    label.textContent = text.msgFilter || "";
    input.placeholder = text.msgFilter || "";
    none.className = "muted";
    none.hidden = true;
    none.textContent = text.msgNone || "";
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(none);
    wrap.parentNode.insertBefore(box, wrap);
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean), shown = 0;
      each(body.rows, function (row) {
        if (row.classList.contains("total")) return;
        var seen = fold(row.textContent);
        var match = words.every(function (word) { return seen.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown++;
      });
      none.hidden = shown > 0;
    });
  }

  each(document.querySelectorAll("table[data-sortable]"), setUp);
})();
