// "Centang semua" on the tagging page ticks (or clears) every box of the same name in its
// form: the lines shown on this page, or the suggestions listed. Every line of the filter,
// across pages, is chosen with the form's own option instead, which works without
// JavaScript too.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.checkAll || !box.form) return;
  var boxes = box.form.querySelectorAll('input[type="checkbox"][name="' + box.dataset.checkAll + '"]');
  boxes.forEach(function (other) {
    other.checked = box.checked;
  });
});
