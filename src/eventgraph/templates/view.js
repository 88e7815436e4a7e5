/* eventgraph view: builds the network, tooltips, legend, search and source filter.
 * Every text from the articles reaches the page through textContent / createTextNode only:
 * no innerHTML, no HTML strings, no URLs turned into links. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("eg-data").textContent);
  var SOURCES = {};
  DATA.sources.forEach(function (s) { SOURCES[s.id] = s; });
  var MAX_TIP_SOURCES = 8;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function txt(s) { return document.createTextNode(String(s)); }
  function shortId(id) { return id.length <= 14 ? id : id.slice(0, 8) + "\u2026"; }
  function srcChip(id) {
    var chip = el("span", "eg-src", shortId(id));
    chip.title = id;  /* a DOM property: set as an attribute value, never parsed as HTML */
    return chip;
  }

  /* A tooltip / details box: {h, c, rows: [[k, v]], conf: [[prop, [[value, [src], nsrc]], nvalues]], src: [id], nsrc,
   * ev: [[src, before, mark, after]], more}. Source lists are cut short; nsrc is how many there are. */
  function tip(t) {
    var box = el("div", "eg-tip");
    box.appendChild(el("h3", null, t.h));
    if (t.c) { box.appendChild(el("p", "eg-cls", t.c)); }
    (t.conf || []).forEach(function (c) {
      var p = el("p", "eg-conf");
      p.appendChild(txt("\u26a0 " + c[0] + ": "));
      c[1].forEach(function (v, i) {
        if (i) { p.appendChild(txt(" vs ")); }
        p.appendChild(el("b", null, v[0]));
        var others = (v[2] || v[1].length) - v[1].length;
        p.appendChild(txt(" (" + v[1].map(shortId).join(", ") + (others > 0 ? " +" + others + " more" : "") + ")"));
      });
      var otherValues = (c[2] || c[1].length) - c[1].length;
      if (otherValues > 0) { p.appendChild(txt(" vs " + otherValues + " other value" + (otherValues === 1 ? "" : "s"))); }
      box.appendChild(p);
    });
    if (t.rows && t.rows.length) {
      var table = el("table");
      t.rows.forEach(function (r) {
        var tr = el("tr");
        tr.appendChild(el("th", null, r[0]));
        tr.appendChild(el("td", null, r[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    if (t.src && t.src.length) {
      var total = t.nsrc || t.src.length;
      box.appendChild(el("h4", null, (total === 1 ? "Source" : "Sources") + " (" + total + ")"));
      var ul = el("ul");
      t.src.slice(0, MAX_TIP_SOURCES).forEach(function (id) {
        var li = el("li");
        li.appendChild(srcChip(id));
        var s = SOURCES[id];
        if (s && s.title) { li.appendChild(txt(s.title)); }
        if (s && (s.publisher || s.issued)) {
          li.appendChild(txt(" (" + [s.publisher, s.issued].filter(Boolean).join(", ") + ")"));
        }
        ul.appendChild(li);
      });
      if (total > MAX_TIP_SOURCES) { ul.appendChild(el("li", null, "\u2026 and " + (total - MAX_TIP_SOURCES) + " more")); }
      box.appendChild(ul);
    }
    if (t.ev && t.ev.length) {
      box.appendChild(el("h4", null, "Evidence"));
      t.ev.forEach(function (e) {
        var p = el("p", "eg-ev");
        p.appendChild(srcChip(e[0]));
        p.appendChild(txt(e[1]));
        p.appendChild(el("mark", null, e[2]));
        p.appendChild(txt(e[3]));
        box.appendChild(p);
      });
      if (t.more) { box.appendChild(el("p", "eg-cls", "\u2026 and " + t.more + " more mention" + (t.more === 1 ? "" : "s"))); }
    }
    return box;
  }

  DATA.nodes.forEach(function (n) { n.title = tip(n.tip); });
  DATA.edges.forEach(function (e) { e.title = tip(e.tip); });
  /* the nodes outside the connected core (isolated actors, events with one actor) start hidden */
  var showIso = false, isoIds = {};
  DATA.nodes.forEach(function (n) { if (n.iso) { isoIds[n.id] = true; n.hidden = true; } });
  DATA.edges.forEach(function (e) { if (isoIds[e.from] || isoIds[e.to]) { e.hidden = true; } });
  var fullLabel = {};
  DATA.nodes.forEach(function (n) { fullLabel[n.id] = n.label; });
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var container = document.getElementById("eg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);

  var view = {
    data: DATA, nodes: nodes, edges: edges, network: network,
    ready: false, readyAt: null, physics: DATA.physics, filter: "all"
  };
  window.eventgraphView = view;

  function markReady() {
    if (view.ready) { return; }
    view.ready = true;
    view.readyAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  }
  if (DATA.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });  /* keep the layout still once settled */
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
    var core = DATA.nodes.filter(function (n) { return !n.hidden; }).map(function (n) { return n.id; });
    network.fit({ nodes: core.length ? core : undefined, animation: false });
    network.redraw();
  }

  /* ---------------------------------------------------------------- details panel */
  var details = document.getElementById("eg-details");
  var hint = details.firstElementChild;
  function showDetails(kind, id) {
    var item = (kind === "node" ? nodes : edges).get(id);
    while (details.firstChild) { details.removeChild(details.firstChild); }
    details.appendChild(item && item.tip ? tip(item.tip) : hint);
  }
  view.showDetails = showDetails;
  network.on("click", function (p) {
    if (p.nodes.length) { showDetails("node", p.nodes[0]); }
    else if (p.edges.length) { showDetails("edge", p.edges[0]); }
    else { showDetails("none", null); }
  });

  /* ---------------------------------------------------------------- legend */
  var legend = document.getElementById("eg-legend");
  DATA.legend.forEach(function (item) {
    var li = el("li");
    var sw = el("span", "eg-sw " + (item.shape || "dot"));
    if (item.shape === "line" || item.shape === "dashed") {
      sw.style.borderTopColor = item.color;
    } else {
      sw.style.background = item.color;
      sw.style.borderColor = item.border || item.color;
    }
    li.appendChild(sw);
    li.appendChild(el("span", null, item.label));
    legend.appendChild(li);
  });

  /* ---------------------------------------------------------------- counts */
  var visibleLine = document.getElementById("eg-visible");
  function visible() {
    return {
      nodes: nodes.get({ filter: function (n) { return !n.hidden; } }).length,
      edges: edges.get({ filter: function (e) { return !e.hidden; } }).length
    };
  }
  view.visible = visible;
  function showVisible() {
    var v = visible();
    visibleLine.textContent = "Showing " + v.nodes + " of " + nodes.length + " nodes, " + v.edges + " of " + edges.length + " edges.";
  }

  /* ---------------------------------------------------------------- search */
  var search = document.getElementById("eg-search");
  var status = document.getElementById("eg-search-status");
  var names = document.getElementById("eg-names");
  var index = DATA.nodes.map(function (n) { return { id: n.id, name: (n.tip && n.tip.h) || String(n.label) }; });
  var seen = {};
  index.slice().sort(function (a, b) { return a.name.localeCompare(b.name); }).slice(0, 5000).forEach(function (x) {
    if (seen[x.name]) { return; }
    seen[x.name] = true;
    var o = el("option");
    o.value = x.name;
    names.appendChild(o);
  });
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) { return null; }
    var shown = index.filter(function (x) { var n = nodes.get(x.id); return n && !n.hidden; });
    var pools = [shown, index];
    for (var i = 0; i < pools.length; i++) {
      var pool = pools[i], hit = null;
      pool.some(function (x) { if (x.name.toLowerCase() === q) { hit = x; return true; } return false; });
      if (!hit) { pool.some(function (x) { if (x.name.toLowerCase().indexOf(q) === 0) { hit = x; return true; } return false; }); }
      if (!hit) { pool.some(function (x) { if (x.name.toLowerCase().indexOf(q) >= 0) { hit = x; return true; } return false; }); }
      if (hit) { return hit; }
    }
    return null;
  }
  function doSearch(q) {
    var hit = find(q);
    if (!hit) {
      status.textContent = q.trim() ? "No node matches \u201c" + q.trim() + "\u201d." : "";
      return null;
    }
    var n = nodes.get(hit.id);
    if (n.iso && !showIso && isoBox) { isoBox.checked = true; showIso = true; }
    if (n.hidden) { setFilter("all"); }
    network.selectNodes([hit.id]);
    network.focus(hit.id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showDetails("node", hit.id);
    status.textContent = "Selected: " + hit.name;
    return hit.id;
  }
  view.search = doSearch;
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); doSearch(search.value); }
  });
  search.addEventListener("input", function () {
    if (seen[search.value]) { doSearch(search.value); }  /* picked from the suggestions */
  });

  /* ---------------------------------------------------------------- source filter */
  var select = document.getElementById("eg-filter");
  function setFilter(mode) {
    var test;
    if (mode === "dis") { test = function (it) { return !!it.dis; }; }
    else if (mode === "single") { test = function (it) { return !!it.single; }; }
    else if (mode && mode.indexOf("src:") === 0) {
      var s = mode.slice(4);
      test = function (it) { return (it.src || []).indexOf(s) >= 0; };
    } else { mode = "all"; test = function () { return true; }; }
    var st = storyIndex;
    function inStory(it) { return st < 0 || (it.st || []).indexOf(st) >= 0; }
    /* which nodes and edges pass: "all" is the connected core (unless the reader ticked the rest);
       a chosen source, the disagreements or the single-source facts show wherever they are. In a
       story, a node none of whose links are the story's stands alone (an actor of other stories,
       named here in passing): it waits behind the tick with the other isolated nodes. */
    function pass(withIso) {
      var shown = {}, linked = {}, edgeOk = {}, ids = [];
      nodes.forEach(function (n) { shown[n.id] = test(n) && inStory(n) && (withIso || !n.iso); });
      edges.forEach(function (e) {
        var ok = test(e) && inStory(e) && shown[e.from] && shown[e.to];
        edgeOk[e.id] = ok;
        if (ok) { linked[e.from] = linked[e.to] = true; }
      });
      nodes.forEach(function (n) {
        if (shown[n.id] && st >= 0 && !withIso && !linked[n.id]) { shown[n.id] = false; }
        if (shown[n.id]) { ids.push(n.id); }
      });
      return { shown: shown, edgeOk: edgeOk, ids: ids };
    }
    var withIso = showIso || mode !== "all";
    var r = pass(withIso);
    /* a story with nothing in the connected core shows all its nodes (else the page is blank) */
    if (st >= 0 && !withIso && !r.ids.length) { r = pass(true); }
    var nodeUpd = [], edgeUpd = [], ids = r.ids;
    nodes.forEach(function (n) {
      var ok = !!r.shown[n.id];
      if (!!n.hidden === ok) { nodeUpd.push({ id: n.id, hidden: !ok }); }
    });
    edges.forEach(function (e) {
      var ok = !!r.edgeOk[e.id];
      if (!!e.hidden === ok) { edgeUpd.push({ id: e.id, hidden: !ok }); }
    });
    nodes.update(nodeUpd);
    edges.update(edgeUpd);
    view.filter = mode;
    if (select && select.value !== mode) { select.value = mode; }
    showVisible();
    if (st >= 0 && ids.length && ids.length <= RELAYOUT_MAX) { relayout(ids); }
    else {
      if (moved) { restorePositions(); }
      if (ids.length) { network.fit({ nodes: ids, animation: false }); }
    }
    declutterSoon();
  }

  /* A story's nodes are few: they are laid out again among themselves (a short physics run over
     the nodes shown, the others left out of it), so that they do not stay scattered where the
     whole graph's layout put them; "All stories" puts every node back. */
  var RELAYOUT_MAX = 300, moved = false, home = {};
  DATA.nodes.forEach(function (n) { home[n.id] = [n.x, n.y]; });
  function restorePositions() {
    nodes.forEach(function (n) { if (home[n.id][0] !== undefined) { network.moveNode(n.id, home[n.id][0], home[n.id][1]); } });
    moved = false;
  }
  function relayout(ids) {
    var inRun = {};
    ids.forEach(function (id) { inRun[id] = true; });
    nodes.update(nodes.getIds().map(function (id) { return { id: id, physics: !!inRun[id] }; }));
    moved = true;
    view.ready = false;
    var done = false;
    function settle() {
      if (done) { return; }
      done = true;
      network.setOptions({ physics: { enabled: false } });
      network.fit({ nodes: ids, animation: false });
      declutterSoon();
      view.ready = true;
    }
    /* a page drawn without physics emits no "stabilized" after a run: the end of the iterations
       settles it, and a timer in case neither comes */
    network.once("stabilizationIterationsDone", settle);
    network.once("stabilized", settle);
    setTimeout(settle, 5000);
    network.setOptions({ physics: STORY_PHYSICS });
    network.stabilize(200);
  }
  var STORY_PHYSICS = {
    enabled: true, solver: "barnesHut",
    barnesHut: { gravitationalConstant: -9000, centralGravity: 0.6, springLength: 150, springConstant: 0.04, avoidOverlap: 0.6 },
    stabilization: { enabled: true, iterations: 200, updateInterval: 50, fit: false }
  };
  view.setFilter = setFilter;

  /* ---------------------------------------------------------------- story filter */
  var STORIES = DATA.stories || [];
  var storyIndex = -1, storySelect = document.getElementById("eg-story");
  var STORY = window.eventgraphStory;
  function setStory(id) {
    storyIndex = -1;
    STORIES.forEach(function (s, i) { if (s.id === id) { storyIndex = i; } });
    view.story = storyIndex >= 0 ? id : "";
    if (storySelect && storySelect.value !== view.story) { storySelect.value = view.story; }
    if (STORY) { STORY.set(view.story); }
    setFilter(view.filter);
  }
  view.setStory = setStory;
  view.story = "";
  if (storySelect && STORY) {
    STORY.fill(storySelect, STORIES);
    storySelect.addEventListener("change", function () { setStory(storySelect.value); });
  }

  /* ---------------------------------------------------------------- the core and the rest */
  var isoBox = null;
  if (DATA.outside && DATA.outside.n) {
    var isoLabel = el("label", "eg-check");
    isoBox = el("input");
    isoBox.type = "checkbox";
    isoBox.id = "eg-iso";
    isoLabel.appendChild(isoBox);
    isoLabel.appendChild(txt(" Show the " + DATA.outside.n.toLocaleString("en") + " " + DATA.outside.what));
    visibleLine.parentNode.insertBefore(isoLabel, visibleLine);
    isoBox.addEventListener("change", function () { showIso = isoBox.checked; setFilter(view.filter); });
  }

  /* ---------------------------------------------------------------- labels that do not collide */
  /* The most important nodes (largest first) keep their labels; a label that would overlap one
     already kept on screen is left out until the reader zooms in far enough to make room. */
  var byImportance = DATA.nodes.slice().sort(function (a, b) {
    return (b.size || 0) - (a.size || 0) || String(fullLabel[a.id]).length - String(fullLabel[b.id]).length;
  });
  var fontSize = (DATA.options.nodes && DATA.options.nodes.font && DATA.options.nodes.font.size) || 15;
  var MIN_SCREEN_FONT = 12;
  var WRAP = (DATA.options.nodes && DATA.options.nodes.widthConstraint && DATA.options.nodes.widthConstraint.maximum) || 230;
  var fullFont = {};
  DATA.nodes.forEach(function (n) { if (n.font) { fullFont[n.id] = n.font; } });
  function declutter() {
    var scale = network.getScale();
    var posById = network.getPositions();
    var kept = [], upd = [], cell = 40, grid = {};
    function key(x, y) { return Math.floor(x / cell) + ":" + Math.floor(y / cell); }
    function collides(b) {
      for (var gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) {
        for (var gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
          var list = grid[gx + ":" + gy] || [];
          for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) { return true; }
          }
        }
      }
      return false;
    }
    function keep(b) {
      for (var gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) {
        for (var gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
          (grid[gx + ":" + gy] = grid[gx + ":" + gy] || []).push(b);
        }
      }
      kept.push(b);
    }
    byImportance.forEach(function (d) {
      var n = nodes.get(d.id), p = posById[d.id];
      if (!n || n.hidden || !p) { return; }
      var full = String(fullLabel[d.id] || "");
      var dot = (n.shape || "dot") === "dot";
      var base = (fullFont[d.id] && fullFont[d.id].size) || fontSize;
      /* a dot's label (beside it) is kept readable at any zoom: at least MIN_SCREEN_FONT pixels */
      var size = dot ? Math.max(base, MIN_SCREEN_FONT / scale) : base;
      var lines = full.split("\n");
      var longest = Math.max.apply(null, lines.map(function (l) { return l.length; }));
      var fs = size * scale;
      var wrapAt = WRAP * scale * size / base;
      var w = Math.min(longest * fs * 0.56, wrapAt);
      var h = lines.reduce(function (t, l) { return t + Math.max(1, Math.ceil(l.length * fs * 0.56 / wrapAt)); }, 0) * fs * 1.25;
      var c = network.canvasToDOM(p);
      var below = dot ? ((n.size || 10) * scale + 2) : -h / 2;
      var box = [c.x - w / 2, c.y + below, c.x + w / 2, c.y + below + h];
      var want = full;
      if (full.trim() && (fs < 6 || collides(box))) { want = dot ? "" : " "; size = base; }
      else if (full.trim()) { keep(box); }
      var font = Object.assign({}, fullFont[d.id] || {}, { size: Math.round(size * 10) / 10 });
      var curSize = (n.font && n.font.size) || fontSize;
      if (n.label !== want || Math.abs(curSize - font.size) > 0.05) {
        /* the label wraps at the same on-screen width whatever its font size */
        upd.push({ id: d.id, label: want, font: font, widthConstraint: { maximum: Math.round(WRAP * font.size / base) } });
      }
    });
    if (upd.length) { nodes.update(upd); }
    view.labelsShown = kept.length;
  }
  var declutterTimer = null;
  function declutterSoon() {
    if (declutterTimer) { clearTimeout(declutterTimer); }
    declutterTimer = setTimeout(function () { declutterTimer = null; declutter(); }, 120);
  }
  view.declutter = declutter;
  network.on("zoom", declutterSoon);
  network.on("dragEnd", declutterSoon);
  network.once("afterDrawing", declutterSoon);
  if (select) {
    var add = function (parent, value, text) {
      var o = el("option", null, text);
      o.value = value;
      parent.appendChild(o);
    };
    add(select, "all", "All sources");
    var group = el("optgroup");
    group.label = "One source";
    var drawn = {};  /* the articles that state something drawn here */
    DATA.nodes.forEach(function (n) { (n.src || []).forEach(function (id) { drawn[id] = true; }); });
    DATA.sources.filter(function (s) { return drawn[s.id]; }).forEach(function (s) {
      add(group, "src:" + s.id, shortId(s.id) + (s.title ? " \u2014 " + (s.title.length > 70 ? s.title.slice(0, 69) + "\u2026" : s.title) : ""));
    });
    select.appendChild(group);
    add(select, "dis", "Disagreements only");
    add(select, "single", "Single-source facts only");
    select.addEventListener("change", function () { setFilter(select.value); });
  }
  showVisible();
  if (storySelect && STORY && STORY.current()) {
    var wanted = STORY.current();
    if (STORIES.some(function (s) { return s.id === wanted; })) { setStory(wanted); }
  }
})();
