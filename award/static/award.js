// Progressive enhancement only: the form works fully without this file.
(function () {
  "use strict";

  // Belt and braces for long answers: mirror what is typed into this tab's sessionStorage
  // (gone when the tab closes) and put it back into fields the server left empty, e.g.
  // after a server error. The receipt page clears it.
  var storageKey = "award-draft";
  function readSaved() {
    try { return JSON.parse(window.sessionStorage.getItem(storageKey) || "{}"); }
    catch (error) { return {}; }
  }
  if (document.querySelector("[data-clear-draft]")) {
    try { window.sessionStorage.removeItem(storageKey); } catch (error) { /* private mode */ }
  }
  var form = document.querySelector("form[data-autosave]");
  if (form) {
    var saved = readSaved();
    var fields = form.querySelectorAll("textarea, input[type=text], input[type=email], input[type=tel]");
    Array.prototype.forEach.call(fields, function (field) {
      if (field.name === "website") { return; }
      if (!field.value && saved[field.name]) { field.value = saved[field.name]; }
      field.addEventListener("input", function () {
        saved[field.name] = field.value;
        try { window.sessionStorage.setItem(storageKey, JSON.stringify(saved)); }
        catch (error) { /* storage full or disabled: the server still has the answers */ }
      });
    });
  }

  var english = document.documentElement.lang === "en";

  // A calendar beside every date field. The field takes a date typed the Danish way; the
  // browser's own date picker (hidden, opened by the button) fills it in as 15.12.2026, and
  // keeps a time typed after the date.
  var dateFields = document.querySelectorAll("input[data-date-picker]");
  Array.prototype.forEach.call(dateFields, function (field) {
    var picker = document.createElement("input");
    picker.type = "date";
    picker.className = "award-date-picker-input";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary award-date-picker-button";
    button.textContent = english ? "Choose in a calendar" : "Vælg i kalender";
    var label = document.querySelector('label[for="' + field.id + '"]');
    if (label) {
      button.setAttribute("aria-label", (english ? "Choose in a calendar: " : "Vælg i kalender: ") +
                          label.textContent.trim());
    }
    var row = document.createElement("div");
    row.className = "award-date-picker";
    field.parentNode.insertBefore(row, field);
    row.appendChild(field);
    row.appendChild(button);
    row.appendChild(picker);
    button.addEventListener("click", function () {
      var typed = field.value.match(/^\s*(\d{1,2})\s*[.\/-]\s*(\d{1,2})\s*[.\/-]\s*(\d{4})/);
      if (typed) {
        picker.value = typed[3] + "-" + ("0" + typed[2]).slice(-2) + "-" + ("0" + typed[1]).slice(-2);
      }
      try { picker.showPicker(); } catch (error) {
        // No showPicker (older browsers): show the date input itself.
        picker.classList.add("award-date-picker-shown");
        picker.removeAttribute("aria-hidden");
        picker.tabIndex = 0;
        picker.focus();
      }
    });
    picker.addEventListener("change", function () {
      var parts = picker.value.split("-");
      if (parts.length !== 3) { return; }
      var time = field.value.match(/\s+(kl\.?\s*)?\d{1,2}[.:]\d{2}\s*$/);
      field.value = parseInt(parts[2], 10) + "." + parseInt(parts[1], 10) + "." + parts[0] +
                    (time ? time[0] : "");
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.focus();
    });
  });

  if (!window.DKFDS) { return; }
  var texts = english ? {
    character_remaining: "You have {value} character left",
    characters_remaining: "You have {value} characters left",
    character_too_many: "You have {value} character too many",
    characters_too_many: "You have {value} characters too many"
  } : undefined;
  var limits = document.getElementsByClassName("form-limit");
  for (var i = 0; i < limits.length; i++) {
    new window.DKFDS.CharacterLimit(limits[i], texts).init();
  }
  var summary = document.querySelector('[data-module="error-summary"]');
  if (summary) { new window.DKFDS.ErrorSummary(summary).init(); }
})();
