// Runs backstory/cms/roles.js under Node with a stand-in for Decap's registry, on values made
// with Immutable (what Decap holds entries in), for tests/cms/test_roles_script.py. Reads a JSON
// list of cases on stdin: {value, edit?}; prints per case the rows the form shows and what a save
// writes after `edit` (a list of rows replacing the form's, as Decap's list would hand them).
"use strict";
const path = require("path");
const { fromJS, Map } = require(path.join(__dirname, "node_modules", "immutable"));

let control, preSave;
global.CMS = {
  getWidget: () => ({ control: "list", schema: {} }),
  registerWidget: (name, widget) => { control = widget; },
  registerEventListener: (listener) => { preSave = listener.handler; },
};
global.createClass = (spec) => spec;
global.h = (type, props) => props;
require(path.join(__dirname, "..", "..", "backstory", "cms", "roles.js"));

const field = fromJS({ name: "actors", widget: "backstory-roles", field: { fields: [] } });
const cases = JSON.parse(require("fs").readFileSync(0, "utf-8"));
const results = cases.map(({ value, edit }) => {
  const shown = control.render.call({ props: { field, value: fromJS(value) } });
  const rows = edit === undefined ? fromJS(value) : fromJS(edit);
  const entry = Map({ data: fromJS({ title: "T", actors: rows }) });
  const written = preSave({ entry });
  return { rows: shown.value ? shown.value.toJS() : shown.value, fields: shown.field.toJS(),
           saved: written.toJS().actors };  // the handler gives the data Decap then saves
});
process.stdout.write(JSON.stringify(results));
