// Quick exit: leave at once, replacing this page in the history so "Back" does not return here.
// Without JavaScript the same link still works (the server clears cookies and redirects).
(function () {
  "use strict";
  function leave(url) {
    document.title = "";
    document.body.hidden = true;
    window.location.replace(url);
  }
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  link.addEventListener("click", function (event) {
    event.preventDefault();
    leave(link.href);
  });
  var presses = 0;
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 1500);
    if (presses >= 3) { leave(link.href); }
  });
})();
