/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Lets parallel builds (e.g. two developers' end-to-end runs) use separate output folders.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3'],
  experimental: {
    // proxy.ts runs in front of every path, and Next.js buffers request bodies through it, keeping
    // only the first N bytes (10 MB by default): a longer chunked body reached /api/diagnose cut
    // short (bad JSON instead of 413, or a verdict on the first 10 MB). A little over the API's
    // 10 MB body limit, so a cut body is still over it and refused with 413 by the route. Not the
    // 64 MB import limit: that would let any request to any page make the server hold 64 MB;
    // uploads skip the proxy instead (see the matcher in proxy.ts) and their route, which runs the
    // same guard itself, counts the bytes.
    proxyClientMaxBodySize: 11 * 1024 * 1024,
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
