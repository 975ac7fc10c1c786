/** Where the CLI keeps what belongs to the machine, not to a project (generate's run records). */
import { describe, expect, it } from 'vitest';
import { cacheHomeOf } from '../../cli/io.js';

describe('cacheHomeOf', () => {
  it('is $XDG_CACHE_HOME when absolute, else ~/.cache (a relative XDG path is ignored, as the XDG spec says)', () => {
    expect(cacheHomeOf({ XDG_CACHE_HOME: '/var/cache/ci' }, '/home/dev')).toBe('/var/cache/ci');
    expect(cacheHomeOf({}, '/home/dev')).toBe('/home/dev/.cache');
    expect(cacheHomeOf({ XDG_CACHE_HOME: '' }, '/home/dev')).toBe('/home/dev/.cache');
    expect(cacheHomeOf({ XDG_CACHE_HOME: 'node_modules/.cache' }, '/home/dev')).toBe('/home/dev/.cache');
  });
});
