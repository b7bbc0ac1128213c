// /map/: pick an actor or event to pick it out with what it is directly connected to; the rest
// fades. The choice is kept in the address (?focus=slug). Without JavaScript the whole map shows.
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
  const form = document.getElementById("map-filter");
  const select = document.getElementById("map-focus");
  const clear = document.getElementById("map-clear");
  const status = document.getElementById("map-status");
  if (!form || !select || !clear || !status) return;
  const maps = Array.from(document.querySelectorAll("svg.relmap"));
  // Nodes this map draws; an option with data-href is one it leaves out (its page has its map).
  const labels = new Map(Array.from(select.options).filter((o) => !o.dataset.href).map((o) => [o.value, o.textContent]));

  const choiceIn = (href) => {
    const slug = new URL(href).searchParams.get("focus") || "";
    return labels.has(slug) ? slug : "";
  };

  function show(slug) {
    select.value = slug;
    let near = new Set();
    for (const svg of maps) {
      svg.classList.toggle("relmap-filtered", Boolean(slug));
      const lit = new Set(slug ? [slug] : []);
      for (const edge of svg.querySelectorAll(".relmap-edge")) {
        const ends = (edge.dataset.ends || "").split(" ");
        const touches = Boolean(slug) && ends.includes(slug);
        edge.classList.toggle("relmap-lit", touches);
        if (touches) ends.forEach((end) => lit.add(end));
      }
      for (const node of svg.querySelectorAll(".relmap-node")) {
        node.classList.toggle("relmap-lit", lit.has(node.dataset.node));
        node.classList.toggle("relmap-chosen", node.dataset.node === slug);
      }
      near = lit;
    }
    clear.hidden = !slug;
    if (!slug) {
      status.textContent = "";
      return;
    }
    const count = near.size - 1;
    status.textContent = word("script.map_status", { name: labels.get(slug), n: count });
  }

  function remember(slug) {
    const url = new URL(location.href);
    if (slug) url.searchParams.set("focus", slug);
    else url.searchParams.delete("focus");
    history.replaceState(null, "", url);
  }

  select.addEventListener("change", () => {
    // A node this map leaves out: its own page's map shows its connections.
    const elsewhere = select.selectedOptions[0] && select.selectedOptions[0].dataset.href;
    if (elsewhere) {
      const link = document.createElement("a"); // a link, so that an embed's <base target> holds
      link.href = elsewhere;
      document.body.append(link);
      link.click();
      return;
    }
    remember(select.value);
    show(select.value);
  });
  clear.addEventListener("click", () => {
    remember("");
    show("");
    select.focus();
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  form.hidden = false;
  show(choiceIn(location.href));
})();
