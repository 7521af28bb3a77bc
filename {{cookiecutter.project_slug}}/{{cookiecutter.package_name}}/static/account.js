// Ask before deleting the account. A file, not an inline onsubmit: the Content Security
// Policy allows no inline handlers, and a blocked handler would delete without asking.
"use strict";
document.getElementById("delete-account-form")?.addEventListener("submit", (event) => {
  if (!window.confirm("Delete your account for good?")) event.preventDefault();
});
