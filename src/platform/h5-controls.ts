/**
 * H5 only: Taro renders <Button> as a `taro-button-core` element with no role, so screen readers read it as
 * text and the keyboard cannot reach it; Views with role=button (ListRow, 消息, …) are not activated by the
 * keyboard either. One place fixes both for every page: buttons get role=button, tabindex and
 * aria-disabled; Enter / Space on a focused custom role=button element clicks it.
 */
const BUTTON = 'taro-button-core';
/** custom controls (Views with a role) that Enter / Space must activate, as a native control would */
const KEY_ACTIVATED_ROLES = new Set(['button', 'switch', 'checkbox', 'radio', 'tab']);

function announce(el: Element): void {
  if (el.getAttribute('role') !== 'button') el.setAttribute('role', 'button');
  const disabled = el.hasAttribute('disabled') && el.getAttribute('disabled') !== 'false';
  const tabindex = disabled ? '-1' : '0';
  if (el.getAttribute('tabindex') !== tabindex) el.setAttribute('tabindex', tabindex);
  if (disabled) el.setAttribute('aria-disabled', 'true');
  else el.removeAttribute('aria-disabled');
}

export function installH5Controls(doc: Document): void {
  if (!doc.body) {
    doc.addEventListener('DOMContentLoaded', () => installH5Controls(doc), { once: true });
    return;
  }
  const all = () => doc.querySelectorAll(BUTTON).forEach(announce);
  all();
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && (r.target as Element).tagName?.toLowerCase() === BUTTON) announce(r.target as Element);
      else if (r.type === 'childList' && r.addedNodes.length > 0) {
        all();
        return;
      }
    }
  }).observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
  doc.addEventListener('keydown', (e) => {
    const el = e.target as HTMLElement | null;
    if (!el || (e.key !== 'Enter' && e.key !== ' ')) return;
    if (!KEY_ACTIVATED_ROLES.has(el.getAttribute('role') ?? '')) return;
    if (el instanceof HTMLButtonElement || el.getAttribute('aria-disabled') === 'true') return;
    e.preventDefault();
    el.click();
  });
}
