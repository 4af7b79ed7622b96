import { defineConfig } from 'vitest/config'

export default defineConfig({
  define: { __PERP_CHECK_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.1.0') },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    testTimeout: 20000,
  },
})
