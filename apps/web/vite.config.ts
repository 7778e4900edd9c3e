import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// `bun run dev` serves the SPA here with live reload and forwards API calls to start:api's port.
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000'

export default defineConfig({
  plugins: [react()],
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: { '/api': apiUrl, '/healthz': apiUrl },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
})
