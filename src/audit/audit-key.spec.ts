import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironment } from '../../config/environment';
import { AuditKey } from './audit-key';

describe('the audit chain key (HUB_AUDIT_KEY_FILE)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is required in production: the environment names the variable', () => {
    // The other production keys are given, so the only thing missing is the audit key.
    const otherKeys = { HUB_SIGNING_KEY_FILE: join(dir, 'signing'), HUB_SECRETS_KEY_FILE: join(dir, 'secrets') };
    expect(() => loadEnvironment({ NODE_ENV: 'production', ...otherKeys })).toThrow(
      /HUB_AUDIT_KEY_FILE must be set in production/,
    );
    expect(loadEnvironment({ NODE_ENV: 'production', ...otherKeys, HUB_AUDIT_KEY_FILE: join(dir, 'k') })).toMatchObject(
      { production: true, auditKeyFile: join(dir, 'k') },
    );
  });

  it('in production a missing file stops the hub, naming the file; it is never generated', () => {
    const file = join(dir, 'missing-key');
    expect(() => new AuditKey({ auditKeyFile: file, production: true })).toThrow(
      new RegExp(`HUB_AUDIT_KEY_FILE is required in production: ${file} cannot be read`),
    );
    expect(existsSync(file)).toBe(false);
  });

  it('outside production a missing file is generated (32 random bytes) and then kept', () => {
    const file = join(dir, 'generated-key');
    const first = new AuditKey({ auditKeyFile: file, production: false });
    expect(first.secret).toHaveLength(32);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(first.secret);
    expect(new AuditKey({ auditKeyFile: file, production: false }).secret).toEqual(first.secret);
  });

  it('refuses a key shorter than 32 bytes, naming the file', () => {
    const file = join(dir, 'short-key');
    writeFileSync(file, Buffer.alloc(16, 1).toString('base64'));
    expect(() => new AuditKey({ auditKeyFile: file, production: true })).toThrow(
      `${file}: the audit chain key must be at least 32 random bytes`,
    );
  });
});
