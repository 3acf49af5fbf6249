// What both demo pages do around the SDK: call the page's own backend, and show the flow's steps and outcome.

/** POST JSON to the page's own backend (here the gateway's sample backend, /demo-backend/). */
export async function backend(path, body) {
  const res = await fetch(`/demo-backend/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(data.message || `backend answered ${res.status}`), { backend: true });
  return data;
}

/**
 * The step list (`<li data-step>`) and the result box of a demo page.
 * @param {HTMLElement} steps @param {HTMLElement} result
 */
export function flowView(steps, result) {
  return {
    /** @param {string} name @param {string} state */
    setStep(name, state) {
      for (const li of steps.children) {
        if (li instanceof HTMLElement && li.dataset.step === name) li.dataset.state = state;
      }
    },
    resetSteps() {
      for (const li of steps.children) if (li instanceof HTMLElement) delete li.dataset.state;
    },
    /** @param {string} kind @param {string} title @param {string[]} [lines] */
    show(kind, title, lines = []) {
      result.hidden = false;
      result.className = `result ${kind}`;
      result.dataset.outcome = kind;
      result.replaceChildren();
      const h = document.createElement('strong');
      h.textContent = title;
      result.append(h);
      for (const line of lines) {
        const p = document.createElement('p');
        p.textContent = line;
        result.append(p);
      }
    },
  };
}
