// The timeline drawn to scale: every position was computed when the site was built. This only
// shows one view at a time (zoom buttons) and swaps the bars for lanes by actor; without it
// every view shows, one after another.
(() => {
  "use strict";
  for (const figure of document.querySelectorAll(".ts")) {
    const controls = figure.querySelector(".ts-controls");
    const buttons = Array.from(figure.querySelectorAll(".ts-zoom-button"));
    const views = Array.from(figure.querySelectorAll(".ts-view"));
    const lanes = figure.querySelector(".ts-lanes-input");

    function zoom(id) {
      for (const view of views) view.hidden = view.id !== id;
      for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.view === id));
    }

    for (const button of buttons) {
      button.addEventListener("click", () => zoom(button.dataset.view));
    }
    lanes.addEventListener("change", () => figure.classList.toggle("ts-lanes-on", lanes.checked));
    // One view only needs no zoom buttons; a view without lanes needs no toggle.
    figure.querySelector(".ts-zoom").hidden = buttons.length < 2;
    lanes.closest("label").hidden = !figure.querySelector(".ts-lane-names");
    controls.hidden = buttons.length < 2 && lanes.closest("label").hidden;
    figure.classList.add("ts-enhanced");
    zoom(views[0].id);
  }
})();
