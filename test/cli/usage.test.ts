import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../support/paths.ts';

/** Runs `tickwork ...args` to its end; no service and no database are needed for any of these. */
function tickwork(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [`${ROOT_DIR}bin/tickwork.js`, ...args], {
    cwd: ROOT_DIR,
    // A URL nothing listens at: a command that reached for the network by mistake would fail, not hang.
    env: { PATH: process.env.PATH ?? '', TICKWORK_URL: 'http://127.0.0.1:9', TICKWORK_KEY: 'tw_not_a_real_key_0123456789', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const COMMANDS: string[][] = [
  ['start'], ['api'], ['worker'], ['migrate'], ['keys', 'create'], ['monitors', 'generate'], ['monitors', 'ls'], ['monitors', 'get'],
  ['secrets', 'reseal'], ['tasks'], ['tasks', 'ls'], ['tasks', 'get'], ['tasks', 'create'], ['tasks', 'pause'], ['tasks', 'resume'],
  ['tasks', 'trigger'], ['tasks', 'rm'], ['runs', 'ls'], ['runs', 'tail'], ['events', 'tail'],
];

describe('the tickwork command line', () => {
  it('prints its version from package.json with --version', () => {
    const { version } = JSON.parse(readFileSync(`${ROOT_DIR}package.json`, 'utf8')) as { version: string };
    const r = tickwork(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`tickwork ${version}\n`);
  });

  // A bad service setting does not stand in the way of reading the help.
  it.each(COMMANDS.map((c) => [c.join(' ')]))('answers "%s --help" with its usage on stdout and exit 0, opening nothing', (command) => {
    const r = tickwork([...command.split(' '), '--help'], { PORT: 'eighty' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: tickwork /);
    expect(r.stderr).toBe('');
  });

  it('lists every command and the client and service settings in "tickwork --help"', () => {
    const top = tickwork(['--help']);
    expect(top.status).toBe(0);
    for (const word of ['tasks ls', 'runs ls', 'events tail', 'monitors ls', 'keys create', 'TICKWORK_URL', 'TICKWORK_KEY', 'DATABASE_URL']) {
      expect(top.stdout).toContain(word);
    }
  });

  const USAGE_ERRORS: [string[], RegExp][] = [
    [['keys', 'create', '--name', 'ci', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['keys', 'create', '--name', 'ci', '--scopes', 'read,fly'], /unknown scope "fly"/],
    [['keys', 'create', '--name'], /'--name <value>' argument missing/],
    [['keys', 'create'], /--name is required/],
    [['keys', 'destroy'], /unknown subcommand "destroy"/],
    [['monitors', 'generate', '--count', 'many', '--target', 'http://127.0.0.1:9/'], /--count must be an integer/],
    [['tasks', 'get'], /missing ID/],
    [['tasks', 'get', 'seven'], /ID must be a positive integer/],
    [['tasks', 'ls', '--limit'], /'--limit <value>' argument missing/],
    [['tasks', 'create', '--every'], /'--every <value>' argument missing/],
    [['tasks', 'create', '--url', 'http://x/', '--header', 'no-colon'], /--header must be "Name: value"/],
    [['runs', 'ls', '--follow'], /--follow goes with runs tail/],
    [['events', 'tail', '--limit', '600'], /--limit must be an integer from 0 to 499/],
    [['start', 'now'], /unexpected argument "now"/],
    [['secrets', 'reseal', '--batch', '0'], /--batch must be an integer from 1/],
    [[], /missing a command/],
  ];
  it.each(USAGE_ERRORS.map(([args, message]) => [args.join(' '), args, message] as const))(
    'exits 2 with the usage on stderr and nothing on stdout for "tickwork %s"',
    (_name, args, message) => {
      const r = tickwork([...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/usage: tickwork|Usage: tickwork/);
      expect(r.stdout).toBe('');
    },
  );

  it('exits 2 naming TICKWORK_KEY when an operator command has no key', () => {
    const r = tickwork(['tasks', 'ls'], { TICKWORK_KEY: '' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/TICKWORK_KEY is not set/);
    expect(r.stdout).toBe('');
  });

  it('says readably on stderr, exit 1, when the API cannot be reached', () => {
    const r = tickwork(['tasks', 'ls']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot reach the tickwork API at http:\/\/127\.0\.0\.1:9/);
    expect(r.stdout).toBe('');
  });
});
