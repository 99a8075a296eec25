/* The slips page's print button (no inline script: the CSP forbids it). */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { window.print(); }
});
