// Draws each chart whose Vega-Lite spec is on the page, when vega-embed is loaded.
// Without it (vendor files missing, scripts off) the tables beside the charts are the content.
(function () {
  function draw() {
    if (typeof window.vegaEmbed !== "function") return;
    document.querySelectorAll("[data-chart-spec]").forEach(function (target) {
      var source = document.getElementById(target.getAttribute("data-chart-spec"));
      if (!source) return;
      window.vegaEmbed(target, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
        .then(function () { target.hidden = false; })
        .catch(function () { target.hidden = true; });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
