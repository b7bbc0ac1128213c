// The search page: Pagefind's JS API (pagefind.js, built with the site) and our own markup.
// Pagefind fetches only the index fragments a query needs, so this stays light on big sites.
const script = document.getElementById("search-script");
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const SHOWN = 20; // results whose excerpts are fetched; each is one small fragment
const FEW = 5; // fewer results found as typed, and the status may offer "Did you mean …?"
const DELAY = 250; // ms after the last keystroke before searching as you type

// Relative to the page, so that the site works under any base path and without one.
const bundle = new URL(script.dataset.bundle, document.baseURI).href;
// Pagefind prefixes result URLs with baseUrl, which must be a path: the site root's, from here.
const root = new URL(script.dataset.root, document.baseURI).pathname;
// The words this script says, in the page's language: data-words on its <script> element
// (docs/layouts.md, "Words and catalogues").
const words = JSON.parse(script.dataset.words || '{"language": "en", "messages": {}}');
const plural = new Intl.PluralRules(words.language);
const word = (id, values = {}) => {
  const message = words.messages[id] ?? id;
  const text = typeof message === "string" ? message : message[plural.select(values.n)] || message.other;
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
};
let pagefind = null;
let offering = null; // suggest.js and the site's names, fetched the first time a query finds few
let latest = 0; // the newest query's number: slower earlier answers are dropped
let timer = null;

// The live region says how many results there are, then any names offered instead:
// "No results for “Prigozin”. Did you mean Yevgeny Prigozhin?" (a link, searching for it).
function say(text, offered = []) {
  status.replaceChildren(text);
  if (offered.length === 0) return;
  const offer = document.createElement("span");
  offer.className = "search-offer"; // a line of its own, read after the count
  // " Did you mean {names}?": the names as links, listed as the language lists alternatives.
  const [before, after = ""] = word("script.did_you_mean").split("{names}");
  offer.append(before);
  const names = offered.map((entry) => entry.name);
  for (const part of new Intl.ListFormat(words.language, { type: "disjunction" }).formatToParts(names)) {
    offer.append(part.type === "element" ? suggestionLink(part.value) : part.value);
  }
  offer.append(after);
  status.append(offer);
}

function suggestionLink(name) {
  const link = document.createElement("a");
  const url = new URL(location.href);
  url.searchParams.set("q", name);
  link.href = url.href; // a real address: it opens in a new tab too
  link.textContent = name;
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault(); // this page answers it, as the form does
    input.value = name;
    input.focus(); // the link is about to be replaced: keep the keyboard where searching is
    run(name);
  });
  return link;
}

// Pagefind searches a word it does not hold by the longest start of it that it does
// ("Berdovsky" finds "be", "being"), and finds pages with any of the words ("Yevgeny Prigozin"
// finds Yevgeny). A result counts as found as typed when its excerpt marks, for every word of
// the query, a word that starts as it does: its first 4 letters, or all of a shorter one.
function foundAsTyped(results, query) {
  const starts = plain(query).map((word) => word.slice(0, 4));
  return results.filter((data) => {
    const marked = (data.excerpt.match(/<mark>[^<]*<\/mark>/g) || [])
      .flatMap((mark) => plain(mark.slice(6, -7)));
    return starts.every((start) => marked.some((word) => word.startsWith(start)));
  }).length;
}

function plain(text) {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

// The names offered for a query that found `total` results (suggest.js): none when it found
// several as typed, or when the names cannot be had (a suggestion is a help, never an error).
async function offeredFor(query, total, results) {
  if (total > 0 && foundAsTyped(results, query) >= FEW) return [];
  offering = offering || loadOffering();
  try {
    const { suggestions, names } = await offering;
    return suggestions(query, names, total);
  } catch (error) {
    offering = null; // asked again at the next query: the network may be back
    console.info("search: no suggestions:", error);
    return [];
  }
}

async function loadOffering() {
  const [module, response] = await Promise.all([
    import(new URL(script.dataset.suggest, document.baseURI).href),
    fetch(new URL(script.dataset.names, document.baseURI), { cache: "no-cache" }),
  ]);
  if (!response.ok) throw new Error(`names.json: ${response.status}`);
  return { suggestions: module.suggestions, names: (await response.json()).names };
}

// Pagefind's excerpt is HTML with <mark> around the matched words; keep only text and <mark>.
function excerptNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html; // inert: nothing in a template runs or loads
  const nodes = [];
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("p");
  heading.className = "search-result-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  if (data.meta.kind) {
    const kind = document.createElement("span");
    kind.className = "search-result-kind";
    // An event's or an article's date, as its page shows it: "Event · morning of 24 June 2023".
    kind.textContent = [data.meta.kind, data.meta.when].filter(Boolean).join(" · ");
    heading.append(" ", kind);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-result-excerpt";
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(heading, excerpt);
  return item;
}

async function run(query) {
  const number = ++latest;
  query = query.trim();
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!query) {
    list.replaceChildren();
    list.hidden = true;
    say(word("script.type_to_search"));
    return;
  }
  // The first query waits for the index to load: say so, in place of the page's no-script text.
  if (!pagefind) say(word("script.searching", { query }));
  try {
    pagefind = pagefind || (await load());
    const search = await pagefind.search(query);
    const total = search.results.length;
    const results = await Promise.all(search.results.slice(0, SHOWN).map((r) => r.data()));
    const offered = await offeredFor(query, total, results);
    if (number !== latest) return;
    list.replaceChildren(...results.map(resultItem));
    list.hidden = results.length === 0;
    if (total === 0) say(word("script.no_results", { query }), offered);
    else if (total > SHOWN) say(word("script.first_results", { n: total, query, shown: SHOWN }), offered);
    else say(word("script.results", { n: total, query }), offered);
  } catch (error) {
    if (number !== latest) return;
    list.replaceChildren();
    list.hidden = true;
    say(word("script.search_unavailable"));
    console.info("search:", error); // for the curious; not a page error
  }
}

// A big site's index comes in parts (parts.json lists those after the first, which is
// pagefind.js's own); Pagefind searches them all and ranks their results together.
async function load() {
  const [listed, module] = await Promise.all([partsList(), import(bundle).catch((e) => e)]);
  if (listed.empty) return { search: async () => ({ results: [] }) }; // a site of no pages yet
  if (module instanceof Error) throw module;
  const parts = listed.parts;
  await module.options({ baseUrl: root });
  for (const part of parts) {
    await module.mergeIndex(new URL(part, bundle).href, { baseUrl: root });
  }
  await module.init();
  return module;
}

async function partsList() {
  const response = await fetch(new URL("parts.json", bundle), { cache: "no-cache" });
  if (!response.ok) throw new Error(`parts.json: ${response.status}`);
  return await response.json();
}

form.addEventListener("submit", (event) => {
  event.preventDefault(); // the page itself answers; no reload
  clearTimeout(timer);
  run(input.value);
});
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => run(input.value), DELAY);
});

const initial = new URLSearchParams(location.search).get("q") || "";
input.value = initial;
if (initial) run(initial);
else say(word("script.type_to_search"));
