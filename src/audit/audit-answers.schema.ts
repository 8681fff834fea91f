import { AUDIT_ACTIONS } from './audit-entry';
import { anyObject, listOf, namedSchema, nullableText, objectOf, pageOf, text } from '../common/openapi/named-schemas';

const int = { type: 'integer' as const };

/** AuditItem (audit-query.ts) as /openapi.json gives it. */
export const AUDIT_ENTRY = namedSchema(
  'AuditEntry',
  objectOf(
    'One row of the statutory log',
    {
      id: text(),
      at: text(undefined, { format: 'date-time' }),
      action: text(undefined, { enum: [...AUDIT_ACTIONS] }),
      operation: text(),
      agency: text(),
      actorSub: text(),
      subjectId: nullableText(),
      justification: nullableText(),
      agreementIds: listOf(text()),
      recipients: listOf(text()),
      correlationId: nullableText(),
      details: anyObject('What the operation recorded'),
      chain: int,
      seq: int,
      hash: text(),
      erasedAt: nullableText('When an erasure removed subjectId and justification from this row'),
    },
    ['id', 'at', 'action', 'operation', 'agency'],
  ),
);

export const AUDIT_PAGE = namedSchema('AuditPage', pageOf(AUDIT_ENTRY, 'The log, newest first'));

const BROKEN_LINK = objectOf('Where a chain first breaks', { chain: int, seq: int, auditId: text(), reason: text() });

export const AUDIT_VERIFICATION = namedSchema(
  'AuditVerification',
  objectOf(
    'Every hash chain walked',
    { ok: { type: 'boolean' }, checked: int, chains: int, erased: int, firstBrokenAt: BROKEN_LINK, tookMs: int },
    ['ok', 'checked'],
  ),
);

export const AUDIT_CHECKPOINT = namedSchema(
  'AuditCheckpoint',
  objectOf(
    'The chain heads, signed: keep it outside the hub',
    {
      checkpoint: text('Compact JWS (EdDSA; keys at /.well-known/jwks.json)'),
      issuedAt: text(undefined, { format: 'date-time' }),
      heads: listOf(objectOf('', { chain: int, seq: int, hash: text() })),
    },
    ['checkpoint', 'issuedAt', 'heads'],
  ),
);

export const CHECKPOINT_VERIFICATION = namedSchema(
  'AuditCheckpointVerification',
  objectOf(
    'The log against a checkpoint kept outside the hub',
    {
      ok: { type: 'boolean' },
      issuedAt: text(undefined, { format: 'date-time' }),
      headsMatched: int,
      headsAnchored: int,
      firstAnchorBroken: objectOf('', { chain: int, seq: int, reason: text() }),
      chains: AUDIT_VERIFICATION,
    },
    ['ok'],
  ),
);
