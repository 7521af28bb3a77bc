// Come back soon after a realtime server restart. pusher-js ignores a refused connection
// attempt and waits out its 15 s connect timeout before the next one, so a server that
// is down for a second keeps every tab away for 15 s or more after it is back. Once a tab
// has been connected, while pusher-js is connecting again this starts a fresh attempt
// after 2-4 s, then 4-8 s, then every 8-16 s, so a slow network still has time for its
// handshake; the jitter spreads the tabs' returns. A tab's first connection is left to
// pusher-js. benchmarks/storm.mjs loads this same file into its Node clients.
globalThis.reconnectSooner = function reconnectSooner(pusher) {
  const FIRST_WAIT_MS = 2000;
  const LONGEST_WAIT_MS = 8000;
  const stillTrying = () => ["connecting", "unavailable"].includes(pusher.connection.state);
  let wait = FIRST_WAIT_MS;
  let timer = null;
  let wasConnected = false;
  pusher.connection.bind("state_change", ({ current }) => {
    clearTimeout(timer);
    if (current === "connected") {
      wasConnected = true;
      wait = FIRST_WAIT_MS;
    }
    if (!wasConnected || (current !== "connecting" && current !== "unavailable")) return;
    timer = setTimeout(() => {
      if (!stillTrying()) return;
      wait = Math.min(wait * 2, LONGEST_WAIT_MS);
      pusher.disconnect();
      pusher.connect();
    }, wait * (1 + Math.random()));
  });
};
