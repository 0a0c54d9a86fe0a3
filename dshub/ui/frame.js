// dshub's frame script (run by dshub.ui.core.inject_style): the page language (html lang; Streamlit
// always serves lang="en"; WCAG 3.1.1) and Streamlit's own interface texts in the user's language
// (skip link, "Help for ...", "Press Enter to ...", the file uploader). The texts come from
// dshub/locales/common.yaml (keys streamlit.* and app.skip_to_content); a rule recognises a text in
// either language and writes it in the current one, so switching back and forth works.
// Streamlit redraws parts of the page at any time, so one MutationObserver keeps it right.
(function () {
  const cfg = __DSHUB_FRAME_CONFIG__;
  window.__dshubFrame = cfg; // the newest run's language wins
  if (window.__dshubFrameApply) {
    window.__dshubFrameApply();
    return;
  }

  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const compiled = new Map();
  function pattern(template) {
    if (!compiled.has(template)) {
      const names = [];
      const source = template.split(/\{(\w+)\}/).map((part, i) => {
        if (i % 2) { names.push(part); return "(.*?)"; }
        return escape(part);
      }).join("");
      compiled.set(template, { re: new RegExp("^" + source + "$", "s"), names });
    }
    return compiled.get(template);
  }

  // The text in the current language if `value` is one of the rule's texts in any language, else null.
  function translate(value, texts, lang) {
    for (const text of texts) {
      for (const template of Object.values(text)) {
        const { re, names } = pattern(template);
        const match = re.exec(value);
        if (!match) continue;
        let result = text[lang];
        names.forEach((name, i) => { result = result.replace("{" + name + "}", match[i + 1]); });
        return result;
      }
    }
    return null;
  }

  function fixText(node, texts, lang) {
    const raw = node.nodeValue;
    const value = raw.trim();
    if (!value) return;
    const result = translate(value, texts, lang);
    if (result !== null && result !== value) node.nodeValue = raw.replace(value, result);
  }

  function apply() {
    const { lang, rules } = window.__dshubFrame;
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
    for (const rule of rules) {
      for (const el of document.querySelectorAll(rule.scope)) {
        if (rule.attr) {
          const value = el.getAttribute(rule.attr);
          const result = value === null ? null : translate(value, rule.texts, lang);
          if (result !== null && result !== value) el.setAttribute(rule.attr, result);
          continue;
        }
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) fixText(node, rule.texts, lang);
      }
    }
  }

  let pending = false;
  window.__dshubFrameApply = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; apply(); });
  };
  new MutationObserver(window.__dshubFrameApply).observe(document.body, {
    childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["aria-label"],
  });
  apply();
})();
