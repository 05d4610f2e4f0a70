// A removal on the edit page is written at once (and a tujuan takes its sasaran with it),
// so the planner is asked first; the question comes from the form's data-confirm, already
// in the page's language. Without JavaScript the form still works, as before.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
  if (!window.confirm(form.dataset.confirm)) event.preventDefault();
});
