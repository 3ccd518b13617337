/**
 * H5 with Preact: aria-* and data-* props of Taro's web components (taro-view-core, …) must stay attributes.
 *
 * Taro's React wrappers (@tarojs/components/lib/react createComponent → attachProps) also copy every prop onto
 * the element as a JavaScript property, `el['aria-checked'] = false`, after each render. Preact writes a prop as a
 * property whenever `name in el`, so from the second render on it updated that stray property and never the
 * attribute: the 大字模式 switch kept aria-checked="false" after it was turned on (found by tests/e2e/me.e2e.test.ts
 * when the app moved to Preact), and 为什么 disclosures and the 消息 badge's label would go stale the same way.
 * React writes attributes for custom elements, so it never showed. After Preact has diffed a custom element, its
 * aria-/data- props are written to the attributes (a no-op when they already match).
 */
import { options } from 'preact';

type Attributes = Pick<Element, 'getAttribute' | 'setAttribute' | 'removeAttribute'>;

/** Writes a custom element's aria-* and data-* props as attributes, as React does (false → "false"). */
export function syncDashedAttributes(el: Attributes, props: Record<string, unknown>): void {
  for (const name in props) {
    if (!name.startsWith('aria-') && !name.startsWith('data-')) continue;
    const value = props[name];
    if (value === null || value === undefined) {
      if (el.getAttribute(name) !== null) el.removeAttribute(name);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const text = String(value);
      if (el.getAttribute(name) !== text) el.setAttribute(name, text);
    }
  }
}

interface DiffedVNode {
  type: unknown;
  props: Record<string, unknown>;
  [key: string]: unknown;
}

/** The element Preact rendered for a vnode (its `_dom`, mangled to `__e` in the published build). */
function elementOf(vnode: DiffedVNode): Attributes | undefined {
  const dom = vnode.__e ?? Object.values(vnode).find((v) => v instanceof Element);
  return dom instanceof Element ? dom : undefined;
}

export function installDashedAttributeSync(): void {
  const hooks = options as unknown as { diffed?: (vnode: DiffedVNode) => void };
  const previous = hooks.diffed;
  hooks.diffed = (vnode) => {
    if (typeof vnode.type === 'string' && vnode.type.includes('-')) {
      const el = elementOf(vnode);
      if (el) syncDashedAttributes(el, vnode.props);
    }
    previous?.(vnode);
  };
}
