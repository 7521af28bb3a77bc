// The reconnect storm's clients: N pusher-js instances in one Node process, each signed
// in as its own user through the app (session cookie + CSRF header, as a browser tab).
// Prints one JSON line per sign-in or failure; benchmarks/storm.py reads them.
// Each client runs the demo's reconnect helper, as a browser tab of the demo does.
// Usage: node benchmarks/storm.mjs config.json
import { readFileSync } from "node:fs";
import vm from "node:vm";
import Pusher from "pusher-js";

const helper = new URL("../{{ cookiecutter.package_name }}/static/reconnect.js", import.meta.url);
vm.runInThisContext(readFileSync(helper, "utf8"), { filename: helper.pathname });

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const emit = (record) => process.stdout.write(JSON.stringify(record) + "\n");

config.sessions.forEach((session, index) => {
  const pusher = new Pusher(config.key, {
    cluster: "mt1",
    wsHost: "127.0.0.1",
    wsPort: config.wsPort,
    forceTLS: false,
    enabledTransports: ["ws"],
    userAuthentication: {
      customHandler: ({ socketId }, callback) => {
        fetch(config.appUrl + "/pusher/user-auth", {
          method: "POST",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Cookie: session.cookie,
            "X-CSRFToken": session.csrf,
          },
          body: new URLSearchParams({ socket_id: socketId }).toString(),
        })
          .then(async (response) => {
            if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
            callback(null, await response.json());
          })
          .catch((error) => {
            emit({ type: "failure", index, error: String(error) });
            callback(error, null);
          });
      },
    },
  });
  globalThis.reconnectSooner(pusher);
  pusher.connection.bind("connected", () => pusher.signin());
  pusher.connection.bind("message", (message) => {
    if (message.event === "pusher:signin_success") emit({ type: "signed_in", index });
  });
});
