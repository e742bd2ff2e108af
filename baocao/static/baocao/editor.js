// The report editor's few behaviours that htmx does not cover: the version a field
// was loaded with (so a stale save is refused, not silently overwritten), updating
// the other copies of a figure without touching the one being typed in, inserting
// a figure or a footnote at the cursor, and the save indicator. No framework.
"use strict";

htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "40[39]", swap: true, error: false }, // not allowed, conflict: a toast
  { code: "422", swap: true, error: false }, // unreadable number: a toast
  { code: "[45]..", swap: false, error: true },
];

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

document.addEventListener("baocao:block", (e) => {
  const { id, version } = e.detail;
  document.querySelectorAll(`[data-block="${id}"]`).forEach((el) => {
    if (el.matches("textarea")) el.dataset.version = version;
    if (el.matches("input.block-version")) el.value = version;
  });
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
