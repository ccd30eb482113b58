/**
 * vue-router saves the scroll position with `history.replaceState` on every `pagehide`. Chromium
 * evicts a page from the back/forward cache when its history changes while it is being hidden
 * (reason "IgnoreEventAndEvict"), so no page of the app could enter that cache. A page that does
 * enter it (`persisted`) keeps its scroll position anyway: skip the save then (this listener
 * captures, so it runs before the router's), and give the method back when the page is shown.
 */
export function keepBackForwardCacheEligible(target: Window = window): void {
  const { history } = target
  target.addEventListener('pagehide', (event) => event.persisted && (history.replaceState = () => undefined), { capture: true })
  // The own property shadowed the prototype's method; without it the real one is back.
  target.addEventListener('pageshow', () => delete (history as { replaceState?: unknown }).replaceState)
}
