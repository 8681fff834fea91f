import type { CanonicalCommand, OffenceFinding, OrderTerms, PersonClaim } from '../../../src/canonical/commands';
import { normaliseCroNumber } from '../../../src/canonical/identifiers/cro-number';
import { normalisePncId } from '../../../src/canonical/identifiers/pnc-id';
import { isConvictingFinding, type Finding } from '../../../src/canonical/findings';
import type { IdentifierScheme, Sentence } from '../../../src/canonical/subject-record';
import type { CourtOutcomeDto, OffenceDto, OrderDto } from './court-outcome.dto';

/** Maps a validated court message to the canonical command it stands for. */
export function toCanonicalCommand(m: CourtOutcomeDto, agencyId: string): CanonicalCommand {
  const person = toPersonClaim(m, agencyId);
  const court = { code: m.court.code, name: m.court.name, level: m.court.level };
  switch (m.messageType) {
    case 'HEARING_RESULTED':
      return {
        kind: 'RECORD_HEARING_RESULT',
        person,
        court,
        caseUrn: m.case.urn,
        hearingDate: m.case.hearingDate,
        findings: (m.offences ?? [])
          .filter((o): o is OffenceDto & { finding: Finding } => isConvictingFinding(o.finding))
          .map((o): OffenceFinding => ({
            sequence: o.sequence,
            offenceCode: o.offenceCode,
            wording: o.wording,
            ...(o.legislation ? { legislation: o.legislation } : {}),
            ...(o.offenceDate ? { offenceDate: o.offenceDate } : {}),
            finding: o.finding,
            convictionDate: o.convictionDate!,
            notificationCertificate: o.notificationCertificate === true,
          })),
        sentence: m.sentence ? toSentence(m.sentence) : null,
        orders: (m.orders ?? []).map(toOrderTerms),
      };
    case 'ORDER_VARIED':
      return {
        kind: 'VARY_ORDER',
        person,
        court,
        order: { ...toOrderTerms(m.orders![0]), variedOn: m.orders![0].variedOn! },
      };
    case 'ORDER_DISCHARGED':
      return {
        kind: 'DISCHARGE_ORDER',
        person,
        court,
        order: { ...toOrderTerms(m.orders![0]), dischargedOn: m.orders![0].dischargedOn! },
      };
  }
}

function toPersonClaim(m: CourtOutcomeDto, agencyId: string): PersonClaim {
  const d = m.defendant;
  const identifiers: { scheme: IdentifierScheme; value: string }[] = [];
  if (d.pncId) {
    const pnc = normalisePncId(d.pncId);
    if (pnc.ok) identifiers.push({ scheme: 'PNC', value: pnc.value });
  }
  if (d.croNumber) {
    const cro = normaliseCroNumber(d.croNumber);
    if (cro.ok) identifiers.push({ scheme: 'CRO', value: cro.value });
  }
  return {
    forenames: d.name.forenames.trim(),
    surname: d.name.surname.trim(),
    aliases: (d.aliases ?? []).map((a) => ({ forenames: a.forenames.trim(), surname: a.surname.trim() })),
    dateOfBirth: d.dateOfBirth,
    ...(d.sex ? { sex: d.sex } : {}),
    ...(d.nationality ? { nationality: d.nationality } : {}),
    identifiers,
    // A court's defendant id is only unique within that court's system.
    sourceReference: { source: `COURT_DEFENDANT:${agencyId}`, value: d.courtDefendantId },
    ...(d.address ? { address: { ...d.address } } : {}),
    statedAt: m.sentAt,
  };
}

function toSentence(s: NonNullable<CourtOutcomeDto['sentence']>): Sentence {
  return {
    sentenceDate: s.sentenceDate,
    disposal: s.disposal,
    ...(s.custodialTermMonths !== undefined ? { custodialTermMonths: s.custodialTermMonths } : {}),
    ...(s.life !== undefined ? { life: s.life } : {}),
    ...(s.restrictionOrder !== undefined ? { restrictionOrder: s.restrictionOrder } : {}),
    ...(s.dischargeMonths !== undefined ? { dischargeMonths: s.dischargeMonths } : {}),
  };
}

function toOrderTerms(o: OrderDto): OrderTerms {
  return {
    orderRef: o.orderRef,
    orderType: o.orderType,
    madeOn: o.madeOn,
    duration: { ...o.duration },
    prohibitions: (o.prohibitions ?? []).map((p) => ({
      code: p.code,
      text: p.text,
      ...(p.countries ? { countries: p.countries } : {}),
      ...(p.until ? { until: p.until } : {}),
    })),
    passportSurrender: o.passportSurrender === true,
  };
}
