/* The Print button of the 80 mm pages (receipts, tickets): shown once scripts run,
   it opens the browser's print dialog on the page, whose stylesheet sets the roll. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print80]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
