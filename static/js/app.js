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
})();
