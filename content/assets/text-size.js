/* 字号 (text size) for elderly readers (适老化): 标准 / 大 / 特大, for the whole site, remembered between pages.
 *
 * Loaded by theme/main.html as an ordinary <script src> in <head> (not inline: the site's
 * Content-Security-Policy in deploy/nginx.conf allows scripts from this host and only hashed inline ones),
 * so the chosen size is put on <html> before the page is first drawn: no jump from the standard size.
 * The buttons are in theme/main.html (block hero); site.css scales the root font size, and Material
 * sizes everything in rem. The control is shown only when this script runs (html.text-size-js). */
(function () {
  "use strict";
  var KEY = "shizhong.text-size";
  var SIZES = ["standard", "large", "xlarge"];
  var root = document.documentElement;
  var current = null;

  function stored() {
    try {
      var size = window.localStorage.getItem(KEY);
      return SIZES.indexOf(size) >= 0 ? size : "standard";
    } catch (e) {            // storage disabled: the size lasts for this page only
      return current || "standard";
    }
  }

  function apply(size) {
    current = size;
    for (var i = 0; i < SIZES.length; i++) {
      root.classList.toggle("text-size-" + SIZES[i], SIZES[i] === size && size !== "standard");
    }
    var buttons = document.querySelectorAll("[data-text-size]");
    for (var j = 0; j < buttons.length; j++) {
      buttons[j].setAttribute("aria-pressed", String(buttons[j].getAttribute("data-text-size") === size));
    }
  }

  function choose(size) {
    try { window.localStorage.setItem(KEY, size); } catch (e) { /* kept for this page only */ }
    apply(size);
  }

  root.classList.add("text-size-js");
  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    apply(stored());
    // Buttons: click, Enter and Space all arrive here as a click.
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-text-size]");
      if (button) { choose(button.getAttribute("data-text-size")); }
    });
  });
  // Another tab changed the size, or the page came back from the back-forward cache.
  window.addEventListener("storage", function (event) { if (event.key === KEY) { apply(stored()); } });
  window.addEventListener("pageshow", function () { apply(stored()); });
})();
