// Small progressive enhancements; every page works without them.
(function () {
  "use strict";

  function debounce(fn, ms) {
    let t = null;
    return function (...args) {
      clearTimeout(t);
      t = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  // Skill suggestions as you type: fills the input's <datalist> from the taxonomy.
  // With data-multi, only the phrase after the last comma is looked up.
  document.querySelectorAll("input[data-suggest=skills]").forEach((input) => {
    const list = document.getElementById(input.getAttribute("list"));
    const multi = input.hasAttribute("data-multi");
    const lang = document.body.dataset.lang;
    input.addEventListener("input", debounce(async () => {
      const parts = input.value.split(/[,，、;；]/);
      const q = (multi ? parts[parts.length - 1] : input.value).trim();
      if (!q || !list) return;
      const res = await fetch("/api/skills/suggest?q=" + encodeURIComponent(q) + "&lang=" + lang);
      if (!res.ok) return;
      const body = await res.json();
      const prefix = multi ? parts.slice(0, -1).map((p) => p.trim()).filter(Boolean) : [];
      list.replaceChildren(...body.items.map((s) => {
        const o = document.createElement("option");
        const name = lang === "en" && s.en ? s.en : s.zh;
        o.value = prefix.concat([name]).join(", ");
        o.label = lang === "en" ? s.zh : s.en || "";
        return o;
      }));
    }, 200));
  });

  // Occupation coding as the vacancy title is typed; the firm may pick another.
  document.querySelectorAll("input[data-code-occupation]").forEach((input) => {
    const select = document.getElementById(input.dataset.codeOccupation);
    const lang = document.body.dataset.lang;
    input.addEventListener("input", debounce(async () => {
      const title = input.value.trim();
      if (!title || !select) return;
      const res = await fetch("/api/occupations/suggest?title=" + encodeURIComponent(title));
      if (!res.ok) return;
      const body = await res.json();
      const keep = select.options[0];
      const opts = body.items.map((o, i) => {
        const el = document.createElement("option");
        el.value = o.id;
        el.textContent = o.id + " " + (lang === "en" && o.name_en ? o.name_en : o.name_zh);
        el.setAttribute("translate", "no");
        if (i === 0) el.selected = true;
        return el;
      });
      select.replaceChildren(keep, ...opts);
    }, 350));
  });

  // Sign-up: show only the chosen role's fields.
  document.querySelectorAll("form[data-roles]").forEach((form) => {
    const sync = () => {
      const role = (form.querySelector("input[name=role]:checked") || {}).value || "person";
      form.querySelectorAll("[data-for-role]").forEach((el) => {
        el.hidden = el.dataset.forRole !== role;
      });
    };
    form.addEventListener("change", sync);
    sync();
  });

  // Confirm before an action that cannot be undone.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (e) => {
      if (!window.confirm(form.dataset.confirm)) e.preventDefault();
    });
  });

  // A long operation's progress bar, polled until it finishes.
  document.querySelectorAll("[data-progress-url]").forEach((box) => {
    const bar = box.querySelector("progress");
    const step = box.querySelector("[data-job-step]");
    const state = box.querySelector("[data-job-state]");
    const detail = box.querySelector("[data-job-detail]");
    const labels = {};
    const tpl = box.querySelector("template[data-labels]");
    if (tpl) tpl.content.querySelectorAll("[data-label]").forEach((el) => {
      labels[el.dataset.label] = el.textContent;
    });
    async function poll() {
      const res = await fetch(box.dataset.progressUrl);
      if (!res.ok) return;
      const job = await res.json();
      bar.value = job.progress;
      step.textContent = (labels[job.current] || job.current) + " · ";
      state.textContent = labels["state:" + job.state] || job.state;
      if (detail) detail.textContent = job.detail || "";
      box.dataset.state = job.state;
      if (job.state === "running") setTimeout(poll, 700);
      else window.location.reload();
    }
    if (box.dataset.state === "running") setTimeout(poll, 500);
  });

  // Competition results: "add to the results" puts the found person's id on a new line.
  document.querySelectorAll("button[data-add-result]").forEach((btn) => {
    btn.addEventListener("click", () => {
      const area = document.getElementById("f-results");
      if (!area) return;
      const text = area.value.replace(/\s+$/, "");
      area.value = (text ? text + "\n" : "") + btn.dataset.addResult + ", ";
      area.focus();
    });
  });
})();
