/*
 * 党建工作平台: small progressive-enhancement helpers. No framework, no build step.
 * Every page and form works without this file; it only makes things quicker to use.
 * All handlers are delegated from document, so content swapped in by htmx needs no re-init.
 *
 *   html.js                         set at start; CSS shows .js-only elements only then
 *   .orgtree input.treefilter       filters the org tree client-side (hides non-matching nodes,
 *                                   opens the ancestors of matches, restores on clear)
 *   form[data-confirm]              asks confirm(message) before submitting
 *   a/button[data-confirm]          same, on click
 *   form.filters select             submits the filter form on change (opt out: data-autosubmit="off"
 *   [data-autosubmit] select/input    on the form or the field); the form keeps its submit button
 *   details.navtoggle               closed on load on narrow screens (it is rendered open)
 *   details.usermenu                closes on outside click or Escape
 *   [data-print]                    window.print()
 *   [data-chart]                    ECharts: data-chart holds the option as JSON; initialised when
 *                                   window.echarts is loaded, with the product palette
 */
(function () {
  "use strict";

  var doc = document;
  doc.documentElement.classList.add("js");

  function closest(el, sel) {
    return el && el.closest ? el.closest(sel) : null;
  }

  /* ---------- org tree filter ---------- */

  function nodeLabel(li) {
    // the node's own label: the <summary> of its <details>, or the leaf's own text
    var own = li.querySelector(":scope > details > summary, :scope > .node");
    if (own) return own.textContent;
    var a = li.querySelector(":scope > a");
    return a ? a.textContent : li.textContent;
  }

  function norm(s) {
    return (s || "").replace(/\s+/g, "").toLowerCase();
  }

  function filterTree(input) {
    var tree = closest(input, ".orgtree");
    if (!tree) return;
    var q = norm(input.value);
    var items = tree.querySelectorAll("li");
    var details = tree.querySelectorAll("details");
    var i;

    if (q === "") {
      for (i = 0; i < items.length; i++) items[i].classList.remove("hidden");
      for (i = 0; i < details.length; i++) {
        var d = details[i];
        if (d.hasAttribute("data-was-open")) {
          d.open = d.getAttribute("data-was-open") === "1";
          d.removeAttribute("data-was-open");
        }
      }
      setNoMatch(tree, false);
      return;
    }

    for (i = 0; i < details.length; i++) {
      if (!details[i].hasAttribute("data-was-open")) {
        details[i].setAttribute("data-was-open", details[i].open ? "1" : "0");
      }
    }
    // hide everything, then reveal matches with their ancestors
    var any = false;
    for (i = 0; i < items.length; i++) items[i].classList.add("hidden");
    for (i = 0; i < items.length; i++) {
      var li = items[i];
      if (norm(nodeLabel(li)).indexOf(q) === -1) continue;
      any = true;
      li.classList.remove("hidden");
      // a matching node keeps its whole subtree (collapsed or not, as it was)
      var sub = li.querySelectorAll("li");
      for (var k = 0; k < sub.length; k++) sub[k].classList.remove("hidden");
      var p = li.parentElement;
      while (p && p !== tree) {
        if (p.tagName === "LI") p.classList.remove("hidden");
        if (p.tagName === "DETAILS") p.open = true;
        p = p.parentElement;
      }
    }
    setNoMatch(tree, !any);
  }

  function setNoMatch(tree, show) {
    var msg = tree.querySelector(".nomatch");
    if (!msg && show) {
      msg = doc.createElement("p");
      msg.className = "nomatch";
      msg.setAttribute("role", "status");
      msg.textContent = doc.documentElement.lang === "en" ? "No matching organization." : "没有匹配的党组织。";
      tree.appendChild(msg);
    }
    if (msg) msg.hidden = !show;
  }

  doc.addEventListener("input", function (e) {
    var t = e.target;
    if (t.matches && t.matches(".orgtree .treefilter, .orgtree input[type=search]")) filterTree(t);
  });
  doc.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "Enter" && t.matches && t.matches(".orgtree .treefilter")) {
      // Enter in the tree filter: follow the first visible match instead of submitting anything
      var tree = closest(t, ".orgtree");
      var first = tree && tree.querySelector("li:not(.hidden) a");
      var form = closest(t, "form");
      if (!form && first) {
        e.preventDefault();
        first.focus();
      }
    }
    if (e.key === "Escape") {
      var open = doc.querySelectorAll("details.usermenu[open]");
      for (var i = 0; i < open.length; i++) {
        open[i].open = false;
        var s = open[i].querySelector("summary");
        if (s) s.focus();
      }
    }
  });

  /* ---------- confirm ---------- */

  doc.addEventListener(
    "submit",
    function (e) {
      var form = e.target;
      var msg = form.getAttribute && form.getAttribute("data-confirm");
      var btn = e.submitter;
      if (btn && btn.hasAttribute && btn.hasAttribute("data-confirm")) return; // asked on click already
      if (msg && !window.confirm(msg)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true
  );

  doc.addEventListener(
    "click",
    function (e) {
      var el = closest(e.target, "a[data-confirm], button[data-confirm], input[type=submit][data-confirm]");
      if (el && !window.confirm(el.getAttribute("data-confirm"))) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true
  );

  /* ---------- auto-submit filter selects ---------- */

  function autoSubmitOn(el) {
    if (el.getAttribute("data-autosubmit") === "off") return false;
    var form = el.form;
    if (!form || form.getAttribute("data-autosubmit") === "off") return false;
    if (el.hasAttribute("data-autosubmit")) return true;
    if (form.hasAttribute("data-autosubmit")) return el.tagName === "SELECT" || el.type === "checkbox" || el.type === "radio";
    return form.classList.contains("filters") && el.tagName === "SELECT";
  }

  doc.addEventListener("change", function (e) {
    var el = e.target;
    if (!el || !el.form || !autoSubmitOn(el)) return;
    var form = el.form;
    // a new filter starts from page 1
    var page = form.querySelector("input[name=page]");
    if (page) page.value = "1";
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  });

  /* ---------- menus ---------- */

  doc.addEventListener("click", function (e) {
    var menus = doc.querySelectorAll("details.usermenu[open]");
    for (var i = 0; i < menus.length; i++) {
      if (!menus[i].contains(e.target)) menus[i].open = false;
    }
    var p = closest(e.target, "[data-print]");
    if (p) {
      e.preventDefault();
      window.print();
    }
  });

  function narrow() {
    return window.matchMedia && window.matchMedia("(max-width: 768px)").matches;
  }

  /* ---------- charts ---------- */

  var palette = ["#b71c1c", "#5f6672", "#d99a2b", "#3f9b62", "#1d4f91", "#9aa0a8", "#e57373", "#8d6e63"];
  var charts = [];

  function initCharts(root) {
    if (!window.echarts) return;
    var els = (root || doc).querySelectorAll("[data-chart]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.getAttribute("data-chart-ready")) continue;
      var opt;
      try {
        opt = JSON.parse(el.getAttribute("data-chart"));
      } catch (err) {
        continue;
      }
      var locale = doc.documentElement.lang === "en" ? "EN" : "ZH";
      var c = window.echarts.init(el, null, { renderer: "svg", locale: locale });
      if (!opt.color) opt.color = palette;
      if (!opt.textStyle) opt.textStyle = { fontFamily: getComputedStyle(doc.body).fontFamily };
      c.setOption(opt);
      el.setAttribute("data-chart-ready", "1");
      charts.push(c);
    }
  }

  var resizeTimer;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      for (var i = 0; i < charts.length; i++) charts[i].resize();
    }, 150);
  });
  window.addEventListener("beforeprint", function () {
    for (var i = 0; i < charts.length; i++) charts[i].resize();
  });

  /* ---------- on load and after htmx swaps ---------- */

  function ready() {
    if (narrow()) {
      var nt = doc.querySelectorAll("details.navtoggle[open]");
      for (var i = 0; i < nt.length; i++) nt[i].open = false;
    }
    initCharts(doc);
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", ready);
  else ready();

  doc.addEventListener("htmx:afterSettle", function (e) {
    initCharts(e.target);
    var f = e.target.querySelector && e.target.querySelector(".orgtree .treefilter");
    if (f && f.value) filterTree(f);
  });
})();
