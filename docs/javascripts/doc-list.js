/* The home page's document list: sort by any column, filter by text and by issuer,
 * region, year and kind. Without JavaScript the list is a plain, complete table.
 * Only the table's own cells are read; nothing is fetched. */
(function () {
  "use strict";

  var COLUMNS = { title: 0, issuer: 1, region: 2, date: 3, kind: 4, measures: 5 };
  var MISSING = "—";

  function cellText(row, column) {
    return row.cells[column].textContent.trim();
  }

  function yearOf(date) {
    var match = /^(\d{4})/.exec(date);
    return match ? match[1] : "";
  }

  function compare(a, b, column) {
    var x = cellText(a, column), y = cellText(b, column);
    if (x === MISSING || y === MISSING) return (x === MISSING) - (y === MISSING);
    if (column === COLUMNS.measures) return Number(x) - Number(y);
    return x.localeCompare(y, "zh-Hans-CN-u-co-pinyin");
  }

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (text) el.textContent = text;
    return el;
  }

  function choices(rows, read) {
    var seen = {};
    rows.forEach(function (row) {
      var value = read(row);
      if (value && value !== MISSING) seen[value] = true;
    });
    return Object.keys(seen).sort(function (x, y) { return x.localeCompare(y, "zh-Hans-CN-u-co-pinyin"); });
  }

  function select(name, label, values, controls) {
    var wrap = element("label", {});
    wrap.appendChild(document.createTextNode(label));
    var box = element("select", { name: name });
    box.appendChild(element("option", { value: "" }, "全部"));
    values.forEach(function (value) { box.appendChild(element("option", { value: value }, value)); });
    wrap.appendChild(box);
    controls.appendChild(wrap);
    return box;
  }

  function enhance(list) {
    var table = list.querySelector("table");
    if (!table || list.querySelector(".doc-list-controls")) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var controls = element("form", { "class": "doc-list-controls", role: "search", "aria-label": "筛选文件" });
    controls.addEventListener("submit", function (e) { e.preventDefault(); });
    var textLabel = element("label", {});
    textLabel.appendChild(document.createTextNode("标题或机构包含"));
    var text = element("input", { type: "search", name: "text", placeholder: "输入文字筛选" });
    textLabel.appendChild(text);
    controls.appendChild(textLabel);
    var filters = {
      issuer: select("issuer", "发布机构", choices(rows, function (r) { return cellText(r, COLUMNS.issuer); }), controls),
      region: select("region", "地区", choices(rows, function (r) { return cellText(r, COLUMNS.region); }), controls),
      year: select("year", "年份", choices(rows, function (r) { return yearOf(cellText(r, COLUMNS.date)); }), controls),
      kind: select("kind", "文种", choices(rows, function (r) { return cellText(r, COLUMNS.kind); }), controls),
    };
    var count = element("output", { "class": "doc-list-count", "aria-live": "polite" });
    controls.appendChild(count);
    list.insertBefore(controls, list.firstChild);

    function apply() {
      var query = text.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!query || (cellText(row, COLUMNS.title) + " " + cellText(row, COLUMNS.issuer)).toLowerCase().indexOf(query) >= 0)
          && (!filters.issuer.value || cellText(row, COLUMNS.issuer) === filters.issuer.value)
          && (!filters.region.value || cellText(row, COLUMNS.region) === filters.region.value)
          && (!filters.year.value || yearOf(cellText(row, COLUMNS.date)) === filters.year.value)
          && (!filters.kind.value || cellText(row, COLUMNS.kind) === filters.kind.value);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown === rows.length
        ? "共 " + rows.length + " 份文件"
        : "显示 " + shown + " 份文件（共 " + rows.length + " 份）";
    }
    text.addEventListener("input", apply);
    Object.keys(filters).forEach(function (key) { filters[key].addEventListener("change", apply); });

    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      var name = th.textContent.trim();
      var b = element("button", { type: "button", title: "按" + name + "排序" }, name);
      th.textContent = "";
      th.appendChild(b);
      th.setAttribute("aria-sort", "none");
      b.addEventListener("click", function () {
        var order = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", order);
        var sorted = rows.slice().sort(function (a, b2) {
          var c = compare(a, b2, column);
          if (c === 0) c = rows.indexOf(a) - rows.indexOf(b2);  /* stable: the page's order */
          return order === "ascending" ? c : -c;
        });
        if (order === "descending") {
          /* documents without a value stay last in both directions */
          sorted.sort(function (a, b2) {
            return (cellText(a, column) === MISSING) - (cellText(b2, column) === MISSING);
          });
        }
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    });
    apply();
  }

  function enhanceAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".doc-list"), enhance);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhanceAll);
  } else {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  }
})();
