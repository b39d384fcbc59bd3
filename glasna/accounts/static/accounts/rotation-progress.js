// The key rotation page while a rotation runs: asks the server for the progress every two seconds
// and updates the count, the bar and the state in place (no reload, so a step-up that has grown
// stale does not interrupt the watching). Without JavaScript, the page's refresh link does the same.
(function () {
  "use strict";
  var section = document.getElementById("rotation-progress");
  if (!section || !section.dataset.progressUrl) {
    return;
  }
  var url = section.dataset.progressUrl;
  var done = document.getElementById("rotation-done");
  var total = document.getElementById("rotation-total");
  var state = document.getElementById("rotation-state");
  var bar = section.querySelector("progress");
  var resume = document.getElementById("rotation-resume");

  function show(progress) {
    done.textContent = String(progress.done);
    total.textContent = String(progress.total);
    bar.max = Math.max(progress.total, 1);
    bar.value = progress.running ? progress.done : bar.max;
    state.textContent = progress.state;
    if (!progress.running && resume) {
      resume.hidden = true;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (progress) {
        if (progress === null) {
          return;
        }
        show(progress);
        if (progress.running) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }

  window.setTimeout(poll, 2000);
})();
