import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Agreement } from '../agreements/agreement';
import { DisclosurePolicy, type RecordView } from '../agreements/disclosure-policy';

type Purpose = Agreement['purpose'];
import type { Caller } from '../auth/agency';
import { AuditLog } from '../audit/audit-log';
import { todayInLondon } from '../canonical/civil-date';
import { normaliseIdentifier } from '../canonical/identifiers/identifier';
import type { IdentifierScheme } from '../canonical/subject-record';
import { ProblemException } from '../common/problem';
import { MATCHING_SETTINGS } from '../identity/identity-matching-config';
import { fetchCandidates } from '../identity/match-profile-store';
import { probeBlockingKeys } from '../identity/scoring/blocking-keys';
import type { MatchProfile } from '../identity/scoring/match-profile';
import type { MatchingSettings } from '../identity/scoring/matching-settings';
import { possibleMatches, type MatchEvidence, type PossibleMatch } from '../identity/scoring/possible-matches';
import { SINGLE_VALUED_SCHEMES } from '../identity/scoring/single-valued-schemes';
import { recordView } from '../subjects/subject-record-view';
import { SubjectRepository } from '../subjects/subject.repository';
import type { CheckRequestDto } from './check.dto';
import { checkSummary, nominalSummary, nominalView } from './check-summary';
import { PNC_UPSTREAM, UpstreamUnavailable, type PncUpstream, type UpstreamNominal } from './pnc-upstream.port';

export interface CheckMatch {
  subjectId: string | null;
  pncId?: string;
  /** 1 for an identifier; otherwise the match probability from the hub's identity scoring. */
  confidence: number;
  /** IDENTIFIER, or SCORED: the vocabulary of an event's link basis. */
  basis: 'IDENTIFIER' | 'SCORED';
  /** At or above the link threshold (or by identifier): the hub would link a message to it unaided. */
  linkable: boolean;
  sources: ('hub' | 'pnc')[];
  /** Which comparisons agreed and how much each weighed; never the other person's values. */
  evidence?: MatchEvidence[];
  summary: Record<string, unknown>;
}

/** A check answers with the best few people, as a person reads it, not every weak candidate. */
const MAX_HUB_MATCHES = 10;

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
    private readonly audit: AuditLog,
    @Inject(PNC_UPSTREAM) private readonly upstream: PncUpstream,
    @Inject(MATCHING_SETTINGS) private readonly settings: MatchingSettings,
  ) {}

  async run(caller: Caller, request: CheckRequestDto) {
    // The PNC's own nominals hold no hub facts to judge conditions on: they are shown under the
    // agreements for the check's purpose, projected like a record.
    const forPurpose = await this.policy.disclose(UNHELD_NOMINAL, caller.agency.id, {
      purpose: request.purpose as Purpose,
      unheld: true,
    });
    if (!forPurpose) {
      throw new ProblemException('PURPOSE_NOT_AGREED', 'No agreement in force gives your agency that purpose', [
        { path: 'purpose', message: 'is not the purpose of an agreement in force naming your agency' },
      ]);
    }
    const identifiers = normalisedIdentifiers(request);
    const probe = profileOfSearch(request, identifiers);
    const [hub, upstream] = await Promise.all([
      this.searchHub(caller, probe, identifiers),
      this.searchUpstream(request, identifiers),
    ]);

    // One match per person: an upstream nominal the hub already holds adds its source, not a row.
    const matches: CheckMatch[] = hub.map((h) => h.match);
    for (const nominal of upstream.nominals) {
      const held = hub.find((h) => h.pncId === nominal.pncId);
      if (held) held.match.sources.push('pnc');
      else matches.push(await this.upstreamMatch(caller, request.purpose, nominal, probe, identifiers));
    }
    const outcome = checkOutcome(matches);
    const sources: ('hub' | 'pnc')[] = upstream.degraded ? ['hub'] : ['hub', 'pnc'];
    const subjectIds = matches.map((x) => x.subjectId).filter((id): id is string => !!id);

    const checkId = await this.dataSource.transaction(async (m) => {
      const [row] = await m.query(
        `INSERT INTO checks (agency_id, actor_sub, purpose, justification, outcome, sources, degraded, subject_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          caller.agency.id,
          caller.sub,
          request.purpose,
          request.justification,
          outcome,
          sources,
          upstream.degraded ? ['pnc'] : [],
          subjectIds,
        ],
      );
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
      matches,
      sources,
      ...(upstream.degraded ? { degraded: ['pnc'], degradedReason: upstream.reason } : {}),
    };
  }

  /**
   * The hub's subjects: by identifier when one is held; otherwise scored like an inbound message
   * (blocking, then every comparison), so a misspelt name or a transposed date still finds them.
   */
  private async searchHub(
    caller: Caller,
    probe: MatchProfile,
    identifiers: { scheme: string; value: string }[],
  ): Promise<{ match: CheckMatch; pncId?: string }[]> {
    const byIdentifier = identifiers.length ? await this.subjectsHoldingAny(identifiers) : [];
    const found: Omit<CheckMatch, 'summary' | 'pncId' | 'sources'>[] = byIdentifier.length
      ? byIdentifier.map((subjectId) => ({ subjectId, confidence: 1, basis: 'IDENTIFIER' as const, linkable: true }))
      : (await this.scoredSubjects(probe)).map((p) => ({
          subjectId: p.subjectId,
          confidence: scoredConfidence(p.probability),
          basis: 'SCORED' as const,
          linkable: p.linkable,
          evidence: p.evidence,
        }));
    const today = todayInLondon();
    const subjects = await this.subjects.findByIds(found.map((f) => f.subjectId!));
    const held = found.filter((f) => subjects.has(f.subjectId!));
    const disclosures = await this.policy.discloseEach(
      held.map((f) => recordView(subjects.get(f.subjectId!)!, today)),
      caller.agency.id,
    );
    const matches: { match: CheckMatch; pncId?: string }[] = [];
    held.forEach((match, i) => {
      const disclosure = disclosures[i];
      if (!disclosure || matches.length === MAX_HUB_MATCHES) return; // not the caller's to see: not revealed
      const { summary, pncId: shownPncId } = checkSummary(match.subjectId!, disclosure.record);
      // The PNC id is shown only as the agreements let identifiers go; it still joins the PNC's answer to this row.
      const pncId = subjects.get(match.subjectId!)!.record.identifiers.find((i) => i.scheme === 'PNC')?.value;
      matches.push({
        match: { ...match, ...(shownPncId ? { pncId: shownPncId } : {}), sources: ['hub'], summary },
        ...(pncId ? { pncId } : {}),
      });
    });
    return matches;
  }

  private async subjectsHoldingAny(identifiers: { scheme: string; value: string }[]): Promise<string[]> {
    const rows: { subject_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT subject_id FROM subject_identifiers WHERE (scheme, value) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [identifiers.map((i) => i.scheme), identifiers.map((i) => i.value)],
    );
    return rows.map((r) => r.subject_id);
  }

  private async scoredSubjects(probe: MatchProfile): Promise<PossibleMatch[]> {
    const candidates = await fetchCandidates(
      (sql, params) => this.dataSource.query(sql, params),
      probeBlockingKeys(probe),
      this.settings.maxCandidates,
      this.settings.maxBlockSize,
    );
    return possibleMatches(probe, candidates, this.settings);
  }

  /** A nominal only the PNC holds: no subject id; scored against the search like a hub subject, shown as the caller's agreements allow. */
  private async upstreamMatch(
    caller: Caller,
    purpose: CheckRequestDto['purpose'],
    n: UpstreamNominal,
    probe: MatchProfile,
    identifiers: { scheme: string; value: string }[],
  ): Promise<CheckMatch> {
    const disclosure = await this.policy.disclose({ ...UNHELD_NOMINAL, record: nominalView(n) }, caller.agency.id, {
      purpose: purpose as Purpose,
      unheld: true,
    });
    const { summary, pncId: shownPncId } = nominalSummary(disclosure?.record ?? {});
    const pnc = shownPncId ? { pncId: shownPncId } : {};
    if (identifiers.some((i) => i.scheme === 'PNC' && i.value === n.pncId)) {
      return { subjectId: null, ...pnc, confidence: 1, basis: 'IDENTIFIER', linkable: true, sources: ['pnc'], summary };
    }
    // No review threshold here: the PNC chose the nominal, the score only says how well it fits.
    // One holding an identifier the search contradicts scores nothing (0).
    const [scored] = possibleMatches(probe, [{ subjectId: n.pncId, profile: profileOfNominal(n) }], {
      ...this.settings,
      reviewThreshold: 0,
    });
    return {
      subjectId: null,
      ...pnc,
      confidence: scoredConfidence(scored?.probability ?? 0),
      basis: 'SCORED',
      linkable: scored?.linkable ?? false,
      sources: ['pnc'],
      ...(scored ? { evidence: scored.evidence } : {}),
      summary,
    };
  }

  private async searchUpstream(
    request: CheckRequestDto,
    identifiers: { scheme: string; value: string }[],
  ): Promise<{ nominals: UpstreamNominal[]; degraded: boolean; reason?: string }> {
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
      throw new ProblemException('VALIDATION_FAILED', 'An identifier is not valid', [
        {
          path: `subject.identifiers[${index}].value`,
          message: `not a valid ${i.scheme} identifier: ${normalised.reason}`,
        },
      ]);
    }
    return { scheme: i.scheme, value: normalised.value };
  });
}

/**
 * MATCH: someone held by identifier, or one person alone whom the hub would link unaided.
 * POSSIBLE_MATCH: people worth a look, none certain. NO_TRACE: nobody.
 */
function checkOutcome(matches: CheckMatch[]): 'NO_TRACE' | 'POSSIBLE_MATCH' | 'MATCH' {
  if (matches.length === 0) return 'NO_TRACE';
  if (matches.some((m) => m.basis === 'IDENTIFIER')) return 'MATCH';
  return matches.length === 1 && matches[0].linkable ? 'MATCH' : 'POSSIBLE_MATCH';
}

/** What a check says about the person, as the identity scoring compares it. */
function profileOfSearch(request: CheckRequestDto, identifiers: { scheme: string; value: string }[]): MatchProfile {
  const { forenames, surname, dateOfBirth } = request.subject;
  return {
    names: [{ forenames, surname }],
    datesOfBirth: [dateOfBirth],
    postcodes: [],
    identifiers: identifiers.filter((i) => SINGLE_VALUED_SCHEMES.includes(i.scheme)),
  };
}

/** A PNC nominal, as the identity scoring compares it. */
function profileOfNominal(n: UpstreamNominal): MatchProfile {
  return {
    names: n.names.map(({ forenames, surname }) => ({ forenames, surname })),
    datesOfBirth: [n.dateOfBirth],
    ...(n.sex === 'M' || n.sex === 'F' ? { sex: n.sex } : {}),
    postcodes: [],
    identifiers: [{ scheme: 'PNC', value: n.pncId }, ...(n.croNumber ? [{ scheme: 'CRO', value: n.croNumber }] : [])],
  };
}

/** A nominal the hub does not hold: nothing of the hub's record. */
const UNHELD_NOMINAL: RecordView = {
  subjectId: '',
  facts: { areas: [], mappaCategory: null, hasActiveRegistration: false },
  record: {},
};

/** A match probability to four places, never shown as 1: that is kept for an identifier. */
const scoredConfidence = (p: number) => Math.min(Math.round(p * 10_000) / 10_000, 0.9999);
