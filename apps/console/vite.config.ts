import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { fontsAsFiles } from './fonts-as-files';

// The console is static files served by server.ts, same origin as /graphql (no CORS, no token in URLs).
export default defineConfig({
  // fonts are files of the console's origin, never `data:` URLs (the CSP's `font-src 'self'`)
  plugins: [react(), fontsAsFiles()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf|eot)$/.test(file) ? false : undefined),
    // one stable chunk for React + the design system: cached across releases, shared by every route
    rollupOptions: {
      output: {
        manualChunks: (id) => (/node_modules\/(react|react-dom|scheduler)\//.test(id) ? 'react' : undefined),
      },
    },
  },
  server: { proxy: { '/graphql': process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000' } },
});
