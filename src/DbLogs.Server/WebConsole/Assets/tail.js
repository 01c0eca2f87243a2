// DbLogs web console: the live tail page. It follows the page's own "stream" handler (the tail route behind the
// console's session) with an EventSource, appends each line, and shows "dropped" events; Stop closes the stream.
(function () {
  "use strict";
  var MAX_LINES = 5000;
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("tail-form");
    if (!form) { return; }
    var lines = document.getElementById("tail-lines"), status = document.getElementById("tail-status");
    var start = document.getElementById("tail-start"), stop = document.getElementById("tail-stop"), source = null;
    function add(text, cls) {
      var row = document.createElement("div");
      row.textContent = text;
      if (cls) { row.className = cls; }
      lines.appendChild(row);
      while (lines.childNodes.length > MAX_LINES) { lines.removeChild(lines.firstChild); }
      lines.scrollTop = lines.scrollHeight;
    }
    function halt(text) {
      if (source) { source.close(); source = null; }
      start.disabled = false;
      stop.disabled = true;
      status.textContent = text;
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      halt("Connecting…");
      var params = new URLSearchParams(new FormData(form));
      history.replaceState(null, "", "?" + params.toString());
      params.set("handler", "stream");
      var es = new EventSource(form.getAttribute("data-stream") + "?" + params.toString());
      source = es;
      start.disabled = true;
      stop.disabled = false;
      es.onopen = function () { status.textContent = "Live: new lines appear below as they are collected."; };
      es.onmessage = function (ev) {
        var data = JSON.parse(ev.data);
        add(data.line + (data.truncated ? " [truncated]" : ""));
      };
      es.addEventListener("dropped", function (ev) { add("[dropped] " + JSON.parse(ev.data).reason, "dropped"); });
      es.onerror = function () {
        if (source !== es) { return; }
        if (es.readyState === EventSource.CLOSED) {
          halt("The tail was refused: nothing collected from this node's log yet, or too many live tails are open.");
        } else {
          status.textContent = "Connection lost; reconnecting…";
        }
      };
    });
    stop.addEventListener("click", function () { halt("Stopped."); });
  });
})();
