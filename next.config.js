/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Lets parallel builds (e.g. two developers' end-to-end runs) use separate output folders.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3'],
  experimental: {
    // proxy.ts runs in front of the API routes, so Next.js buffers request bodies through it and by
    // default keeps only the first 10 MB: a longer chunked body reached the route cut short (bad JSON
    // instead of 413, or a verdict on the first 10 MB). Set a little above the largest route limit
    // (64 MB uploads, app/api/source/import) so that each route's own limit decides: a body cut at
    // this size is still over every route's limit and refused with 413.
    proxyClientMaxBodySize: 65 * 1024 * 1024,
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
