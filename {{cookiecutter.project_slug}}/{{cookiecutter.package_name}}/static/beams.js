// Pusher Beams web push for the signed-in user (templates/account/beams.html).
//
// The flow the Beams docs describe: start() registers this browser with Beams, then
// setUserId() binds it to the user with a token from /pusher/beams-auth, which only
// ever signs the session's own user. clearAllState() runs before logging out or
// deleting the account, so the next person on this browser gets nothing meant for us.
(function () {
  "use strict";

  const root = document.getElementById("beams");
  if (!root || !root.dataset.instanceId) return;
  const statusLine = document.getElementById("beams-status");
  const enableButton = document.getElementById("beams-enable");
  const userId = root.dataset.userId;

  function show(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle("flash-error", Boolean(isError));
  }

  // The SDK needs all of these; naming the missing one beats a console error.
  function missingPushSupport() {
    if (!window.isSecureContext) return "push needs HTTPS (or localhost)";
    if (!("serviceWorker" in navigator)) return "it has no service workers";
    if (!("PushManager" in window) || !("Notification" in window)) return "it has no Push API";
    if (!("indexedDB" in window)) return "it has no IndexedDB";
    if (typeof PusherPushNotifications === "undefined") {
      return "the Beams SDK did not load (run npm install)";
    }
    return null;
  }

  const missing = missingPushSupport();
  if (missing) {
    show("This browser cannot receive push notifications: " + missing + ".", true);
    return;
  }

  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  let beams;
  try {
    beams = new PusherPushNotifications.Client({ instanceId: root.dataset.instanceId });
  } catch (error) {
    show("This browser cannot receive push notifications: " + error.message, true);
    return;
  }
  const tokenProvider = new PusherPushNotifications.TokenProvider({
    url: root.dataset.tokenUrl,
    headers: { "X-CSRFToken": csrfToken },
  });
  const State = PusherPushNotifications.RegistrationState;

  async function enable() {
    enableButton.hidden = true;
    show("Turning on push notifications…");
    try {
      await beams.start();
      const boundTo = await beams.getUserId();
      // Beams refuses to move a device between users; someone else used this browser.
      if (boundTo && boundTo !== userId) await beams.clearAllState();
      if (boundTo !== userId) await beams.setUserId(userId, tokenProvider);
      show("Push notifications are on for this browser.");
    } catch (error) {
      show("Push notifications could not be turned on: " + error.message, true);
      enableButton.hidden = false;
    }
  }

  async function showState() {
    const state = await beams.getRegistrationState();
    if (state === State.PERMISSION_DENIED) {
      show("Notifications are blocked for this site; allow them in the browser settings.", true);
    } else if (state === State.PERMISSION_PROMPT_REQUIRED) {
      // Browsers only show the permission prompt reliably after a click.
      show("Push notifications are off for this browser.");
      enableButton.hidden = false;
    } else {
      await enable();
    }
  }

  // Forget this browser's Beams registration before the form leaves the page. A slow
  // or unreachable Beams must not block logging out, so give up after a few seconds.
  function clearBeforeSubmit(form) {
    if (!form) return;
    form.addEventListener("submit", async (event) => {
      if (event.defaultPrevented) return; // e.g. the delete confirmation was cancelled
      event.preventDefault();
      try {
        const state = await beams.getRegistrationState();
        if (state === State.PERMISSION_GRANTED_REGISTERED_WITH_BEAMS) {
          const giveUp = new Promise((resolve) => setTimeout(resolve, 3000));
          await Promise.race([beams.clearAllState(), giveUp]);
        }
      } catch (error) {
        console.warn("Beams clearAllState failed:", error);
      }
      form.submit();
    });
  }

  enableButton.addEventListener("click", enable);
  clearBeforeSubmit(document.getElementById("logout-form"));
  clearBeforeSubmit(document.getElementById("delete-account-form"));
  showState().catch((error) => show("Push notifications are unavailable: " + error.message, true));
})();
