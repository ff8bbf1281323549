/* Keyboard access that Material leaves out (loaded by mkdocs.yml extra_javascript, after Material's bundle).
 *
 * 1. A box that scrolls sideways (a wide table in Material's .md-typeset__scrollwrap, or the table itself,
 *    a chart's picture or data table, a blank form) gets tabindex="0", role="region" and a name, so that a
 *    keyboard user can reach it and scroll it with the arrow keys (WCAG 2.1.1; axe: scrollable-region-focusable),
 *    and a line above it says so to every reader (可左右滑动). Only boxes that really scroll at the current
 *    width, checked again when the window is resized or the 字号 changed.
 * 2. On a phone (or a desktop zoomed in, which elderly readers do), the header's menu and search
 *    "buttons" are <label>s, which the keyboard cannot reach: they get tabindex="0", role="button" and a
 *    name, and Enter or Space presses them. The closed navigation drawer, off the screen, is inert, so
 *    Tab does not wander through its links unseen; opened from the keyboard, it takes the focus, and
 *    Escape closes it and gives the focus back to the menu button.
 * 3. The skip link moves the focus to the content, not only the view. */
(function () {
  "use strict";
  var BOXES = ".md-typeset__scrollwrap, .md-typeset table, .chart-picture, .chart-table, .form-sheet";

  function scrolls(box) {
    var overflow = window.getComputedStyle(box).overflowX;
    return (overflow === "auto" || overflow === "scroll") && box.scrollWidth > box.clientWidth + 1;
  }

  function heading(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    var found = "";
    var headings = document.querySelectorAll(".md-content h1, .md-content h2, .md-content h3, .md-content h4");
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) {
        found = headings[i].textContent.trim();
      }
    }
    return found;
  }

  function regions() {
    var boxes = document.querySelectorAll(BOXES);
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var what = box.matches(".chart-picture") ? "图" : "表格";
      // Material's wrapper and its table may both scroll: the outer box is the one marked (Material wraps
      // the table after this script's first look).
      if (scrolls(box) && !box.parentElement.closest("[data-scroll-region]")) {
        if (!box.hasAttribute("data-scroll-region")) {
          var name = heading(box);
          box.setAttribute("data-scroll-region", "");
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", (name ? name + "：" : "") + what + "（可左右滚动）");
          var hint = document.createElement("p");
          hint.className = "scroll-hint";
          hint.setAttribute("aria-hidden", "true");   // the region's name says it to a screen reader
          hint.textContent = what + "较宽，可左右滑动查看 ⇆";
          box.parentNode.insertBefore(hint, box);
          box.scrollHint = hint;
        }
      } else if (box.hasAttribute("data-scroll-region")) {
        box.removeAttribute("data-scroll-region");
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.scrollHint.remove();
      }
    }
  }

  function headerButtons() {
    var labels = document.querySelectorAll('.md-header label.md-header__button[for="__drawer"], ' +
                                           '.md-header label.md-header__button[for="__search"]');
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i];
      if (label.hasAttribute("tabindex")) { continue; }
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      label.setAttribute("aria-label", label.getAttribute("for") === "__drawer" ? "导航菜单" : "搜索");
      label.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          event.stopPropagation();   // Material's own Enter handler would press it a second time
          event.currentTarget.click();
          if (event.currentTarget.getAttribute("for") === "__drawer") { focusDrawer(); }
        }
      });
    }
  }

  // Material's breakpoint below which the navigation is an off-screen drawer.
  var offscreen = window.matchMedia("(max-width: 76.234375em)");

  function drawerParts() {
    return { toggle: document.getElementById("__drawer"), drawer: document.querySelector(".md-sidebar--primary") };
  }

  function syncDrawer() {
    var parts = drawerParts();
    if (!parts.toggle || !parts.drawer) { return; }
    var hidden = offscreen.matches && !parts.toggle.checked;
    parts.drawer.inert = hidden;
    var button = document.querySelector('.md-header label[for="__drawer"]');
    if (button) { button.setAttribute("aria-expanded", String(parts.toggle.checked)); }
  }

  function focusDrawer() {
    var parts = drawerParts();
    if (!parts.toggle || !parts.toggle.checked || !parts.drawer) { return; }
    syncDrawer();
    var link = parts.drawer.querySelector("a[href], label[tabindex]");
    if (link) { link.focus(); }
  }

  function drawer() {
    var parts = drawerParts();
    if (!parts.toggle || !parts.drawer || parts.toggle.hasAttribute("data-keyboard")) { return; }
    parts.toggle.setAttribute("data-keyboard", "");
    parts.toggle.addEventListener("change", syncDrawer);
    offscreen.addEventListener("change", syncDrawer);
    // Material also closes the drawer from its script (a link in it followed), which fires no change.
    document.addEventListener("click", function () { window.setTimeout(syncDrawer, 0); });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !parts.toggle.checked || !offscreen.matches) { return; }
      parts.toggle.checked = false;
      parts.toggle.dispatchEvent(new Event("change"));
      var button = document.querySelector('.md-header label[for="__drawer"]');
      if (button) { button.focus(); }
    });
    syncDrawer();
  }

  // 3. Material's skip link (跳转至) scrolls to the page's title; the focus goes there too, so that the next
  //    Tab continues in the content and a screen reader reads on from the title.
  document.addEventListener("click", function (event) {
    var skip = event.target.closest && event.target.closest("a.md-skip");
    var target = skip && document.getElementById(decodeURIComponent(skip.hash.slice(1)));
    if (!target) { return; }
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus();
  });

  // This script runs at the end of <body>: the header and the drawer are there already.
  headerButtons();
  drawer();
  regions();
  // Material wraps the tables in its own document$ subscription: look again after it, and once all is loaded.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { window.setTimeout(regions, 0); });
  }
  window.addEventListener("load", regions);
  // A new width, or a new 字号 (the content's size changes with either): which boxes scroll may have changed.
  var content = document.querySelector(".md-content");
  if (content && window.ResizeObserver) { new ResizeObserver(function () { regions(); }).observe(content); }
})();
