import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi/problem-schema';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Caller } from '../auth/agency';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import { AuditLog } from '../audit/audit-log';
import { AgencyRegistry } from '../auth/agency-registry';
import { DRY_RUN_PARAMETER, dryRunRequested } from '../common/dry-run';
import { ProblemException, RequestValidationException, type ProblemDetails } from '../common/problem';
import { ACCEPTED_RESPONSE, DRY_RUN_ANSWER } from './accepted-response.schema';
import { CommandRejected } from './command-rejected';
import type { DryRunAnswer } from './dry-run-outcome';
import { IdempotencyStore } from './idempotency.store';
import { INBOUND_ADAPTERS, type InboundAdapter } from './inbound-adapter.port';
import { InboundMessageRepository, type InboundMessageToStore } from './inbound-message.repository';
import { inboundAdaptersByName } from './inbound-sources';
import { jsonShapeErrors } from './json-shape';
import { nulCharacterErrors } from './nul-characters';
import { IngestionService } from './ingestion.service';
import { UnparseableBody } from './unparseable-body';
import { IDEMPOTENCY_KEY } from '../common/idempotency-key';

/** `POST /v1/inbound/{source}`: every agency push goes through here to its adapter. */
@ApiTags('inbound')
@ApiBearerAuth()
@Controller('v1/inbound')
export class InboundController {
  private readonly adapters: Map<string, InboundAdapter>;

  constructor(
    @Inject(INBOUND_ADAPTERS) adapters: InboundAdapter[],
    private readonly ingestion: IngestionService,
    private readonly idempotency: IdempotencyStore,
    private readonly messages: InboundMessageRepository,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgencyRegistry,
  ) {
    this.adapters = inboundAdaptersByName(adapters);
  }

  @Post(':source')
  @HttpCode(202)
  @RequireScope('inbound:write')
  // The summary and the list of sources are written from the registered adapters (describeInboundSources).
  @ApiOperation({
    summary: "Push a message in the agency's own format",
    description:
      'Each format is in docs/contracts. Probation eventType and PNC updateType RISK_MANAGEMENT_PLAN_RECORDED carry ' +
      '`plan: { recordedOn, assessmentCompletedOn, meetingId?, summary (≤ 4,000), reviewOn }` (mappa.md): it meets the ' +
      'RISK_MANAGEMENT_PLAN deadline of the assessment it names and raises risk.plan.recorded.',
  })
  @ApiParam({ name: 'source', description: 'The registered inbound adapter for your kind of agency (api.md)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: '1-255 printable ASCII characters; same key + same body replays the first answer',
  })
  @ApiQuery({
    name: DRY_RUN_PARAMETER,
    required: false,
    enum: ['true', 'false'],
    description:
      'true: validate and rehearse the message without keeping anything (nothing stored, delivered, quarantined; ' +
      'the Idempotency-Key is not used up) and answer 200 with what a real post would do (api.md)',
  })
  @ApiResponse({ status: 202, description: 'Kept, applied and its events committed', schema: ACCEPTED_RESPONSE })
  @ApiResponse({
    status: 200,
    description: 'dryRun=true: what a real post would do, none of it kept',
    schema: DRY_RUN_ANSWER,
  })
  @ApiProblems(
    [400, 'Missing Idempotency-Key or unreadable body (quarantined, unless a dry run); dryRun not true or false'],
    [403, 'The token lacks inbound:write, or this source is not for your kind of agency'],
    [409, 'The same key is still being processed'],
    [413, 'Body over 1 MiB'],
    [415, 'Not a media type this source reads (quarantined, unless a dry run)'],
    [
      422,
      'Invalid fields, each named in errors[] (quarantined, unless a dry run); or the key was used with a different body',
    ],
  )
  async receive(
    @Param('source') source: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('content-type') contentType: string | undefined,
    @Query(DRY_RUN_PARAMETER) dryRunValue: unknown,
    @Body() body: unknown,
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentCaller() caller: Caller,
  ) {
    const dryRun = dryRunRequested(dryRunValue);
    const adapter = this.adapters.get(source);
    if (!adapter) throw new ProblemException('INBOUND_SOURCE_UNKNOWN', `There is no inbound adapter called ${source}`);

    // From here the sender is a known agency and its body has been read: every refusal keeps
    // the message, quarantined with its reason (api.md: nothing an agency sent disappears);
    // a dry run's is only answered, the same way, since it asked that nothing be kept.
    // Every body parser keeps the bytes; a text/plain body (Fastify's own parser) is its text.
    const raw = request.rawBody ?? Buffer.from(typeof body === 'string' ? body : '', 'utf8');
    const bodySha256 = createHash('sha256').update(raw).digest('hex');
    const validKey = idempotencyKey !== undefined && IDEMPOTENCY_KEY.test(idempotencyKey) ? idempotencyKey : null;
    // Text that must never leave the hub (a victim section) is taken out of the message kept,
    // whatever becomes of it; the message as sent is kept apart. The hash stays the sent bytes'.
    const kept = adapter.withhold?.(body instanceof UnparseableBody ? null : body, raw) ?? null;
    const stored: InboundMessageToStore = {
      agencyId: caller.agency.id,
      adapter: adapter.name,
      idempotencyKey: validKey,
      sourceMessageId: null,
      contentType: contentType ?? null,
      body: kept ?? raw,
      bodySha256,
      ...(kept ? { sentApart: raw } : {}),
    };

    const refuse = async (problem: ProblemException) =>
      dryRun ? problem : await this.refusal(caller, stored, problem);

    if (adapter.agencyKind !== caller.agency.kind) {
      throw await refuse(
        new ProblemException(
          'INBOUND_SOURCE_FORBIDDEN',
          `A ${caller.agency.kind} agency may not push ${source} messages`,
        ),
      );
    }
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!adapter.contentTypes.includes(mediaType)) {
      throw await refuse(
        new ProblemException('UNSUPPORTED_MEDIA_TYPE', `${source} accepts ${adapter.contentTypes.join(' or ')}`),
      );
    }
    if (!validKey) {
      throw await refuse(
        new ProblemException(
          'IDEMPOTENCY_KEY_REQUIRED',
          'An Idempotency-Key header of 1-255 printable ASCII characters is required',
        ),
      );
    }
    if (body instanceof UnparseableBody) {
      throw await refuse(new ProblemException('BODY_NOT_WELL_FORMED', `The body is not well-formed: ${body.reason}`));
    }

    // A dry run only looks at the key: claiming it would use it up for the real post to follow.
    const claim = dryRun
      ? await this.idempotency.peek(caller.agency.id, adapter.name, validKey, bodySha256)
      : await this.idempotency.claim(caller.agency.id, adapter.name, validKey, bodySha256);
    if (claim.outcome === 'replay' && !dryRun) {
      reply.header('idempotency-replayed', 'true').status(claim.status);
      return claim.body;
    }
    // The same message again while the first is in hand: nothing new to keep, so not quarantined.
    if (claim.outcome === 'in-progress' && !dryRun)
      throw new ProblemException(
        'IDEMPOTENCY_KEY_IN_PROGRESS',
        'A request with this Idempotency-Key is still being processed; retry shortly',
      );
    if (claim.outcome === 'different-body') {
      // The first message keeps the key; this one is kept too, but must not release the key.
      throw await refuse(
        new ProblemException('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different body'),
      );
    }

    let accepted = false;
    try {
      // Parsed JSON only: text formats (XML) are refused whole by their own reader.
      const shape = typeof body === 'string' ? [] : jsonShapeErrors(body);
      if (shape.length) throw await refuse(new RequestValidationException(shape));
      const nul = typeof body === 'string' ? [] : nulCharacterErrors(body);
      if (nul.length) throw await refuse(new RequestValidationException(nul));
      const parsed = adapter.parse(body, {
        agencyId: caller.agency.id,
        agencyAreas: caller.agency.areas,
        knownAgencies: new Set(this.agencies.all().map((a) => a.id)),
      });
      if (!parsed.ok && 'unreadable' in parsed)
        throw await refuse(
          new ProblemException('BODY_NOT_WELL_FORMED', `The body is not well-formed: ${parsed.unreadable}`),
        );
      if (!parsed.ok) throw await refuse(new RequestValidationException(parsed.errors));
      if (dryRun) {
        const subjects = await this.ingestion.rehearse(
          caller,
          { ...stored, sourceMessageId: parsed.sourceMessageId },
          parsed.commands,
          adapter.provenanceKind,
        );
        reply.status(200);
        const answer: DryRunAnswer = {
          valid: true,
          dryRun: true,
          source: adapter.name,
          sourceMessageId: parsed.sourceMessageId,
          idempotencyKey: claim.outcome === 'replay' ? 'replays' : 'unused',
          subjects,
          events: subjects.flatMap((x) => x.events),
        };
        return answer;
      }
      const response = await this.ingestion.ingest(
        caller,
        { ...stored, sourceMessageId: parsed.sourceMessageId },
        parsed.commands,
        adapter.provenanceKind,
      );
      accepted = true;
      return response;
    } catch (e) {
      if (e instanceof CommandRejected) throw await refuse(new RequestValidationException(e.errors));
      throw e;
    } finally {
      // Only accepted results are bound to the key; anything else frees it for a corrected resend
      // (an accepted message's key is completed: there is nothing to release).
      if (!accepted && !dryRun) await this.idempotency.release(caller.agency.id, adapter.name, validKey);
    }
  }

  /** Quarantines the message with the problem; returns the problem to answer with. */
  private async refusal(
    caller: Caller,
    stored: InboundMessageToStore,
    problem: ProblemException,
  ): Promise<ProblemException> {
    await this.reject(caller, stored, problem.document());
    return problem;
  }

  /** Quarantines the message with its reason and logs the collection; nothing sent is lost. */
  private async reject(caller: Caller, stored: InboundMessageToStore, problem: ProblemDetails): Promise<void> {
    // The quarantined message and its COLLECTION row commit together: nothing kept goes unlogged.
    await this.dataSource.transaction(async (m) => {
      const id = await this.messages.quarantine(stored, problem, m);
      await this.audit.record(
        {
          action: 'COLLECTION',
          operation: 'inbound.rejected',
          agencyId: caller.agency.id,
          actorSub: caller.sub,
          correlationId: id,
          details: { adapter: stored.adapter, status: problem.status },
        },
        m,
      );
    });
  }
}
