// Draws every Vega-Lite spec of the page with the bundle SEPAKAT serves itself, and
// submits the choice forms when a select changes. No inline handlers (CSP-friendly).
(function () {
  "use strict";
  function draw(root) {
    root.querySelectorAll("[data-vega-spec]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-vega-spec"));
      if (!source || el.getAttribute("data-drawn")) { return; }
      el.setAttribute("data-drawn", "1");
      var spec = JSON.parse(source.textContent);
      vegaEmbed(el, spec, { mode: "vega-lite", actions: false, renderer: "svg" })
        .then(function () { el.setAttribute("data-ready", "1"); })
        .catch(function (err) {
          el.textContent = el.getAttribute("data-error") || "Grafik tidak dapat digambar.";
          if (window.console) { console.warn(err); }
        });
    });
  }
  function autosubmit(root) {
    root.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
    autosubmit(document);
  });
})();
