// The Web Worker that decodes pictures and computes PDQ off the page's main thread
// (hash-photos.js). The page sends {type: "init", pdqUrl} first, then jobs:
//   {id, type: "file", file}                       a picture File/Blob to decode and hash
//   {id, type: "pixels", buffer, width, height}    RGBA bytes (a video frame) to hash
// and receives {id, hash, quality} or {id, error}.
"use strict";

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === "init") {
    importScripts(message.pdqUrl);
    return;
  }
  var job;
  try {
    job = message.type === "file"
      ? self.GlasnaPDQ.hashImageBlob(message.file)
      : Promise.resolve(self.GlasnaPDQ.hashPixels(new Uint8ClampedArray(message.buffer), message.width, message.height, 4));
  } catch (error) {
    job = Promise.reject(error);
  }
  job.then(function (result) {
    self.postMessage({ id: message.id, hash: result.hash, quality: result.quality });
  }, function (error) {
    self.postMessage({ id: message.id, error: String((error && error.name) || error) });
  });
};
