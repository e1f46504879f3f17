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

  // Autosave on a change of any field but a file (a file goes with its own « Ajouter » button). An htmx event
  // filter would say this inline, but filters are evaluated as code, which the Content-Security-Policy forbids.
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-autosave-skips-files]");
    if (form && event.target.type !== "file") { form.dispatchEvent(new Event("qvct:change")); }
  });

  // A field that only matters for some choices: shown when the chosen catalog item asks for it, or when it
  // already holds text (nothing typed is ever hidden).
  function toggleMotivation(select) {
    var field = document.getElementById(select.dataset.motivationField);
    if (!field) { return; }
    var group = field.closest(".fr-input-group") || field.parentElement;
    var needed = select.dataset.motivated.split(" ").indexOf(select.value) !== -1;
    group.hidden = !needed && !field.value.trim();
  }
  // The catalog list offers only the chosen theme's actions. The page holds them all (without script, they
  // stay listed by theme and the server refuses a mismatch); a choice of another theme is cleared.
  function filterCatalog(themeSelect) {
    var items = document.getElementById(themeSelect.dataset.catalogField);
    if (!items) { return; }
    if (!items._qvctAll) {
      items._qvctAll = Array.prototype.map.call(items.children, function (node) { return node.cloneNode(true); });
    }
    var theme = themeSelect.value;
    var current = items.value;
    while (items.firstChild) { items.removeChild(items.firstChild); }
    items._qvctAll.forEach(function (node) {
      if (node.tagName !== "OPTGROUP") { items.appendChild(node.cloneNode(true)); return; }
      var group = node.cloneNode(false);
      Array.prototype.forEach.call(node.children, function (option) {
        if (!theme || option.dataset.theme === theme) { group.appendChild(option.cloneNode(true)); }
      });
      if (group.children.length) { items.appendChild(group); }
    });
    var kept = Array.prototype.some.call(items.options, function (option) { return option.value === current; });
    items.value = kept ? current : "";
    if (items.matches("select[data-motivated]")) { toggleMotivation(items); }
  }

  document.addEventListener("change", function (event) {
    if (!event.target.matches) { return; }
    if (event.target.matches("select[data-motivated]")) { toggleMotivation(event.target); }
    if (event.target.matches("select[data-catalog-field]")) { filterCatalog(event.target); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-catalog-field]").forEach(filterCatalog);
    document.querySelectorAll("select[data-motivated]").forEach(toggleMotivation);
  });
})();

// « Tout cocher »: a header checkbox ticks or clears every row checkbox of its form that bears the given name.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[data-check-all]")) { return; }
    var scope = box.form || document;
    scope.querySelectorAll('input[type="checkbox"][name="' + box.dataset.checkAll + '"]').forEach(function (row) {
      row.checked = box.checked;
    });
  });
})();
