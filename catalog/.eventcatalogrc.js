// Configuration of @eventcatalog/linter. This repository is an ES module package, so the
// linter's require() of this file yields its module namespace: the settings are named exports.
//
// The Orders domain lists the deprecated Inventory Service on purpose (it is still part of the
// domain until the stock migration is finished), so "referenced service is deprecated" is
// expected for that one file and nowhere else.
export const overrides = [
  {
    files: ['domains/E-Commerce/subdomains/Orders/index.mdx'],
    rules: { 'versions/no-deprecated-references': 'off' },
  },
];
