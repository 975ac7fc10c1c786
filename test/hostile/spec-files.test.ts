/**
 * Spec files that are not what the catalog says they are (issue 11, item 8), through the built
 * CLI: each is named for what it is, with an exit of 1 and no parser internals, in validate,
 * generate and check alike.
 */
import { BASE_FILES, type FileMap } from '../helpers/catalog-fixture.js';
import { hostileSuite } from './harness.js';

const attached = (type: 'asyncapi' | 'openapi', text: string): FileMap => ({
  ...BASE_FILES,
  'services/Producer/index.mdx': {
    id: 'producer', name: 'Producer', version: '1.0.0', summary: 'Sends', owners: ['core'],
    sends: [{ id: 'thing-happened', version: '1.0.0' }],
    specifications: [{ type, path: `${type}.yml` }],
  },
  [`services/Producer/${type}.yml`]: text,
});

hostileSuite('spec files of the wrong kind', [
  {
    name: 'an empty AsyncAPI file',
    files: attached('asyncapi', ''),
    exit: 1,
    codes: ['CW022'],
    says: ['the file is empty, so it is no AsyncAPI document'],
  },
  {
    name: 'a JSON array attached as AsyncAPI',
    files: attached('asyncapi', '[1, 2, 3]'),
    exit: 1,
    codes: ['CW022'],
    says: ['the file holds a list, not an AsyncAPI document'],
  },
  {
    name: 'an OpenAPI document attached as AsyncAPI',
    files: attached('asyncapi', 'openapi: 3.0.3\ninfo: {title: x, version: "1"}\npaths: {}\n'),
    exit: 1,
    codes: ['CW022'],
    says: ['the file is an OpenAPI 3.0.3 document, attached as AsyncAPI'],
  },
  {
    name: 'an AsyncAPI document that parses but is invalid',
    files: attached('asyncapi', 'asyncapi: 3.0.0\ninfo: {title: x}\n'),
    exit: 1,
    codes: ['CW063'],
    says: ['the required field "version" is missing'],
  },
]);
