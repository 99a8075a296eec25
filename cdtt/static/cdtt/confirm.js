/* cdtt: an irreversible action asks once, in plain words, before it is done. A button with
   data-confirm="question" (and data-confirm-yes="its answer") opens the page's dialog; "yes"
   presses the button again for real. Without this script the action is done at once. */
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  var text = dialog && document.getElementById("confirm-text");
  var yes = dialog && dialog.querySelector("[data-answer=yes]");
  var no = dialog && dialog.querySelector("[data-answer=no]");
  var pending = null, yesLabel = yes ? yes.textContent : "";

  function close() {
    if (dialog.open) dialog.close();
    if (pending) pending.focus();
    pending = null;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (!button || button.dataset.confirmed === "1") return;
    if (button.form && !button.form.checkValidity()) return; // the browser says what is missing
    event.preventDefault();
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(button.dataset.confirm)) { button.dataset.confirmed = "1"; button.click(); }
      return;
    }
    pending = button;
    text.textContent = button.dataset.confirm;
    yes.textContent = button.dataset.confirmYes || yesLabel;
    dialog.showModal();
    yes.focus();
  });

  if (!dialog) return;
  yes.addEventListener("click", function () {
    var button = pending;
    pending = null;
    dialog.close();
    if (!button) return;
    button.dataset.confirmed = "1";
    button.click();
    button.dataset.confirmed = "";
  });
  no.addEventListener("click", close);
  dialog.addEventListener("cancel", function () { pending = null; });
})();
