// Draws every Vega-Lite spec of the page with the bundle SEPAKAT serves itself, and
// submits the choice forms when a select changes. No inline handlers, and Vega's
// expression interpreter instead of compiled functions: the Content-Security-Policy
// allows no inline script and no eval.
(function () {
  "use strict";
  function draw(root) {
    root.querySelectorAll("[data-vega-spec]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-vega-spec"));
      if (!source || el.getAttribute("data-drawn")) { return; }
      el.setAttribute("data-drawn", "1");
      var spec = JSON.parse(source.textContent);
      vegaEmbed(el, spec, {
        mode: "vega-lite", actions: false, renderer: "svg",
        ast: true  // vega-embed then uses its bundled interpreter, not new Function
      })
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
