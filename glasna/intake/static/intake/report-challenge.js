// Flood control (intake/flood.py): find a nonce such that SHA-256(challenge || nonce) starts with
// the asked number of zero bits, while the survivor reviews her answers, and send it with the form.
// Without JavaScript or Web Crypto nothing happens here: the server then asks for a short wait.
(function () {
  "use strict";
  var form = document.getElementById("wizard");
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) { return; }
  var challenge = form.querySelector('input[name="challenge"]');
  var bitsField = form.querySelector('input[name="challenge_bits"]');
  var nonceField = form.querySelector('input[name="challenge_nonce"]');
  if (!challenge || !bitsField || !nonceField) { return; }
  var bits = parseInt(bitsField.value, 10);
  var encoder = new TextEncoder();

  function leadingZeroBits(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i += 1) {
      if (bytes[i] === 0) { count += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { count += 1; b <<= 1; }
      break;
    }
    return count;
  }

  async function solve() {
    for (var nonce = 0; ; nonce += 1) {
      var digest = await window.crypto.subtle.digest("SHA-256", encoder.encode(challenge.value + nonce));
      if (leadingZeroBits(new Uint8Array(digest)) >= bits) { return String(nonce); }
    }
  }

  var solution = solve().then(function (nonce) { nonceField.value = nonce; });
  var waiting = false;
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (nonceField.value || !submitter || submitter.name !== "next") { return; }
    event.preventDefault();  // sent as soon as the work is done
    if (waiting) { return; }
    waiting = true;
    form.setAttribute("aria-busy", "true");
    solution.then(function () { form.requestSubmit(submitter); });
  });
})();
