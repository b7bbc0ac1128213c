// The timeline's filter by actor, with no server: the choice lives in the URL (?actor=slug),
// so actor pages can link to it and Back returns to the previous choice.
(() => {
  "use strict";
  // The words this script says, in the page's language: data-words on its <script> element
  // (docs/layouts.md, "Words and catalogues").
  const words = JSON.parse(document.currentScript?.dataset.words || '{"language": "en", "messages": {}}');
  const plural = new Intl.PluralRules(words.language);
  const word = (id, values = {}) => {
    const message = words.messages[id] ?? id;
    const text = typeof message === "string" ? message : message[plural.select(values.n)] || message.other;
    return text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
  };
  const form = document.getElementById("timeline-filter");
  if (!form) return;
  const select = document.getElementById("timeline-actor");
  const clear = document.getElementById("timeline-clear");
  const status = document.getElementById("timeline-status");
  const events = Array.from(document.querySelectorAll(".timeline-event"));
  const years = Array.from(document.querySelectorAll(".timeline-year"));
  // The same events drawn to scale (timescale.js): their entries hide, their marks fade.
  const drawn = Array.from(document.querySelectorAll(".ts [data-actors]"));
  const drawnActors = new Map(drawn.map((el) => [el, new Set(el.dataset.actors.split(" "))]));
  // Split once: at a thousand events, filtering must not re-read the DOM.
  const actorsOf = new Map(events.map((li) => [li, new Set(li.dataset.actors.split(" "))]));
  const total = events.length;

  function choiceIn(url) {
    const slug = new URL(url).searchParams.get("actor") || "";
    return Array.from(select.options).some((option) => option.value === slug) ? slug : "";
  }

  function describe(shown, slug) {
    if (!slug) return word("timeline.events", { n: total });
    const name = select.selectedOptions[0].dataset.name;
    return word("script.timeline_involving", { n: shown, total, name });
  }

  function show(slug) {
    select.value = slug;
    let shown = 0;
    for (const li of events) {
      const match = !slug || actorsOf.get(li).has(slug);
      li.hidden = !match;
      if (match) shown += 1;
    }
    for (const el of drawn) {
      const match = !slug || drawnActors.get(el).has(slug);
      if (el.classList.contains("ts-entry")) el.hidden = !match;
      else el.classList.toggle("ts-filtered", !match);
    }
    for (const year of years) {
      year.hidden = !year.querySelector(".timeline-event:not([hidden])");
    }
    clear.hidden = !slug;
    status.textContent = describe(shown, slug);
  }

  function remember(slug) {
    const url = new URL(location.href);
    if (slug) url.searchParams.set("actor", slug);
    else url.searchParams.delete("actor");
    history.pushState(null, "", url);
  }

  select.addEventListener("change", () => {
    remember(select.value);
    show(select.value);
  });
  clear.addEventListener("click", () => {
    remember("");
    show("");
    select.focus();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  window.addEventListener("popstate", () => show(choiceIn(location.href)));

  form.hidden = false;
  show(choiceIn(location.href));
})();
