// Come back soon after a realtime server restart. pusher-js ignores a refused connection
// attempt and waits out its 15 s connect timeout before the next one, so a server that
// is down for a second keeps every tab away for 15 s or more after it is back. While
// pusher-js is still connecting, this starts a fresh attempt after 1-2 s, then 2-4 s, up
// to 8-16 s, so a slow network still has time for its handshake. The jitter spreads the
// tabs' returns. benchmarks/storm.mjs loads this same file into its Node clients.
globalThis.reconnectSooner = function reconnectSooner(pusher) {
  const FIRST_WAIT_MS = 1000;
  const LONGEST_WAIT_MS = 8000;
  const stillTrying = () => ["connecting", "unavailable"].includes(pusher.connection.state);
  let wait = FIRST_WAIT_MS;
  let timer = null;
  pusher.connection.bind("state_change", ({ current }) => {
    clearTimeout(timer);
    if (current === "connected") wait = FIRST_WAIT_MS;
    if (current !== "connecting" && current !== "unavailable") return;
    timer = setTimeout(() => {
      if (!stillTrying()) return;
      wait = Math.min(wait * 2, LONGEST_WAIT_MS);
      pusher.disconnect();
      pusher.connect();
    }, wait * (1 + Math.random()));
  });
};
