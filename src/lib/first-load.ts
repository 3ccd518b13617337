/**
 * When a page loads its data: once when it first renders (or on its first show, whichever comes first), then
 * again each time it is shown again (back from another page). Taro fires the first `useDidShow` and the
 * mount effects in an order that differs by platform and framework (on H5 with Preact the first show came
 * ~0.3 s before the effects, which wait for the next frame), and the home page's unread counts used to be
 * fetched by both on every first screen. Pure, so jest tests it; src/lib/use-first-load.ts wires it to hooks.
 */
export interface FirstLoadGate {
  /** the page rendered for the first time: load unless the first show already did */
  mounted(): boolean;
  /** the page was shown: load unless this is the first show and the mount already loaded */
  shown(): boolean;
}

export function firstLoadGate(): FirstLoadGate {
  let loaded = false;
  let shownBefore = false;
  return {
    mounted() {
      if (loaded) return false;
      loaded = true;
      return true;
    },
    shown() {
      const load = shownBefore || !loaded;
      shownBefore = true;
      loaded = true;
      return load;
    },
  };
}
