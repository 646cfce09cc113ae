// Draws each chart whose Vega-Lite spec is on the page, when vega-embed is loaded.
// Without it (vendor files missing, scripts off) the tables beside the charts are the content.
// Vega runs in AST mode with vega-interpreter, which evaluates expressions from their syntax
// tree: Vega's default compiles them with Function(), which the strict CSP (no 'unsafe-eval')
// forbids. Without the interpreter no chart is drawn rather than a CSP violation.
(function () {
  function draw() {
    if (typeof window.vegaEmbed !== "function" || !window.vegaInterpreter) return;
    var options = {
      actions: false,
      renderer: "svg",
      ast: true,
      expr: window.vegaInterpreter.expressionInterpreter,
      // vega-embed and its tooltip handler would add <style> elements, which style-src 'self'
      // blocks; the tooltip's rules are linked as vendor/vega/vega-tooltip.css.
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
    };
    document.querySelectorAll("[data-chart-spec]").forEach(function (target) {
      var source = document.getElementById(target.getAttribute("data-chart-spec"));
      if (!source) return;
      window.vegaEmbed(target, JSON.parse(source.textContent), options)
        .then(function () { target.hidden = false; target.setAttribute("data-chart-drawn", "true"); })
        .catch(function (error) { target.hidden = true; target.setAttribute("data-chart-error", String(error)); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
