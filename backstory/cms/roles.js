// Backstory's widget for a list of pages each with an optional role (an event's `actors:`),
// written by `backstory cms` beside config.yml and loaded after Decap (docs/cms.md).
//
// A file says `- slug` or `- slug: role`. Decap's list and relation widgets cannot show a
// mapping whose key is the value, so this widget shows Decap's own list control with each item
// as a row {page_slug, page_role}, and a preSave listener writes the rows back as the file's
// form. Until a row is changed the entry's data stays as the file says: a file saved untouched
// is written as it was read. Decap's YAML parser is not reachable from here, so a custom format
// was no option; the conversion is between values, never text.
(function () {
  "use strict";
  var WIDGET = "backstory-roles";
  var SLUG = "page_slug";  // never a slug itself (no `_` in slugs): a row is told from an item by it
  var ROLE = "page_role";

  function plain(item) {
    return item && typeof item.toJS === "function" ? item.toJS() : item;
  }

  function isFilledRow(item) {
    var value = plain(item);
    return value !== null && typeof value === "object" && !Array.isArray(value) &&
      (SLUG in value || ROLE in value);
  }

  // A row of the form: the list's new rows are empty until a field is filled.
  function isRow(item) {
    var value = plain(item);
    return isFilledRow(item) || (value !== null && typeof value === "object" &&
      !Array.isArray(value) && Object.keys(value).length === 0);
  }

  // The form's rows for a list as the file has it; rows already there stay as they are.
  function toRows(list, emptyMap) {
    if (!list || typeof list.push !== "function") {  // not a list: shown as Decap would
      return list;
    }
    return list.flatMap(function (item) {
      var value = plain(item);
      if (item === null || item === undefined || isRow(item)) {
        return [item];  // a row the form holds already
      }
      if (typeof value === "object" && !Array.isArray(value)) {
        // `slug: role` (a file with several keys in one item fails the build; none is lost here)
        return Object.keys(value).map(function (slug) {
          var role = value[slug];
          return emptyMap.set(SLUG, slug).set(ROLE, role === null || role === undefined ? "" : String(role));
        });
      }
      return [emptyMap.set(SLUG, String(value)).set(ROLE, "")];
    });
  }

  // The file's form for a list the form has changed: `slug`, or `slug: role`; empty rows dropped.
  function toFile(list, emptyMap) {
    return list.filter(function (item) {
      return item !== null && item !== undefined && (!isRow(item) || String(item.get(SLUG) || "").trim());
    }).map(function (item) {
      if (!isRow(item)) {
        return item;
      }
      var slug = String(item.get(SLUG)).trim();
      var role = String(item.get(ROLE) || "").trim();
      return role ? emptyMap.set(slug, role) : slug;
    });
  }

  var List = CMS.getWidget("list");
  var RolesControl = createClass({
    // Decap's list control rerenders on every change; its wrapper must let it.
    shouldComponentUpdate: function () {
      return true;
    },
    focus: function (path) {
      if (this.inner && this.inner.focus) {
        this.inner.focus(path);
      }
    },
    render: function () {
      var self = this;
      var field = this.props.field;
      // The row's fields are given to Decap's list here, not in config.yml: Decap serializes
      // a list with `fields` item by item before preSave, and fails on an item that is a slug.
      var props = Object.assign({}, this.props, {
        field: field.delete("field").set("fields", field.getIn(["field", "fields"])),
        value: toRows(this.props.value, field.clear()),
        ref: function (inner) { self.inner = inner; },
      });
      return h(List.control, props);
    },
  });

  function RolesPreview(props) {
    var rows = toRows(props.value, props.field.clear());
    if (!rows || !rows.size) {
      return null;
    }
    return h("ul", null, rows.filter(isRow).map(function (row, index) {
      var role = row.get(ROLE);
      return h("li", {key: index}, row.get(SLUG) + (role ? " (" + role + ")" : ""));
    }).toArray());
  }

  CMS.registerWidget(WIDGET, RolesControl, RolesPreview, List.schema);
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      var written = data;
      data.forEach(function (value, key) {
        // Only a list the form has changed holds rows; any other value is left as it is.
        if (value && typeof value.push === "function" && value.some(isFilledRow)) {
          written = written.set(key, toFile(value, data.clear()));
        }
      });
      return written;
    },
  });
})();
