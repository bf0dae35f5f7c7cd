// Section tables: sorting and filtering in the browser. The table is complete without this script.
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? (cell.getAttribute("data-value") || cell.textContent.trim()) : "";
  }
  function sortBy(table, th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = x.localeCompare(y, "zh-Hans-CN", { numeric: true });
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function makeSortable(table) {
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gk-sort";
      button.textContent = th.textContent;
      button.title = "按" + th.textContent + "排序";
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th); });
    });
  }
  // One form filters every table of its section (the report index has one table per agency).
  function applyFilters(form) {
    var wanted = {};
    form.querySelectorAll("select").forEach(function (s) { if (s.value) { wanted[s.name] = s.value; } });
    var text = (form.querySelector("input[name=text]") || {}).value || "";
    text = text.normalize("NFKC").toLowerCase().trim();
    var shown = 0;
    var rows = [];
    form.closest(".gk-section").querySelectorAll("table[data-gk-table]").forEach(function (table) {
      rows = rows.concat(Array.prototype.slice.call(table.tBodies[0].rows));
    });
    rows.forEach(function (row) {
      var ok = Object.keys(wanted).every(function (name) {
        var value = row.getAttribute("data-" + name) || "";
        return value.split("|").indexOf(wanted[name]) !== -1;
      });
      if (ok && text) { ok = row.textContent.normalize("NFKC").toLowerCase().indexOf(text) !== -1; }
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var out = form.querySelector("[data-gk-count]");
    if (out) { out.textContent = "显示 " + shown + " 条"; }
  }
  document.querySelectorAll("table[data-gk-table]").forEach(function (table) {
    makeSortable(table);
    var section = table.closest(".gk-section");
    var form = section && section.querySelector("form[data-gk-filters]");
    if (form) {
      form.hidden = false;
      form.addEventListener("input", function () { applyFilters(form); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    }
  });
})();
