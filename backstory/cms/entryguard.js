// Backstory's check before Decap saves, written by `backstory cms` beside config.yml and loaded
// after Decap (docs/cms.md).
//
// Decap 3.16.3 loads an entry when its editor opens, not when the address moves on to another
// entry while it is open (an address typed or pasted over the hash, Back or Forward from one
// entry straight to another): the form then shows the new entry's fields with the old entry's
// values and body, and saving writes them into the old entry's file. This listener refuses a
// save whose entry is not the one the address names, before anything is written.
(function () {
  "use strict";
  var ROUTE = /^#\/collections\/([^/?]+)\/(?:entries\/([^?]+)|new)(?:\?.*)?$/;

  // The collection and slug the address names (slug null for a new entry), or null elsewhere.
  function addressed(hash) {
    var found = ROUTE.exec(hash || "");
    if (!found) {
      return null;
    }
    return {collection: decodeURIComponent(found[1]),
            slug: found[2] === undefined ? null : decodeURIComponent(found[2])};
  }

  // Why `entry` must not be saved while the address is `hash`, or "" when it may.
  function mismatch(entry, hash) {
    var wanted = addressed(hash);
    if (!wanted) {
      return "";
    }
    var collection = entry.get("collection");
    var slug = entry.get("newRecord") ? null : entry.get("slug");
    if (collection === wanted.collection && (slug || null) === wanted.slug) {
      return "";
    }
    var shown = wanted.collection + "/" + (wanted.slug || "new");
    var held = collection + "/" + (slug || "new");
    return "Not saved: the address names " + shown + ", but the form holds " + held +
      " (Decap does not load an entry when only the address changes). Reload the page " +
      "and make the change again.";
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var problem = mismatch(event.entry, window.location.hash);
      if (problem) {
        throw new Error(problem);
      }
      return undefined;  // the entry's data as it is
    },
  });
})();
