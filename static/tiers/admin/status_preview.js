// The commitment's progress and legal form as they will be once the form is saved: from the
// latest status change row set to published (by date; a later row wins a tie), as
// CommitmentQuerySet.refresh_states computes them on the server. Loaded as a file (strict CSP).
"use strict";
(function () {
  function firstDay(text) {
    var value = (text || "").trim();
    if (/^\d{4}$/.test(value)) return value + "-01-01";
    if (/^\d{4}-\d{2}$/.test(value)) return value + "-01";
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    return null;
  }
  function chosen(select) {
    if (!select || !select.value) return "";
    return select.options[select.selectedIndex].text;
  }
  function rows(group) {
    return Array.prototype.filter.call(
      group.querySelectorAll("tr.form-row"),
      function (row) { return !row.classList.contains("empty-form") && row.id; }
    );
  }
  function field(row, name) {
    return row.querySelector("[name$='-" + name + "']");
  }
  function update(group, output) {
    var progress = null, legal = null;
    rows(group).forEach(function (row, index) {
      var remove = field(row, "DELETE");
      if (remove && remove.checked) return;
      var visibility = field(row, "visibility");
      if (!visibility || visibility.value !== "published") return;
      var day = firstDay(field(row, "occurred") && field(row, "occurred").value);
      if (!day) return;
      var key = day + "#" + String(index).padStart(4, "0");
      var p = field(row, "progress"), l = field(row, "legal_form");
      if (p && p.value && (!progress || key > progress.key)) progress = {key: key, text: chosen(p)};
      if (l && l.value && (!legal || key > legal.key)) legal = {key: key, text: chosen(l)};
    });
    output.textContent = output.dataset.label + " " +
      output.dataset.progress + ": " + (progress ? progress.text : "–") + "; " +
      output.dataset.legal + ": " + (legal ? legal.text : "–") + ".";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var group = document.getElementById("status_changes-group");
    var template = document.getElementById("status-preview-labels");
    if (!group || !template) return;
    var output = document.createElement("p");
    output.id = "status-preview";
    output.setAttribute("role", "status");
    output.setAttribute("aria-live", "polite");
    output.dataset.label = template.dataset.label;
    output.dataset.progress = template.dataset.progress;
    output.dataset.legal = template.dataset.legal;
    group.insertBefore(output, group.firstChild.nextSibling);
    update(group, output);
    group.addEventListener("input", function () { update(group, output); });
    group.addEventListener("change", function () { update(group, output); });
    document.addEventListener("formset:added", function () { update(group, output); });
  });
})();
