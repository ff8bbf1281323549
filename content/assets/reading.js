/* 适老化 reading settings for the whole site, remembered between pages: 字号 (标准 / 大 / 特大) and 高对比度.
 *
 * Loaded by theme/main.html as an ordinary <script src> in <head> (not inline: the site's
 * Content-Security-Policy in deploy/nginx.conf allows scripts from this host and only hashed inline ones),
 * so the chosen settings are put on <html> before the page is first drawn: no jump from the standard look.
 * The buttons are in theme/main.html (block hero); site.css scales the root font size (Material sizes
 * everything in rem) and redraws in high contrast. The controls are shown only when this script runs
 * (html.text-size-js). */
(function () {
  "use strict";
  var root = document.documentElement;
  // Each setting: its storage key, its values (the first the default), its buttons' attribute and <html>'s
  // class prefix (text-size-large, contrast-high).
  var SETTINGS = [
    {key: "shizhong.text-size", values: ["standard", "large", "xlarge"], attribute: "data-text-size", prefix: "text-size-"},
    {key: "shizhong.contrast", values: ["standard", "high"], attribute: "data-contrast", prefix: "contrast-"}
  ];
  var current = {};   // the values in force, for when storage is disabled

  function stored(setting) {
    try {
      var value = window.localStorage.getItem(setting.key);
      return setting.values.indexOf(value) >= 0 ? value : setting.values[0];
    } catch (e) {            // storage disabled: the choice lasts for this page only
      return current[setting.key] || setting.values[0];
    }
  }

  function apply(setting, value) {
    current[setting.key] = value;
    for (var i = 1; i < setting.values.length; i++) {
      root.classList.toggle(setting.prefix + setting.values[i], setting.values[i] === value);
    }
    var buttons = document.querySelectorAll("[" + setting.attribute + "]");
    for (var j = 0; j < buttons.length; j++) {
      buttons[j].setAttribute("aria-pressed", String(buttons[j].getAttribute(setting.attribute) === value));
    }
  }

  function applyAll() {
    for (var i = 0; i < SETTINGS.length; i++) { apply(SETTINGS[i], stored(SETTINGS[i])); }
  }

  function choose(setting, value) {
    try { window.localStorage.setItem(setting.key, value); } catch (e) { /* kept for this page only */ }
    apply(setting, value);
  }

  root.classList.add("text-size-js");
  applyAll();

  document.addEventListener("DOMContentLoaded", function () {
    applyAll();
    // Buttons: click, Enter and Space all arrive here as a click. The contrast button is a switch.
    document.addEventListener("click", function (event) {
      for (var i = 0; i < SETTINGS.length; i++) {
        var setting = SETTINGS[i];
        var button = event.target.closest && event.target.closest("[" + setting.attribute + "]");
        if (!button) { continue; }
        var value = button.getAttribute(setting.attribute);
        if (button.hasAttribute("data-toggle") && current[setting.key] === value) { value = setting.values[0]; }
        choose(setting, value);
      }
    });
  });
  // Another tab changed a setting, or the page came back from the back-forward cache.
  window.addEventListener("storage", applyAll);
  window.addEventListener("pageshow", applyAll);
})();
