/* The door's check-in page, on top of the plain form (which works without this file):
   - after htmx has swapped a result in, the field is emptied and has the cursor again,
     so that the keyboard alone goes on: type a number, Enter, the next one;
   - a "Scan" button, shown only where the browser has a camera API, reads QR codes with
     the rear camera: BarcodeDetector where the browser has it, else the vendored jsQR
     (loaded only then). Each code read fills the field and submits the form. */
(function () {
  "use strict";

  var form = document.querySelector("[data-door-form]");
  if (!form) return;
  var field = form.querySelector("input[name=raw]");
  var result = document.getElementById("door-result");
  var scanButton = document.querySelector("[data-scan]");
  var camera = document.querySelector("[data-camera]");
  var cameraError = document.querySelector("[data-camera-error]");
  var video = camera && camera.querySelector("video");
  var stream = null;
  var timer = null;

  function ready() {
    field.value = "";
    // On a phone, focusing the field would open the keyboard over the camera's picture.
    if (!stream) field.focus();
  }

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === result) ready();
  });

  function failed(event) {
    if (!form.contains(event.detail.elt) && !result.contains(event.detail.elt)) return;
    var panel = document.createElement("div");
    var verdict = document.createElement("p");
    var word = document.createElement("strong");
    var message = document.createElement("p");
    panel.className = "door-panel door-panel-no";
    verdict.className = "door-verdict";
    word.textContent = form.dataset.no;
    verdict.appendChild(word);
    message.className = "door-message";
    message.textContent = form.dataset.failed;
    panel.appendChild(verdict);
    panel.appendChild(message);
    result.replaceChildren(panel);
    field.focus();
  }

  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);

  // --- the camera --------------------------------------------------------------------
  if (
    !scanButton ||
    !camera ||
    !navigator.mediaDevices ||
    typeof navigator.mediaDevices.getUserMedia !== "function"
  ) {
    return;
  }
  scanButton.hidden = false;

  var detect = null; // video -> Promise of the text of a QR code, or null
  var last = ""; // the code in front of the camera, sent once
  var lastSeenAt = 0;
  var GONE_AFTER = 1500; // ms without a code: the ticket has left, it may come again
  var EVERY = 200; // ms between two looks

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function withJsQR() {
    var load = window.jsQR ? Promise.resolve() : loadScript(scanButton.dataset.jsqr);
    return load.then(function () {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function (source) {
        var width = source.videoWidth;
        var height = source.videoHeight;
        if (!width || !height) return Promise.resolve(null);
        var scale = Math.min(1, 640 / width); // small frames decode faster, and suffice
        canvas.width = Math.round(width * scale);
        canvas.height = Math.round(height * scale);
        context.drawImage(source, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var code = window.jsQR(image.data, image.width, image.height, {
          inversionAttempts: "dontInvert",
        });
        return Promise.resolve(code ? code.data : null);
      };
    });
  }

  function withBarcodeDetector() {
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) throw new Error("no QR codes here");
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function (source) {
        return detector.detect(source).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        });
      };
    });
  }

  function decoder() {
    if (detect) return Promise.resolve(detect);
    var made = "BarcodeDetector" in window ? withBarcodeDetector().catch(withJsQR) : withJsQR();
    return made.then(function (found) {
      detect = found;
      return found;
    });
  }

  function seen(text) {
    var now = Date.now();
    if (!text) {
      if (now - lastSeenAt > GONE_AFTER) last = "";
      return;
    }
    lastSeenAt = now;
    if (text === last) return; // still the same ticket in front of the camera
    last = text;
    field.value = text;
    if (navigator.vibrate) navigator.vibrate(80);
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
  }

  function look() {
    if (!stream) return;
    detect(video)
      .then(function (text) {
        if (stream) seen(text);
      })
      .catch(function () {})
      .then(function () {
        if (stream) timer = window.setTimeout(look, EVERY);
      });
  }

  function stop() {
    window.clearTimeout(timer);
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.srcObject = null;
    camera.hidden = true;
    scanButton.hidden = false;
  }

  function start() {
    cameraError.textContent = "";
    decoder()
      .then(function () {
        return navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
      })
      .then(function (opened) {
        stream = opened;
        video.srcObject = stream;
        camera.hidden = false;
        scanButton.hidden = true;
        field.blur();
        last = "";
        // On a phone: the result just above the camera's picture, both in sight.
        result.scrollIntoView({ block: "start" });
        return video.play();
      })
      .then(look)
      .catch(function () {
        stop();
        cameraError.textContent = scanButton.dataset.denied;
        field.focus();
      });
  }

  scanButton.addEventListener("click", start);
  camera.querySelector("[data-stop]").addEventListener("click", function () {
    stop();
    field.focus();
  });
  window.addEventListener("pagehide", stop);
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && stream) stop();
  });
})();
