/** @type {import('@eventcatalog/core/bin/eventcatalog.config').Config} */
export default {
  cId: 'b3c2c0d5-6a8e-4f43-9d1e-2f6c1a7e5b90',
  title: 'Acme Inc — Order System',
  tagline: 'Events, commands and queries of the Acme order system, as run on RabbitMQ by catwire.',
  organizationName: 'Acme Inc',
  homepageLink: 'https://eventcatalog.dev/',
  editUrl: 'https://github.com/acme/catwire/edit/main/catalog',
  port: 3000,
  outDir: 'dist',
  base: '/',
  trailingSlash: false,
  docs: {
    sidebar: {
      type: 'TREE_VIEW',
    },
  },
  mermaid: {
    iconPacks: ['logos'],
  },
  environments: [
    { name: 'Development', url: 'http://localhost:3000', description: 'Exchanges named *.dev.*', shortName: 'Dev' },
    { name: 'Test', url: 'http://localhost:3000', description: 'Exchanges named *.test.*', shortName: 'Test' },
    { name: 'Production', url: 'http://localhost:3000', description: 'Exchanges named *.prod.*', shortName: 'Prod' },
  ],
};
