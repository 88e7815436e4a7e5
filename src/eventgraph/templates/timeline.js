(function () {
  "use strict";
  var select = document.getElementById("eg-tl-source");
  var query = document.getElementById("eg-tl-q");
  var storySelect = document.getElementById("eg-story");
  var STORY = window.eventgraphStory;
  var rows = Array.prototype.slice.call(document.querySelectorAll("#eg-timeline .eg-tl-row[data-src]"));
  function apply() {
    var src = select.value;
    var story = storySelect ? storySelect.value : "";
    var q = query.value.trim().toLowerCase();
    rows.forEach(function (row) {
      var ok = !src || row.getAttribute("data-src").split(" ").indexOf(src) >= 0;
      if (ok && story) { ok = (row.getAttribute("data-story") || "").split(" ").indexOf(story) >= 0; }
      if (ok && q) { ok = row.textContent.toLowerCase().indexOf(q) >= 0; }
      row.hidden = !ok;
    });
  }
  if (storySelect && STORY) {
    var stories = JSON.parse(document.getElementById("eg-stories").textContent);
    STORY.fill(storySelect, stories);
    var wanted = STORY.current();
    if (stories.some(function (s) { return s.id === wanted; })) { storySelect.value = wanted; }
    storySelect.addEventListener("change", function () { STORY.set(storySelect.value); apply(); });
  }
  select.addEventListener("change", apply);
  query.addEventListener("input", apply);
  apply();
})();
