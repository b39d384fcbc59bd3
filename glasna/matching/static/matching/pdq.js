// PDQ perceptual hashing in the browser: a line-by-line port of Meta's reference C++
// (ThreatExchange pdq/cpp: hashing/pdqhashing.cpp, downscaling/downscaling.cpp, hashing/torben.cpp)
// as built into the `pdqhash` PyPI package 0.2.8, which the server uses.
//
// Bit-for-bit parity with pdqhash on the same pixels needs the C++ float arithmetic: every value
// the C++ keeps in a `float` is rounded to float32 here (Float32Array storage or Math.fround after
// each operation). One float operation computed in double and rounded once to float gives the
// correctly rounded float result, so fround(a op b) equals the C++ `a op b` for +, -, *, /.
// Where the C++ (or pdqhash's Python wrapper) computes in double, so does this file.
//
// Usable from a classic <script> (window.GlasnaPDQ) and from a Worker (importScripts; self.GlasnaPDQ).
(function (root) {
  "use strict";

  var fround = Math.fround;
  var MIN_HASHABLE_DIM = 5;
  var NUM_JAROSZ_XY_PASSES = 2;

  // The 16x64 DCT matrix of pdqhashing.cpp: scale factor and cosine in double, stored as float.
  var DCT = (function () {
    var matrix = new Float32Array(16 * 64);
    var scale = fround(Math.sqrt(2.0 / 64));
    for (var i = 0; i < 16; i++) {
      for (var j = 0; j < 64; j++) {
        matrix[i * 64 + j] = scale * Math.cos((Math.PI / 2.0 / 64) * (i + 1) * (2 * j + 1));
      }
    }
    return matrix;
  })();

  // pdqhash's Python wrapper computes luminance with numpy in float64
  // (R*0.299 + G*0.587 + B*0.114, left to right) and then casts to float32; so does this.
  // `pixels` holds `channels` bytes per pixel (4 for canvas ImageData, 3 for packed RGB).
  function lumaFromRGB(pixels, width, height, channels) {
    var step = channels || 4;
    var n = width * height;
    var luma = new Float32Array(n);
    for (var p = 0, q = 0; p < n; p++, q += step) {
      luma[p] = pixels[q] * 0.299 + pixels[q + 1] * 0.587 + pixels[q + 2] * 0.114;
    }
    return luma;
  }

  // downscaling.cpp computeJaroszFilterWindowSize (integer division).
  function jaroszWindowSize(oldDimension, newDimension) {
    return Math.trunc((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
  }

  // downscaling.cpp box1DFloat: a running float sum, written out divided by the window size.
  function box1D(input, inOffset, output, outOffset, length, stride, fullWindow) {
    var halfWindow = Math.trunc((fullWindow + 2) / 2);
    var phase1 = halfWindow - 1;
    var phase2 = fullWindow - halfWindow + 1;
    var phase3 = length - fullWindow;
    var phase4 = halfWindow - 1;
    var li = inOffset;
    var ri = inOffset;
    var oi = outOffset;
    var sum = 0;
    var windowSize = 0;
    var i;
    for (i = 0; i < phase1; i++) {
      sum = fround(sum + input[ri]);
      windowSize++;
      ri += stride;
    }
    for (i = 0; i < phase2; i++) {
      sum = fround(sum + input[ri]);
      windowSize++;
      output[oi] = sum / windowSize;
      ri += stride;
      oi += stride;
    }
    for (i = 0; i < phase3; i++) {
      sum = fround(sum + input[ri]);
      sum = fround(sum - input[li]);
      output[oi] = sum / windowSize;
      li += stride;
      ri += stride;
      oi += stride;
    }
    for (i = 0; i < phase4; i++) {
      sum = fround(sum - input[li]);
      windowSize--;
      output[oi] = sum / windowSize;
      li += stride;
      oi += stride;
    }
  }

  function jaroszFilter(buffer1, buffer2, numRows, numCols, windowAlongRows, windowAlongCols, passes) {
    var i;
    var k;
    for (k = 0; k < passes; k++) {
      for (i = 0; i < numRows; i++) {
        box1D(buffer1, i * numCols, buffer2, i * numCols, numCols, 1, windowAlongRows);
      }
      for (i = 0; i < numCols; i++) {
        box1D(buffer2, i, buffer1, i, numRows, numCols, windowAlongCols);
      }
    }
  }

  // downscaling.cpp decimateFloat: sample at the centres of the output cells (index maths in double).
  function decimate(input, inRows, inCols, output, outRows, outCols) {
    for (var outi = 0; outi < outRows; outi++) {
      var ini = Math.trunc(((outi + 0.5) * inRows) / outRows);
      for (var outj = 0; outj < outCols; outj++) {
        var inj = Math.trunc(((outj + 0.5) * inCols) / outCols);
        output[outi * outCols + outj] = input[ini * inCols + inj];
      }
    }
  }

  // pdqImageDomainQualityMetric: int d = ((u - v) * 100) / 255 in float, truncated to int.
  function qualityMetric(a) {
    var gradientSum = 0;
    var i;
    var j;
    var d;
    for (i = 0; i < 63; i++) {
      for (j = 0; j < 64; j++) {
        d = Math.trunc(fround(fround(fround(a[i * 64 + j] - a[(i + 1) * 64 + j]) * 100) / 255));
        gradientSum += Math.abs(d);
      }
    }
    for (i = 0; i < 64; i++) {
      for (j = 0; j < 63; j++) {
        d = Math.trunc(fround(fround(fround(a[i * 64 + j] - a[i * 64 + j + 1]) * 100) / 255));
        gradientSum += Math.abs(d);
      }
    }
    var quality = Math.trunc(gradientSum / 90);
    return quality > 100 ? 100 : quality;
  }

  // dct64To16: B = D A Dt, summing k = 0..63 in order in float, as the unrolled C++ loops do.
  function dct64To16(a) {
    var t = new Float32Array(16 * 64);
    var b = new Float32Array(16 * 16);
    var i;
    var j;
    var k;
    var sum;
    for (i = 0; i < 16; i++) {
      for (j = 0; j < 64; j++) {
        sum = 0;
        for (k = 0; k < 64; k++) {
          sum = fround(sum + fround(DCT[i * 64 + k] * a[k * 64 + j]));
        }
        t[i * 64 + j] = sum;
      }
    }
    for (i = 0; i < 16; i++) {
      for (j = 0; j < 16; j++) {
        sum = 0;
        for (k = 0; k < 64; k++) {
          sum = fround(sum + fround(t[i * 64 + k] * DCT[j * 64 + k]));
        }
        b[i * 16 + j] = sum;
      }
    }
    return b;
  }

  // torben.cpp: the median without sorting (Torben Mogensen / N. Devillard), in float.
  function torben(m) {
    var n = m.length;
    var i;
    var less;
    var greater;
    var equal;
    var guess;
    var maxltguess;
    var mingtguess;
    var min = m[0];
    var max = m[0];
    var half = Math.trunc((n + 1) / 2);
    for (i = 1; i < n; i++) {
      if (m[i] < min) { min = m[i]; }
      if (m[i] > max) { max = m[i]; }
    }
    for (;;) {
      guess = fround(fround(min + max) / 2);
      less = 0;
      greater = 0;
      equal = 0;
      maxltguess = min;
      mingtguess = max;
      for (i = 0; i < n; i++) {
        if (m[i] < guess) {
          less++;
          if (m[i] > maxltguess) { maxltguess = m[i]; }
        } else if (m[i] > guess) {
          greater++;
          if (m[i] < mingtguess) { mingtguess = m[i]; }
        } else {
          equal++;
        }
      }
      if (less <= half && greater <= half) { break; }
      if (less > greater) { max = maxltguess; } else { min = mingtguess; }
    }
    if (less >= half) { return maxltguess; }
    if (less + equal >= half) { return guess; }
    return mingtguess;
  }

  // Hash256::format: the sixteen 16-bit words w[15] .. w[0], four hex digits each. Bit k
  // (k = i*16 + j of the DCT output) is bit k%16 of word k/16. This is also the order
  // pdqhash's bit vector (most significant bit first) gives when read as a binary number.
  function bitsToHex(dct, median) {
    var words = new Uint16Array(16);
    for (var k = 0; k < 256; k++) {
      if (dct[k] > median) { words[k >> 4] |= 1 << (k & 15); }
    }
    var hex = "";
    for (var w = 15; w >= 0; w--) {
      hex += (words[w] | 0x10000).toString(16).slice(1);
    }
    return hex;
  }

  // pdqHash256FromFloatLuma. `luma` (rows x cols, row-major, float32) is used as scratch space.
  function hashLuma(luma, numRows, numCols) {
    if (numRows < MIN_HASHABLE_DIM || numCols < MIN_HASHABLE_DIM) {
      return { hash: "0".repeat(64), quality: 0 };
    }
    var buffer64 = new Float32Array(64 * 64);
    if (numRows === 64 && numCols === 64) {
      buffer64.set(luma.subarray(0, 64 * 64));
    } else {
      var scratch = new Float32Array(numRows * numCols);
      jaroszFilter(
        luma, scratch, numRows, numCols,
        jaroszWindowSize(numCols, 64), jaroszWindowSize(numRows, 64), NUM_JAROSZ_XY_PASSES
      );
      decimate(luma, numRows, numCols, buffer64, 64, 64);
    }
    var quality = qualityMetric(buffer64);
    var dct = dct64To16(buffer64);
    return { hash: bitsToHex(dct, torben(dct)), quality: quality };
  }

  // The hash of canvas ImageData-style pixels (RGBA bytes) or packed RGB bytes (channels = 3).
  function hashPixels(pixels, width, height, channels) {
    return hashLuma(lumaFromRGB(pixels, width, height, channels || 4), height, width);
  }

  var POPCOUNT4 = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

  function hammingDistance(hexA, hexB) {
    var distance = 0;
    for (var i = 0; i < hexA.length; i++) {
      distance += POPCOUNT4[parseInt(hexA[i], 16) ^ parseInt(hexB[i], 16)];
    }
    return distance;
  }

  // ---- Decoding in the browser (window or Worker) ----------------------------------------------

  // Above this many pixels the decoded picture is scaled down before hashing, to bound memory
  // (RGBA bytes plus two float buffers: 12 bytes a pixel). PDQ itself reduces to 64x64, so this
  // moves the hash by a few bits at most.
  var MAX_PIXELS = 4096 * 4096;

  function pixelsOf(source, width, height) {
    var canvas = new OffscreenCanvas(width, height);
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(source, 0, 0, width, height);
    return context.getImageData(0, 0, width, height).data;
  }

  // ---- EXIF orientation of WebP files -------------------------------------------------------------
  // Chromium applies EXIF orientation to JPEG and PNG but ignores it in WebP, while the server
  // (Pillow's ImageOps.exif_transpose) applies it to all three; for WebP it is applied here.

  function ascii(bytes, start, end) {
    return String.fromCharCode.apply(null, Array.prototype.slice.call(bytes, start, end));
  }

  // The orientation tag (0x0112) in IFD0 of a TIFF-structured EXIF block; 1 when absent or malformed.
  function exifOrientation(bytes) {
    try {
      var base = ascii(bytes, 0, 6) === "Exif\0\0" ? 6 : 0;
      var view = new DataView(bytes.buffer, bytes.byteOffset + base, bytes.byteLength - base);
      var order = ascii(bytes, base, base + 2);
      if (order !== "II" && order !== "MM") { return 1; }
      var little = order === "II";
      if (view.getUint16(2, little) !== 42) { return 1; }
      var ifd = view.getUint32(4, little);
      var count = view.getUint16(ifd, little);
      for (var i = 0; i < count; i++) {
        var entry = ifd + 2 + i * 12;
        if (view.getUint16(entry, little) === 0x0112) {
          var value = view.getUint16(entry + 8, little);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
    } catch (error) {
      if (!(error instanceof RangeError)) { throw error; }
    }
    return 1;
  }

  // The EXIF orientation stored in a WebP (RIFF) file, or 0 when the bytes are not WebP.
  function webpOrientation(bytes) {
    if (bytes.length < 12 || ascii(bytes, 0, 4) !== "RIFF" || ascii(bytes, 8, 12) !== "WEBP") { return 0; }
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (var p = 12; p + 8 <= bytes.length;) {
      var size = view.getUint32(p + 4, true);
      if (ascii(bytes, p, p + 4) === "EXIF") {
        return exifOrientation(bytes.subarray(p + 8, Math.min(p + 8 + size, bytes.length)));
      }
      p += 8 + size + (size & 1);
    }
    return 1;
  }

  // RGBA pixels stored as width x height, shown upright for EXIF `orientation` (as exif_transpose).
  function orient(pixels, width, height, orientation) {
    var swap = orientation >= 5;
    var outWidth = swap ? height : width;
    var outHeight = swap ? width : height;
    var out = new Uint8ClampedArray(pixels.length);
    for (var y = 0; y < outHeight; y++) {
      for (var x = 0; x < outWidth; x++) {
        var sx;
        var sy;
        switch (orientation) {
          case 2: sx = width - 1 - x; sy = y; break;
          case 3: sx = width - 1 - x; sy = height - 1 - y; break;
          case 4: sx = x; sy = height - 1 - y; break;
          case 5: sx = y; sy = x; break;
          case 6: sx = y; sy = height - 1 - x; break;
          case 7: sx = width - 1 - y; sy = height - 1 - x; break;
          case 8: sx = width - 1 - y; sy = x; break;
          default: sx = x; sy = y;
        }
        var from = (sy * width + sx) * 4;
        var to = (y * outWidth + x) * 4;
        out[to] = pixels[from];
        out[to + 1] = pixels[from + 1];
        out[to + 2] = pixels[from + 2];
        out[to + 3] = pixels[from + 3];
      }
    }
    return { pixels: out, width: outWidth, height: outHeight };
  }

  // A 2x1 lossless WebP marked "rotate 90°": does this browser apply WebP EXIF orientation itself?
  var PROBE_WEBP = "UklGRlIAAABXRUJQVlA4WAoAAAAIAAAAAQAAAAAAVlA4TBEAAAAvAQAAAA8Q87//8x8OMqL/AQBFWElGGgAAAE1NACoAAAAIAAEBEgADAAAAAQAGAAAAAAAA";
  var webpOrientationHonoured = null;

  function browserOrientsWebp() {
    if (webpOrientationHonoured === null) {
      var text = atob(PROBE_WEBP);
      var bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
      webpOrientationHonoured = createImageBitmap(new Blob([bytes], { type: "image/webp" }), {
        imageOrientation: "from-image"
      }).then(function (bitmap) {
        var rotated = bitmap.height === 2;
        bitmap.close();
        return rotated;
      }, function () { return false; });
    }
    return webpOrientationHonoured;
  }

  // ---- Hashing a file -------------------------------------------------------------------------------

  // Decode a File/Blob as the server does: EXIF orientation applied, embedded colour profiles not
  // applied (Pillow does not apply them either), first frame of an animation. Rejects when the
  // browser cannot decode the file (e.g. HEIC in Chromium).
  function hashImageBlob(blob) {
    var orientation = blob.slice(0, 12).arrayBuffer().then(function (head) {
      if (webpOrientation(new Uint8Array(head)) === 0) { return 1; }
      return Promise.all([blob.arrayBuffer(), browserOrientsWebp()]).then(function (found) {
        return found[1] ? 1 : webpOrientation(new Uint8Array(found[0]));
      });
    });
    var decoded = createImageBitmap(blob, {
      imageOrientation: "from-image",
      colorSpaceConversion: "none",
      premultiplyAlpha: "none"
    });
    return Promise.all([decoded, orientation]).then(function (both) {
      var bitmap = both[0];
      var scale = Math.min(1, Math.sqrt(MAX_PIXELS / (bitmap.width * bitmap.height)));
      var w = Math.max(1, Math.floor(bitmap.width * scale));
      var h = Math.max(1, Math.floor(bitmap.height * scale));
      var image = { pixels: pixelsOf(bitmap, w, h), width: w, height: h };
      bitmap.close();
      if (both[1] !== 1) { image = orient(image.pixels, w, h, both[1]); }
      var result = hashPixels(image.pixels, image.width, image.height, 4);
      result.width = image.width;
      result.height = image.height;
      return result;
    });
  }

  root.GlasnaPDQ = {
    hashImageBlob: hashImageBlob,
    webpOrientation: webpOrientation,
    orient: orient,
    pixelsOf: pixelsOf,
    MAX_PIXELS: MAX_PIXELS,
    hashPixels: hashPixels,
    hashLuma: hashLuma,
    lumaFromRGB: lumaFromRGB,
    hammingDistance: hammingDistance,
    jaroszWindowSize: jaroszWindowSize,
    dctMatrix: function () { return DCT.slice(); },
    MIN_HASHABLE_DIM: MIN_HASHABLE_DIM
  };
})(typeof self !== "undefined" ? self : this);
