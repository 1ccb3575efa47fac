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

  if (!window.DKFDS) { return; }
  var english = document.documentElement.lang === "en";
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
