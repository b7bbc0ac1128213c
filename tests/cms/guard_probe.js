// Runs backstory/cms/entryguard.js under Node, for tests/cms/test_guard_script.py. Reads a JSON
// list of cases on stdin: {hash, entry}; prints per case "" when the save may go on, or why not.
"use strict";
const path = require("path");
const { fromJS } = require(path.join(__dirname, "node_modules", "immutable"));

let preSave;
global.CMS = { registerEventListener: (listener) => { preSave = listener.handler; } };
global.window = { location: { hash: "" } };
require(path.join(__dirname, "..", "..", "backstory", "cms", "entryguard.js"));

const cases = JSON.parse(require("fs").readFileSync(0, "utf-8"));
const results = cases.map(({ hash, entry }) => {
  window.location.hash = hash;
  try {
    const written = preSave({ entry: fromJS({ data: { title: "T" }, ...entry }) });
    return written === undefined ? "" : "changed the data";
  } catch (error) {
    return error.message;
  }
});
process.stdout.write(JSON.stringify(results));
