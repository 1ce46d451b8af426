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
