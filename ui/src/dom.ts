// Small DOM helpers. Content is always set as text (never innerHTML), so record
// text from agencies can never become markup.

type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    } else if (k === 'class') {
      el.className = String(v);
    } else if (k === 'text') {
      el.textContent = String(v);
    } else if (k === 'value' && 'value' in el) {
      (el as unknown as HTMLInputElement).value = String(v);
    } else if (k === 'checked' && 'checked' in el) {
      (el as unknown as HTMLInputElement).checked = Boolean(v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el: Node, ...children: (Child | Child[])[]): void {
  clear(el);
  append(el, children);
}

let uid = 0;
export function nextId(prefix: string): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled form field: <label for> + control. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (!control.id) control.id = nextId('f');
  return h('div', { class: 'field' },
    h('label', { for: control.id, text: label }),
    control,
    hint ? h('div', { class: 'hint', text: hint }) : null,
  );
}

export function button(label: string, onClick: (e: MouseEvent) => void, attrs: Attrs = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** Run a debounced function: later calls within `ms` replace earlier ones. */
export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number): (...a: A) => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return (...a: A) => {
    if (t !== undefined) clearTimeout(t);
    t = setTimeout(() => { t = undefined; fn(...a); }, ms);
  };
}

/** A modal confirmation dialog built on <dialog>; resolves true when confirmed. */
export function confirmDialog(title: string, message: string, confirmLabel: string, danger = false): Promise<boolean> {
  return new Promise((resolve) => {
    const dlg = h('dialog', { class: 'modal', 'aria-labelledby': 'confirm-title' }) as HTMLDialogElement;
    const done = (v: boolean) => { dlg.close(); dlg.remove(); resolve(v); };
    const ok = button(confirmLabel, () => done(true), { class: danger ? 'danger' : 'primary', id: 'confirm-ok' });
    const cancel = button('Cancel', () => done(false), { id: 'confirm-cancel' });
    append(dlg, [
      h('h2', { id: 'confirm-title', text: title }),
      h('p', { text: message }),
      h('div', { class: 'actions' }, cancel, ok),
    ]);
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.appendChild(dlg);
    if (typeof dlg.showModal === 'function') dlg.showModal(); else dlg.setAttribute('open', '');
    cancel.focus();
  });
}

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** A small padlock drawn inline (an emoji lock is missing from many
 *  laptops' fonts and shows as an empty box). `open` draws it unlocked. */
export function padlock(open = false): SVGSVGElement {
  const icon = svg('svg', { viewBox: '0 0 12 14', width: '11', height: '13', 'aria-hidden': 'true', class: 'icon' });
  icon.append(
    svg('path', {
      d: open ? 'M3 6V4a3 3 0 0 1 6 0' : 'M3 6V4a3 3 0 0 1 6 0v2',
      fill: 'none', stroke: 'currentColor', 'stroke-width': '1.6',
    }),
    svg('rect', { x: '1', y: '6', width: '10', height: '7.5', rx: '1.2', fill: 'currentColor' }),
  );
  return icon;
}

/** A day typed the UK way (DD/MM/YYYY): date inputs follow the system's locale, which may not be British. */
export function dayInput(id: string, value = '', placeholder = 'DD/MM/YYYY'): HTMLInputElement {
  return h('input', { type: 'text', id, value, placeholder, inputmode: 'numeric', autocomplete: 'off', class: 'day-input' }) as HTMLInputElement;
}
