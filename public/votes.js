// Vote buttons without a reload. The vote forms work as plain forms (POST, 303 back to the
// page); this only sends the same form with fetch and shows the answer in place. Served from
// our origin: the CSP allows no inline script. No framework, no build step.
(() => {
  const formatScore = (n) => (n > 0 ? `+${n}` : String(n));

  const show = (form, answer) => {
    for (const button of form.querySelectorAll("button[data-vote]")) {
      const own = Number(button.dataset.vote);
      const pressed = answer.vote === own;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      // The pressed button withdraws (0), as the server renders it.
      button.value = pressed ? "0" : String(own);
    }
    const score = document.querySelector(`[data-score-for="${form.dataset.summaryId}"]`);
    // The score's last child is its number; the first is a visually hidden "Score ".
    if (score?.lastChild) score.lastChild.nodeValue = formatScore(answer.score);
  };

  const fail = (form, message) => {
    const box = form.querySelector(".vote-error");
    if (box) box.textContent = message;
  };

  const send = async (form, button) => {
    const body = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === "string") body.append(name, value);
    }
    body.set("value", button.value);
    const token = body.get("_csrf") ?? "";
    let answer = null;
    try {
      const res = await fetch(form.action, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRF-Token": token },
      });
      answer = await res.json().catch(() => null);
      if (!res.ok || !answer || typeof answer.score !== "number") {
        fail(form, answer?.error?.message ?? "The vote could not be recorded. Please try again.");
        return;
      }
    } catch {
      fail(form, "ShortScience could not be reached. Check your connection and try again.");
      return;
    }
    fail(form, "");
    show(form, answer);
  };

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("vote-form")) return;
    const button = event.submitter;
    if (!(button instanceof HTMLButtonElement) || !button.dataset.vote) return;
    event.preventDefault();
    // One vote in flight per form: a second click waits for the first answer.
    if (form.getAttribute("aria-busy") === "true") return;
    form.setAttribute("aria-busy", "true");
    send(form, button).finally(() => form.removeAttribute("aria-busy"));
  });
})();
