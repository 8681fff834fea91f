import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { sqlRows } from '../database/sql-rows';

/** Where the import of one file (by content hash, source and sending agency) has reached. */
export interface ImportCheckpoint {
  fileSha256: string;
  adapter: string;
  agencyId: string;
  filePath: string;
  /** The next line to read (1-based) and the byte it starts at. */
  nextLine: number;
  byteOffset: number;
  accepted: number;
  rejected: number;
  finishedAt: string | null;
}

export type ImportKey = Pick<ImportCheckpoint, 'fileSha256' | 'adapter' | 'agencyId'>;

function toCheckpoint(r: Record<string, any>): ImportCheckpoint {
  return {
    fileSha256: r.file_sha256,
    adapter: r.adapter,
    agencyId: r.agency_id,
    filePath: r.file_path,
    nextLine: Number(r.next_line),
    byteOffset: Number(r.byte_offset),
    accepted: Number(r.accepted),
    rejected: Number(r.rejected),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  };
}

/**
 * The bulk import's checkpoints (import_checkpoints). `advance` runs in the transaction that
 * commits the lines it counts, so the checkpoint never runs ahead of, or behind, what is stored.
 */
@Injectable()
export class ImportCheckpoints {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(key: ImportKey): Promise<ImportCheckpoint | null> {
    const [row] = await sqlRows(
      this.dataSource.manager,
      `SELECT * FROM import_checkpoints WHERE file_sha256 = $1 AND adapter = $2 AND agency_id = $3`,
      [key.fileSha256, key.adapter, key.agencyId],
    );
    return row ? toCheckpoint(row) : null;
  }

  /** The checkpoint of a new import, at the first line (an existing one is left as it is). */
  async start(key: ImportKey, filePath: string): Promise<ImportCheckpoint> {
    await this.dataSource.query(
      `INSERT INTO import_checkpoints (file_sha256, adapter, agency_id, file_path) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING`,
      [key.fileSha256, key.adapter, key.agencyId, filePath],
    );
    return (await this.find(key))!;
  }

  async advance(
    manager: EntityManager,
    key: ImportKey,
    to: { nextLine: number; byteOffset: number; accepted: number; rejected: number; filePath: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE import_checkpoints
          SET next_line = $4, byte_offset = $5, accepted = accepted + $6, rejected = rejected + $7, file_path = $8, updated_at = now()
        WHERE file_sha256 = $1 AND adapter = $2 AND agency_id = $3`,
      [key.fileSha256, key.adapter, key.agencyId, to.nextLine, to.byteOffset, to.accepted, to.rejected, to.filePath],
    );
  }

  async finish(key: ImportKey): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_checkpoints SET finished_at = now(), updated_at = now() WHERE file_sha256 = $1 AND adapter = $2 AND agency_id = $3`,
      [key.fileSha256, key.adapter, key.agencyId],
    );
  }
}
