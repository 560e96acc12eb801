// Hovering, focusing or clicking a mark shows its fact (or partner, or cause) beside it.
(function () {
  "use strict";
  var card = document.getElementById("card");
  var pinned = false;
  function owner(mark) {
    return mark.dataset.fact || mark.dataset.partner || mark.dataset.cause;
  }
  function clear() {
    document.querySelectorAll("mark.active, tr.active").forEach(function (el) { el.classList.remove("active"); });
  }
  function show(mark) {
    var template = document.getElementById("card-" + owner(mark));
    if (!template) { return; }
    clear();
    card.replaceChildren(template.content.cloneNode(true));
    card.dataset.owner = owner(mark);
    card.dataset.span = mark.dataset.span;
    card.hidden = false;
    document.querySelectorAll('mark[data-span="' + mark.dataset.span + '"]').forEach(function (m) {
      m.classList.add("active");
    });
    var row = document.getElementById("row-" + owner(mark));
    if (row) { row.classList.add("active"); }
    var box = mark.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    card.style.top = (window.scrollY + box.bottom + 6) + "px";
    card.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + width - card.offsetWidth - 8)) + "px";
  }
  function pin(on) {
    pinned = on;
    card.classList.toggle("pinned", on);  // only a pinned card takes the pointer: a hover card never hides text
  }
  function hide() {
    card.hidden = true;
    pin(false);
    clear();
  }
  function markOf(event) {
    return event.target.closest ? event.target.closest("mark[data-span]") : null;
  }
  document.addEventListener("mouseover", function (event) {
    var mark = markOf(event);
    if (mark && !pinned) { show(mark); }
  });
  document.addEventListener("mouseout", function (event) {
    var to = event.relatedTarget;
    if (!pinned && markOf(event) && !(to && to.closest && to.closest("mark[data-span]"))) { hide(); }
  });
  document.addEventListener("focusin", function (event) {
    var mark = markOf(event);
    if (mark) { show(mark); }
  });
  document.addEventListener("click", function (event) {
    if (card.contains(event.target)) { return; }
    var mark = markOf(event);
    if (mark) { show(mark); pin(true); } else { hide(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });
})();
