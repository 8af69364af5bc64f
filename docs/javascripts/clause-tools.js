/* Copy-link and copy-citation controls for every clause with an id: the clause's
 * permanent URL, its plain citation and its GB/T 7714-2015 reference, exactly as
 * corpus.json gives them (the page carries them in #clause-citations).
 * Without JavaScript the heading's ¶ permalink still links to the clause. */
(function () {
  "use strict";

  function pageUrl() {
    return window.location.href.split("#")[0];
  }

  function documentTitle() {
    var h1 = document.querySelector(".md-content h1");
    return h1 ? h1.textContent.replace(/¶$/, "").trim() : document.title;
  }

  function copy(text, button) {
    var done = function () {
      var label = button.textContent;
      button.classList.add("copied");
      button.textContent = "已复制";
      button.setAttribute("aria-live", "polite");
      setTimeout(function () {
        button.textContent = label;
        button.classList.remove("copied");
      }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext !== false) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else {
      fallback(text);
      done();
    }
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing else to try */ }
    document.body.removeChild(area);
  }

  function button(text, label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.title = label;
    b.addEventListener("click", action);
    return b;
  }

  function nameSearchDialog() {
    /* Material's search overlay is a dialog without a name; screen readers need one. */
    var search = document.querySelector(".md-search[role='dialog']");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "搜索");
  }

  function citations() {
    /* Each clause's [URL, plain citation, GB/T 7714 citation], as corpus.json gives them:
     * the block states each form once as pieces around the clause's id (0) and label (1),
     * taken from the clause's element; a clause the pieces do not give has a span in the
     * block with its three forms in full. */
    var block = document.getElementById("clause-citations");
    if (!block) return function () { return null; };
    var forms = ["url", "plain", "gb"];
    var patterns = forms.map(function (key) {
      try { return JSON.parse(block.getAttribute("data-" + key) || "[]"); } catch (e) { return []; }
    });
    var full = {};
    Array.prototype.forEach.call(block.querySelectorAll("[data-clause]"), function (span) {
      full[span.getAttribute("data-clause")] = forms.map(function (key) {
        return span.getAttribute("data-" + key);
      });
    });
    return function (id, label) {
      if (Object.prototype.hasOwnProperty.call(full, id)) return full[id];
      return patterns.map(function (pieces) {
        return pieces.map(function (p) { return p === 0 ? id : p === 1 ? label : p; }).join("");
      });
    };
  }

  function enhance() {
    nameSearchDialog();
    var citation = citations();
    var clauses = document.querySelectorAll(".md-content [data-label][id]");
    Array.prototype.forEach.call(clauses, function (el) {
      if (el.querySelector(".clause-tools")) return;
      var id = el.id;
      var label = el.getAttribute("data-label");
      var cite = citation(id, label);
      var url = cite ? cite[0] : pageUrl() + "#" + id;
      el.setAttribute("data-print-url", url);
      var tools = document.createElement("span");
      tools.className = "clause-tools";
      tools.appendChild(button("复制链接", "复制链接（" + label + "）", function (e) {
        copy(url, e.currentTarget);
      }));
      tools.appendChild(button("复制引用", "复制引用（" + label + "）", function (e) {
        copy(cite ? cite[1] : "《" + documentTitle() + "》" + label + " ——" + url, e.currentTarget);
      }));
      if (cite) {
        tools.appendChild(button("GB/T 7714", "复制 GB/T 7714-2015 格式的著录（" + label + "）", function (e) {
          copy(cite[2], e.currentTarget);
        }));
      }
      var permalink = el.querySelector(".headerlink");
      if (permalink) {
        el.insertBefore(tools, permalink);
      } else {
        el.insertBefore(tools, el.firstChild);
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);  /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
