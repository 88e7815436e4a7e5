/* The story a reader picked, shared by the pages of a build: kept in the address (#story=ID), so
 * that the navigation links carry it to the next page and a reload keeps it. */
(function () {
  "use strict";
  function current() {
    var m = /(?:^#|&)story=([A-Za-z0-9_.~-]+)/.exec(window.location.hash);
    return m ? m[1] : "";
  }
  function carry(id) {
    var hash = id ? "#story=" + id : "";
    Array.prototype.forEach.call(document.querySelectorAll(".eg-nav a"), function (a) {
      var href = a.getAttribute("href") || "";
      a.setAttribute("href", href.split("#")[0] + hash);
    });
  }
  function set(id) {
    var hash = id ? "#story=" + id : "";
    if (window.location.hash !== hash) {
      try {
        window.history.replaceState(null, "", window.location.pathname + window.location.search + hash);
      } catch (e) { /* a page shown from srcdoc has no address to change */ }
    }
    carry(id);
  }
  /* fill a <select> with "All stories" and one option per story ({id, label, n}) */
  function fill(select, stories) {
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "All stories (" + stories.length.toLocaleString("en") + ")";
    select.appendChild(all);
    stories.forEach(function (st) {
      var o = document.createElement("option");
      o.value = st.id;
      o.textContent = st.label + " \u2014 " + st.n + " article" + (st.n === 1 ? "" : "s");
      select.appendChild(o);
    });
  }
  carry(current());
  window.eventgraphStory = { current: current, set: set, fill: fill };
})();
