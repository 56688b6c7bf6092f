import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is static files served by server.ts, same origin as /graphql (no CORS, no token in URLs).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    // one stable chunk for React + the design system: cached across releases, shared by every route
    rollupOptions: {
      output: {
        manualChunks: (id) => (/node_modules\/(react|react-dom|scheduler)\//.test(id) ? 'react' : undefined),
      },
    },
  },
  server: { proxy: { '/graphql': process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000' } },
});
