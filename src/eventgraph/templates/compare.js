(function () {
  "use strict";
  // The comparison page: one cluster at a time, ROWS events and COLS articles per screen. Article
  // text reaches the page only through textContent (never innerHTML).
  var ROWS = 40, COLS = 5;
  var data = JSON.parse(document.getElementById("eg-cmp-data").textContent);
  var pick = document.getElementById("eg-cmp-cluster");
  var mode = document.getElementById("eg-cmp-rows");
  var query = document.getElementById("eg-cmp-q");
  var table = document.getElementById("eg-cmp");
  var where = document.getElementById("eg-cmp-where");
  var aside = document.getElementById("eg-cmp-evidence");
  var LABELS = { "class": "class", agent: "by", recipient: "to", date: "date", duration: "duration",
    quantity: "quantity", place: "place", factuality: "factuality" };
  var state = { cluster: 0, row: 0, col: 0 };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  data.clusters.forEach(function (c, i) {
    var o = el("option", "", (i + 1) + ". " + c.title + " — " + c.articles + " articles, " +
      c.multi + " shared events" + (c.dis ? ", " + c.dis + " with a disagreement" : ""));
    o.value = String(i);
    pick.appendChild(o);
  });

  function rows() {
    var c = data.clusters[state.cluster];
    if (!c) { return []; }
    var q = query.value.trim().toLowerCase();
    return c.rows.filter(function (r) {
      var ev = data.events[r];
      if (mode.value === "multi" && ev.n < 2) { return false; }
      if (mode.value === "dis" && !ev.dis.length) { return false; }
      return !q || JSON.stringify([ev.label, ev.cells]).toLowerCase().indexOf(q) >= 0;
    });
  }

  function showEvidence(ev, src, cell) {
    aside.hidden = false;
    aside.textContent = "";
    var s = data.sources[src] || {};
    aside.appendChild(el("h2", "", ev.label));
    aside.appendChild(el("p", "eg-cmp-src", src + (s.title ? " — " + s.title : "") +
      (s.publisher ? " · " + s.publisher : "") + (s.issued ? " · " + s.issued : "")));
    var p = el("p", "eg-cmp-quote");
    var text = cell.ev || "(no evidence sentence)";
    var at = cell.anchor ? text.indexOf(cell.anchor) : -1;
    if (at >= 0) {
      p.appendChild(document.createTextNode(text.slice(0, at)));
      p.appendChild(el("mark", "", cell.anchor));
      p.appendChild(document.createTextNode(text.slice(at + cell.anchor.length)));
    } else {
      p.textContent = text;
    }
    aside.appendChild(p);
    var close = el("button", "", "close");
    close.type = "button";
    close.addEventListener("click", function () { aside.hidden = true; });
    aside.appendChild(close);
  }

  function render() {
    var c = data.clusters[state.cluster];
    table.textContent = "";
    if (!c) { where.textContent = "No article shares an event with another: nothing to compare."; return; }
    var list = rows();
    state.row = Math.max(0, Math.min(state.row, Math.max(0, list.length - 1)));
    state.row -= state.row % ROWS;
    state.col = Math.max(0, Math.min(state.col, Math.max(0, c.sources.length - 1)));
    state.col -= state.col % COLS;
    /* the articles that state the most of the events on screen come first */
    var onScreen = list.slice(state.row, state.row + ROWS), stating = {};
    onScreen.forEach(function (r) { Object.keys(data.events[r].cells).forEach(function (s) { stating[s] = (stating[s] || 0) + 1; }); });
    var order = c.sources.map(function (s, i) { return [s, i]; }).sort(function (a, b) {
      return (stating[b[0]] || 0) - (stating[a[0]] || 0) || a[1] - b[1];
    }).map(function (x) { return x[0]; });
    var cols = order.slice(state.col, state.col + COLS);
    var head = el("thead"), hr = el("tr");
    hr.appendChild(el("th", "", "Event"));
    cols.forEach(function (src) {
      var s = data.sources[src] || {};
      var th = el("th", "eg-cmp-col");
      th.appendChild(el("div", "eg-src", src));
      if (s.title) { th.appendChild(el("small", "", s.title)); }
      if (s.issued || s.publisher) { th.appendChild(el("div", "eg-cmp-meta", [s.publisher, s.issued].filter(Boolean).join(" · "))); }
      hr.appendChild(th);
    });
    head.appendChild(hr);
    table.appendChild(head);
    var body = el("tbody");
    list.slice(state.row, state.row + ROWS).forEach(function (r) {
      var ev = data.events[r];
      var tr = el("tr", ev.dis.length ? "eg-cmp-disrow" : "");
      var first = el("td", "eg-cmp-event");
      first.appendChild(el("div", "", ev.label));
      first.appendChild(el("small", "", ev.cls + (ev.n > 1 ? " · stated by " + ev.n + " sources" : "")));
      if (ev.n < 2) { first.appendChild(el("span", "eg-cmp-single", "single source")); }
      if (ev.dis.length) { first.appendChild(el("span", "eg-cmp-disflag", "sources disagree: " + ev.dis.join(", "))); }
      tr.appendChild(first);
      cols.forEach(function (src) {
        var cell = ev.cells[src];
        var td = el("td", "eg-cmp-cell");
        if (!cell) { td.appendChild(el("span", "eg-cmp-none", "—")); td.title = "this article does not state this event"; tr.appendChild(td); return; }
        data.facts.forEach(function (f) {
          if (!cell[f]) { return; }
          var line = el("div", "eg-cmp-fact" + (ev.dis.indexOf(f) >= 0 ? " eg-cmp-dis" : "") + (cell[f][1] ? " eg-cmp-only" : ""));
          line.appendChild(el("span", "eg-cmp-k", LABELS[f] + " "));
          line.appendChild(el("span", "", cell[f][0]));
          if (cell[f][1]) { line.title = "only this article states it"; }
          td.appendChild(line);
        });
        td.tabIndex = 0;
        td.addEventListener("click", function () { showEvidence(ev, src, cell); });
        td.addEventListener("keydown", function (e) { if (e.key === "Enter") { showEvidence(ev, src, cell); } });
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    var last = Math.min(state.row + ROWS, list.length);
    where.textContent = "events " + (list.length ? state.row + 1 : 0) + "–" + last + " of " + list.length +
      " · articles " + (state.col + 1) + "–" + (state.col + cols.length) + " of " + c.sources.length;
    document.getElementById("eg-cmp-prev").disabled = state.row === 0;
    document.getElementById("eg-cmp-next").disabled = last >= list.length;
    document.getElementById("eg-cmp-left").disabled = state.col === 0;
    document.getElementById("eg-cmp-right").disabled = state.col + COLS >= c.sources.length;
  }

  var STORY = window.eventgraphStory;
  function storyOf(i) { var c = data.clusters[i]; return (c && c.story) || ""; }
  pick.addEventListener("change", function () {
    state = { cluster: +pick.value, row: 0, col: 0 };
    aside.hidden = true;
    if (STORY && storyOf(state.cluster)) { STORY.set(storyOf(state.cluster)); }
    render();
  });
  if (STORY && STORY.current()) {
    data.clusters.forEach(function (c, i) { if (c.story === STORY.current()) { state.cluster = i; pick.value = String(i); } });
  }
  mode.addEventListener("change", function () { state.row = 0; render(); });
  query.addEventListener("input", function () { state.row = 0; render(); });
  document.getElementById("eg-cmp-prev").addEventListener("click", function () { state.row -= ROWS; render(); });
  document.getElementById("eg-cmp-next").addEventListener("click", function () { state.row += ROWS; render(); });
  document.getElementById("eg-cmp-left").addEventListener("click", function () { state.col -= COLS; render(); });
  document.getElementById("eg-cmp-right").addEventListener("click", function () { state.col += COLS; render(); });
  render();
})();
