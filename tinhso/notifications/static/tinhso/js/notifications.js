// The navbar bell: its unread count is fetched after the page has loaded (so no page pays a
// query for it) and again every minute while the tab is visible. A signed-out visitor gets 204
// and the bell stays bare.
(function () {
  "use strict";

  function refresh(badge, label) {
    fetch(badge.dataset.notificationCount, { credentials: "same-origin" })
      .then(function (response) {
        return response.status === 200 ? response.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        badge.textContent = data.unread ? String(data.unread) : "";
        badge.hidden = !data.unread;
        if (label) label.textContent = data.unread ? data.label : "";
      })
      .catch(function () {});
  }

  document.addEventListener("DOMContentLoaded", function () {
    var badge = document.querySelector("[data-notification-count]");
    if (!badge) return;
    var label = document.querySelector("[data-notification-label]");
    refresh(badge, label);
    window.setInterval(function () {
      if (!document.hidden) refresh(badge, label);
    }, 60000);
  });
})();
