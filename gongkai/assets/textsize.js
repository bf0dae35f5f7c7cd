/* gongkai: reader settings that must work on every page, loaded in <head> so that nothing flickers.
   - The header's text-size control (标准 / 大字, as Chinese government sites offer): the choice is kept
     in localStorage and applied before the page is drawn. Progressive enhancement: without JavaScript
     the control stays hidden and the browser's own zoom and font settings still work.
   - Material's drawer and search toggles are checkboxes; Material marks them autocomplete="off" so that
     a browser does not restore them open after "back", which HTML does not allow (theme/base.html
     drops it). Unchecking them when a page is shown again does the same job.
   - Material's storage helpers (__md_scope, __md_get, __md_set, __md_hash: its
     partials/javascripts/base.html), which Material prints inline on every page: here once, with the
     scope (the site's root) taken from this file's own address, assets/gongkai/ under the root.
     theme/partials/javascripts/base.html loads this file where Material's script stood. */
if (!window.__md_scope) {
  // Material's script, as it prints it, but for the scope.
  __md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
}
(function () {
  "use strict";
  var KEY = "gk-text-size";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function apply(size) {
    root.classList.toggle("gk-text-large", size === "large");
  }
  apply(stored());

  function resetToggles() {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle) toggle.checked = false;
    });
  }
  window.addEventListener("pageshow", function (event) { if (event.persisted) resetToggles(); });

  document.addEventListener("DOMContentLoaded", function () {
    resetToggles();
    var group = document.querySelector("[data-gk-textsize]");
    if (!group) return;
    var buttons = Array.prototype.slice.call(group.querySelectorAll("button[data-size]"));
    function show() {
      var size = root.classList.contains("gk-text-large") ? "large" : "normal";
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-size") === size)); });
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        var size = b.getAttribute("data-size");
        apply(size);
        try { window.localStorage.setItem(KEY, size); } catch (e) { /* private mode: this page only */ }
        show();
      });
    });
    show();
    group.hidden = false;
  });
})();
