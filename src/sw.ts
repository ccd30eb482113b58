/// <reference lib="webworker" />
import type { PrecacheEntry } from 'workbox-precaching'
import { installPrecache } from './sw/precache'
import { installNavigationFallback } from './sw/navigation'
import { installAuthorityProfileCache } from './sw/authority'
import { installUpdateHandling } from './sw/update'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | PrecacheEntry)[] }

// vite-plugin-pwa replaces `self.__WB_MANIFEST` with the app shell's file list at build time.
installPrecache(self.__WB_MANIFEST)
installNavigationFallback()
installAuthorityProfileCache()
installUpdateHandling(self)
