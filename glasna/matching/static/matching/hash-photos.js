// On-device fingerprints: the survivor's photos and videos never leave her device; only their PDQ
// hashes do. Progressive enhancement of a form the template provides:
//
//   <form method="post" data-pdq-form data-pdq-worker="{% static 'matching/pdq-worker.js' %}"
//         data-pdq-script="{% static 'matching/pdq.js' %}" data-pdq-progress="… {n} … {total} …" …>
//     <input type="file" multiple accept="image/*,video/*" data-pdq-input>
//     <input type="hidden" name="hashes">
//     <p data-pdq-status role="status" aria-live="polite"></p>   (created when absent)
//     <div data-pdq-errors role="alert"></div>                    (created when absent)
//   </form>
//   with pdq.js loaded by a <script> before this file (the fallback when Workers are unavailable).
//
// Every text shown comes from the form's data-pdq-* attributes (translated in the template):
//   data-pdq-progress      "{n}" and "{total}": working on file n of total
//   data-pdq-video-progress "{n}", "{total}", "{second}", "{seconds}": a video, second by second
//   data-pdq-done          all fingerprints made; sending them
//   data-pdq-failed        "{name}": this browser could not open the file (HEIC in Chromium, say)
//   data-pdq-no-frames     "{name}": no frame of the video could be read
//   data-pdq-low-quality   "{name}": too plain or blurred to recognise (PDQ quality below 50)
//   data-pdq-unsupported   this browser cannot make fingerprints at all
//
// On submit: each file is decoded and hashed here, the JSON list goes into `hashes`
// ([{signal_type, hash, quality, media_index, frame_ts, media_type}]), the file input is emptied
// and disabled and the form is sent URL-encoded, so no media bytes are ever posted.
(function () {
  "use strict";

  var MIN_QUALITY = 50; // the server refuses photos below this (matching/hash_input.py)
  var SEEK_TIMEOUT_MS = 15000;

  function text(form, key, values) {
    var template = form.getAttribute("data-pdq-" + key) || "";
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values || {}, name) ? String(values[name]) : whole;
    });
  }

  function region(form, attribute, tag, role, live) {
    var element = form.querySelector("[" + attribute + "]");
    if (!element) {
      element = document.createElement(tag);
      element.setAttribute(attribute, "");
      element.setAttribute("role", role);
      if (live) { element.setAttribute("aria-live", live); }
      form.appendChild(element);
    }
    return element;
  }

  // ---- Hashing, in a Worker when possible ---------------------------------------------------------

  function makeHasher(form) {
    var workerUrl = form.getAttribute("data-pdq-worker");
    var scriptUrl = form.getAttribute("data-pdq-script");
    var worker = null;
    var pending = {};
    var nextId = 1;
    if (workerUrl && scriptUrl && typeof Worker === "function") {
      try {
        worker = new Worker(workerUrl);
        worker.postMessage({ type: "init", pdqUrl: new URL(scriptUrl, document.baseURI).href });
        worker.onmessage = function (event) {
          var reply = event.data;
          var callbacks = pending[reply.id];
          delete pending[reply.id];
          if (reply.error) { callbacks.reject(new Error(reply.error)); } else { callbacks.resolve(reply); }
        };
        worker.onerror = function () {
          // The worker could not start (or died): finish the remaining work on the page itself.
          worker = null;
          Object.keys(pending).forEach(function (id) { pending[id].retry(); });
          pending = {};
        };
      } catch (error) {
        worker = null;
      }
    }

    function send(message, transfer, local) {
      if (!worker) { return local(); }
      return new Promise(function (resolve, reject) {
        var id = nextId++;
        pending[id] = {
          resolve: resolve,
          reject: reject,
          retry: function () { local().then(resolve, reject); }
        };
        message.id = id;
        worker.postMessage(message, transfer);
      });
    }

    return {
      file: function (file) {
        return send({ type: "file", file: file }, [], function () { return window.GlasnaPDQ.hashImageBlob(file); });
      },
      pixels: function (pixels, width, height) {
        var copy = new Uint8ClampedArray(pixels); // kept for the on-page fallback
        return send({ type: "pixels", buffer: pixels.buffer, width: width, height: height }, [pixels.buffer], function () {
          return Promise.resolve(window.GlasnaPDQ.hashPixels(copy, width, height, 4));
        });
      }
    };
  }

  // ---- Videos: one frame a second, vPDQ style ----------------------------------------------------

  function once(target, okEvent) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { done(); reject(new Error("timeout")); }, SEEK_TIMEOUT_MS);
      function done() {
        clearTimeout(timer);
        target.removeEventListener(okEvent, ok);
        target.removeEventListener("error", bad);
      }
      function ok() { done(); resolve(); }
      function bad() { done(); reject(new Error("decode")); }
      target.addEventListener(okEvent, ok);
      target.addEventListener("error", bad);
    });
  }

  function seek(video, seconds) {
    var arrived = once(video, "seeked");
    video.currentTime = seconds;
    return arrived;
  }

  // Recordings made in a browser (MediaRecorder) often carry no duration until the end is found.
  function knownDuration(video) {
    if (isFinite(video.duration)) { return Promise.resolve(video.duration); }
    return seek(video, 1e7).then(function () {
      return isFinite(video.duration) ? video.duration : video.currentTime;
    });
  }

  function hashVideo(file, mediaIndex, hasher, progress) {
    var url = URL.createObjectURL(file);
    var video = document.createElement("video");
    video.muted = true;
    video.preload = "auto";
    var loaded = once(video, "loadeddata");
    video.src = url;
    var frames = [];
    return loaded.then(function () {
      return knownDuration(video);
    }).then(function (duration) {
      var width = video.videoWidth;
      var height = video.videoHeight;
      if (!width || !height) { throw new Error("no frames"); }
      var scale = Math.min(1, Math.sqrt(window.GlasnaPDQ.MAX_PIXELS / (width * height)));
      width = Math.max(1, Math.floor(width * scale));
      height = Math.max(1, Math.floor(height * scale));
      var canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      var context = canvas.getContext("2d", { willReadFrequently: true });
      var seconds = Math.max(1, Math.ceil(duration));
      var previous = null;
      function frameAt(second) {
        if (second >= seconds || (second > 0 && second >= duration)) { return Promise.resolve(); }
        progress(second + 1, seconds);
        return seek(video, second).then(function () {
          context.drawImage(video, 0, 0, width, height);
          return hasher.pixels(context.getImageData(0, 0, width, height).data, width, height);
        }).then(function (result) {
          // vPDQ keeps a frame only when its hash differs from the one kept before it.
          if (result.hash !== previous) {
            frames.push({
              signal_type: "vpdq_frame",
              hash: result.hash,
              quality: result.quality,
              media_index: mediaIndex,
              frame_ts: second,
              media_type: "video"
            });
            previous = result.hash;
          }
          return frameAt(second + 1);
        });
      }
      return frameAt(0);
    }).then(function () {
      if (!frames.length) { throw new Error("no frames"); }
      return frames;
    }).finally(function () {
      video.removeAttribute("src");
      video.load();
      URL.revokeObjectURL(url);
    });
  }

  function hashImage(file, mediaIndex, hasher) {
    return hasher.file(file).then(function (result) {
      return [{
        signal_type: "pdq",
        hash: result.hash,
        quality: result.quality,
        media_index: mediaIndex,
        frame_ts: null,
        media_type: "image"
      }];
    });
  }

  function isVideo(file) {
    return /^video\//.test(file.type) || /\.(mp4|m4v|mov|webm|mkv|ogv|3gp)$/i.test(file.name);
  }

  // ---- The form ----------------------------------------------------------------------------------

  function supported() {
    return typeof createImageBitmap === "function" && typeof OffscreenCanvas === "function" &&
      typeof Promise === "function" && !!window.GlasnaPDQ;
  }

  function enhance(form) {
    var input = form.querySelector('input[type="file"][data-pdq-input]');
    var hidden = form.querySelector('input[name="hashes"]');
    if (!input || !hidden) { return; }
    var status = region(form, "data-pdq-status", "p", "status", "polite");
    var errors = region(form, "data-pdq-errors", "div", "alert", null);
    var hasher = null;
    var busy = false;

    function showErrors(messages) {
      errors.textContent = "";
      if (!messages.length) { return; }
      var list = document.createElement("ul");
      messages.forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = message;
        list.appendChild(item);
      });
      errors.appendChild(list);
    }

    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-pdq-ready") === "1") { return; } // our own second submission
      event.preventDefault();
      if (busy) { return; }
      var files = Array.prototype.slice.call(input.files || []);
      var submitter = event.submitter || null;
      if (!supported()) {
        showErrors([text(form, "unsupported")]);
        return;
      }
      busy = true;
      form.setAttribute("aria-busy", "true");
      if (submitter) { submitter.disabled = true; }
      showErrors([]);
      hasher = hasher || makeHasher(form);
      var hashes = [];
      var problems = [];

      function next(index) {
        if (index >= files.length) { return Promise.resolve(); }
        var file = files[index];
        var values = { n: index + 1, total: files.length, name: file.name };
        status.textContent = text(form, "progress", values);
        var work = isVideo(file)
          ? hashVideo(file, index, hasher, function (second, seconds) {
            values.second = second;
            values.seconds = seconds;
            status.textContent = text(form, "video-progress", values);
          })
          : hashImage(file, index, hasher);
        return work.then(function (found) {
          if (!isVideo(file) && found[0].quality < MIN_QUALITY) {
            problems.push(text(form, "low-quality", values));
          }
          hashes = hashes.concat(found);
        }, function () {
          problems.push(text(form, isVideo(file) ? "no-frames" : "failed", values));
        }).then(function () { return next(index + 1); });
      }

      next(0).then(function () {
        if (problems.length) {
          status.textContent = "";
          showErrors(problems);
          busy = false;
          form.removeAttribute("aria-busy");
          if (submitter) { submitter.disabled = false; }
          return;
        }
        hidden.value = JSON.stringify(hashes);
        status.textContent = text(form, "done");
        // The pictures stay here: the input is emptied and left out of the submission,
        // and the form is sent URL-encoded, which has no place for file contents.
        input.value = "";
        input.disabled = true;
        form.enctype = "application/x-www-form-urlencoded";
        form.setAttribute("data-pdq-ready", "1");
        if (submitter) { submitter.disabled = false; }
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
        } else {
          form.submit();
        }
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-pdq-form]"), enhance);
})();
