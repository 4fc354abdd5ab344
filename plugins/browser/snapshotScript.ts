// The in-page script of browser_snapshot: a compact accessibility-tree text where each actionable element has a ref.
// Kept as source text (it runs inside the page, not in Node); refs are stored on elements as `data-dp-ref`.

/** The attribute that carries an element's ref (e.g. `e12`) between a snapshot and the actions that use it. */
export const REF_ATTRIBUTE = 'data-dp-ref';

/** What the script returns: one line per element, how many got refs, and the page title and URL. */
export interface SnapshotData {
  lines: string[];
  refs: number;
  title: string;
  url: string;
}

/**
 * Function source evaluated in the page (argument: the largest number of lines). Refs are stable while an element
 * lives (a new element gets the next number), so a ref stays valid across snapshots until its element is gone.
 * Lines: `[e3] button "Place order"`, `[e4] textbox "Email" value="a@b.c"`, `heading "Checkout" level=2`.
 */
export const SNAPSHOT_SCRIPT = `(maxLines) => {
  const ATTR = ${JSON.stringify(REF_ATTRIBUTE)};
  const w = window;
  w.__dpRefNext = w.__dpRefNext || 1;
  const clean = (s, n) => { s = (s || '').replace(/\\s+/g, ' ').trim(); return s.length > n ? s.slice(0, n - 1) + '…' : s; };
  const q = (s) => JSON.stringify(s);
  const inputRoles = { button: 'button', submit: 'button', reset: 'button', image: 'button', checkbox: 'checkbox',
    radio: 'radio', range: 'slider', number: 'spinbutton', search: 'searchbox', file: 'button', color: 'button' };
  const roleOf = (el) => {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit.split(' ')[0];
    const tag = el.tagName.toLowerCase();
    if (tag === 'a') return el.hasAttribute('href') ? 'link' : null;
    if (tag === 'button' || tag === 'summary') return 'button';
    if (tag === 'select') return el.multiple ? 'listbox' : 'combobox';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'input') { const t = (el.getAttribute('type') || 'text').toLowerCase(); if (t === 'hidden') return null; return inputRoles[t] || 'textbox'; }
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (el.isContentEditable) return 'textbox';
    if (el.hasAttribute('onclick') || el.getAttribute('tabindex') === '0') return 'generic';
    return null;
  };
  const labelText = (el) => {
    const aria = el.getAttribute('aria-label'); if (aria) return aria;
    const by = el.getAttribute('aria-labelledby');
    if (by) { const t = by.split(/\\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' '); if (t.trim()) return t; }
    if (el.labels && el.labels.length) return Array.from(el.labels).map((l) => Array.from(l.childNodes).filter((n) => n !== el && !(n.contains && n.contains(el))).map((n) => n.textContent).join(' ')).join(' ');
    const tag = el.tagName.toLowerCase();
    if (tag === 'input' || tag === 'textarea' || tag === 'select') {
      const t = (el.getAttribute('type') || '').toLowerCase();
      if (t === 'submit' || t === 'button' || t === 'reset') return el.value || t;
      return el.getAttribute('placeholder') || el.getAttribute('title') || el.getAttribute('name') || '';
    }
    if (tag === 'img') return el.getAttribute('alt') || '';
    const text = el.textContent || '';
    if (text.trim()) return text;
    const img = el.querySelector('img[alt]'); if (img) return img.getAttribute('alt');
    return el.getAttribute('title') || '';
  };
  const selector = 'a[href],button,input,select,textarea,summary,h1,h2,h3,h4,h5,h6,[role],[contenteditable=""],[contenteditable="true"],[onclick],[tabindex="0"]';
  const lines = [];
  let refs = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (lines.length >= maxLines) { lines.push('… (more elements not shown; scroll or use browser_extract)'); break; }
    const role = roleOf(el);
    if (!role || role === 'presentation' || role === 'none') continue;
    if (el.checkVisibility ? !el.checkVisibility({ visibilityProperty: true }) : el.getClientRects().length === 0) continue;
    if (el.closest('[aria-hidden="true"]')) continue;
    const name = clean(labelText(el), 80);
    if (role === 'heading') { lines.push('heading ' + q(name) + ' level=' + (el.getAttribute('aria-level') || el.tagName.slice(1))); continue; }
    let ref = el.getAttribute(ATTR);
    if (!ref) { ref = 'e' + (w.__dpRefNext++); el.setAttribute(ATTR, ref); }
    refs++;
    let line = '[' + ref + '] ' + role + (name ? ' ' + q(name) : '');
    const tag = el.tagName.toLowerCase();
    if (tag === 'input' || tag === 'textarea') {
      const t = (el.getAttribute('type') || '').toLowerCase();
      if (t === 'checkbox' || t === 'radio') { if (el.checked) line += ' checked'; }
      else if (t === 'password') { if (el.value) line += ' value=(hidden)'; }
      else if (el.value && !['submit', 'button', 'reset'].includes(t)) line += ' value=' + q(clean(el.value, 60));
    } else if (tag === 'select') {
      const selected = Array.from(el.selectedOptions || []).map((o) => clean(o.textContent, 40));
      const options = Array.from(el.options).slice(0, 12).map((o) => clean(o.textContent, 30));
      line += ' value=' + q(selected.join(', ')) + ' options=' + q(options.join(' | ') + (el.options.length > 12 ? ' | …' : ''));
    } else if (tag === 'a') {
      const href = el.getAttribute('href') || '';
      if (href && !href.startsWith('javascript:')) line += ' href=' + q(clean(href, 80));
    }
    if (el.disabled || el.getAttribute('aria-disabled') === 'true') line += ' disabled';
    if (el.getAttribute('aria-expanded')) line += ' expanded=' + el.getAttribute('aria-expanded');
    lines.push(line);
  }
  return { lines, refs, title: document.title, url: location.href };
}`;
