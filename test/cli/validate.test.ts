import { afterEach, describe, expect, it } from 'vitest';
import { BASE_FILES, writeCatalog, type FileMap } from '../helpers/catalog-fixture.js';
import { cli, cliProcess } from '../helpers/run-cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function catalog(files: FileMap): string {
  const { root, cleanup } = writeCatalog(files);
  cleanups.push(cleanup);
  return root;
}

const BROKEN: FileMap = {
  ...BASE_FILES,
  'services/Consumer/index.mdx': { id: 'consumer', name: 'Consumer', version: '1.0.0', summary: 'x', owners: ['ghost'], receives: [{ id: 'nope' }] },
};

describe('catwire validate', () => {
  it('exits 0 and prints the summary for a valid catalog', async () => {
    const result = await cli(['validate', catalog(BASE_FILES)]);
    expect(result).toEqual({
      code: 0,
      out: 'catalog: 0 domains, 2 services, 1 events, 0 commands, 0 queries, 0 channels, 0 flows, 0 entities, 0 containers\n✔ 0 errors, 0 warnings\n',
      err: '',
    });
  });

  it('exits 1 and prints every diagnostic in one grammar', async () => {
    const result = await cli(['validate', catalog(BROKEN)]);
    expect(result.code).toBe(1);
    expect(result.out.split('\n')).toEqual([
      'warning CW040 services/Consumer/index.mdx:7 owners[0] — owner "ghost" is neither a team nor a user. Add teams/ghost.mdx or users/ghost.mdx, or name an existing team or user.',
      'error   CW010 services/Consumer/index.mdx:9 receives[0].id — message "nope" does not exist. Point to an existing message id, or add the message.',
      '',
      'catalog: 0 domains, 2 services, 1 events, 0 commands, 0 queries, 0 channels, 0 flows, 0 entities, 0 containers',
      '✖ 1 error, 1 warning',
      '',
    ]);
  });

  it('prints diagnostics and summary as JSON', async () => {
    const result = await cli(['validate', catalog(BROKEN), '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toEqual({
      diagnostics: [
        {
          code: 'CW040', severity: 'warning', file: 'services/Consumer/index.mdx', line: 7, field: 'owners[0]',
          message: 'owner "ghost" is neither a team nor a user', fix: 'Add teams/ghost.mdx or users/ghost.mdx, or name an existing team or user',
        },
        {
          code: 'CW010', severity: 'error', file: 'services/Consumer/index.mdx', line: 9, field: 'receives[0].id',
          message: 'message "nope" does not exist', fix: 'Point to an existing message id, or add the message',
        },
      ],
      summary: { domains: 0, services: 2, events: 1, commands: 0, queries: 0, channels: 0, flows: 0, entities: 0, containers: 0 },
    });
  });

  it.each([
    [['validate', '/no/such/folder'], 'catwire: catalog folder "/no/such/folder" does not exist; pass the folder that holds domains/, services/ or channels/\n'],
    [['validate', '--format', 'xml'], "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json.\n(run catwire --help for usage)\n"],
    [['frobnicate'], "error: unknown command 'frobnicate'\n(run catwire --help for usage)\n"],
  ])('exits 2 on a usage error: %j', async (argv, err) => {
    expect(await cli(argv)).toEqual({ code: 2, out: '', err });
  });

  it('sets the process exit code through the built binary', async () => {
    const ok = await cliProcess(['validate', catalog(BASE_FILES)]);
    const bad = await cliProcess(['validate', catalog(BROKEN)]);
    expect([ok.code, bad.code]).toEqual([0, 1]);
  });
});

describe('catwire inspect', () => {
  it('shows resolved versions and channels per service', async () => {
    const files: FileMap = {
      ...BASE_FILES,
      'channels/things/index.mdx': {
        id: 'things', name: 'Things', version: '1.0.0', summary: 'x', owners: ['core'], address: 'things.{env}', protocols: ['amqp'],
      },
      'services/Consumer/index.mdx': {
        id: 'consumer', name: 'Consumer', version: '1.0.0', summary: 'x', owners: ['core'],
        receives: [{ id: 'thing-happened', version: '1.x', from: [{ id: 'things', parameters: { env: 'prod' } }] }],
      },
    };
    const result = await cli(['inspect', catalog(files), '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).services[0]).toEqual({
      id: 'consumer', name: 'Consumer', version: '1.0.0', file: 'services/Consumer/index.mdx', sends: [],
      receives: [
        { id: 'thing-happened', kind: 'event', requested: '1.x', version: '1.0.0',
          channels: [{ id: 'things', version: '1.0.0', address: 'things.{env}', parameters: { env: 'prod' } }] },
      ],
    });
    const text = await cli(['inspect', catalog(files)]);
    expect(text.out).toBe(
      [
        'Consumer (consumer@1.0.0)',
        '  receives  event  thing-happened  1.0.0  (1.x)  things.{env}',
        '',
        'Producer (producer@1.0.0)',
        '  sends  event  thing-happened  1.0.0',
        '',
      ].join('\n'),
    );
  });
});
