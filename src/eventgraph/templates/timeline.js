(function () {
  "use strict";
  var select = document.getElementById("eg-tl-source");
  var query = document.getElementById("eg-tl-q");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#eg-timeline .eg-tl-row[data-src]"));
  function apply() {
    var src = select.value;
    var q = query.value.trim().toLowerCase();
    rows.forEach(function (row) {
      var ok = !src || row.getAttribute("data-src").split(" ").indexOf(src) >= 0;
      if (ok && q) { ok = row.textContent.toLowerCase().indexOf(q) >= 0; }
      row.hidden = !ok;
    });
  }
  select.addEventListener("change", apply);
  query.addEventListener("input", apply);
})();
