// Hover cards: hovering, focusing or tapping a link to an actor or event previews it.
// The previews ship inside the page (#backstory-cards), so there is no request per hover.
// Without this script every link simply works.
(() => {
  "use strict";

  const SHOW_DELAY = 300; // ms of hovering before a card shows: passing pointers show nothing
  const HIDE_DELAY = 250; // ms of grace, so the pointer can travel from the link into the card
  const GAP = 6; // px between the link and the card
  const MARGIN = 8; // px the card keeps from the viewport's edges
  const REVEAL_QUIET = 200; // ms without a scroll event after which a focus scroll is over

  // The words this script says, in the page's language: data-words on its <script> element
  // (docs/layouts.md, "Words and catalogues").
  const words = JSON.parse(document.currentScript?.dataset.words || '{"language": "en", "messages": {}}');
  const plural = new Intl.PluralRules(words.language);
  const word = (id, values = {}) => {
    const message = words.messages[id] ?? id;
    const text = typeof message === "string" ? message : message[plural.select(values.n)] || message.other;
    return text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
  };
  const source = document.getElementById("backstory-cards");
  if (!source) return;
  let data;
  try {
    data = JSON.parse(source.textContent);
  } catch {
    return;
  }

  // Keys are hrefs as the page writes them; links are matched by the address they resolve to.
  const withoutHash = (href) => {
    const url = new URL(href, location.href);
    url.hash = "";
    return url.href;
  };
  const cards = new Map(Object.entries(data).map(([href, card]) => [withoutHash(href), card]));
  if (cards.size === 0) return;

  const box = document.createElement("div");
  box.id = "backstory-card";
  box.className = "hovercard";
  box.setAttribute("role", "tooltip");
  box.hidden = true;
  // Inside <main>, so that its text sits in a landmark like the rest of the page.
  (document.querySelector("main") || document.body).append(box);

  let current = null; // the link whose card is shown
  let dismissed = null; // a link whose card Escape closed: it stays closed until left
  let showTimer = 0;
  let hideTimer = 0;
  let touchTap = null; // {link, wasShown} from a touch pointerdown, read by the click after it
  // The browser may be scrolling a just-focused link into view (smoothly): until that scroll
  // ends, the link being out of sight is no reason to close its card.
  let revealing = false;
  let revealTimer = 0;

  function cardFor(link) {
    // Map nodes are SVG links: they get cards too.
    const isLink = link instanceof HTMLAnchorElement || link instanceof SVGAElement;
    if (!isLink || !link.hasAttribute("href")) return null;
    if (box.contains(link)) return null;
    return cards.get(withoutHash(link.getAttribute("href"))) || null;
  }

  const linkOf = (target) => (target instanceof Element ? target.closest("a[href]") : null);

  function element(tag, className, text) {
    const el = document.createElement(tag);
    el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function fill(card, href) {
    const text = element("div", "hovercard-text");
    text.append(element("p", "hovercard-title", card.label));
    const line = (card.kind === "event" ? [card.when, card.place] : [card.role, card.when]).filter(Boolean).join(" · ");
    if (line) text.append(element("p", "hovercard-meta", line));
    if (card.summary) text.append(element("p", "hovercard-summary", card.summary));
    // For touch, where a first tap shows the card; keyboard users press Enter on the link.
    const open = element("a", "hovercard-open", word("script.open_page"));
    open.href = href;
    open.tabIndex = -1;
    open.setAttribute("aria-hidden", "true"); // the link itself already goes there
    text.append(open);
    const parts = [];
    if (card.image) {
      const img = element("img", "hovercard-image");
      img.src = card.image;
      img.alt = card.label;
      img.width = 64;
      img.height = 64;
      parts.push(img);
    }
    box.className = `hovercard hovercard-${card.kind}`;
    box.replaceChildren(...parts, text);
  }

  function place() {
    if (!current) return;
    const link = current.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const height = document.documentElement.clientHeight;
    const card = box.getBoundingClientRect();
    let top = link.bottom + GAP;
    if (top + card.height > height - MARGIN && link.top - GAP - card.height >= MARGIN) {
      top = link.top - GAP - card.height; // no room below: above the link
    }
    top = Math.max(MARGIN, Math.min(top, height - MARGIN - card.height));
    const left = Math.max(MARGIN, Math.min(link.left, width - MARGIN - card.width));
    box.style.top = `${Math.round(top)}px`;
    box.style.left = `${Math.round(left)}px`;
  }

  function show(link) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    const card = cardFor(link);
    if (!card || link === dismissed) return;
    if (current !== link) {
      if (current) current.removeAttribute("aria-describedby");
      current = link;
      fill(card, link.href);
    }
    link.setAttribute("aria-describedby", box.id);
    box.hidden = false;
    box.style.visibility = "";
    place();
  }

  // Leaves a pending show alone: the pointer may have moved on to another link.
  function hide() {
    clearTimeout(hideTimer);
    clearTimeout(revealTimer);
    revealing = false;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    box.hidden = true;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => {
      // Keep a card whose link has keyboard focus (not focus left by a click).
      if (current && !current.matches(":focus-visible")) hide();
    }, HIDE_DELAY);
  }

  // Pointer (mouse, pen): show after a pause on the link, hide after leaving link and card.
  document.addEventListener("pointerover", (event) => {
    if (event.pointerType === "touch") return;
    if (box.contains(event.target)) {
      clearTimeout(hideTimer);
      return;
    }
    const link = linkOf(event.target);
    if (!link || !cardFor(link)) return;
    if (link === current) {
      clearTimeout(hideTimer);
      return;
    }
    clearTimeout(showTimer);
    showTimer = setTimeout(() => show(link), SHOW_DELAY);
  });

  document.addEventListener("pointerout", (event) => {
    if (event.pointerType === "touch") return;
    const from = box.contains(event.target) ? box : linkOf(event.target);
    if (!from || (from !== box && !cardFor(from))) return;
    if (event.relatedTarget instanceof Node && from.contains(event.relatedTarget)) return;
    if (from === dismissed) dismissed = null;
    if (from !== box) clearTimeout(showTimer); // a pointer passing over a link shows nothing
    hideSoon();
  });

  // Keyboard: show on focus, hide on blur, unless focus moved into the card.
  document.addEventListener("focusin", (event) => {
    const link = linkOf(event.target);
    if (box.contains(event.target)) return;
    if (link && cardFor(link)) {
      show(link);
      if (current === link) {
        revealSoon();
        track(); // out of sight until the browser has scrolled it into view
      }
    } else if (current) hide();
  });

  document.addEventListener("focusout", (event) => {
    const link = linkOf(event.target);
    if (link === dismissed) dismissed = null;
    if (link !== current || box.contains(event.relatedTarget)) return;
    if (!box.matches(":hover")) hide();
  });

  document.addEventListener("keydown", (event) => {
    touchTap = null;
    endReveal(); // a key that scrolls is the reader's own scroll; Tab starts a new reveal
    if (event.key !== "Escape" || !current) return;
    dismissed = current; // focus stays on the link; the card stays closed until it is left
    clearTimeout(showTimer);
    hide();
  });

  // Touch: the first tap on a link shows its card, a second tap (or "Open page") follows it.
  document.addEventListener("pointerdown", (event) => {
    if (box.contains(event.target)) return;
    const link = linkOf(event.target);
    if (event.pointerType !== "touch") {
      touchTap = null;
      return;
    }
    touchTap = link && cardFor(link) ? {link, wasShown: link === current && !box.hidden} : null;
    if (!touchTap && current) hide(); // a tap elsewhere closes the card
  });

  document.addEventListener("click", (event) => {
    const tap = touchTap;
    touchTap = null;
    const link = linkOf(event.target);
    if (!tap || link !== tap.link || tap.wasShown) return;
    event.preventDefault();
    dismissed = null;
    show(link);
  });

  // The card is fixed to the viewport: follow the link when the page scrolls or resizes,
  // and close once the link has gone out of sight rather than hang at the window's edge.
  // While a focused link is being scrolled into view, the card waits out of sight instead.
  function isOutOfSight(link) {
    const box = link.getBoundingClientRect();
    return box.bottom < 0 || box.top > document.documentElement.clientHeight;
  }

  function track() {
    if (!current) return;
    const outOfSight = isOutOfSight(current);
    if (outOfSight && !revealing) {
      hide();
      return;
    }
    box.style.visibility = outOfSight ? "hidden" : "";
    if (!outOfSight) place();
  }

  let pending = false;
  const follow = () => {
    if (revealing) revealSoon(); // still scrolling: the reveal lasts until the scroll is over
    if (pending || !current) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      track();
    });
  };

  // A reveal ends when scrolling stops (scrollend, or a quiet moment where it is not fired),
  // or when the reader scrolls themselves (wheel, touch, a key, the scrollbar).
  function revealSoon() {
    revealing = true;
    clearTimeout(revealTimer);
    revealTimer = setTimeout(endReveal, REVEAL_QUIET);
  }

  function endReveal() {
    if (!revealing) return;
    revealing = false;
    clearTimeout(revealTimer);
    follow();
  }

  addEventListener("scroll", follow, {passive: true, capture: true});
  addEventListener("resize", follow, {passive: true});
  // A scroll cut short by the next one may end with the link still away: the timer decides then.
  addEventListener("scrollend", () => current && !isOutOfSight(current) && endReveal(),
                   {passive: true, capture: true});
  for (const type of ["wheel", "touchstart", "pointerdown"]) {
    addEventListener(type, endReveal, {passive: true, capture: true});
  }
})();

// Maps: focusing a node (Tab) lights its lines and says under the map what each means (who
// took part in what, as what; what led to what): what a pointer gets from each line's tooltip.
(() => {
  "use strict";
  for (const svg of document.querySelectorAll("svg.relmap")) {
    const said = document.createElement("p");
    said.className = "relmap-said";
    said.setAttribute("aria-live", "polite");
    svg.after(said);
    const edges = Array.from(svg.querySelectorAll(".relmap-edge"));
    svg.addEventListener("focusin", (event) => {
      const node = event.target.closest(".relmap-node");
      if (!node) return;
      const mine = edges.filter((edge) => (edge.dataset.ends || "").split(" ").includes(node.dataset.node));
      edges.forEach((edge) => edge.classList.toggle("relmap-said-line", mine.includes(edge)));
      svg.classList.add("relmap-saying");
      said.textContent = mine.map((edge) => edge.querySelector("title").textContent).join("; ");
    });
    svg.addEventListener("focusout", (event) => {
      if (svg.contains(event.relatedTarget)) return;
      svg.classList.remove("relmap-saying");
      edges.forEach((edge) => edge.classList.remove("relmap-said-line"));
      said.textContent = "";
    });
  }
})();
