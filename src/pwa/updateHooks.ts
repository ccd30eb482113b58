type BeforeUpdateHook = () => Promise<void> | void

const hooks = new Set<BeforeUpdateHook>()

/**
 * Registers work that must finish before a new app version replaces this page, such as saving
 * an open form. Returns a function that removes the hook again (call it on unmount).
 */
export function onBeforeAppUpdate(hook: BeforeUpdateHook): () => void {
  hooks.add(hook)
  return () => hooks.delete(hook)
}

/** Runs every registered hook; a failing hook stops the update so nothing unsaved is lost. */
export async function runBeforeAppUpdateHooks(): Promise<void> {
  for (const hook of hooks) await hook()
}
