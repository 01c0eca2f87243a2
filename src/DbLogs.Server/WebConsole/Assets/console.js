// DbLogs web console: the only script. It shows times in the browser's zone with the offset, and tells the server that
// zone's offset when a custom time range is submitted. Every page works without it (times then stay in UTC).
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function offset(date) {
    var minutes = -date.getTimezoneOffset(), sign = minutes < 0 ? "-" : "+";
    minutes = Math.abs(minutes);
    return sign + pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }
  function local(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + " " +
      pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) + " " + offset(date);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("time[datetime]").forEach(function (el) {
      var date = new Date(el.getAttribute("datetime"));
      if (!isNaN(date.getTime())) { el.textContent = local(date); el.title = el.getAttribute("datetime"); }
    });
    document.querySelectorAll("input[name=tz]").forEach(function (el) {
      el.value = String(-new Date().getTimezoneOffset());
    });
  });
})();
