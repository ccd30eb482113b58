import { onScopeDispose, shallowRef, watch, type Ref } from 'vue'

/** A blob: URL for stored bytes, made when they change and revoked when no longer shown. */
export function useObjectUrl(source: () => { bytes: ArrayBuffer; mimeType: string } | undefined): Ref<string | undefined> {
  const url = shallowRef<string>()
  const revoke = () => {
    if (url.value) URL.revokeObjectURL(url.value)
    url.value = undefined
  }
  watch(
    source,
    (next) => {
      revoke()
      if (next) url.value = URL.createObjectURL(new Blob([next.bytes], { type: next.mimeType }))
    },
    { immediate: true },
  )
  onScopeDispose(revoke)
  return url
}
