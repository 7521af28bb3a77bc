// The demo dashboard: pusher-js signs in through /pusher/user-auth and shows every
// state change and error as it happens (silent sign-in failures are the usual pain).
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("realtime-config").textContent);
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const onlineById = new Map();
  // terminate_user_connections closes each of the user's connections with 4009: what
  // "Sign out everywhere" asked for, not an error.
  const SIGNED_OUT_EVERYWHERE = 4009;
  let signedOutEverywhere = false;

  if (typeof window.Pusher === "undefined") {
    // pusher.min.js comes from node_modules (demo/vendor.py): absent until `npm install`.
    $("connection-state").textContent = "not loaded";
    $("connection-state").className = "pill bad";
    $("realtime-error").textContent = "The realtime SDK (pusher-js, /vendor/pusher.min.js) " +
      "did not load. Run `npm install` in the project folder, then reload this page.";
    $("realtime-error").hidden = false;
    return;
  }

  const pusher = new Pusher(config.pusher.key, Object.assign({}, config.pusher, {
    userAuthentication: { endpoint: "/pusher/user-auth", transport: "ajax", headers: { "X-CSRFToken": csrfToken } },
    channelAuthorization: { endpoint: "/pusher/auth", transport: "ajax", headers: { "X-CSRFToken": csrfToken } },
  }));
  window.demoPusher = pusher; // handy in the console, and used by the browser tests
  reconnectSooner(pusher); // static/reconnect.js: back within seconds of a server restart

  function setPill(element, text, tone) {
    element.textContent = text;
    element.className = "pill " + (tone || "");
  }

  function showError(text) {
    $("realtime-error").textContent = text;
    $("realtime-error").hidden = !text;
  }

  function logEvent(name, data) {
    const log = $("event-log");
    log.querySelector(".empty")?.remove();
    const item = document.createElement("li");
    const time = new Date().toLocaleTimeString();
    item.innerHTML = "<time></time> <strong></strong> <code></code>";
    item.querySelector("time").textContent = time;
    item.querySelector("strong").textContent = name;
    item.querySelector("code").textContent = JSON.stringify(data);
    log.prepend(item);
  }

  // Connection and sign-in state.
  pusher.connection.bind("state_change", ({ current }) => {
    const tone = { connected: "ok", connecting: "wait", unavailable: "bad", failed: "bad", disconnected: "bad" }[current];
    setPill($("connection-state"), current, tone);
    if (current !== "connected") {
      setPill($("signin-state"), signedOutEverywhere ? "Signed out everywhere" : "signed out", "wait");
      $("socket-id").textContent = "–";
      // Without a connection this tab is no longer in the lobby, nor knows who is.
      $("lobby").innerHTML = '<li class="muted">Not connected.</li>';
    }
  });
  pusher.connection.bind("connected", () => {
    $("socket-id").textContent = pusher.connection.socket_id;
    setPill($("signin-state"), "signing in…", "wait");
  });
  pusher.connection.bind("error", (error) => {
    // pusher-js reports the close as {type: "PusherError", data: {code}}, or nested.
    if ((error.data?.code ?? error.error?.data?.code) === SIGNED_OUT_EVERYWHERE) {
      showSignedOutEverywhere();
      return;
    }
    const detail = error.error?.data ? JSON.stringify(error.error.data) : (error.error?.message || error.type || String(error));
    showError("Connection error: " + detail);
  });
  function showSignedOutEverywhere() {
    signedOutEverywhere = true;
    setPill($("signin-state"), "Signed out everywhere", "wait");
    $("realtime-notice").textContent = "Signed out everywhere: every tab of yours was " +
      "disconnected. Reload the page to connect again.";
    $("realtime-notice").hidden = false;
  }
  pusher.connection.bind("message", (message) => {
    if (message.event === "pusher:signin_success") {
      setPill($("signin-state"), `Signed in as ${config.user.username}`, "ok");
      showError("");
    }
    if (message.event === "pusher:error" && message.data?.code === SIGNED_OUT_EVERYWHERE) {
      showSignedOutEverywhere();
    } else if (message.event === "pusher:error") {
      showError("Server said: " + JSON.stringify(message.data));
    }
  });
  pusher.user.bind("pusher:signin_error", (error) => {
    setPill($("signin-state"), `Sign-in failed (status ${error.status ?? "?"})`, "bad");
    showError(`pusher:signin_error ${error.status ?? ""}: ${error.error}`);
  });

  // Server-to-user events.
  pusher.user.bind_global((name, data) => {
    if (name.startsWith("pusher:") || name.startsWith("pusher_internal:")) return;
    logEvent(name, data);
    if (name === "watchlist-updated") {
      // The watchlist is read only at sign-in: reconnect so the new one is signed.
      refreshWatchlist();
      pusher.disconnect();
      pusher.connect();
    }
  });

  // Watchlist badges from pusher.user.watchlist.
  for (const status of ["online", "offline"]) {
    pusher.user.watchlist.bind(status, (event) => {
      for (const id of event.user_ids) onlineById.set(id, status);
      renderBadges();
    });
  }

  function renderBadges() {
    for (const badge of document.querySelectorAll("#watchlist [data-user-id] .badge")) {
      const status = onlineById.get(badge.closest("[data-user-id]").dataset.userId) || "unknown";
      badge.textContent = status;
      badge.className = "badge " + status;
    }
  }

  function renderWatchlist(users) {
    const list = $("watchlist");
    list.replaceChildren();
    if (!users.length) list.innerHTML = '<li class="muted">You watch nobody yet.</li>';
    for (const user of users) {
      const item = document.createElement("li");
      item.dataset.userId = user.id;
      item.dataset.username = user.username;
      item.innerHTML = '<span class="who"></span> <small></small> <span class="badge"></span> <button type="button" class="link">remove</button>';
      item.querySelector(".who").textContent = user.name;
      item.querySelector("small").textContent = "@" + user.username;
      item.querySelector("button").addEventListener("click", () => changeWatchlist("/api/watchlist/remove", user.username));
      list.append(item);
    }
    renderBadges();
  }

  async function api(path, body) {
    const response = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({ description: `HTTP ${response.status}` }));
    if (!response.ok) throw new Error(data.description || data.error || `HTTP ${response.status}`);
    return data;
  }

  async function refreshWatchlist() {
    renderWatchlist((await api("/api/watchlist")).watchlist);
  }

  async function changeWatchlist(path, username) {
    $("watchlist-error").textContent = "";
    $("watchlist-notice").textContent = "";
    try {
      const answer = await api(path, { username });
      renderWatchlist(answer.watchlist);
      $("watchlist-notice").textContent = answer.notice || "";
    } catch (error) {
      $("watchlist-error").textContent = error.message;
    }
  }

  $("watch-form").addEventListener("submit", (event) => {
    event.preventDefault();
    changeWatchlist("/api/watchlist", $("watch-username").value).then(() => { $("watch-username").value = ""; });
  });

  async function runAction(path) {
    try {
      $("action-result").textContent = (await api(path, {})).description;
    } catch (error) {
      $("action-result").textContent = error.message;
    }
  }
  $("send-test-event").addEventListener("click", () => runAction("/api/test-event"));
  $("sign-out-everywhere").addEventListener("click", () => runAction("/api/sign-out-everywhere"));

  // Presence lobby.
  const lobby = pusher.subscribe("presence-room.lobby");
  function renderLobby() {
    const list = $("lobby");
    list.replaceChildren();
    lobby.members.each((member) => {
      const item = document.createElement("li");
      item.textContent = member.info?.name || member.id;
      list.append(item);
    });
  }
  lobby.bind("pusher:subscription_succeeded", renderLobby);
  lobby.bind("pusher:member_added", renderLobby);
  lobby.bind("pusher:member_removed", renderLobby);
  lobby.bind("pusher:subscription_error", (error) => {
    $("lobby").innerHTML = "";
    $("lobby").textContent = `Could not join (status ${error.status}): ${error.error}`;
  });

  $("watchlist-note").hidden = config.watchlistEvents !== "off";
  // soketi sends no watchlist events; with WATCHLIST_EVENTS=emulated the app sends them
  // once this client is in its own presence-online channel. The one line to copy:
  if (config.watchlistEvents === "emulated") pusher.subscribe("presence-online." + config.user.id);
  refreshWatchlist().catch((error) => { $("watchlist-error").textContent = error.message; });
  pusher.signin();
})();
