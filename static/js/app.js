// Moves focus to the error summary after a failed POST (UX 3.3). Pages work without it.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});
