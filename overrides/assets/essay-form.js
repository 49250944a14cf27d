// The essay form on the contribute page: checks each field against the JSON Schema the build
// publishes (essay.schema.json, made from the site's one schema, with its messages), then writes
// the essay file and offers it to GitHub (as a new file, or through GitHub's essay issue form),
// as a download, or to copy. No rule is repeated here: this file only knows how to read JSON
// Schema, and the data the schema publishes beside it (what text loses at its ends, a tag's
// address). Lengths and patterns count characters as Python does: code points (the `u` flag,
// Array.from). What the writer types is kept as a draft in this browser's localStorage, never
// sent: the form is never submitted (method="dialog", no field has a name, and submitting is
// prevented before anything else runs).
(function () {
  "use strict";
  var form = document.getElementById("swa-essay-form");
  if (!form) return;
  // The writer's guide was once on this page: an old link to one of its parts leads there now.
  var part = location.hash.slice(1);
  try { part = decodeURIComponent(part); } catch (e) { /* not an id this page could have */ }
  if (part && !document.getElementById(part)) return location.replace(form.dataset.guide + location.hash);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  // The longest address sent to GitHub's new-file page: under the 8,191 bytes reported for
  // GitHub, not measured from here (ARCHITECTURE.md, "Decisions").
  var MAX_ADDRESS = 8000;
  // An issue's body holds 65,536 characters (GitHub's documentation); the form's other answers
  // and headings take a few thousand of them at most.
  var MAX_ISSUE_ESSAY = 60000;
  var schema = null;

  form.hidden = false;
  // The new author's id (shown in the authors.yml entry) needs the schema's rule: shown once loaded.
  fetch(form.dataset.schema).then(function (r) { return r.json(); }).then(function (s) { schema = s; update(); });

  function $(id) { return document.getElementById(id); }

  // --- a small JSON Schema reader: the keywords essay.schema.json uses ---------------------
  var compiled = {};
  // A published pattern as JavaScript reads it: by code points, as Python's `re` does.
  function regex(source, flags) {
    var key = (flags || "") + "/" + source;
    if (!compiled[key]) compiled[key] = new RegExp(source, "u" + (flags || ""));
    return compiled[key];
  }

  // Characters, as Python counts them: a code point each (an emoji is one, not two).
  function length(text) { return Array.from(text).length; }

  // `text` with each {name} in `values` filled in as written (no "$&" read as a pattern).
  function fill(text, values) {
    Object.keys(values).forEach(function (name) {
      text = text.replace("{" + name + "}", function () { return String(values[name]); });
    });
    return text;
  }

  // The message for `keyword` (the nearest in `stack`), with `found` (what the rule found).
  function message(stack, keyword, value, found) {
    for (var i = stack.length - 1; i >= 0; i--) {
      var messages = stack[i]["x-messages"];
      if (messages && messages[keyword]) {
        found = found || "";
        var code = found ? found.codePointAt(0).toString(16).toUpperCase().padStart(4, "0") : "";
        var limit = stack[i].maxLength !== undefined ? stack[i].maxLength : stack[i].maxItems;
        return fill(messages[keyword], {"value": value, "found": found, "code:04X": code, "max_length": limit});
      }
    }
    return keyword;
  }

  // What a `pattern` rule quotes when it fails: the part its `x-found` pattern picks out.
  function foundBy(node, value) {
    if (!node["x-found"]) return "";
    var match = value.match(regex(node["x-found"]));
    // Cut as schema.shortened cuts it: a message quotes what was written, but never pages of it.
    var found = Array.from(match ? match[1] : value);
    var most = node["x-found-length"];
    return found.length <= most ? found.join("") : found.slice(0, most - 1).join("") + "…";
  }

  function isDate(value) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    var date = new Date(value + "T00:00:00Z");
    return !isNaN(date) && date.toISOString().slice(0, 10) === value;
  }

  function typeOf(value) {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
  }

  // The first problem of `value` against `node`, or null.
  function check(node, value, stack) {
    stack = stack.concat([node]);
    if (node.anyOf) {
      var problems = node.anyOf.map(function (branch) { return check(branch, value, stack); });
      if (problems.indexOf(null) !== -1) return null;
      return problems[0];
    }
    if (node.type && typeOf(value) !== node.type) return message(stack, "type", value);
    if (typeof value === "string") {
      if (node.minLength !== undefined && length(value) < node.minLength) return message(stack, "minLength", value);
      if (node.maxLength !== undefined && length(value) > node.maxLength) return message(stack, "maxLength", value);
      if (node.pattern && !regex(node.pattern).test(value)) {
        return message(stack, "pattern", value, foundBy(node, value));
      }
      if (node.format === "date" && !isDate(value)) return message(stack, "format", value);
      // Dates written YYYY-MM-DD compare as text.
      if (node.formatMinimum !== undefined && value < node.formatMinimum) return message(stack, "formatMinimum", value);
      if (node.formatMaximum !== undefined && value > node.formatMaximum) return message(stack, "formatMaximum", value);
      var found = node.not && node.not.pattern ? value.match(regex(node.not.pattern)) : null;
      if (found) return message(stack, "not", value, found[0]);
      if (node.not && node.not.enum && node.not.enum.indexOf(value) !== -1) return message(stack, "not", value);
    }
    // The rules of `allOf` in the order they are listed, as `make check` takes them.
    for (var rule = 0; node.allOf && rule < node.allOf.length; rule++) {
      var problem = check(node.allOf[rule], value, stack);
      if (problem) return problem;
    }
    if (Array.isArray(value) && node.maxItems !== undefined && value.length > node.maxItems) {
      return message(stack, "maxItems", value);
    }
    if (Array.isArray(value) && node.items) {
      for (var i = 0; i < value.length; i++) {
        var itemProblem = check(node.items, value[i], stack);
        if (itemProblem) return itemProblem;
      }
    }
    return null;
  }

  // An essay is in the anthology once: its original address (trailing "/" aside) is no other's.
  function sameOriginal(url) {
    var bare = function (address) { return address.replace(/\/+$/, ""); };
    var files = JSON.parse(form.dataset.originals || "[]").filter(function (known) {
      return bare(known[0]) === bare(url);
    }).map(function (known) { return known[1]; });
    return files.length ? fill(schema["x-messages"].same_original, {"files": files.join(", ")}) : null;
  }

  // --- a tag's address, spelled from the table the schema publishes (schema.tag_slug) -------
  var spellings = null;

  function tagAddress(name) {
    var rule = schema["x-tag-address"];
    if (!spellings) {
      spellings = new Map();
      rule.spellings.forEach(function (run) {
        run[1].split("|").forEach(function (spelled, i) { spellings.set(run[0] + i, spelled); });
      });
    }
    // A character not in the table spells itself if it is ASCII, else nothing.
    var spelled = Array.from(name).map(function (c) {
      var code = c.codePointAt(0);
      return spellings.has(code) ? spellings.get(code) : code < 0x80 ? c : "";
    }).join("");
    rule.steps.forEach(function (step) {
      spelled = step[0] === "lower" ? spelled.toLowerCase() : spelled.replace(regex(step[0], "g"), step[1]);
    });
    var slug = spelled || rule.empty;
    return rule["not-ids"].indexOf(slug) !== -1 ? slug + rule.suffix : slug;
  }

  // Two spellings of one address are refused, here or against a tag the anthology has (catalog).
  function sharedTag(tags) {
    var named = Object.create(null);  // by address: "constructor" is a tag like any other
    var taken = JSON.parse(form.dataset.tags || "[]").concat(tags);
    var rule = schema["x-tag-address"];
    for (var k = 0; k < tags.length; k++) {  // a folder of the site: its name has a length limit
      var length = tagAddress(tags[k]).length;
      if (length > rule.maxLength) {
        return fill(rule["x-messages"].maxLength, {"name": tags[k], "length": length, "max_length": rule.maxLength});
      }
    }
    for (var i = 0; i < taken.length; i++) {
      var slug = tagAddress(taken[i]);
      if (named[slug] !== undefined && named[slug] !== taken[i]) {
        return fill(schema["x-tag-address"]["x-messages"].shared, {"name": taken[i], "other": named[slug], "slug": slug});
      }
      named[slug] = taken[i];
    }
    return null;
  }

  // Problems by field name, for the front matter `data`.
  function problemsOf(data) {
    var found = {};
    (schema.required || []).forEach(function (name) {
      if (data[name] === undefined) found[name] = message([schema], "required", name);
    });
    Object.keys(data).forEach(function (name) {
      var node = schema.properties[name];
      if (!node) { found[name] = message([schema], "additionalProperties", name); return; }
      var problem = check(node, data[name], [schema]);
      if (problem) found[name] = problem;
    });
    if (data.tags && !found.tags) {
      var shared = sharedTag(data.tags);
      if (shared) found.tags = shared;
    }
    if (data.original_url && !found.original_url) {
      var same = sameOriginal(data.original_url);
      if (same) found.original_url = same;
    }
    return found;
  }

  // --- the file --------------------------------------------------------------------------
  function slug(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  // A field's text without what `make check` takes off its ends (schema["x-whitespace"]).
  function trimmed(text) {
    if (!schema) return text.trim();
    var space = schema["x-whitespace"];
    return text.replace(regex("^" + space + "+|" + space + "+$", "g"), "");
  }

  function value(id) { return trimmed($(id).value); }

  // A new author's id, made as the converter makes it (schema.author_id_for, whose table and
  // length the schema publishes): Latin letters without their marks, lowercased, the runs of
  // letters and digits joined by hyphens; "" when the name has none.
  function authorId(name) {
    var rule = schema && schema["x-new-author"];
    if (!rule) return "";
    var letters = rule["latin-letters"];
    var folded = Array.from(name).map(function (c) {
      return Object.prototype.hasOwnProperty.call(letters, c) ? letters[c] : c;
    }).join("").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    var words = folded.match(/[a-z0-9]+/g) || [];
    var id = "";
    for (var i = 0; i < words.length; i++) {
      if (id.length + words[i].length + (id ? 1 : 0) > rule["max-length"]) break;
      id = id ? id + "-" + words[i] : words[i];
    }
    if (!id && words.length) id = words[0].slice(0, rule["max-length"]);
    return schema.properties.author.not.enum.indexOf(id) !== -1 ? id + "-author" : id;
  }

  // Two names read as one when they differ only in case and spacing (schema.name_key).
  function nameKey(name) { return name.split(/\s+/).filter(Boolean).join(" ").toLowerCase(); }

  // What is wrong with a new author's name beyond its text: it makes no id, or it (or its id)
  // is an author's already; null when nothing is.
  function newAuthorProblem(name) {
    var rule = schema["x-new-author"]["x-messages"];
    var id = authorId(name);
    if (!id) return rule.no_id_letters;
    var options = Array.from($("swa-author").options).filter(function (o) { return o.value && o.value !== "__new__"; });
    var taken = options.filter(function (o) { return o.value === id || nameKey(o.text) === nameKey(name); })[0];
    return taken ? fill(rule.author_taken, {"name": taken.text, "id": taken.value}) : null;
  }

  function frontMatter() {
    var data = {};
    if (value("swa-title")) data.title = value("swa-title");
    var author = $("swa-author").value;
    if (author === "__new__") author = authorId(value("swa-display_name"));
    if (author) data.author = author;
    if ($("swa-prompt").value) data.prompt = $("swa-prompt").value;
    if (value("swa-date")) data.date = value("swa-date");
    if (value("swa-original_url")) data.original_url = value("swa-original_url");
    var tags = value("swa-tags").split(",").map(trimmed).filter(Boolean);
    if (tags.length) data.tags = tags;
    if (value("swa-summary")) data.summary = value("swa-summary");
    return data;
  }

  // A YAML double-quoted string that reads back as `text`: a JSON string is one, but for the
  // characters YAML (not JSON) takes as line breaks, which must be escaped too.
  function quote(text) {
    return JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, function (c) {
      return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
    });
  }

  // YAML that means exactly `data`; the date stays plain text.
  function yaml(data) {
    return Object.keys(data).map(function (key) {
      var v = data[key];
      if (key === "date") return key + ": " + v;
      if (Array.isArray(v)) return key + ": [" + v.map(quote).join(", ") + "]";
      return key + ": " + quote(v);
    }).join("\n");
  }

  function authorEntry(id, name) {
    return "  - id: " + id + "\n    display_name: " + quote(name) + "\n    name_known: true\n";
  }

  function show(name, text) {
    var element = $("swa-" + name + "-error");
    if (element) element.textContent = text || "";
    var field = $("swa-" + name);
    if (field) field.setAttribute("aria-invalid", text ? "true" : "false");
  }

  function update() {
    var isNew = $("swa-author").value === "__new__";
    $("swa-new-author").hidden = !isNew;
    var name = value("swa-display_name");
    var id = isNew && name ? authorId(name) : "";
    $("swa-author-entry").textContent = id ? authorEntry(id, name) : "";
    if ($("swa-issue-new")) $("swa-issue-new").hidden = !isNew;
    var option = $("swa-prompt").selectedOptions[0];
    $("swa-prompt-question").textContent = option && option.dataset.question ? option.dataset.question : "";
  }

  // --- the draft: kept in this browser as the writer types, restored on the next visit -----
  // The key holds the page's path: sites that share an origin (GitHub Pages) keep apart.
  var DRAFT = "swa-essay-draft:" + location.pathname;
  // Where a stored draft that this form cannot read is set aside, untouched.
  var ASIDE = "swa-essay-draft-set-aside:" + location.pathname;
  var KEPT = ["title", "author", "display_name", "prompt", "date", "original_url", "tags", "summary", "body"];
  var OPTIONAL = ["date", "original_url", "tags", "summary"];
  // A draft's text at most: eight times the longest essay `make check` takes (128 KB), far more
  // than a writer types, far less than a browser's storage holds.
  var MAX_DRAFT = 1048576;

  function saveDraft() {
    var draft = {saved: new Date().toISOString()};
    var typed = false;
    KEPT.forEach(function (name) {
      draft[name] = $("swa-" + name).value;
      if (draft[name]) typed = true;
    });
    try {
      if (typed) localStorage.setItem(DRAFT, JSON.stringify(draft));
      else localStorage.removeItem(DRAFT);
    } catch (e) { /* storage is off or full: the form works without a draft */ }
  }

  // The draft kept as `text`: an object of the form's fields (and when it was saved), each a
  // string; null when none is kept; false when the text is anything else (not JSON, JSON of
  // another shape or type, too long): data from storage is read, never trusted.
  function readDraft(text) {
    if (text === null || text === undefined) return null;
    if (typeof text !== "string" || text.length > MAX_DRAFT) return false;
    var draft;
    try { draft = JSON.parse(text); } catch (e) { return false; }
    if (!draft || typeof draft !== "object" || Array.isArray(draft)) return false;
    var fields = Object.keys(draft);
    for (var i = 0; i < fields.length; i++) {
      if ((fields[i] !== "saved" && KEPT.indexOf(fields[i]) === -1) || typeof draft[fields[i]] !== "string") return false;
    }
    return draft;
  }

  // A draft read by readDraft, put into the form.
  function showDraft(draft) {
    KEPT.forEach(function (name) {
      // A choice the page no longer offers (an author renamed, say) is left unchosen.
      if (draft[name] !== undefined && $("swa-" + name).value !== draft[name]) $("swa-" + name).value = draft[name];
    });
    if (OPTIONAL.some(function (name) { return $("swa-" + name).value; })) {
      form.querySelector("details.swa-optional").open = true;
    }
    update();
  }

  // A kept text that is not a draft this form wrote: moved aside (kept, never read again), and said.
  function setAside(text) {
    var moved = false;
    try {
      localStorage.setItem(ASIDE, text);
      localStorage.removeItem(DRAFT);
      moved = true;
    } catch (e) { /* storage is full or off: what you type next is saved in its place */ }
    say("This browser kept something for this form that is not a draft it can read, so the form starts " +
      "empty. " + (moved ? "What was kept is set aside, untouched, in this browser's storage under “" + ASIDE + "”." :
        "What you type now is kept as your draft in its place."));
  }

  function say(text) {
    $("swa-draft-status").textContent = text;
    $("swa-draft").hidden = false;
  }

  function restoreDraft() {
    var text = null;
    try { text = localStorage.getItem(DRAFT); } catch (e) { return; }
    var draft = readDraft(text);
    if (draft === false) return setAside(text);
    if (!draft) return;
    showDraft(draft);
    var saved = new Date(draft.saved);
    say("Your draft is back, as you left it" + (isNaN(saved) ? "" : " on " + saved.toLocaleString()) +
      ". It is kept in this browser only, until you start over.");
  }

  // The page open in two tabs: each saves the whole form as its draft, so each shows what the
  // other saved as it is saved. Typing in one then keeps what was typed in the other.
  window.addEventListener("storage", function (event) {
    if (event.key !== DRAFT || event.storageArea !== localStorage) return;
    if (event.newValue === null) {
      say("You started over in another tab or window. This page still shows your text: type here " +
        "to keep it as your draft again, or start over here too.");
    } else if (readDraft(event.newValue)) {
      showDraft(readDraft(event.newValue));
      say("You changed your draft in another tab or window of this page: this one shows it too, so " +
        "that what you typed in either is kept.");
    }
  });

  $("swa-start-over").addEventListener("click", function () {
    if (!window.confirm("Clear the form and the draft kept in this browser?")) return;
    try { localStorage.removeItem(DRAFT); } catch (e) { /* nothing was kept */ }
    form.reset();
    form.querySelectorAll(".swa-field-error").forEach(function (element) { element.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (element) { element.removeAttribute("aria-invalid"); });
    $("swa-draft").hidden = true;
    $("swa-result").hidden = true;
    update();
    $("swa-title").focus();
  });

  form.addEventListener("change", function () { update(); saveDraft(); });
  form.addEventListener("input", function () { update(); saveDraft(); });
  restoreDraft();

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!schema) return;
    var data = frontMatter();
    var problems = problemsOf(data);
    if ($("swa-author").value === "__new__") {
      // A display name is text (`Text` in schema.py), as authors.yml has it.
      var nameProblem = check(schema["x-new-author"].display_name, value("swa-display_name"), [schema]) ||
        newAuthorProblem(value("swa-display_name"));
      if (nameProblem) problems.display_name = nameProblem;
      if (nameProblem || !data.author) delete problems.author;
    }
    var body = $("swa-body").value.replace(/\r\n?/g, "\n").trim();
    if (!body) problems.body = "the essay has no text after the front matter";
    var file = schema["x-file"];
    var bodyProblem = body && check(file, body, [schema]);
    if (bodyProblem) problems.body = bodyProblem;
    ["title", "author", "display_name", "prompt", "date", "original_url", "tags", "summary", "body"].forEach(function (name) {
      show(name, problems[name]);
    });
    var first = Object.keys(problems)[0];
    if (first) {
      $("swa-result").hidden = true;
      var field = $("swa-" + first);
      if (field) field.focus();
      return;
    }
    var filename = slug(data.title) || "my-essay";
    var text = "---\n" + yaml(data) + "\n---\n\n" + body + "\n";
    if (new TextEncoder().encode(text).length > file.maxBytes) {
      show("body", file["x-messages"].maxBytes);
      $("swa-result").hidden = true;
      $("swa-body").focus();
      return;
    }
    // Names that cannot be a file: a list page's own, or a device's on Windows (schema.py).
    if (schema.properties.author.not.enum.indexOf(filename) !== -1) filename += "-essay";
    $("swa-result").hidden = false;
    $("swa-filename").textContent = "docs/essays/" + filename + ".md";
    $("swa-file").value = text;
    $("swa-download").href = "data:text/markdown;charset=utf-8," + encodeURIComponent(text);
    $("swa-download").setAttribute("download", filename + ".md");
    var github = $("swa-open-github");
    var isNew = $("swa-author").value === "__new__";
    var address = form.dataset.newFile ? form.dataset.newFile + "?filename=" + encodeURIComponent(filename + ".md") +
      "&value=" + encodeURIComponent(text) : "";
    var tooLong = address.length > MAX_ADDRESS;
    // A new writer's pull request needs their authors.yml entry too, which one address cannot
    // carry: GitHub's essay form, whose workflow writes both, is their way.
    github.hidden = !address || tooLong || isNew;
    if (address) github.href = address;
    var issue = Boolean(form.dataset.issueForm) && offerIssueForm(data, body, isNew, tooLong);
    // The essay's Markdown is rendered by check alone (cmark-gfm and the sanitiser): the page
    // says so, and the pull request's check or the essay form's answer names a problem at its line.
    $("swa-result-status").textContent = "The fields pass every check this page can make. The essay’s " +
      "Markdown (a “# ” heading, HTML, links) is checked when you propose it, each problem at its line. " +
      (!github.hidden ? "Propose it on GitHub, or through GitHub’s essay form below; or download or copy it." :
        issue ? "Propose it through GitHub’s essay form below, or download or copy it." :
          "Download or copy the file below.");
    $("swa-result-status").focus();
  });

  // --- GitHub's essay issue form: short fields through the address, the essay by the clipboard
  function offerIssueForm(data, body, isNew, tooLong) {
    // GitHub receives the essay's line ends as CRLF: each counts two characters of the issue.
    var fits = body.replace(/\n/g, "\r\n").length <= MAX_ISSUE_ESSAY;
    $("swa-issue-steps").hidden = !fits;
    $("swa-issue-why").textContent = issueWhy(fits, isNew, tooLong);
    var address = form.dataset.issueForm + "&title=" + encodeURIComponent("Essay: " + data.title);
    // [the issue form's field id, the answer, how the steps name it]
    var fields = [["essay-title", data.title, "the title"],
      ["display-name", isNew ? value("swa-display_name") : "", "your name"],
      ["date", data.date, "the date"], ["original-url", data.original_url, "the original address"],
      ["tags", (data.tags || []).join(", "), "the tags"], ["summary", data.summary, "the summary"]];
    var filled = [], skipped = [];
    fields.forEach(function (field) {
      if (!field[1]) return;
      var longer = address + "&" + field[0] + "=" + encodeURIComponent(field[1]);
      if (longer.length > MAX_ADDRESS) { skipped.push(field[2]); return; }
      address = longer;
      filled.push(field[2]);
    });
    $("swa-open-issue").href = address;
    $("swa-issue-filled").textContent = filled.length > 1 ?
      filled.slice(0, -1).join(", ") + " and " + filled[filled.length - 1] : filled[0];
    $("swa-issue-skipped").hidden = !skipped.length;
    $("swa-issue-skipped").textContent = "Fill in " + skipped.join(" and ") + " yourself: GitHub’s address " +
      "could not hold " + (skipped.length > 1 ? "them" : "it") + " too.";
    $("swa-issue-author").textContent = $("swa-author").selectedOptions[0].dataset.choice;
    $("swa-issue-prompt").textContent = $("swa-prompt").selectedOptions[0].dataset.choice;
    issueBody = body;
    return fits;
  }

  // Why GitHub's essay form is offered, or why it cannot be.
  function issueWhy(fits, isNew, tooLong) {
    if (!fits) {
      return "This essay is longer than a GitHub issue holds (about 10,000 words): download the file and add " +
        "it with git (see under the file below).";
    }
    if (isNew) {
      return "As a new author, propose it through GitHub’s essay form: it adds you to the authors in the same " +
        "pull request, so there is nothing else to edit.";
    }
    if (tooLong) {
      return "This essay is too long to send to GitHub in one address: GitHub’s essay form takes essays of up " +
        "to about 10,000 words.";
    }
    return "Or propose it through GitHub’s essay form: a checker answers on the issue, then opens the pull request.";
  }

  var issueBody = "";
  function copyEssay() {
    var failed = function () {
      $("swa-copy-essay-status").textContent = "Your browser did not let the page copy: copy the essay " +
        "from the box below, all that follows the second '---' line.";
    };
    if (!navigator.clipboard) return failed();  // only secure pages (https) may use the clipboard
    navigator.clipboard.writeText(issueBody).then(function () {
      $("swa-copy-essay-status").textContent = "Copied: paste it into the Essay field.";
    }, failed);
  }

  if ($("swa-issue")) {
    $("swa-copy-essay").addEventListener("click", copyEssay);
    // Opening the form copies the essay too, so that a writer who skips step 1 still has it.
    $("swa-open-issue").addEventListener("click", copyEssay);
  }

  $("swa-copy").addEventListener("click", function () {
    navigator.clipboard.writeText($("swa-file").value).then(function () {
      $("swa-result-status").textContent = "Copied.";
    });
  });
}());
