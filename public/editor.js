// The summary editor (/paper/…/write): live preview, tabs on narrow screens, a draft in
// localStorage, and a warning before leaving unsaved text. Loaded after /assets/render.js,
// which defines ShortScienceRender (src/render bundled by scripts/build.mjs): the same
// renderer the server stores summaries with. Without JavaScript the form still works; its
// Preview button asks the server. No inline script or handler: the CSP allows 'self' only.
(() => {
  const form = document.querySelector("form[data-editor]");
  const renderer = window.ShortScienceRender;
  if (!form || !renderer) return;
  const source = form.querySelector("#summary-source");
  const previewBody = document.getElementById("preview-body");
  const previewIssues = document.getElementById("preview-issues");
  const previewEmpty = document.getElementById("preview-empty");
  const count = document.getElementById("summary-count");
  const layout = form.querySelector(".editor-layout");
  // The server says how long a summary must be (SUMMARY_MIN_CHARS): one number, not a copy.
  const MIN_CHARS = Number(form.getAttribute("data-min-chars")) || 0;
  const DEBOUNCE_MS = 150;

  // What the server sent, and whether it is the stored summary (a page that comes back from
  // Preview or a refused save holds text that is not saved yet).
  const saved = source.value;
  const stored = !form.hasAttribute("data-unsaved");
  const dirty = () => !stored || source.value !== saved;
  let submitting = false;

  const length = (text) => {
    let n = 0;
    for (const _ of text.trim()) n++;
    return n;
  };

  function showCount() {
    const n = length(source.value);
    count.textContent =
      n < MIN_CHARS
        ? `${n} characters: a summary needs at least ${MIN_CHARS}.`
        : `${n} characters.`;
  }

  function showIssues(issues) {
    previewIssues.replaceChildren();
    if (issues.length === 0) return;
    const head = document.createElement("p");
    head.className = "form-error";
    head.textContent =
      issues.length === 1 ? "1 formula has an error:" : `${issues.length} formulas have errors:`;
    const list = document.createElement("ul");
    list.className = "math-issues";
    for (const issue of issues) {
      const item = document.createElement("li");
      const code = document.createElement("code");
      code.textContent = issue.display ? `$$${issue.source}$$` : `$${issue.source}$`;
      item.append(code, ` — ${issue.message}`);
      list.append(item);
    }
    previewIssues.append(head, list);
  }

  let lastRendered = null;
  function renderPreview() {
    const text = source.value;
    if (text === lastRendered) return;
    lastRendered = text;
    const result = renderer.renderMarkdown(text);
    // Safe to insert as HTML: renderMarkdown's output has been through the renderer's one
    // allowlist (src/render/sanitize.ts, the same code and rules the server stores with), and
    // the only HTML put back after it is KaTeX's, which the renderer makes itself.
    previewBody.innerHTML = result.html;
    showIssues(result.mathErrors);
    if (previewEmpty) previewEmpty.hidden = true;
  }

  // --- Draft in localStorage, per paper and user --------------------------------------------
  const draftKey = form.dataset.draftKey;
  const draftStatus = document.getElementById("draft-status");
  const draftText = document.getElementById("draft-text");
  const draftDiscard = document.getElementById("draft-discard");

  function readDraft() {
    try {
      const raw = localStorage.getItem(draftKey);
      const draft = raw ? JSON.parse(raw) : null;
      return draft && typeof draft.source === "string" ? draft : null;
    } catch {
      return null;
    }
  }
  function writeDraft() {
    try {
      if (!dirty()) localStorage.removeItem(draftKey);
      else localStorage.setItem(draftKey, JSON.stringify({ source: source.value, at: Date.now() }));
    } catch {
      // Storage full or disabled: the draft is only a convenience.
    }
  }

  const draft = readDraft();
  if (draft && draft.source !== saved) {
    // Restored over what the server sent; "Discard" puts that back.
    source.value = draft.source;
    draftText.textContent = `Your unsaved draft from ${new Date(draft.at).toLocaleString()} was restored.`;
    draftStatus.hidden = false;
  } else if (draft && stored) {
    // The server already holds this text (it was published): nothing to restore.
    localStorage.removeItem(draftKey);
  }
  draftDiscard.addEventListener("click", () => {
    localStorage.removeItem(draftKey);
    source.value = saved;
    draftStatus.hidden = true;
    update();
  });

  // --- Typing -------------------------------------------------------------------------------
  let timer = 0;
  function update() {
    showCount();
    renderPreview();
    writeDraft();
  }
  source.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, DEBOUNCE_MS);
  });
  form.addEventListener("submit", () => {
    submitting = true;
    writeDraft();
  });
  window.addEventListener("beforeunload", (event) => {
    if (submitting || !dirty()) return;
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = "";
  });

  // --- Tabs on narrow screens (CSS shows both panes side by side on wide ones) --------------
  const tabs = form.querySelector(".editor-tabs");
  const tabButtons = [...tabs.querySelectorAll("[role=tab]")];
  function show(view) {
    layout.dataset.view = view;
    for (const tab of tabButtons) {
      const selected = tab.id === `tab-${view}`;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    if (view === "preview") renderPreview();
  }
  for (const tab of tabButtons) {
    tab.addEventListener("click", () => show(tab.id.slice(4)));
    tab.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      const next = tabButtons[(tabButtons.indexOf(tab) + 1) % tabButtons.length];
      next.focus();
      show(next.id.slice(4));
    });
  }
  tabs.hidden = false;
  layout.classList.add("tabbed");
  show("write");

  update();
})();
