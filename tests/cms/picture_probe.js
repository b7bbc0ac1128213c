// Runs backstory/cms/picture.js under Node with a stand-in for Decap's registry, on values made
// with Immutable (what Decap holds entries in), for tests/cms/test_picture_script.py. Reads a
// JSON list of cases on stdin: {value, field?, edits?, data?}; prints per case what the form
// shows, and what a save writes after each `[part, value]` of `edits` was typed into the form
// (none: the field untouched), with `data` the entry's other fields.
"use strict";
const path = require("path");
const { fromJS, Map } = require(path.join(__dirname, "node_modules", "immutable"));

let control, preSave;
global.CMS = {
  getWidget: (name) => ({ control: name, preview: name }),
  registerWidget: (name, widget) => { control = widget; },
  registerEventListener: (listener) => { preSave = listener.handler; },
};
global.createClass = (spec) => spec;
global.h = (type, props) => props;
require(path.join(__dirname, "..", "..", "backstory", "cms", "picture.js"));

const cases = JSON.parse(require("fs").readFileSync(0, "utf-8"));
const results = cases.map(({ value, field = {}, edits = [], data = {} }) => {
  const settings = fromJS({ name: "image", widget: "backstory-picture", ...field });
  let stored = fromJS(value);
  const render = () => control.render.call({ props: { field: settings, value: stored,
    onChange: (changed) => { stored = changed; } } });
  const shown = render().value;
  for (const [part, typed] of edits) {
    render().onChangeObject(Map({ name: part }), typed);
  }
  const entry = Map({ data: fromJS(data).set("image", stored) });
  const written = preSave({ entry });
  return { shown: shown && shown.toJS ? shown.toJS() : shown, saved: written.toJS() };
});
process.stdout.write(JSON.stringify(results));
