/* The portal's shared behaviour, for every page (no inline scripts: the Content-Security-Policy forbids them).
 *  - [data-autosubmit] on a select or input: submit its form when the value changes;
 *  - POST forms: submit buttons are disabled after the first click (the server refuses a second submission too);
 *  - textarea/input with maxlength and data-count: a live "12 / 5000" count below the field;
 *  - form[data-confirm="…"]: ask first in a Bootstrap modal, saying what will happen;
 *  - [data-print]: print the page; [data-history-back]: go back (error pages);
 *  - [data-progress="42"]: a progress bar's width; a swapped-in [data-reload-page] reloads the page.
 */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) { field.form.requestSubmit(); }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
    if (event.target.closest("[data-history-back]")) {
      if (window.history.length > 1) { window.history.back(); } else { window.location.href = "/"; }
    }
  });

  // ---------------------------------------------------------------- confirm before irreversible actions
  var modalElement = document.getElementById("confirm-modal");
  var pending = null;  // {form, submitter} waiting for the answer

  function askFirst(form, submitter) {
    if (!modalElement || !window.bootstrap) { return window.confirm(form.dataset.confirm); }
    pending = { form: form, submitter: submitter };
    modalElement.querySelector("[data-confirm-title]").textContent =
      form.dataset.confirmTitle || modalElement.dataset.defaultTitle;
    modalElement.querySelector("[data-confirm-body]").textContent = form.dataset.confirm;
    var ok = modalElement.querySelector("[data-confirm-ok]");
    ok.textContent = form.dataset.confirmButton || modalElement.dataset.defaultButton;
    ok.className = "btn " + (form.dataset.confirmDanger === "false" ? "btn-primary" : "btn-danger");
    window.bootstrap.Modal.getOrCreateInstance(modalElement).show();
    return false;
  }

  if (modalElement) {
    modalElement.querySelector("[data-confirm-ok]").addEventListener("click", function () {
      if (!pending) { return; }
      var form = pending.form, submitter = pending.submitter;
      pending = null;
      form.dataset.confirmed = "yes";
      window.bootstrap.Modal.getOrCreateInstance(modalElement).hide();
      form.requestSubmit(submitter || undefined);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.confirm && form.dataset.confirmed !== "yes") {
      if (!askFirst(form, event.submitter)) { event.preventDefault(); return; }
    }
    delete form.dataset.confirmed;
    if ((form.method || "").toLowerCase() !== "post" || form.hasAttribute("data-resubmit")) { return; }
    // After the browser has collected the form's values (a disabled button would not send its own).
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.classList.add("is-submitting");
      });
    }, 0);
  });

  // Buttons come back when the page is shown again from the history (back button).
  window.addEventListener("pageshow", function () {
    document.querySelectorAll(".is-submitting").forEach(function (button) {
      button.disabled = false;
      button.classList.remove("is-submitting");
    });
  });

  // ---------------------------------------------------------------- live length counts
  function attachCounter(field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!limit || field.dataset.countAttached) { return; }
    field.dataset.countAttached = "yes";
    var counter = document.createElement("div");
    counter.className = "form-text text-end char-count";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    function update() {
      counter.textContent = field.value.length + " / " + limit;
      counter.classList.toggle("text-danger", field.value.length >= limit);
    }
    field.addEventListener("input", update);
    update();
  }

  function attachCounters(root) {
    root.querySelectorAll("textarea[maxlength], input[maxlength][data-count]").forEach(attachCounter);
  }

  // ---------------------------------------------------------------- progress bars: data-progress="42" → 42 %
  function setProgress(root) {
    root.querySelectorAll("[data-progress]").forEach(function (bar) {
      var value = Math.max(0, Math.min(100, parseFloat(bar.dataset.progress) || 0));
      bar.style.width = value + "%";  // through the CSSOM, which the CSP allows (a style="" attribute it does not)
    });
  }

  function enhance(root) { attachCounters(root); setProgress(root); }
  enhance(document);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    // A polled fragment that says the work is done asks for the whole page again (e.g. a finished job).
    if (event.target.querySelector("[data-reload-page]")) { window.location.reload(); return; }
    enhance(event.target);
  });
})();
