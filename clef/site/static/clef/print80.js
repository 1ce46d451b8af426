/* The 80 mm pages (receipts, tickets): the Print button, shown once scripts run, opens
   the browser's print dialog; and the paper's length, set to the longest sheet (plus the
   page's margins) so that the roll is cut after it, not 297 mm further. The rule is added
   through the CSS object model, which the Content-Security-Policy allows. */
(function () {
  "use strict";
  var MM = 96 / 25.4; // CSS pixels in a millimetre
  var MARGINS = 6 + 2; // the page's top and bottom margins, and a little air

  function fitPaper() {
    var longest = 0;
    document.querySelectorAll(".paper80-sheet").forEach(function (sheet) {
      var style = getComputedStyle(sheet);
      var padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
      longest = Math.max(longest, sheet.getBoundingClientRect().height - padding);
    });
    if (!longest) { return; }
    var length = Math.ceil(longest / MM + MARGINS);
    var sheet = document.styleSheets[0];
    try {
      if (fitPaper.rule !== undefined) { sheet.deleteRule(fitPaper.rule); }
      fitPaper.rule = sheet.insertRule(
        "@page { size: 80mm " + length + "mm; }", sheet.cssRules.length
      );
    } catch (error) { /* the stylesheet's 80 mm × 297 mm stays */ }
  }

  document.querySelectorAll("[data-print80]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  fitPaper();
  window.addEventListener("beforeprint", fitPaper);
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(fitPaper); }
})();
