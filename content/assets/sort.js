/* Sortable tables (the 政府信息公开目录, generator/templates/catalog.md.j2: tables inside `.sortable`): each column
 * header becomes a button that orders the rows by that column, ascending, then descending on a second press, as
 * WAI-ARIA's sortable table pattern has it (aria-sort on the header). Text is compared as Chinese, numbers within it
 * by value (2025年9月 before 2025年10月). Without the script the table keeps its own order, newest first, and the
 * hint that says how to sort (.sort-hint) stays hidden. */
(function () {
  "use strict";
  var collator = new Intl.Collator("zh-CN", { numeric: true });

  function text(row, column) {
    var cell = row.cells[column];
    return cell ? cell.textContent.trim() : "";
  }

  function sortBy(table, header, column) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var headers = header.parentNode.cells;
    for (var i = 0; i < headers.length; i++) { headers[i].removeAttribute("aria-sort"); }
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = collator.compare(text(a, column), text(b, column));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function sortable(table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (header.firstChild) { button.appendChild(header.firstChild); }
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header, column); });
    });
  }

  var tables = document.querySelectorAll(".sortable table");
  tables.forEach(sortable);
  if (tables.length) {
    document.querySelectorAll(".sort-hint").forEach(function (hint) { hint.hidden = false; });
  }
})();
