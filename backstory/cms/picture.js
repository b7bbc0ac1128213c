// Backstory's widget for a picture (`image:`), written by `backstory cms` beside config.yml and
// loaded after Decap (docs/cms.md).
//
// A file says `image: /images/x.jpg` (an actor's portrait: the alt text is the actor's name) or
// `image: {src, alt, caption, credit, credit_url}`. Decap's image widget holds only text, and
// its object widget cannot take text: this widget shows Decap's object control with the
// picture (Decap's media library), alt text, caption and credit, the text shown as its src.
// The value the form changes carries which form the file had (FORM); a preSave listener writes
// it back: text when only src is set and the file had text or nothing (where the field takes
// text), a mapping otherwise. A picture the form has not changed is saved exactly as read.
(function () {
  "use strict";
  var WIDGET = "backstory-picture";
  // Keys the form's value carries until it is saved, none a key of a picture (no `_` in them):
  // the form the file had ("text", "mapping" or "none"), and the field's settings from config.yml.
  var FORM = "_backstory_form", TEXT_FORM = "_backstory_text_form", ALT_FROM = "_backstory_alt_from";
  var ORDER = ["src", "alt", "caption", "credit", "credit_url"];
  var DROPPED_WHEN_EMPTY = ["src", "caption", "credit", "credit_url"];  // `alt: ""` is decorative

  function isMap(value) {
    return value !== null && typeof value === "object" && typeof value.toJS === "function" &&
      typeof value.push !== "function";
  }

  function marked(picture, form, field) {
    return picture.set(FORM, form).set(TEXT_FORM, Boolean(field.get("text_form")))
      .set(ALT_FROM, field.get("text_alt_from") || "");
  }

  // The form's value for what the file says; a value the form has changed stays as it is.
  function toForm(value, field) {
    if (isMap(value)) {
      return value.has(FORM) ? value : marked(value, "mapping", field);
    }
    if (value === null || value === undefined || value === "") {
      return marked(field.clear(), "none", field);
    }
    if (typeof value === "object") {  // a list, which the build refuses: shown as Decap would
      return value;
    }
    return marked(field.clear().set("src", String(value)), "text", field);
  }

  function isBlank(part) {
    return part === null || part === undefined || String(part).trim() === "";
  }

  // What a changed picture is written as: undefined (no picture), its src as text, or a mapping
  // in the order an author writes it, keys the form does not know kept at the end. `data` is
  // the entry's: a mapping made from text takes the alt text the text meant (an actor's name).
  function toFile(value, data) {
    var fromText = value.get(FORM) !== "mapping" && value.get(TEXT_FORM);
    var altFrom = value.get(ALT_FROM);
    var picture = value.delete(FORM).delete(TEXT_FORM).delete(ALT_FROM).filter(function (part, key) {
      return part !== undefined && part !== null && !(DROPPED_WHEN_EMPTY.indexOf(key) >= 0 && isBlank(part));
    });
    if (picture.size === 0) {
      return undefined;
    }
    if (fromText && picture.size === 1 && picture.has("src")) {
      return picture.get("src");
    }
    if (fromText && altFrom && !picture.has("alt") && !isBlank(data.get(altFrom))) {
      picture = picture.set("alt", data.get(altFrom));  // what the text meant, now that it is a mapping
    }
    var written = data.clear();
    ORDER.forEach(function (key) {
      if (picture.has(key)) {
        written = written.set(key, picture.get(key));
      }
    });
    picture.forEach(function (part, key) {
      if (ORDER.indexOf(key) < 0) {
        written = written.set(key, part);
      }
    });
    return written;
  }

  var ObjectWidget = CMS.getWidget("object");
  var ImageWidget = CMS.getWidget("image");
  var PictureControl = createClass({
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
      var props = this.props;
      var inner = Object.assign({}, props, {
        value: toForm(props.value, props.field),
        // Decap's own handler sets the part on the stored value, which may be text.
        onChangeObject: function (part, partValue, metadata) {
          var current = self.props;
          var changed = toForm(current.value, current.field).set(part.get("name"), partValue);
          var named = {};
          named[current.field.get("name")] = metadata;
          current.onChange(changed, metadata && named);
        },
        ref: function (control) { self.inner = control; },
      });
      return h(ObjectWidget.control, inner);
    },
  });

  function PicturePreview(props) {
    var value = toForm(props.value, props.field);
    if (!isMap(value) || isBlank(value.get("src"))) {
      return null;
    }
    return h(ImageWidget.preview, Object.assign({}, props, {value: value.get("src")}));
  }

  CMS.registerWidget(WIDGET, PictureControl, PicturePreview);
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      var written = data;
      data.forEach(function (value, key) {
        // Only a picture the form has changed carries FORM; any other value is left as it is.
        if (isMap(value) && value.has(FORM)) {
          var picture = toFile(value, data);
          written = picture === undefined ? written.delete(key) : written.set(key, picture);
        }
      });
      return written;
    },
  });
})();
