// Loaded before the Beams web SDK (1.x), for the Content Security Policy. The SDK's
// bundled regenerator runtime assigns the global `regeneratorRuntime` from strict-mode
// code; when that global does not exist yet, it falls back to Function(...), which a CSP
// without 'unsafe-eval' refuses, and the whole SDK fails to load. Declaring the global
// first lets the plain assignment succeed.
"use strict";
if (!("regeneratorRuntime" in window)) window.regeneratorRuntime = undefined;
