// Updates the server-rendered countdown once a minute; the server's clock decides submissions.
(function () {
  var el = document.getElementById("countdown");
  if (!el) return;
  var closes = Date.parse(el.dataset.closes);
  function tick() {
    var left = Math.floor((closes - Date.now()) / 1000);
    if (left <= 0) { el.textContent = el.dataset.labelPassed; return; }
    el.textContent = el.dataset.labelLeft
      .replace("%(d)s", Math.floor(left / 86400))
      .replace("%(h)s", Math.floor((left % 86400) / 3600))
      .replace("%(m)s", Math.floor((left % 3600) / 60));
    setTimeout(tick, 60000 - (Date.now() % 60000));
  }
  tick();
})();
