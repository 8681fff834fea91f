import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SubjectRecord } from '../canonical/subject-record';
import { refileMatchProfile, rekeyStaleProfiles } from './match-profile-store';

/**
 * Files for matching every subject that has a record but no match profile (those that existed
 * before scored matching, or whose filing was lost). A start-up step rather than part of the
 * migration, because migrations import nothing from the application and the blocking keys are
 * application code. Also re-keys profiles filed under an older version of the blocking keys.
 * Idempotent; after the first start it finds nothing.
 */
@Injectable()
export class MatchProfileBackfill implements OnApplicationBootstrap {
  private readonly logger = new Logger(MatchProfileBackfill.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const unfiled: { id: string; record: SubjectRecord }[] = await this.dataSource.query(
      `SELECT s.id, s.record FROM subjects s
        WHERE s.erased_at IS NULL AND s.record ? 'names' AND s.record ? 'dateOfBirth'
          AND NOT EXISTS (SELECT 1 FROM subject_match_profiles p WHERE p.subject_id = s.id)`,
    );
    const run = (sql: string, params: unknown[]) => this.dataSource.query(sql, params);
    for (const { id, record } of unfiled) await refileMatchProfile(run, id, record);
    if (unfiled.length) this.logger.log(`Filed ${unfiled.length} subjects for identity matching`);
    let rekeyed = 0;
    for (let n = -1; n !== 0; rekeyed += n)
      n = await this.dataSource.transaction((m) => rekeyStaleProfiles((sql, params) => m.query(sql, params), 1000));
    if (rekeyed) this.logger.log(`Re-keyed ${rekeyed} subjects under the current blocking keys`);
  }
}
