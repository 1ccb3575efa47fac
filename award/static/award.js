// Progressive enhancement only: the form works fully without this file.
(function () {
  "use strict";
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
