// Draws every Vega-Lite chart on the page: an element with data-vega-spec
// naming the id of a <script type="application/json"> that holds the spec
// (written by {% include "web/_chart.html" %}). Numbers and dates follow the
// page language, so a bokmål page shows 1 234,5 and "23. nov.".
(function () {
  "use strict";

  var LOCALES = {
    nb: {
      format: { decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0kr"] },
      time: {
        dateTime: "%A %e. %B %Y kl. %X", date: "%d.%m.%Y", time: "%H:%M:%S",
        periods: ["", ""],
        days: ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
        shortDays: ["søn.", "man.", "tir.", "ons.", "tor.", "fre.", "lør."],
        months: ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
                 "september", "oktober", "november", "desember"],
        shortMonths: ["jan.", "feb.", "mar.", "apr.", "mai", "jun.", "jul.", "aug.",
                      "sep.", "okt.", "nov.", "des."]
      }
    }
  };

  function draw(root) {
    var scope = root || document;
    var lang = (document.documentElement.lang || "nb").slice(0, 2);
    var locale = LOCALES[lang === "no" ? "nb" : lang];
    scope.querySelectorAll("[data-vega-spec]:not([data-vega-drawn])").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-vega-spec"));
      if (!source || typeof window.vegaEmbed !== "function") return;
      el.setAttribute("data-vega-drawn", "");
      // AST mode with vega-interpreter: Vega's default compiles expressions with
      // Function(), which the strict Content-Security-Policy (no 'unsafe-eval') blocks.
      // vega-embed and its tooltip handler would add <style> elements (blocked by
      // style-src 'self'); the tooltip's rules are linked as vendor/vega/vega-tooltip.css.
      var options = { actions: false, renderer: "svg", defaultStyle: false,
                      tooltip: { disableDefaultStyle: true } };
      if (window.vegaInterpreter) {
        options.ast = true;
        options.expr = window.vegaInterpreter.expressionInterpreter;
      }
      if (locale) {
        options.formatLocale = locale.format;
        options.timeFormatLocale = locale.time;
      }
      var spec = JSON.parse(source.textContent);
      // Vega names the chart for screen readers from the spec's description.
      if (!spec.description && el.getAttribute("data-description")) {
        spec.description = el.getAttribute("data-description");
      }
      window.vegaEmbed(el, spec, options).catch(function (err) {
        el.setAttribute("data-vega-error", String(err && err.message || err));
      });
    });
  }

  window.fellesskapCharts = { draw: draw };
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  // Charts that arrive in an htmx swap are drawn too.
  document.addEventListener("htmx:after:swap", function () { draw(document); });
})();
