// The comment forms' live preview: under each textarea, the text typeset as you type, by the
// same renderer the server stores comments with (ShortScienceRender, src/render bundled by
// scripts/build.mjs, loaded before this file). Without JavaScript the form's Preview button
// asks the server. No inline script or handler: the CSP allows 'self' only.
(() => {
  const renderer = window.ShortScienceRender;
  if (!renderer) return;
  const DEBOUNCE_MS = 150;

  for (const form of document.querySelectorAll("form[data-comment-form]")) {
    const source = form.querySelector("textarea[name=source]");
    const box = form.querySelector("[data-comment-preview]");
    const body = form.querySelector("[data-comment-preview-body]");
    const label = form.querySelector(".comment-preview-label");
    if (!source || !box || !body) continue;
    let last = null;
    let timer = 0;
    const render = () => {
      const text = source.value;
      if (text === last) return;
      last = text;
      if (text.trim() === "") {
        box.hidden = true;
        body.replaceChildren();
        return;
      }
      // Safe to insert as HTML: renderMarkdown's output has been through the renderer's one
      // allowlist (src/render/sanitize.ts), the same code and rules the server stores with.
      const result = renderer.renderMarkdown(text);
      body.innerHTML = result.html;
      const n = result.mathErrors.length;
      if (label) {
        label.textContent =
          n === 0
            ? "Preview"
            : n === 1
              ? "Preview (1 formula with an error)"
              : `Preview (${n} formulas with errors)`;
      }
      box.hidden = false;
    };
    source.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(render, DEBOUNCE_MS);
    });
    // A page that comes back from Preview or a refusal already holds text: keep it typeset.
    if (source.value.trim() !== "") render();
  }
})();
