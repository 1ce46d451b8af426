{% load static %}// The till's service worker: keeps the till's screens and scripts so that a page
// reloaded offline still sells (offline.js queues the sales). Network first: online,
// every page is fresh; offline, the last copy answers. Never a POST, never the API.
"use strict";
var CACHE = "clef-till-v1";
var ASSETS = [
  "{% static 'clef/clef.css' %}",
  "{% static 'clef/till.js' %}",
  "{% static 'clef/offline.js' %}",
  "{% static 'clef/favicon.svg' %}",
  "{% static 'clef/clef.js' %}",
  "{% static 'clef/htmx-2.0.7.min.js' %}",
];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(ASSETS.map(function (url) {
        return cache.add(url).catch(function () {});
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name !== CACHE && name.indexOf("clef-till-") === 0;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function kept(request) {
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return false;
  if (url.pathname.indexOf("/api/") === 0) return false;
  return url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/caisse/") !== -1;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!kept(request)) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      // Django's answers vary on the cookie and the language: the copy is the till's own.
      var options = { ignoreSearch: request.mode === "navigate", ignoreVary: true };
      return caches.match(request, options).then(
        function (found) { return found || Response.error(); }
      );
    })
  );
});
