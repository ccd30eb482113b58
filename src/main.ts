import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { installI18n } from './i18n'
import { installRouter } from './router'
import { registerServiceWorker } from './pwa/registerServiceWorker'
import './styles/tokens.css'
import './styles/base.css'

async function main() {
  const app = createApp(App)
  app.use(createPinia())
  await installI18n(app)
  const router = installRouter(app)
  await router.isReady()
  app.mount('#app')
  if (import.meta.env.PROD) await registerServiceWorker()
}

void main()
