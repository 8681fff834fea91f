import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { HubEnvironment } from '../../config/environment';
import { AgreementRegistry } from './agreement-registry';

// agreements.md: "the hub validates every file at start-up and refuses to start on an invalid
// one (naming file, field and reason)".

const valid = (id: string) => `
id: ${id}
title: Test agreement ${id}
status: active
validFrom: 2026-04-01
recipients: [police.west-yorkshire]
purpose: PUBLIC_PROTECTION
lawfulBasis: "Data Protection Act 2018 Part 3 s.35"
eventTypes: [conviction.recorded]
fields: [subject.names]
`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function registryOver(files: Record<string, string>): () => AgreementRegistry {
  const configDir = mkdtempSync(join(tmpdir(), 'agreements-'));
  dirs.push(configDir);
  mkdirSync(join(configDir, 'agreements'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(configDir, 'agreements', name), text);
  return () => new AgreementRegistry({ configDir } as HubEnvironment);
}

describe('loading config/agreements at start-up', () => {
  it('loads every valid file', () => {
    const registry = registryOver({ 'a.yaml': valid('DSA-A'), 'b.yml': valid('DSA-B') })();
    expect(registry.all().map((a) => a.id)).toEqual(['DSA-A', 'DSA-B']);
    expect(registry.find('DSA-B')?.title).toBe('Test agreement DSA-B');
    expect(registry.find('DSA-C')).toBeUndefined();
  });

  it('refuses to start on an invalid file, naming file, field and reason', () => {
    const load = registryOver({
      'good.yaml': valid('DSA-A'),
      'bad.yaml': valid('DSA-B').replace('status: active', 'status: live'),
    });
    expect(load).toThrow(/bad\.yaml: status: must be one of draft, active, suspended, terminated/);
  });

  it('names every problem of every file in one message', () => {
    const load = registryOver({
      'one.yaml': valid('DSA-A').replace('fields: [subject.names]', 'fields: [subject.shoeSize]'),
      'two.yaml': valid('DSA-B').replace('validFrom: 2026-04-01', 'validFrom: 2026-02-30'),
    });
    expect(load).toThrow(
      /one\.yaml: fields: unknown value\(s\) subject\.shoeSize[\s\S]*two\.yaml: validFrom: must be a date/,
    );
  });

  it('refuses to start on a file with a key the contract does not define, naming file and key', () => {
    const load = registryOver({ 'good.yaml': valid('DSA-A'), 'odd.yaml': `${valid('DSA-B')}colour: blue\n` });
    expect(load).toThrow(/odd\.yaml: colour: unknown field/);
  });

  it('refuses two files with the same id', () => {
    const load = registryOver({ 'a.yaml': valid('DSA-A'), 'b.yaml': valid('DSA-A') });
    expect(load).toThrow(/b\.yaml: id: DSA-A is defined twice/);
  });

  it('names a file that is not YAML at all', () => {
    const load = registryOver({ 'broken.yaml': 'id: [unclosed' });
    expect(load).toThrow(/broken\.yaml: not valid YAML/);
  });
});
