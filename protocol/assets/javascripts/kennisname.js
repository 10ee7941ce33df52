// The home page banner of the acknowledgement register (only on a site with kennisname.aan: true).
// It asks the register whether this user has confirmed the current version, and shows the
// banner only when the answer is "not yet". Without the banner element it does nothing.
// The status address comes from the element, so this file names no path of its own.
(function () {
  "use strict";

  function update(banner) {
    var url = banner.getAttribute("data-kennisname-status");
    if (!url || !window.fetch) {
      return;
    }
    window.fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (status && status.bevestigd === false && typeof status.versie === "string") {
          var version = banner.querySelector("[data-kennisname-versie]");
          if (version) {
            version.textContent = status.versie; // text, never HTML
          }
          banner.hidden = false;
        } else {
          banner.hidden = true;
        }
      })
      .catch(function () { banner.hidden = true; })
      .then(function () { banner.setAttribute("data-kennisname-klaar", ""); }); // for tests: the answer is in
  }

  function start() {
    var banner = document.querySelector("[data-kennisname-banner]");
    if (banner) {
      update(banner);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
