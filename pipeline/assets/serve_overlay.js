/* leaflets serve: live reload, the build's problems, and the gate's findings in place.
   Served only by `leaflets serve` (added to each page as it is sent); never written to dist/.
   - Reload: an EventSource on /__leaflets/events; the page reloads when a rebuild wrote it.
   - Problems: a bad edit shows its path:line problems over the last good build, and goes away
     when a save fixes it.
   - Overlay (off by default; on or off is kept in sessionStorage): each finding of the gate is
     a <mark> around the words it is about, focusable, with its message and suggestion in a
     tooltip on hover and keyboard focus; the page's reading age in a corner.
   Every element is made with createElement and textContent: no data is ever parsed as HTML.
   No request leaves this server. */
(function () {
  "use strict";

  var BASE = "/__leaflets/";
  var STORE = "leaflets-serve-overlay";
  var RELOADED = "leaflets-serve-reloaded-for";
  // marks, tooltips and panels of the overlay itself are never searched for findings' text
  var SKIP = { SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEMPLATE: 1, TEXTAREA: 1 };
  var BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|BODY|CAPTION|DD|DETAILS|DIV|DL|DT|FIELDSET|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LI|MAIN|NAV|OL|P|PRE|SECTION|SUMMARY|TABLE|TBODY|TD|TFOOT|TH|THEAD|TR|UL)$/;
  // invisible characters the page may hold and the gate's text does not (bidi isolates and
  // marks around numbers in right-to-left text, soft hyphens, zero-width spaces)
  var INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
  var SEVERITY = { error: "Error", warning: "Warning", info: "Note" };

  var page = pageKey();
  var state = { on: false, data: null, tips: [], shown: null, hideTimer: 0 };
  var ui = null;

  function pageKey() {
    var path = location.pathname;
    try { path = decodeURIComponent(path); } catch (e) { /* keep it encoded */ }
    path = path.replace(/^\/+/, "");
    if (path === "" || path.charAt(path.length - 1) === "/") { path += "index.html"; }
    return path;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function stored() {
    try { return sessionStorage.getItem(STORE) === "on"; } catch (e) { return false; }
  }

  function reloadedFor() {
    try { return sessionStorage.getItem(RELOADED); } catch (e) { return null; }
  }

  function store(on) {
    try { sessionStorage.setItem(STORE, on ? "on" : "off"); } catch (e) { /* private mode: not kept */ }
  }

  // --- the overlay's own elements ------------------------------------------------------------

  function buildUi() {
    var aside = el("aside", "lf-overlay");
    aside.setAttribute("aria-label", "Preview tools");
    aside.setAttribute("lang", "en");
    aside.setAttribute("dir", "ltr");
    aside.setAttribute("data-leaflets-serve", "");

    var problems = el("div", "lf-problems");
    problems.setAttribute("role", "alert");
    problems.hidden = true;

    var bar = el("div", "lf-bar");
    var button = el("button", "lf-toggle", "Gate findings");
    button.type = "button";
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () { setOverlay(!state.on, true); });
    var age = el("p", "lf-age");
    age.hidden = true;
    var more = el("div", "lf-more");
    more.hidden = true;
    bar.appendChild(button);
    bar.appendChild(age);
    bar.appendChild(more);

    var live = el("p", "lf-sr");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");

    var tips = el("div", "lf-tips");

    aside.appendChild(problems);
    aside.appendChild(bar);
    aside.appendChild(live);
    aside.appendChild(tips);
    document.body.appendChild(aside);
    return { aside: aside, problems: problems, button: button, age: age, more: more, live: live, tips: tips };
  }

  function announce(text) {
    // a change of text in a live region that already exists is what screen readers announce
    ui.live.textContent = "";
    window.setTimeout(function () { ui.live.textContent = text; }, 50);
  }

  // --- finding text in the page --------------------------------------------------------------

  function normalise(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (INVISIBLE.test(c)) { continue; }
      if (/\s/.test(c)) {
        if (out.length && out.charAt(out.length - 1) !== " ") { out += " "; }
        continue;
      }
      out += c;
    }
    return out.trim();
  }

  function blockOf(node) {
    var at = node.parentNode;
    while (at && at !== document.body && !BLOCK.test(at.nodeName)) { at = at.parentNode; }
    return at;
  }

  // The page's visible text as one string with whitespace collapsed, and for each character the
  // text node and offset it came from; a NUL (matching nothing) separates block elements.
  function pageText(root, skipNav) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var at = node.parentNode; at && at !== root; at = at.parentNode) {
          if (SKIP[at.nodeName] || (at.hasAttribute && at.hasAttribute("data-leaflets-serve"))) {
            return NodeFilter.FILTER_REJECT;
          }
          if (skipNav && at.nodeName === "NAV") { return NodeFilter.FILTER_REJECT; }
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var text = "";
    var map = [];
    var block = null;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var here = blockOf(node);
      if (here !== block) {
        text += "\u0000";
        map.push(null);
        block = here;
      }
      var value = node.nodeValue;
      for (var i = 0; i < value.length; i++) {
        var c = value.charAt(i);
        if (INVISIBLE.test(c)) { continue; }
        if (/\s/.test(c)) {
          var last = text.charAt(text.length - 1);
          if (last === " " || last === "\u0000" || text.length === 0) { continue; }
          c = " ";
        }
        text += c;
        map.push({ node: node, offset: i });
      }
    }
    return { text: text, map: map };
  }

  // Wrap the characters [start, end) of the collected text in <mark> elements, one per text node
  // they span; the first is the focusable one.
  function wrap(found, start, end, group) {
    var spans = [];
    var current = null;
    for (var i = start; i < end; i++) {
      var at = found.map[i];
      if (!at) { continue; }
      if (!current || current.node !== at.node) {
        current = { node: at.node, from: at.offset, to: at.offset + 1 };
        spans.push(current);
      } else {
        current.to = at.offset + 1;
      }
    }
    var marks = [];
    spans.forEach(function (span) {
      var target = span.node;
      if (span.from > 0) { target = target.splitText(span.from); }
      if (span.to - span.from < target.nodeValue.length) { target.splitText(span.to - span.from); }
      var mark = el("mark", "lf-mark lf-" + group.severity);
      mark.setAttribute("data-lf-group", group.id);
      target.parentNode.insertBefore(mark, target);
      mark.appendChild(target);
      marks.push(mark);
    });
    return marks;
  }

  function locate(needle, group, occurrence) {
    var passes = [[document.querySelector("main") || document.body, true], [document.body, false]];
    for (var p = 0; p < passes.length; p++) {
      var found = pageText(passes[p][0], passes[p][1]);
      var from = 0;
      var seen = 0;
      for (;;) {
        var index = found.text.indexOf(needle, from);
        if (index < 0) { break; }
        var first = found.map[index];
        // each further finding on the same words takes the next occurrence in the page
        if (seen >= occurrence && first) {
          return wrap(found, index, index + needle.length, group);
        }
        seen += 1;
        from = index + 1;
      }
    }
    return [];
  }

  // --- tooltips ------------------------------------------------------------------------------

  function tipFor(group) {
    var tip = el("div", "lf-tip");
    tip.id = "lf-tip-" + group.id;
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    group.findings.forEach(function (f) {
      var item = el("div", "lf-tip-item");
      var head = el("p", "lf-tip-head");
      head.appendChild(el("span", "lf-sev lf-sev-" + f.severity, SEVERITY[f.severity] || f.severity));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "lf-rule", f.rule));
      item.appendChild(head);
      item.appendChild(el("p", "lf-message", f.message));
      if (f.suggestion) { item.appendChild(el("p", "lf-suggestion", "Suggestion: " + f.suggestion)); }
      item.appendChild(el("p", "lf-where", f.path + ":" + f.line));
      tip.appendChild(item);
    });
    tip.addEventListener("mouseenter", function () { window.clearTimeout(state.hideTimer); });
    tip.addEventListener("mouseleave", function () { hideSoon(); });
    return tip;
  }

  function showTip(tip, mark) {
    window.clearTimeout(state.hideTimer);
    if (state.shown && state.shown !== tip) { state.shown.hidden = true; }
    tip.hidden = false;
    state.shown = tip;
    var box = mark.getBoundingClientRect();
    // the tooltips' container sits at the document's top left corner (see serve_overlay.css)
    var origin = ui.tips.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    tip.style.left = (left - origin.left) + "px";
    tip.style.top = (box.bottom - origin.top + 6) + "px";
  }

  function hideSoon() {
    window.clearTimeout(state.hideTimer);
    // a moment to move the pointer onto the tooltip (WCAG 1.4.13: hoverable)
    state.hideTimer = window.setTimeout(hideTip, 300);
  }

  function hideTip() {
    if (state.shown) { state.shown.hidden = true; }
    state.shown = null;
  }

  // --- the overlay on and off ----------------------------------------------------------------

  function groupsOf(findings) {
    var byText = {};
    var groups = [];
    findings.forEach(function (f) {
      var needle = normalise(f.match || f.text || "");
      if (!needle) { return; }
      var key = needle + "\u0001" + f.line;
      if (!byText[key]) {
        byText[key] = { id: String(groups.length + 1), needle: needle, line: f.line, findings: [], severity: "info" };
        groups.push(byText[key]);
      }
      var group = byText[key];
      group.findings.push(f);
      var rank = { info: 0, warning: 1, error: 2 };
      if ((rank[f.severity] || 0) > (rank[group.severity] || 0)) { group.severity = f.severity; }
    });
    return groups;
  }

  function clearMarks() {
    hideTip();
    var marks = document.querySelectorAll("mark[data-lf-group]");
    for (var i = marks.length - 1; i >= 0; i--) {
      var mark = marks[i];
      var parent = mark.parentNode;
      while (mark.firstChild) { parent.insertBefore(mark.firstChild, mark); }
      parent.removeChild(mark);
      parent.normalize();
    }
    while (ui.tips.firstChild) { ui.tips.removeChild(ui.tips.firstChild); }
    while (ui.more.firstChild) { ui.more.removeChild(ui.more.firstChild); }
    ui.more.hidden = true;
    ui.age.hidden = true;
  }

  function showAge(age) {
    ui.age.textContent = "";
    if (!age) {
      ui.age.textContent = "Reading age: not measured for this page";
    } else {
      ui.age.appendChild(el("strong", null, age.name + " " + age.value));
      // a gated figure has a target and a verdict; a reported one only its scale
      var gated = age.status === "pass" || age.status === "warn" || age.status === "fail";
      ui.age.appendChild(document.createTextNode(gated ? " \u00b7 " + age.status + " \u00b7 target " + age.target
        : " \u00b7 reported, not gated \u00b7 " + age.target));
    }
    ui.age.hidden = false;
  }

  function render(data) {
    clearMarks();
    var groups = groupsOf(data.findings || []);
    var seen = {};
    var unplaced = [];
    groups.forEach(function (group) {
      var occurrence = seen[group.needle] || 0;
      seen[group.needle] = occurrence + 1;
      var marks = locate(group.needle, group, occurrence);
      if (!marks.length) { unplaced.push.apply(unplaced, group.findings); return; }
      var tip = tipFor(group);
      ui.tips.appendChild(tip);
      var active = function (on) {
        marks.forEach(function (mark) { mark.classList.toggle("lf-active", on); });
      };
      marks.forEach(function (mark, index) {
        if (index === 0) {
          mark.tabIndex = 0;
          mark.setAttribute("role", "note");
          mark.setAttribute("aria-describedby", tip.id);
        }
        mark.addEventListener("mouseenter", function () { active(true); showTip(tip, marks[0]); });
        mark.addEventListener("mouseleave", function () { active(false); hideSoon(); });
      });
      // the words of a finding marked in pieces (around a link) light up together
      marks[0].addEventListener("focus", function () { active(true); showTip(tip, marks[0]); });
      marks[0].addEventListener("blur", function () { active(false); hideSoon(); });
    });
    showAge(data.reading_age);
    if (unplaced.length) {
      var details = el("details", "lf-unplaced");
      details.appendChild(el("summary", null, plural(unplaced.length, "finding") + " not marked in the text"));
      var list = el("ul");
      unplaced.forEach(function (f) {
        var item = el("li");
        item.appendChild(el("strong", null, (SEVERITY[f.severity] || f.severity) + " " + f.rule + ": "));
        item.appendChild(document.createTextNode(f.message + " (" + f.path + ":" + f.line + ")"));
        list.appendChild(item);
      });
      details.appendChild(list);
      ui.more.appendChild(details);
      ui.more.hidden = false;
    }
    var total = (data.findings || []).length;
    return "Overlay on: " + plural(total, "finding") +
      (unplaced.length ? ", " + unplaced.length + " of them listed in the panel" : "");
  }

  function load(announceIt) {
    var url = BASE + "findings?page=" + encodeURIComponent("/" + page);
    return fetch(url, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        state.data = data;
        if (!state.on) { return; }
        var said = render(data);
        document.documentElement.setAttribute("data-lf-overlay", "on");
        if (announceIt) { announce(said); }
      })
      .catch(function () {
        if (state.on && announceIt) { announce("Overlay on: the findings could not be loaded"); }
      });
  }

  function setOverlay(on, announceIt) {
    state.on = on;
    store(on);
    ui.button.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) {
      load(announceIt);
    } else {
      clearMarks();
      document.documentElement.removeAttribute("data-lf-overlay");
      if (announceIt) { announce("Overlay off"); }
    }
  }

  // --- the build's problems ------------------------------------------------------------------

  function showProblems(data) {
    var panel = ui.problems;
    panel.textContent = "";
    panel.appendChild(el("h2", "lf-problems-title", "This change could not be built"));
    panel.appendChild(el("p", null, data.summary || ""));
    var list = el("ul");
    (data.problems || []).forEach(function (p) {
      var item = el("li");
      item.appendChild(el("code", "lf-where", p.where));
      item.appendChild(document.createTextNode(" " + p.message));
      list.appendChild(item);
    });
    panel.appendChild(list);
    var hide = el("button", "lf-hide", "Hide this message");
    hide.type = "button";
    hide.addEventListener("click", function () { panel.hidden = true; });
    panel.appendChild(hide);
    panel.hidden = false;
    document.documentElement.setAttribute("data-lf-problems", String((data.problems || []).length));
  }

  function showNotice(title, text) {
    showProblems({ summary: text, problems: [] });
    ui.problems.firstChild.textContent = title;
  }

  function clearProblems() {
    ui.problems.hidden = true;
    ui.problems.textContent = "";
    document.documentElement.removeAttribute("data-lf-problems");
  }

  function listen() {
    if (!window.EventSource) { return; }
    var source = new EventSource(BASE + "events");
    // whether the page hears the server (for a person looking at the page's source, and for tests)
    source.addEventListener("open", function () { document.documentElement.setAttribute("data-lf-live", "on"); });
    source.addEventListener("error", function () { document.documentElement.setAttribute("data-lf-live", "off"); });
    source.addEventListener("reload", function (event) {
      var data = JSON.parse(event.data);
      var written = data.written || [];
      if ((data.removed || []).indexOf(page) >= 0) {
        showNotice("This page was removed from the site",
          "Its leaflet is no longer in the sources (deleted or renamed). Restore it and save to see it again.");
        return;
      }
      var mine = written.indexOf(page) >= 0 || written.some(function (p) { return p.indexOf("assets/") === 0; });
      // a build tells the pages it wrote as soon as they are written, then again when it ends:
      // a page reloads once per build
      if (mine && reloadedFor() !== data.build) {
        try { sessionStorage.setItem(RELOADED, data.build); } catch (e) { /* reloads again: harmless */ }
        location.reload();
        return;
      }
      if (!data.final) { return; }
      if (data.ok) { clearProblems(); }
      var leaflet = page.split("/")[0];
      if (state.on && (data.checked || []).indexOf(leaflet) >= 0) { load(false); }
    });
    source.addEventListener("build-error", function (event) { showProblems(JSON.parse(event.data)); });
    source.addEventListener("ready", function () { clearProblems(); });
  }

  function start() {
    ui = buildUi();
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { hideTip(); }  // WCAG 1.4.13: dismissible
    });
    listen();
    if (stored()) { setOverlay(true, true); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
