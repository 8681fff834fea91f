import canonicalize from 'canonicalize';
import { todayInLondon } from '../canonical/civil-date';
import { emptySubjectRecord, type SubjectRecord } from '../canonical/subject-record';
import type { NotificationPeriodTable } from '../rules/notification-period-table';
import type { ResponsibilityReference } from '../responsibility/responsibility-reference';
import { applyCommand } from '../subjects/apply-command';
import type { AppliedCommand } from '../subjects/subject-commands.repository';

/**
 * A record rebuilt from the commands that made it, through the same apply function ingestion
 * uses: each fact keeps the provenance it arrived with, and registrations are derived again.
 */
export function replayRecord(
  commands: Pick<AppliedCommand, 'command' | 'provenance'>[],
  table: NotificationPeriodTable,
  responsibility: ResponsibilityReference,
): SubjectRecord {
  let record = emptySubjectRecord();
  commands.forEach(({ command, provenance }, i) => {
    // Each command as of the day it arrived, so the rebuilt record is the one ingestion built.
    record = applyCommand(
      record,
      i === 0,
      command,
      provenance,
      table,
      todayInLondon(new Date(provenance.receivedAt)),
      responsibility,
    ).record;
  });
  return record;
}

/** Equal as stored: JSON (no undefined members), keys in canonical order. */
export function sameRecord(a: SubjectRecord, b: SubjectRecord): boolean {
  return canonicalize(JSON.parse(JSON.stringify(a))) === canonicalize(JSON.parse(JSON.stringify(b)));
}
