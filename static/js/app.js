// Small enhancements on top of htmx; the pages work without this file.
(function () {
  "use strict";

  function say(text) {
    var region = document.getElementById("messages");
    if (!region) return;
    var p = document.createElement("p");
    p.className = "message message-error";
    p.textContent = text;
    region.replaceChildren(p);
  }

  // A request that never got an answer (offline, server gone) would otherwise fail silently.
  document.addEventListener("htmx:sendError", function () {
    say("We could not reach the server. Check your connection and try again.");
  });

  // ---- roadmaps ----
  // A tick that was swapped in a moment ago ignores clicks for a short while, so the second
  // click of a double click cannot untick what the first click ticked. (Requests carry the
  // wanted status, so repeats of the same click are harmless anyway.)
  var TICK_SETTLE_MS = 500;

  document.addEventListener("htmx:afterSwap", function (event) {
    var root = event.target;
    // Only milestones and tracks swapped by an action; a page navigation is left alone.
    if (!root.matches || !root.matches(".milestone, .track")) return;
    var now = String(Date.now());
    root.querySelectorAll(".tick-box").forEach(function (tick) {
      tick.setAttribute("data-swapped-at", now);
    });
  });

  document.addEventListener(
    "click",
    function (event) {
      var tick = event.target.closest && event.target.closest(".tick-box");
      if (!tick) return;
      var swappedAt = Number(tick.getAttribute("data-swapped-at") || 0);
      if (swappedAt && Date.now() - swappedAt < TICK_SETTLE_MS) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true
  );
})();
