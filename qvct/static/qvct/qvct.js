// Guichet QVCT — the little script the pages need, on top of htmx.
(function () {
  "use strict";

  // Every htmx request carries the CSRF token of the page.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("meta[name=csrf-token]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.content; }
  });

  // Autosave and explicit save must reach the server in the order the person acted: a form that is still
  // autosaving holds its submission until the autosave has answered, so an older autosave can never land
  // after, and overwrite, what the explicit save wrote.
  var pending = new WeakMap();
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt.closest("form");
    if (form) { pending.set(form, (pending.get(form) || 0) + 1); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt.closest("form");
    if (!form) { return; }
    var count = Math.max(0, (pending.get(form) || 1) - 1);
    pending.set(form, count);
    if (count === 0 && form._qvctHeldSubmitter !== undefined) {
      var submitter = form._qvctHeldSubmitter;
      form._qvctHeldSubmitter = undefined;
      if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if ((pending.get(form) || 0) > 0) {
      event.preventDefault();
      form._qvctHeldSubmitter = event.submitter || null;
    }
  }, true);
})();
