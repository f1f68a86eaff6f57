// The pipeline board (see component.py). Streamlit calls this function again with the same
// parentElement whenever the data changes; each call draws the board afresh inside one
// lasting root, keeping the scroll positions and the focused control.
//
// Every text comes from the data and is set with textContent or setAttribute, never as
// HTML. A move is only reported: the card stays where it is, marked as moving, until the
// next data says where the database put it.

const MOVING_FALLBACK_MS = 15000;

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".cs-board");
  if (!root) {
    root = document.createElement("div");
    root.className = "cs-board";
    parentElement.appendChild(root);
  }
  const view = root.csBoard || (root.csBoard = { drag: null });
  view.root = root;
  view.send = (kind, fields) => setTriggerValue("event", { kind, ...fields, nonce: nonce() });
  draw(view, data || { columns: [], labels: {} });
}

function nonce() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function button(className, text, focusKey) {
  const node = el("button", className, text);
  node.type = "button";
  node.dataset.focus = focusKey;
  return node;
}

// ---- drawing ---------------------------------------------------------------------------

function draw(view, data) {
  const kept = remember(view.root);
  const labels = data.labels || {};
  const stages = (data.columns || []).map((c) => ({ stage: c.stage, title: c.title }));
  const columns = el("div", "cs-columns");
  for (const col of data.columns || []) columns.append(column(view, col, labels, stages));
  view.root.replaceChildren(...(labels.hint ? [el("p", "cs-hint", labels.hint)] : []), columns);
  restore(view.root, kept);
}

function column(view, col, labels, stages) {
  const section = el("section", "cs-col");
  section.dataset.stage = col.stage;
  section.setAttribute("role", "group");
  section.setAttribute("aria-label", col.title);
  const head = el("header", "cs-col-head");
  const title = el("h3", "cs-col-title", col.title);
  title.title = col.title;
  head.append(title);
  const summary = el("ul", "cs-col-sum");
  for (const line of col.summary || []) summary.append(el("li", null, line));
  head.append(summary);
  if ((col.flow || []).length) {
    const flow = el("ul", "cs-col-flow");
    for (const line of col.flow) flow.append(el("li", null, line));
    head.append(flow);
  }
  const list = el("ol", "cs-cards");
  list.dataset.stage = col.stage;
  for (const card of col.cards || []) list.append(cardItem(view, card, col, labels, stages));
  if (!(col.cards || []).length) list.append(el("li", "cs-empty", labels.empty));
  if (col.more) list.append(moreItem(view, col));
  section.append(head, list);
  dropTarget(view, section, col.stage);
  return section;
}

function moreItem(view, col) {
  const item = el("li", "cs-more-item");
  const more = button("cs-more", col.more, `more:${col.stage}`);
  more.addEventListener("click", () => {
    if (more.getAttribute("aria-busy") === "true") return;
    more.setAttribute("aria-busy", "true");
    view.send("more", { stage: col.stage });
  });
  item.append(more);
  return item;
}

function cardItem(view, card, col, labels, stages) {
  const item = el("li", "cs-card");
  item.dataset.id = card.id;
  item.draggable = true;
  item.setAttribute("aria-label", card.aria);
  const top = el("div", "cs-card-top");
  const name = button("cs-name", null, `open:${card.id}`);
  name.append(el("span", "cs-name-text", card.name));
  name.title = card.name;
  name.addEventListener("click", () => view.send("open", { id: card.id }));
  top.append(name);
  if (card.badge) top.append(el("span", `cs-badge tone-${card.badge.tone}`, card.badge.label));
  item.append(top);
  if ((card.lines || []).length) {
    const lines = el("ul", "cs-lines");
    for (const line of card.lines) lines.append(el("li", null, line));
    item.append(lines);
  }
  const actions = el("div", "cs-actions");
  const move = button("cs-move", labels.move, `move:${card.id}`);
  move.setAttribute("aria-haspopup", "listbox");
  move.setAttribute("aria-expanded", "false");
  actions.append(move);
  if (card.url && card.url.startsWith("/") && !card.url.startsWith("//")) {
    const open = el("a", "cs-open", labels.open);
    open.href = card.url;
    actions.append(open);
  }
  item.append(actions);
  const menu = stageMenu(view, item, move, card, col, labels, stages);
  item.append(menu);
  draggable(view, item, card, col);
  return item;
}

// ---- the "Move to stage…" menu -----------------------------------------------------------

function stageMenu(view, item, move, card, col, labels, stages) {
  const menu = el("div", "cs-menu");
  menu.setAttribute("role", "listbox");
  menu.setAttribute("aria-label", labels.move);
  menu.hidden = true;
  for (const s of stages) {
    if (s.stage === col.stage) continue;
    const option = el("div", "cs-option", s.title);
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    option.tabIndex = -1;
    option.dataset.stage = s.stage;
    option.addEventListener("click", () => pick(option));
    option.addEventListener("focus", () => select(menu, option));
    menu.append(option);
  }
  const options = () => Array.from(menu.querySelectorAll(".cs-option"));
  const open = (which) => {
    menu.hidden = false;
    move.setAttribute("aria-expanded", "true");
    const all = options();
    (which === "last" ? all[all.length - 1] : all[0])?.focus();
  };
  const close = (refocus) => {
    menu.hidden = true;
    move.setAttribute("aria-expanded", "false");
    if (refocus) move.focus();
  };
  const pick = (option) => {
    close(true);
    if (item.classList.contains("is-moving")) return;
    markMoving(item);
    view.send("move", { id: card.id, version: card.version, from: col.stage, to: Number(option.dataset.stage) });
  };
  move.addEventListener("click", () => (menu.hidden ? open("first") : close(false)));
  move.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      open(e.key === "ArrowUp" ? "last" : "first");
    }
  });
  menu.addEventListener("keydown", (e) => {
    const all = options();
    const at = all.indexOf(e.target);
    const go = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[e.key];
    if (go !== undefined) {
      e.preventDefault();
      all[Math.max(0, Math.min(all.length - 1, go))]?.focus();
    } else if ((e.key === "Enter" || e.key === " ") && at >= 0) {
      e.preventDefault();
      pick(all[at]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === "Tab") {
      close(false);
    }
  });
  menu.addEventListener("focusout", (e) => {
    if (!menu.hidden && !menu.contains(e.relatedTarget) && e.relatedTarget !== move) close(false);
  });
  return menu;
}

function select(menu, option) {
  for (const o of menu.querySelectorAll(".cs-option")) o.setAttribute("aria-selected", String(o === option));
}

// ---- drag and drop ----------------------------------------------------------------------

function draggable(view, item, card, col) {
  item.addEventListener("dragstart", (e) => {
    if (item.classList.contains("is-moving") || !e.dataTransfer) {
      e.preventDefault();
      return;
    }
    view.drag = { id: card.id, version: card.version, from: col.stage };
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", String(card.id));
    item.classList.add("is-dragging");
    view.root.classList.add("is-dragging");
  });
  item.addEventListener("dragend", () => {
    view.drag = null;
    item.classList.remove("is-dragging");
    view.root.classList.remove("is-dragging");
    for (const c of view.root.querySelectorAll(".cs-col")) c.csReset?.();
  });
}

function dropTarget(view, section, stage) {
  const accepts = () => view.drag && view.drag.from !== stage;
  // dragenter and dragleave come in pairs for the column and each element inside it (their
  // relatedTarget is often null), so a count says whether the pointer is still over it.
  let inside = 0;
  const light = (on) => section.classList.toggle("is-over", on);
  section.addEventListener("dragenter", (e) => {
    if (!accepts()) return;
    e.preventDefault();
    inside += 1;
    light(true);
  });
  section.addEventListener("dragover", (e) => {
    if (!accepts()) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "move";
  });
  section.addEventListener("dragleave", () => {
    inside = Math.max(0, inside - 1);
    if (!inside) light(false);
  });
  section.addEventListener("drop", (e) => {
    inside = 0;
    light(false);
    if (!accepts()) return;
    e.preventDefault();
    const drag = view.drag;
    view.drag = null;
    const item = view.root.querySelector(`.cs-card[data-id="${Number(drag.id)}"]`);
    if (item) markMoving(item);
    view.send("move", { id: drag.id, version: drag.version, from: drag.from, to: stage });
  });
  section.csReset = () => {
    inside = 0;
    light(false);
  };
}

function markMoving(item) {
  item.classList.add("is-moving");
  item.setAttribute("aria-busy", "true");
  item.draggable = false;
  // The next data ends the moving look; should none come (a dialog closed without a
  // rerun), the card stops looking busy after a while.
  setTimeout(() => {
    item.classList.remove("is-moving");
    item.removeAttribute("aria-busy");
    item.draggable = true;
  }, MOVING_FALLBACK_MS);
}

// ---- what survives a redraw ---------------------------------------------------------------

function remember(root) {
  const kept = { left: 0, tops: {}, focus: null };
  const columns = root.querySelector(".cs-columns");
  if (columns) kept.left = columns.scrollLeft;
  for (const list of root.querySelectorAll(".cs-cards")) kept.tops[list.dataset.stage] = list.scrollTop;
  const active = root.getRootNode().activeElement;
  if (active && root.contains(active)) {
    const owner = active.closest("[data-focus]");
    kept.focus = owner ? owner.dataset.focus : null;
    const list = active.closest(".cs-cards");
    // "Show more" may be gone once all cards show: the first card it brought takes the focus.
    if (list) kept.next = { stage: list.dataset.stage, index: list.querySelectorAll(".cs-card").length };
  }
  return kept;
}

function restore(root, kept) {
  const columns = root.querySelector(".cs-columns");
  if (columns) columns.scrollLeft = kept.left;
  for (const list of root.querySelectorAll(".cs-cards")) {
    const top = kept.tops[list.dataset.stage];
    if (top) list.scrollTop = top;
  }
  if (!kept.focus) return;
  const target = Array.from(root.querySelectorAll("[data-focus]")).find((n) => n.dataset.focus === kept.focus);
  if (target) {
    target.focus();
  } else if (kept.focus.startsWith("more:")) {
    const list = Array.from(root.querySelectorAll(".cs-cards")).find((l) => l.dataset.stage === kept.next?.stage);
    list?.querySelectorAll(".cs-card .cs-name")[kept.next.index]?.focus();
  }
}
