/* 打印本页: the print button of a notice's page (generator/templates/document.md.j2), loaded by mkdocs.yml
 * extra_javascript (an external file: the site's Content-Security-Policy allows no unhashed inline script).
 * The button is written `hidden`; this script shows it and makes it print, so without JavaScript (or where
 * the browser cannot print) there is no button that does nothing. site.css hides it on paper. */
(function () {
  "use strict";
  if (typeof window.print !== "function") { return; }
  var boxes = document.querySelectorAll(".print-page");
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].hidden = false;
    boxes[i].querySelector("button").addEventListener("click", function () { window.print(); });
  }
})();
