// Buttons marked data-fk-print print the page. A static file, because the
// Content-Security-Policy allows no inline event handlers.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-fk-print]")) window.print();
});
