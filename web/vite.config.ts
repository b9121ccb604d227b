/// <reference types="vitest/config" />
// Three single-page apps built together: the public portal at /, the staff console at
// /console/ and the inspectors' mobile pages at /m/. The server (zhifa serve --web dist)
// answers each prefix with its own index.html, so every app routes in history mode.
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { VantResolver } from '@vant/auto-import-resolver'

const root = fileURLToPath(new URL('.', import.meta.url))

// Dev server only: the same history fallback the C++ server does in production.
function spaFallback(): Plugin {
  return {
    name: 'zhifa-spa-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '/'
        const path = url.split('?')[0]
        if (path.startsWith('/api/') || path.startsWith('/@') || path.startsWith('/src/') ||
            path.startsWith('/node_modules/') || /\.[a-z0-9]+$/i.test(path)) return next()
        if (path === '/console' || path.startsWith('/console/')) req.url = '/console/index.html'
        else if (path === '/m' || path.startsWith('/m/')) req.url = '/m/index.html'
        else req.url = '/index.html'
        next()
      })
    },
  }
}

export default defineConfig({
  root,
  base: '/',
  appType: 'mpa',
  plugins: [
    vue(),
    Components({
      dts: 'src/components.d.ts',
      resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver()],
    }),
    spaFallback(),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    // The unit tests read fixtures shared with the Python verifier's tests (../tests/python/fixtures).
    fs: process.env.VITEST ? { allow: [fileURLToPath(new URL('..', import.meta.url))] } : undefined,
    proxy: { '/api': { target: process.env.ZHIFA_API ?? 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      input: {
        portal: fileURLToPath(new URL('./index.html', import.meta.url)),
        console: fileURLToPath(new URL('./console/index.html', import.meta.url)),
        m: fileURLToPath(new URL('./m/index.html', import.meta.url)),
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
})
