// Served at /service-worker.js, the path the Beams web SDK registers. It loads the SDK's
// own worker from /vendor/, after declaring `regeneratorRuntime`: the worker's bundled
// regenerator runtime would otherwise fall back to Function(...), which the Content
// Security Policy refuses, and the worker would fail to start (see beams-csp.js).
"use strict";
if (!("regeneratorRuntime" in self)) self.regeneratorRuntime = undefined;
importScripts("/vendor/service-worker.js");
