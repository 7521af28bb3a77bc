// A real pusher-js client in Node for the tests. It signs in and authorizes channels
// through the Flask app (session cookie + CSRF header) and prints one JSON line per
// thing that happens, which tests/support.py reads.
// Usage: node pusher_client.mjs '{"key":..,"wsPort":..,"appUrl":..,"cookie":..,"csrf":..,"subscribe":[..]}'
// pusher-js will not set a Cookie header in Node, hence the customHandlers (docs/realtime-server.md).
import Pusher from "pusher-js";

const config = JSON.parse(process.argv[2]);
const emit = (record) => process.stdout.write(JSON.stringify(record) + "\n");

async function postForm(path, fields) {
  const response = await fetch(config.appUrl + path, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: config.cookie,
      "X-CSRFToken": config.csrf,
    },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await response.text();
  emit({ type: "http", path, status: response.status, body: text });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text}`);
  return JSON.parse(text);
}

const relay = (promise, callback) => promise.then((data) => callback(null, data), (error) => callback(error, null));

const pusher = new Pusher(config.key, {
  cluster: "mt1",
  wsHost: "127.0.0.1",
  wsPort: config.wsPort,
  forceTLS: false,
  enabledTransports: ["ws"],
  userAuthentication: {
    customHandler: ({ socketId }, callback) =>
      relay(postForm("/pusher/user-auth", { socket_id: socketId }), callback),
  },
  channelAuthorization: {
    customHandler: ({ socketId, channelName }, callback) =>
      relay(postForm("/pusher/auth", { socket_id: socketId, channel_name: channelName }), callback),
  },
});

pusher.connection.bind("state_change", ({ current }) => emit({ type: "state", current }));
pusher.connection.bind("connected", () => {
  emit({ type: "connected", socketId: pusher.connection.socket_id });
  pusher.signin();
});
pusher.connection.bind("message", (message) => {
  if (message.event === "pusher:signin_success") emit({ type: "signin_success", data: message.data });
  if (message.event === "pusher:error") emit({ type: "pusher_error", data: message.data });
});
pusher.user.bind_global((event, data) => {
  if (!event.startsWith("pusher")) emit({ type: "user_event", event, data });
  if (event === "watchlist-updated" && config.reconnectOnWatchlistUpdate) {
    // As the demo does: the watchlist is signed only at sign-in.
    pusher.disconnect();
    pusher.connect();
  }
});
for (const name of ["online", "offline"]) {
  pusher.user.watchlist.bind(name, (event) => emit({ type: "watchlist", name, user_ids: event.user_ids }));
}
pusher.user.bind("pusher:signin_error", (error) => emit({ type: "signin_error", error: String(error.error ?? error) }));

for (const name of config.subscribe ?? []) {
  const channel = pusher.subscribe(name);
  channel.bind("pusher:subscription_succeeded", (data) => emit({ type: "subscribed", channel: name, data }));
  channel.bind_global((event, data) => {
    if (!event.startsWith("pusher")) emit({ type: "channel_event", channel: name, event, data });
  });
  channel.bind("pusher:subscription_error", (error) =>
    emit({ type: "subscription_error", channel: name, error: String(error.error ?? error), status: error.status ?? null }),
  );
}
