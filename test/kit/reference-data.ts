import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Short retention, so a test can erase a subject whose records ended years ago. */
export const SHORT_RETENTION = `
recordTypes:
  registration: P1Y
  order: P1Y
  conviction: P1Y
  subject: P0Y
`;

/**
 * A reference-data directory for HUB_REFERENCE_DIR: the shipped tables with retention.yaml
 * replaced by `retentionYaml`.
 */
export function referenceDirWith(retentionYaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-reference-'));
  cpSync('config/reference', dir, { recursive: true });
  writeFileSync(join(dir, 'retention.yaml'), retentionYaml);
  return dir;
}
