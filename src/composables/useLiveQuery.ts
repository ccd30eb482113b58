import { liveQuery } from 'dexie'
import { onScopeDispose, shallowRef, watch, type Ref, type WatchSource } from 'vue'

/**
 * A Dexie live query as a Vue ref: it updates whenever the tables it read change, in any
 * component or tab. Re-runs when a watched source changes.
 */
export function useLiveQuery<T>(query: () => Promise<T>, initial: T, sources: WatchSource[] = []): Ref<T> {
  const result = shallowRef<T>(initial)
  // Pre-rendering at build time shows the initial value: the build has no device data.
  if (import.meta.env.SSR) return result
  let subscription: { unsubscribe(): void } | undefined
  const subscribe = () => {
    subscription?.unsubscribe()
    subscription = liveQuery(query).subscribe({
      next: (value) => (result.value = value),
      error: () => undefined,
    })
  }
  watch(sources, subscribe, { immediate: true })
  onScopeDispose(() => subscription?.unsubscribe())
  return result
}
