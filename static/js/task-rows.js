// Progressive enhancement of the task page: add an empty task without reloading (the
// "add a task" link works without it). Moved out of the template so the
// Content-Security-Policy can forbid inline scripts; the formset prefix comes from the
// template element's data-prefix attribute.
(function () {
  "use strict";
  var link = document.getElementById("add-task");
  var template = document.getElementById("empty-task-form");
  if (!link || !template) { return; }
  var prefix = template.getAttribute("data-prefix") || "tasks";
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  if (!total) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.textContent = link.textContent;
  link.parentNode.replaceChild(button, link);
  button.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fieldset = holder.firstElementChild;
    document.getElementById("task-forms").appendChild(fieldset);
    total.value = String(index + 1);
    var first = fieldset.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  });
})();
