// An embed tells the page around its <iframe> how tall it is, on load and whenever that changes
// (a narrower iframe, a filter, a picture arriving), so the host can show it whole with no
// scrollbar. The message is {backstoryHeight: <CSS pixels>} and nothing else: any page may frame
// an embed, so it may read it, and a height says nothing about the reader.
(() => {
  "use strict";
  if (window.parent === window) return; // opened on its own: nobody to tell
  let sent = 0;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === sent) return;
    sent = height;
    window.parent.postMessage({backstoryHeight: height}, "*");
  };
  new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener("load", send);
  send();
})();
