// The report editor's few behaviours that htmx does not cover: the version a field
// was loaded with (so a stale save is refused, not silently overwritten), updating
// the other copies of a figure without touching the one being typed in, inserting
// a figure or a footnote at the cursor, and the save indicator. No framework.
"use strict";

htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "40[039]", swap: true, error: false }, // no version, not allowed, conflict: a toast
  { code: "422", swap: true, error: false }, // unreadable number: a toast
  { code: "[45]..", swap: false, error: true },
];

// New content is settled (made live by htmx) in the same task as the swap, not 20 ms
// later: a section shown again after Enter must take the focus and what was typed
// before any further keystroke is handled (otherwise keys fall on the page, and a save
// sent from the new field before htmx has set it up is forgotten by its queue).
htmx.config.defaultSettleDelay = 0;

const editor = () => document.querySelector(".editor");
const saveState = (text, kind) => {
  const el = document.getElementById("save-state");
  if (el) {
    el.textContent = text;
    el.className = "save-state " + (kind || "");
  }
};

// Every save carries the version its field was loaded with.
document.addEventListener("htmx:configRequest", (e) => {
  const elt = e.detail.elt;
  if (elt.dataset && elt.dataset.version !== undefined && !("version" in e.detail.parameters)) {
    e.detail.parameters.version = elt.dataset.version;
  }
  // A button about a paragraph that is not drawn with it (the toast offering to bind a
  // pasted number) is based on the paragraph's version as its field has it now.
  if (elt.dataset && elt.dataset.block && !("version" in e.detail.parameters)) {
    const field = document.getElementById("text-" + elt.dataset.block);
    if (field && field.dataset.version !== undefined) e.detail.parameters.version = field.dataset.version;
  }
  if (elt.matches && elt.matches("form.add-note")) {
    const text = document.getElementById("text-" + elt.dataset.block);
    if (text && text.dataset.caret !== undefined) e.detail.parameters.position = text.dataset.caret;
  }
});

let pending = 0;
document.addEventListener("htmx:beforeRequest", (e) => {
  if (e.detail.requestConfig && e.detail.requestConfig.verb === "get") return;
  pending += 1;
  saveState("Đang lưu…", "busy");
});
document.addEventListener("htmx:afterRequest", (e) => {
  if (e.detail.requestConfig && e.detail.requestConfig.verb === "get") return;
  pending = Math.max(0, pending - 1);
  const ok = e.detail.xhr && e.detail.xhr.status < 300;
  const at = new Date().toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" });
  if (ok) {
    saveState(pending ? "Đang lưu…" : "Đã lưu lúc " + at, pending ? "busy" : "ok");
    // A toast's own button succeeded, or the field it was about saved fine: it is done.
    const toast = document.querySelector("#toast .toast");
    const elt = e.detail.elt;
    if (toast && elt.closest && (elt.closest("#toast") || (toast.dataset.code && toast.dataset.code === elt.dataset.code))) {
      toast.remove();
    }
  } else {
    saveState("Chưa lưu được", "error");
  }
});
document.addEventListener("htmx:sendError", () => saveState("Mất kết nối: chưa lưu được", "error"));
window.addEventListener("beforeunload", (e) => {
  if (pending) e.preventDefault();
});

// A figure was saved: every copy of it (in the prose and in the table) takes the new
// version; copies other than the one being typed in also take the stored value.
document.addEventListener("baocao:figure", (e) => {
  const { code, version, shown } = e.detail;
  document.querySelectorAll(`input.fig[data-code="${CSS.escape(code)}"]`).forEach((input) => {
    input.dataset.version = version;
    input.classList.remove("invalid", "conflict");
    if (input !== document.activeElement) input.value = shown;
  });
});

// Colours of the figures involved in findings, after every change.
document.addEventListener("baocao:marks", (e) => {
  const error = new Set(e.detail.errors);
  const warning = new Set(e.detail.warnings);
  document.querySelectorAll("input.fig, .fig-ro").forEach((el) => {
    const code = el.dataset.code;
    el.classList.toggle("error", error.has(code));
    el.classList.toggle("warning", warning.has(code));
  });
});

// A paragraph or a task was saved: everything acting on it is now based on the new version.
const newVersion = (attr, id, version) => {
  document.querySelectorAll(`[data-${attr}="${id}"]`).forEach((el) => {
    if (el.dataset.version !== undefined) el.dataset.version = version;
    if (el.matches("input.block-version")) el.value = version;
  });
};
document.addEventListener("baocao:block", (e) => {
  const { id, version, kind, level } = e.detail;
  newVersion("block", id, version);
  const block = document.getElementById("block-" + id);
  if (kind && block) {
    block.className = `block kind-${kind} level-${level}`;
    const select = block.querySelector("select.block-kind");
    if (select) select.value = `${kind}:${level}`;
  }
});
document.addEventListener("baocao:task", (e) => newVersion("task", e.detail.id, e.detail.version));
document.addEventListener("baocao:section", (e) => {
  const section = document.getElementById("sec-" + e.detail.id);
  if (section) section.dataset.sectionVersion = e.detail.version;
});

// Remember where the cursor was in a paragraph, for "insert figure" and footnotes.
document.addEventListener("focusout", (e) => {
  const t = e.target;
  if (t.matches && t.matches("textarea.block-text")) t.dataset.caret = t.selectionStart;
});

function insertAtCaret(textarea, text) {
  const at = textarea.dataset.caret !== undefined ? Number(textarea.dataset.caret) : textarea.value.length;
  const before = textarea.value.slice(0, at);
  const after = textarea.value.slice(at);
  const pad = before && !/\s$/.test(before) ? " " : "";
  textarea.value = before + pad + text + after;
  const caret = at + pad.length + text.length;
  textarea.dataset.caret = caret;
  textarea.focus();
  textarea.setSelectionRange(caret, caret);
  htmx.trigger(textarea, "change");
}

document.addEventListener("click", (e) => {
  const opener = e.target.closest("button.picker-open");
  if (opener) {
    const picker = document.getElementById(opener.dataset.picker);
    picker.hidden = !picker.hidden;
    opener.setAttribute("aria-expanded", String(!picker.hidden));
    if (!picker.hidden) picker.querySelector("input[type=search]").focus();
    return;
  }
  const pick = e.target.closest("button.pick");
  if (pick) {
    const textarea = document.getElementById(pick.dataset.target);
    const picker = pick.closest(".picker");
    const fmt = picker.querySelector(".picker-fmt").value;
    insertAtCaret(textarea, "{{" + pick.dataset.code + (fmt ? "|" + fmt : "") + "}}");
    picker.hidden = true;
    return;
  }
  const take = e.target.closest("button.take-value");
  if (take) {
    document.querySelectorAll(`input.fig[data-code="${CSS.escape(take.dataset.code)}"]`).forEach((input) => {
      input.value = take.dataset.value;
      input.dataset.version = take.dataset.version;
      input.classList.remove("conflict");
    });
    take.closest(".toast").remove();
    return;
  }
  const takeText = e.target.closest("button.take-text");
  if (takeText) {
    const field = document.getElementById(takeText.dataset.target);
    if (field) {
      field.value = takeText.dataset.value;
      newVersion(field.dataset.task !== undefined ? "task" : "block", field.dataset.task || field.dataset.block, takeText.dataset.version);
    }
    takeText.closest(".toast").remove();
    return;
  }
  if (e.target.closest(".toast-close")) e.target.closest(".toast").remove();
});

// A refused save marks its field until it is saved again.
document.addEventListener("htmx:afterRequest", (e) => {
  const elt = e.detail.elt;
  const status = e.detail.xhr ? e.detail.xhr.status : 0;
  if (!elt.matches || !elt.matches("input.fig")) return;
  elt.classList.toggle("invalid", status === 422);
  elt.classList.toggle("conflict", status === 409);
  const toast = document.querySelector("#toast .toast");
  if (toast && status >= 400) toast.dataset.code = elt.dataset.code;
});

// A successful footnote or task form empties itself.
document.addEventListener("htmx:afterRequest", (e) => {
  const elt = e.detail.elt;
  if (e.detail.successful && elt.matches && elt.matches("form.add-note, form.add-task")) elt.reset();
});

// --- writing: structure, marks, figures kept whole, keyboard, paste -----------------------

// Changes of a section's blocks are based on the section's version, outline changes on
// the report's (the outline's); both are on the page and renewed with each answer.
document.addEventListener("htmx:configRequest", (e) => {
  const elt = e.detail.elt;
  if (!elt.closest) return;
  if (elt.closest("[data-section-op]")) {
    const section = elt.closest("section.sec");
    if (section) e.detail.parameters.version = section.dataset.sectionVersion;
  } else if (elt.closest("[data-outline]")) {
    const outline = document.getElementById("outline");
    if (outline) e.detail.parameters.version = outline.dataset.version;
  }
});

// Figures ({{code}}) and footnote markers ([^key]) are single pieces of the text.
const TOKEN = /\{\{[^{}]*\}\}|\[\^[^\]\s]{1,20}\]/g;
const tokens = (text) => Array.from(text.matchAll(TOKEN), (m) => [m.index, m.index + m[0].length]);
const inside = (text, pos) => tokens(text).find(([s, e]) => s < pos && pos < e);

function wrapSelection(textarea, mark) {
  let a = textarea.selectionStart;
  let b = textarea.selectionEnd;
  const text = textarea.value;
  const left = inside(text, a);
  const right = inside(text, b);
  if (left) a = left[0];
  if (right) b = right[1];
  const chosen = text.slice(a, b);
  const lead = chosen.match(/^\s*/)[0].length;
  const trail = chosen.match(/\s*$/)[0].length;
  a += lead;
  b -= Math.min(trail, b - a);
  const inner = text.slice(a, b);
  let out;
  let caretA;
  let caretB;
  if (inner.startsWith(mark) && inner.endsWith(mark) && inner.length >= 2 * mark.length) {
    out = inner.slice(mark.length, inner.length - mark.length); // pressed again: unmark
    caretA = a;
    caretB = a + out.length;
  } else {
    out = mark + inner + mark;
    caretA = a + mark.length;
    caretB = caretA + inner.length;
  }
  textarea.value = text.slice(0, a) + out + text.slice(b);
  textarea.focus();
  textarea.setSelectionRange(caretA, caretB);
  htmx.trigger(textarea, "change");
}

document.addEventListener("click", (e) => {
  const button = e.target.closest("button.wrap");
  if (!button) return;
  const textarea = document.getElementById(button.dataset.for);
  if (textarea) wrapSelection(textarea, button.dataset.wrap);
});

const blockOf = (textarea) => textarea.closest("article.block");
const carets = {}; // where the cursor was in each block, to put it back after a change
document.addEventListener("focusout", (e) => {
  const t = e.target;
  if (t.matches && t.matches("textarea.block-text")) carets[t.dataset.block] = t.selectionStart;
});
const kindOf = (textarea) => {
  const select = blockOf(textarea) && blockOf(textarea).querySelector("select.block-kind");
  return select ? select.value : "";
};

// Every change of a paragraph leaves from its field, so that the field's queue (hx-sync
// "queue all") sends them one after the other, in order; the version (and the text, when
// not given) is read when the request leaves, not when it is queued: a kind change made
// while a text save is on its way is based on the version that save returns.
function post(textarea, url, values) {
  return htmx.ajax("POST", url, { source: textarea, values: values || {}, swap: "none" });
}

// While a paragraph is being split or joined, what is typed waits, then goes into the
// paragraph the cursor lands in (it would otherwise go into the old field, which the
// answer replaces). The wait ends with the answer, not after a delay: the new field is
// focused in the same task as the swap (settle delay 0), so no keystroke can fall
// between the two; a refused change gives what was typed back to the field it came from.
let held = null; // {text, url, block}
function postAndHold(textarea, url, values) {
  held = { text: "", url, block: textarea.dataset.block };
  post(textarea, url, values);
}
document.addEventListener("htmx:afterRequest", (e) => {
  if (!held || !e.detail.requestConfig || e.detail.requestConfig.path !== held.url) return;
  const { text, block } = held;
  held = null;
  const t = document.getElementById("text-" + block);
  if (!t || !text) return;
  const at = t.selectionStart;
  t.setRangeText(text, at, t.selectionEnd, "end");
  htmx.trigger(t, "change");
});

function setKind(textarea, value, text) {
  const select = blockOf(textarea).querySelector("select.block-kind");
  if (!select) return;
  const [kind, level] = value.split(":");
  post(textarea, select.dataset.url, text === undefined ? { kind, level } : { kind, level, text });
}

document.addEventListener("change", (e) => {
  const select = e.target;
  if (!select.matches || !select.matches("select.block-kind")) return;
  const textarea = blockOf(select).querySelector("textarea.block-text");
  setKind(textarea, select.value);
});

document.addEventListener("keydown", (e) => {
  const t = e.target;
  if (!t.matches || !t.matches("textarea.block-text") || !t.dataset.split) return;
  if (held) {
    if (e.key.length !== 1 || e.ctrlKey || e.metaKey) e.preventDefault(); // characters: beforeinput
    return;
  }
  const a = t.selectionStart;
  const b = t.selectionEnd;
  const text = t.value;
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey && ["b", "i", "u"].includes(e.key.toLowerCase())) {
    e.preventDefault();
    wrapSelection(t, { b: "**", i: "*", u: "__" }[e.key.toLowerCase()]);
    return;
  }
  if (e.key === "Enter" && !e.shiftKey && !mod) {
    e.preventDefault();
    postAndHold(t, t.dataset.split, { text, at: a });
    return;
  }
  if (e.key === "Backspace" && a === 0 && b === 0 && !mod) {
    e.preventDefault();
    postAndHold(t, t.dataset.merge, { text });
    return;
  }
  if (e.key === "Tab" && !mod) {
    const kind = kindOf(t);
    const order = ["paragraph:0", "item:1", "item:2"];
    const i = order.indexOf(kind);
    const next = order[Math.max(0, Math.min(2, i + (e.shiftKey ? -1 : 1)))];
    // In a paragraph, Tab moves on as usual unless the cursor is at its very start.
    if (kind === "paragraph:0" && (e.shiftKey || a !== 0)) return;
    e.preventDefault();
    carets[t.dataset.block] = a;
    if (next !== kind) setKind(t, next);
    return;
  }
  // A figure is one piece: Backspace or Delete next to it selects it first, typing
  // inside it is refused (the cursor goes after it).
  if ((e.key === "Backspace" || e.key === "Delete") && a === b) {
    const hit = tokens(text).find(([s, end]) => (e.key === "Backspace" ? end === a || (s < a && a < end) : s === a || (s < a && a < end)));
    if (hit) {
      e.preventDefault();
      t.setSelectionRange(hit[0], hit[1]);
    }
    return;
  }
  if (e.key.length === 1 && !mod) {
    const hitA = inside(text, a);
    const hitB = inside(text, b);
    if (hitA || hitB) {
      e.preventDefault();
      const end = (hitB || hitA)[1];
      t.setSelectionRange(end, end);
    }
  }
});

// Held keys that reach no field (none has the focus for a moment) are kept all the same.
document.addEventListener("keydown", (e) => {
  if (!held || e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1) return;
  const t = e.target;
  if (t.matches && t.matches("input, textarea, select, [contenteditable]")) return;
  held.text += e.key;
  e.preventDefault();
});

document.addEventListener("beforeinput", (e) => {
  const t = e.target;
  if (!held || !t.matches || !t.matches("textarea.block-text")) return;
  if (e.data && e.inputType.startsWith("insert")) held.text += e.data;
  e.preventDefault();
});

// "- " or "+ " typed at the start of a paragraph makes it a list item, as in Word.
document.addEventListener("input", (e) => {
  const t = e.target;
  if (!t.matches || !t.matches("textarea.block-text") || !t.dataset.split) return;
  if (t.selectionStart === 2) bulletOnDash(t);
});

function bulletOnDash(t) {
  const m = t.value.match(/^([-+]) /);
  if (!m) return;
  const want = m[1] === "-" ? "item:1" : "item:2";
  if (kindOf(t) === want) return;
  const text = t.value.slice(2);
  carets[t.dataset.block] = Math.max(0, t.selectionStart - 2);
  t.value = text;
  t.setSelectionRange(carets[t.dataset.block], carets[t.dataset.block]);
  setKind(t, want); // the text goes as it is when the change leaves
}

// Pasted from Word or a web page: converted on the server (marks and lists kept).
document.addEventListener("paste", (e) => {
  const t = e.target;
  if (!t.matches || !t.matches("textarea.block-text") || !t.dataset.paste) return;
  const html = e.clipboardData.getData("text/html");
  const plain = e.clipboardData.getData("text/plain");
  if (!html && !plain.includes("\n")) return; // one plain line: the browser pastes it
  e.preventDefault();
  const a = t.selectionStart;
  const text = t.value.slice(0, a) + t.value.slice(t.selectionEnd);
  post(t, t.dataset.paste, { html, plain, text, at: a });
});

// After a section is shown again: the cursor goes where the change left it (in the
// same task as the swap, see defaultSettleDelay above).
document.addEventListener("baocao:focus", (e) => {
  const { id, caret, keep, cell } = e.detail;
  const block = document.getElementById("block-" + id);
  if (!block) return;
  if (cell) {
    const input = block.querySelector(`[name="${CSS.escape(cell)}"]`);
    if (input) input.focus();
    return;
  }
  const t = block.querySelector("textarea.block-text");
  if (!t) return;
  const details = t.closest("details");
  if (details) details.open = true;
  t.focus();
  const at = Math.min(keep ? carets[id] || 0 : caret || 0, t.value.length);
  t.setSelectionRange(at, at);
  const typed = held ? held.text : "";
  held = null;
  if (typed) {
    t.setRangeText(typed, at, at, "end");
    if (at === 0 && /^[-+] /.test(typed)) bulletOnDash(t);
    else htmx.trigger(t, "change");
  }
  block.scrollIntoView({ block: "nearest" });
});

// A table cell keeps its place when the table comes back.
document.addEventListener("focusin", (e) => {
  const form = e.target.closest && e.target.closest("form.table-edit");
  if (form && e.target.name) form.dataset.focus = e.target.name;
});
document.addEventListener("htmx:configRequest", (e) => {
  const elt = e.detail.elt;
  if (elt.matches && elt.matches("form.table-edit") && elt.dataset.focus) e.detail.parameters.focus = elt.dataset.focus;
});

// A paragraph's editor that was open stays open when its section is shown again.
const openEditors = new Set();
document.addEventListener(
  "toggle",
  (e) => {
    const details = e.target;
    if (!details.matches || !details.matches("details.edit-text")) return;
    const article = details.closest("article.block");
    if (!article) return;
    if (details.open) openEditors.add(article.id);
    else openEditors.delete(article.id);
  },
  true,
);
document.addEventListener("htmx:afterSettle", () => {
  openEditors.forEach((id) => {
    const details = document.querySelector(`#${CSS.escape(id)} > details.edit-text`);
    if (details && !details.open) details.open = true;
  });
});
