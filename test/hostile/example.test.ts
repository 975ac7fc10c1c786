/** The corpus harness on a harmless catalog: a clean run passes every never-happen check. */
import { BASE_FILES } from '../helpers/catalog-fixture.js';
import { hostileSuite } from './harness.js';

hostileSuite('harness', [{ name: 'a clean catalog runs all three commands', files: BASE_FILES, exit: 0 }]);
