import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DisclosurePolicy } from '../agreements/disclosure-policy';
import { agreementAllowsFlow } from '../agreements/agreement';
import { AgreementRegistry } from '../agreements/agreement-registry';
import { projectForAgreements } from '../agreements/projection';
import type { Caller } from '../auth/agency';
import { AuditLog } from '../audit/audit-log';
import { todayInLondon } from '../canonical/civil-date';
import { normaliseIdentifier } from '../canonical/identifiers/identifier';
import type { IdentifierScheme } from '../canonical/subject-record';
import { ProblemException } from '../common/problem';
import { nameKey } from '../subjects/name-key';
import { subjectFacts } from '../subjects/subject-facts';
import { canonicalView, toReadModel } from '../subjects/subject-read-model';
import { SubjectRepository } from '../subjects/subject.repository';
import type { CheckRequestDto } from './check.dto';
import { PNC_UPSTREAM, UpstreamUnavailable, type PncUpstream, type UpstreamNominal } from './pnc-upstream.port';

export interface CheckMatch {
  subjectId: string | null;
  pncId?: string;
  confidence: number;
  basis: 'IDENTIFIER' | 'NAME_AND_DATE_OF_BIRTH';
  sources: ('hub' | 'pnc')[];
  summary: Record<string, unknown>;
}

/**
 * PNC-like checks (api.md): the hub's records and the PNC-like upstream, merged. A hub match is
 * shown only if an agreement in force lets the caller see that subject (and then projected by
 * it); otherwise it is left out, revealing nothing. The upstream failing degrades, not fails.
 */
@Injectable()
export class ChecksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly subjects: SubjectRepository,
    private readonly policy: DisclosurePolicy,
    private readonly agreements: AgreementRegistry,
    private readonly audit: AuditLog,
    @Inject(PNC_UPSTREAM) private readonly upstream: PncUpstream,
  ) {}

  async run(caller: Caller, request: CheckRequestDto) {
    await this.policy.refresh();
    const today = todayInLondon();
    if (!this.agreements.all().some((a) => a.purpose === request.purpose && a.recipients.includes(caller.agency.id) && agreementAllowsFlow(a, today))) {
      throw new ProblemException(403, 'Forbidden', 'No agreement in force gives your agency that purpose', [{ path: 'purpose', message: 'is not the purpose of an agreement in force naming your agency' }]);
    }
    const identifiers = normalisedIdentifiers(request);
    const [hub, upstream] = await Promise.all([this.searchHub(caller, request, identifiers), this.searchUpstream(request, identifiers)]);

    // One match per person: an upstream nominal the hub already holds adds its source, not a row.
    const matches: CheckMatch[] = [...hub];
    for (const nominal of upstream.nominals) {
      const held = matches.find((m) => m.pncId === nominal.pncId);
      if (held) held.sources.push('pnc');
      else matches.push(upstreamMatch(nominal, identifiers));
    }
    const outcome = matches.length === 0 ? 'NO_TRACE' : matches.some((m) => m.confidence >= 0.9) && matches.length === 1 ? 'MATCH' : matches.some((m) => m.basis === 'IDENTIFIER') ? 'MATCH' : 'POSSIBLE_MATCH';
    const sources: ('hub' | 'pnc')[] = upstream.degraded ? ['hub'] : ['hub', 'pnc'];

    const checkId = await this.dataSource.transaction(async (m) => {
      const [row] = await m.query(
        `INSERT INTO checks (agency_id, actor_sub, purpose, justification, outcome, sources, degraded, subject_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [caller.agency.id, caller.sub, request.purpose, request.justification, outcome, sources, upstream.degraded ? ['pnc'] : [], matches.map((x) => x.subjectId).filter(Boolean)],
      );
      const subjectIds = matches.map((x) => x.subjectId).filter((id): id is string => !!id);
      await this.audit.record(
        (subjectIds.length ? subjectIds : [null]).map((subjectId) => ({
          action: 'CONSULTATION' as const,
          operation: 'check.run',
          agencyId: caller.agency.id,
          actorSub: caller.sub,
          subjectId,
          justification: request.justification,
          correlationId: row.id,
          details: { purpose: request.purpose, outcome, sources, degraded: upstream.degraded ? ['pnc'] : [] },
        })),
        m,
      );
      return row.id as string;
    });

    return {
      checkId,
      outcome,
      matches: matches.map(({ basis: _basis, ...rest }) => rest),
      sources,
      ...(upstream.degraded ? { degraded: ['pnc'], degradedReason: upstream.reason } : {}),
    };
  }

  private async searchHub(caller: Caller, request: CheckRequestDto, identifiers: { scheme: string; value: string }[]): Promise<CheckMatch[]> {
    let basis: CheckMatch['basis'] = 'IDENTIFIER';
    let ids: string[] = [];
    if (identifiers.length) {
      const rows = await this.dataSource.query(
        `SELECT DISTINCT subject_id FROM subject_identifiers WHERE (scheme, value) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [identifiers.map((i) => i.scheme), identifiers.map((i) => i.value)],
      );
      ids = rows.map((r: { subject_id: string }) => r.subject_id);
    }
    if (ids.length === 0) {
      basis = 'NAME_AND_DATE_OF_BIRTH';
      const rows = await this.dataSource.query(`SELECT DISTINCT subject_id FROM subject_name_keys WHERE name_key = $1 AND date_of_birth = $2`, [nameKey(request.subject), request.subject.dateOfBirth]);
      ids = rows.map((r: { subject_id: string }) => r.subject_id);
    }
    const today = todayInLondon();
    const matches: CheckMatch[] = [];
    for (const id of ids) {
      const subject = await this.subjects.findById(id);
      if (!subject) continue;
      const allowed = this.policy.applicableAgreements(caller.agency.id, subjectFacts(subject, today), null, today);
      if (allowed.length === 0) continue; // not the caller's to see: not revealed
      const pncId = subject.record.identifiers.find((i) => i.scheme === 'PNC')?.value;
      matches.push({
        subjectId: id,
        ...(pncId ? { pncId } : {}),
        confidence: basis === 'IDENTIFIER' ? 1 : ids.length === 1 ? 0.9 : 0.6,
        basis,
        sources: ['hub'],
        summary: toReadModel(id, projectForAgreements(canonicalView(subject.record, today), allowed)),
      });
    }
    return matches;
  }

  private async searchUpstream(request: CheckRequestDto, identifiers: { scheme: string; value: string }[]): Promise<{ nominals: UpstreamNominal[]; degraded: boolean; reason?: string }> {
    try {
      const pnc = identifiers.find((i) => i.scheme === 'PNC');
      if (pnc) {
        const nominal = await this.upstream.get(pnc.value);
        return { nominals: nominal ? [nominal] : [], degraded: false };
      }
      const { surname, forenames, dateOfBirth } = request.subject;
      return { nominals: await this.upstream.search({ surname, forenames, dateOfBirth }), degraded: false };
    } catch (e) {
      if (e instanceof UpstreamUnavailable) return { nominals: [], degraded: true, reason: e.message };
      throw e;
    }
  }
}

function normalisedIdentifiers(request: CheckRequestDto): { scheme: string; value: string }[] {
  return (request.subject.identifiers ?? []).map((i, index) => {
    const normalised = normaliseIdentifier(i.scheme as IdentifierScheme, i.value);
    if (!normalised.ok) {
      throw new ProblemException(422, 'Unprocessable Content', 'An identifier is not valid', [{ path: `subject.identifiers[${index}].value`, message: `not a valid ${i.scheme} identifier: ${normalised.reason}` }]);
    }
    return { scheme: i.scheme, value: normalised.value };
  });
}

/** A nominal only the PNC holds: no subject id; its identity details and warning markers. */
function upstreamMatch(n: UpstreamNominal, identifiers: { scheme: string; value: string }[]): CheckMatch {
  const byId = identifiers.some((i) => i.scheme === 'PNC' && i.value === n.pncId);
  return {
    subjectId: null,
    pncId: n.pncId,
    confidence: byId ? 1 : 0.9,
    basis: byId ? 'IDENTIFIER' : 'NAME_AND_DATE_OF_BIRTH',
    sources: ['pnc'],
    summary: { pncId: n.pncId, names: n.names, dateOfBirth: n.dateOfBirth, ...(n.warningSignals ? { warningSignals: n.warningSignals } : {}) },
  };
}
