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

  // A refused form (4xx) swapped in takes the focus to its first invalid field, else to its
  // error summary (role="alert"), so the keyboard and screen reader land on the mistake.
  document.addEventListener("htmx:afterSettle", function (event) {
    var status = event.detail.xhr && event.detail.xhr.status;
    if (!status || status < 400 || status >= 500) return;
    var root = event.detail.target && document.body.contains(event.detail.target)
      ? event.detail.target : document.body;
    var place = root.querySelector('[aria-invalid="true"]') || root.querySelector('[role="alert"]');
    if (!place || place.contains(document.activeElement)) return;
    if (!place.matches("input, select, textarea, button, a[href]")) place.setAttribute("tabindex", "-1");
    place.focus();
  });

  // Registration takes the device's time zone, so streaks and reminders follow local days
  // from the start; without this script the account starts on UTC and can be changed later.
  function fillZones(root) {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) return;
    root.querySelectorAll("input[data-browser-zone]").forEach(function (input) {
      if (!input.value) input.value = zone;
    });
  }
  fillZones(document);
  document.addEventListener("htmx:load", function (event) { fillZones(event.target); });

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

  // On a focused row (not while typing or choosing): d done, i in progress, s skipped,
  // t to do. The row's own status control changes and saves, as if chosen by hand.
  var STATUS_KEYS = { d: "done", i: "doing", s: "skipped", t: "todo" };

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!target.closest || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      // Escape leaves an inline edit or a delete question, as its Cancel / Keep it link does.
      var open = target.closest(".milestone.editing, .milestone.confirming");
      var back = open && open.querySelector(".form-actions a[hx-get]");
      if (back) { back.click(); event.preventDefault(); }
      return;
    }
    var wanted = STATUS_KEYS[event.key];
    var row = wanted && target.closest("li.milestone:not(.editing):not(.confirming)");
    if (!row || target.closest("input, textarea, select, [contenteditable]")) return;
    var select = row.querySelector(".status-form select");
    if (!select || select.value === wanted) return;
    select.value = wanted;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    event.preventDefault();
  });

  // The status control shows only a saved status: when the change could not be saved it
  // goes back to the one it was rendered with.
  function restoreStatus(event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches(".status-form")) return;
    form.querySelectorAll("option").forEach(function (option) {
      option.selected = option.defaultSelected;
    });
  }
  document.addEventListener("htmx:sendError", restoreStatus);
  document.addEventListener("htmx:responseError", restoreStatus);

  // A deleted row leaves the focus on the next row's tick, or on the track's heading.
  var leaving = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var row = event.detail.target;
    leaving = null;
    var config = event.detail.requestConfig;
    if (!row.matches || !row.matches(".milestone.confirming")) return;
    if (!config || config.verb !== "post" || event.detail.xhr.status !== 200) return;
    var next = row.nextElementSibling || row.previousElementSibling;
    var track = row.closest(".track");
    leaving = next ? next.querySelector(".tick-box") : track && track.querySelector("h2");
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (leaving && document.body.contains(leaving)) leaving.focus();
    leaving = null;
  });
})();

// ---- admin ----
// The moderation queue: j/k move between rows, a/s/t approve, spam or trash the current row
// by clicking its own button (so the same form, htmx request and audit entry run), and
// "select all" ticks every row of the page. Every action is also a plain button.
(function () {
  "use strict";

  var KEYS = { a: "approve", s: "spam", t: "trash" };

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue-rows tr.queue-row"));
  }

  function current() {
    return document.querySelector('#queue-rows tr[aria-current="true"]');
  }

  function makeCurrent(row) {
    rows().forEach(function (r) { r.removeAttribute("aria-current"); });
    if (!row) return;
    row.setAttribute("aria-current", "true");
    row.focus();
  }

  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  document.addEventListener("keydown", function (event) {
    if (!document.getElementById("queue-rows")) return;
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var list = rows();
    if (!list.length) return;
    var row = current();
    var index = row ? list.indexOf(row) : -1;
    if (event.key === "j" || event.key === "k") {
      var next = event.key === "j" ? Math.min(index + 1, list.length - 1) : Math.max(index - 1, 0);
      makeCurrent(list[next]);
      event.preventDefault();
    } else if (KEYS[event.key] && row) {
      var button = row.querySelector('button[name="action"][value="' + KEYS[event.key] + '"]');
      if (button) {
        button.click();
        event.preventDefault();
      }
    }
  });

  // A row action remembers where the row was; once the answer is in, the same row (if it
  // stays in the list) or the one that took its place becomes current, so j/k/a/s/t go on.
  var pending = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    var row = event.detail.elt.closest && event.detail.elt.closest("tr.queue-row");
    pending = row ? { id: row.id, index: rows().indexOf(row) } : null;
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) return;
    var list = rows();
    var same = document.getElementById(pending.id);
    if (same && same.matches(".queue-editing")) {
      pending = null;
      var field = same.querySelector("textarea");
      if (field) field.focus();
      return;
    }
    var next = same && same.matches(".queue-row") ? same : list[Math.min(pending.index, list.length - 1)];
    pending = null;
    if (next) makeCurrent(next);
  });

  // "Select every comment on this page": only useful with a script, so shown only then.
  function enableSelectAll() {
    var all = document.getElementById("select-all");
    if (!all || !all.hidden) return;
    all.hidden = false;
    all.addEventListener("change", function () {
      document.querySelectorAll('#queue-rows input[name="ids"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  }
  document.addEventListener("DOMContentLoaded", enableSelectAll);
  document.addEventListener("htmx:load", enableSelectAll);
})();
