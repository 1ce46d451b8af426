// Behaviour shared by the site's pages, loaded by base.html. No page has an inline script:
// the Content-Security-Policy allows scripts from the site's own files only.

// The booking form: typing an amount chooses "other amount"; choosing a suggested amount
// clears it.
document.addEventListener("input", (event) => {
  const other = event.target.closest("[data-other-for]");
  if (other && other.value) document.getElementById(other.dataset.otherFor).checked = true;
});
document.addEventListener("change", (event) => {
  const choice = event.target.closest("input[data-other]");
  if (choice && choice.checked) document.getElementById(choice.dataset.other).value = "";
});

// The booking form's total, before booking: the sum of the prices chosen, in the page's
// language. Hidden until this script fills it (without the script, the booking page and the
// payment say the total).
function bookingTotal(form) {
  const output = form.querySelector("[data-booking-total]");
  if (!output) return;
  let cents = 0;
  for (const seat of form.querySelectorAll("fieldset.seat:not(.payment)")) {
    const checked = seat.querySelector("input[type=radio]:checked");
    if (!checked) return void (output.hidden = true);
    const raw = checked.value === "other"
      ? (seat.querySelector("[data-other-for]") || {}).value || ""
      : checked.value;
    if (!/^\s*\d{1,6}([.,]\d{1,2})?\s*$/.test(raw)) return void (output.hidden = true);
    cents += Math.round(parseFloat(raw.trim().replace(",", ".")) * 100);
  }
  const money = new Intl.NumberFormat(document.documentElement.lang || "fr", {
    style: "currency",
    currency: "EUR",
  });
  output.querySelector("[data-amount]").textContent = money.format(cents / 100);
  output.hidden = false;
}
for (const name of ["input", "change"]) {
  document.addEventListener(name, (event) => {
    const form = event.target.closest("form");
    if (form) bookingTotal(form);
  });
}
document.querySelectorAll("form.bookprices").forEach(bookingTotal);
