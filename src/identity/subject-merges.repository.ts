import type { EntityManager } from 'typeorm';
import { sqlRows } from '../database/sql-rows';
import type { IdentityKeysSnapshot } from './identity-keys-snapshot';

/** What each side held before a merge: its keys and areas, stored so an unmerge restores them. */
export type SideBeforeMerge = IdentityKeysSnapshot & { areas: string[] };

/** One merge as recorded: enough to undo it exactly. */
export interface StoredMerge {
  id: string;
  survivorId: string;
  absorbedId: string;
  mergeEventId: string;
  /** The last command id when it was made: later ones arrived while merged. */
  lastCommandId: number;
  absorbedCommandIds: number[];
  survivorBefore: SideBeforeMerge;
  absorbedBefore: SideBeforeMerge;
  unmergedAt: Date | null;
}

interface MergeRow {
  id: string;
  survivor_id: string;
  absorbed_id: string;
  merge_event_id: string;
  last_command_id: string;
  absorbed_command_ids: string[];
  survivor_keys: SideBeforeMerge;
  absorbed_keys: SideBeforeMerge;
  unmerged_at: Date | null;
}

function toStoredMerge(r: MergeRow): StoredMerge {
  return {
    id: r.id,
    survivorId: r.survivor_id,
    absorbedId: r.absorbed_id,
    mergeEventId: r.merge_event_id,
    lastCommandId: Number(r.last_command_id),
    absorbedCommandIds: r.absorbed_command_ids.map(Number),
    survivorBefore: r.survivor_keys,
    absorbedBefore: r.absorbed_keys,
    unmergedAt: r.unmerged_at,
  };
}

export interface NewMerge {
  survivorId: string;
  absorbedId: string;
  reason: string;
  agencyId: string;
  sub: string;
  mergeEventId: string;
  lastCommandId: number;
  absorbedCommandIds: number[];
  survivorBefore: SideBeforeMerge;
  absorbedBefore: SideBeforeMerge;
}

/** `subject_merges`: each merge, what it folded, and whether (and why) it was undone. */
export async function recordMerge(m: EntityManager, merge: NewMerge): Promise<{ id: string; mergedAt: Date }> {
  const [row] = await sqlRows<{ id: string; merged_at: Date }>(
    m,
    `INSERT INTO subject_merges (survivor_id, absorbed_id, reason, merged_by_agency, merged_by_sub, merge_event_id, last_command_id, absorbed_command_ids, survivor_keys, absorbed_keys)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, merged_at`,
    [
      merge.survivorId,
      merge.absorbedId,
      merge.reason,
      merge.agencyId,
      merge.sub,
      merge.mergeEventId,
      merge.lastCommandId,
      merge.absorbedCommandIds,
      JSON.stringify(merge.survivorBefore),
      JSON.stringify(merge.absorbedBefore),
    ],
  );
  return { id: row.id, mergedAt: row.merged_at };
}

/** The latest merge into the survivor matching `which`, locked; ids must already be uuids. */
export async function findMergeForUpdate(
  m: EntityManager,
  survivorId: string,
  which: { mergeId?: string; mergedSubjectId?: string },
): Promise<StoredMerge | null> {
  const [row] = await sqlRows<MergeRow>(
    m,
    `SELECT * FROM subject_merges WHERE survivor_id = $1 AND ($2::uuid IS NULL OR id = $2) AND ($3::uuid IS NULL OR absorbed_id = $3)
      ORDER BY merged_at DESC LIMIT 1 FOR UPDATE`,
    [survivorId, which.mergeId ?? null, which.mergedSubjectId ?? null],
  );
  return row ? toStoredMerge(row) : null;
}

/** A merge into the same survivor made after this one and still standing (it must be undone first). */
export async function laterStandingMerge(m: EntityManager, merge: StoredMerge): Promise<string | null> {
  const [later] = await sqlRows<{ id: string }>(
    m,
    `SELECT id FROM subject_merges WHERE survivor_id = $1 AND unmerged_at IS NULL AND id <> $2 AND merged_at > (SELECT merged_at FROM subject_merges WHERE id = $2) LIMIT 1`,
    [merge.survivorId, merge.id],
  );
  return later?.id ?? null;
}

export async function recordUnmerge(
  m: EntityManager,
  mergeId: string,
  by: { agencyId: string; sub: string; reason: string },
): Promise<Date> {
  const [undone] = await sqlRows<{ unmerged_at: Date }>(
    m,
    `UPDATE subject_merges SET unmerged_at = now(), unmerged_by_agency = $2, unmerged_by_sub = $3, unmerge_reason = $4 WHERE id = $1 RETURNING unmerged_at`,
    [mergeId, by.agencyId, by.sub, by.reason],
  );
  return undone.unmerged_at;
}
