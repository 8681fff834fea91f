import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseSigningKeySet, retire, rotate, type SigningKeySet } from '../auth/signing-key-set';
import { EXIT, type CliCommand, type CliIo } from './cli-io';

const FILE_HELP =
  'FILE defaults to HUB_SIGNING_KEY_FILE. On Kubernetes, copy the hub-signing-key Secret out, run this\non the copy and apply it back (docs/operations.md "Rotate the hub\'s signing key"); running hubs\nre-read the file when the Secret changes.';

export const keysRotate: CliCommand = {
  name: 'keys:rotate',
  summary: 'add a new signing key; the old one stays published for an overlap, then retires',
  usage: 'hub keys:rotate [--file FILE] [--activate-after 1h] [--overlap 7d]',
  help: `Adds a new Ed25519 key to the signing key set. The JWKS publishes it at once; the hub signs with it
from --activate-after on (time for every pod and every receiver's JWKS cache to see it first).
Every older key gets an expiry --overlap after that, when it leaves the JWKS. Durations: 0, or a
number with s, m, h or d. ${FILE_HELP}\nExit 0 when written.`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { file: { type: 'string' }, 'activate-after': { type: 'string' }, overlap: { type: 'string' } },
    });
    const activateAfter = parseSeconds(values['activate-after'] ?? '1h');
    const overlap = parseSeconds(values.overlap ?? '7d');
    const file = keyFile(values.file, io);
    if (activateAfter === undefined || overlap === undefined || !file) {
      io.err(`Usage: ${this.usage}`);
      return EXIT.usage;
    }
    const now = nowSeconds();
    const { set, added } = rotate(readSet(file), now, activateAfter, overlap);
    writeSet(file, set);
    io.out(`Added key ${added.kid}, signing from ${iso(added.nbf!)}; ${file} now holds:`);
    describe(set, io);
    return EXIT.ok;
  },
};

export const keysRetire: CliCommand = {
  name: 'keys:retire',
  summary: 'remove signing keys whose overlap has ended (or, with --force, all but the active key)',
  usage: 'hub keys:retire [--file FILE] [--force]',
  help: `Removes from the signing key set every key past its expiry (the JWKS already leaves them out).
--force also removes every key but the one signing now, ending the overlap at once (a leaked key):
receivers then refuse deliveries still signed with it, so use it only when that is the point.
${FILE_HELP}\nExit 0 when written, 1 when no key would remain.`,
  async run(args, io) {
    const { values } = parseArgs({ args, options: { file: { type: 'string' }, force: { type: 'boolean' } } });
    const file = keyFile(values.file, io);
    if (!file) {
      io.err(`Usage: ${this.usage}`);
      return EXIT.usage;
    }
    const { set, removed } = retire(readSet(file), nowSeconds(), values.force ?? false);
    writeSet(file, set);
    io.out(`Retired ${removed.length ? removed.join(', ') : 'no key'}; ${file} now holds:`);
    describe(set, io);
    return EXIT.ok;
  },
};

function keyFile(given: string | undefined, io: CliIo): string | undefined {
  const file = given ?? io.env.HUB_SIGNING_KEY_FILE;
  return file ? resolve(file) : undefined;
}

function readSet(file: string): SigningKeySet {
  return parseSigningKeySet(readFileSync(file, 'utf8'), file);
}

/** Written beside the file and renamed over it, so a hub re-reading it never sees half a file. */
function writeSet(file: string, set: SigningKeySet): void {
  const tmp = join(dirname(file), `.${process.pid}.${Date.now()}.keys.tmp`);
  writeFileSync(tmp, `${JSON.stringify(set, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  renameSync(tmp, file);
}

function describe(set: SigningKeySet, io: CliIo): void {
  for (const k of set.keys) {
    const from = k.nbf === undefined ? 'always' : iso(k.nbf);
    io.out(`  ${k.kid}  signs from ${from}${k.exp === undefined ? '' : `, published until ${iso(k.exp)}`}`);
  }
}

const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

function parseSeconds(value: string): number | undefined {
  if (value === '0') return 0;
  const m = /^(\d+)(s|m|h|d)$/.exec(value);
  return m ? Number(m[1]) * UNIT_S[m[2]] : undefined;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
