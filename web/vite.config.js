import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// The dev server and `vite preview` forward the API to a running lifeline
// server (default: the demo on port 18080).
const api = { '/api': { target: process.env.LIFELINE_API || 'http://127.0.0.1:18080' } }

export default defineConfig({
  plugins: [vue()],
  define: {
    // Composition-API-only vue-i18n: smaller bundle, no legacy mode.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: { proxy: api },
  preview: { proxy: api },
  build: { outDir: 'dist', assetsDir: 'assets' },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.js'],
  },
})
