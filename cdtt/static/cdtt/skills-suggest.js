/* cdtt skills: on the entry page, tapping a kind of work the member does not know yet shows
   its guide (the list is rendered by the server, hidden until then). */
(function () {
  var box = document.querySelector("[data-skills-suggest]");
  var form = document.getElementById("entry");
  if (!box || !form) return;
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[value]");
    if (!button) return;
    var item = box.querySelector('[data-suggest-type="' + button.value + '"]');
    if (!item) return;
    item.hidden = false;
    box.hidden = false;
  });
})();
