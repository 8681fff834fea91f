import { Logger, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { HubEnvironment } from '../config/environment';
import { ApiModule } from './api.module';
import { requestIdOf } from './common/request-id';
import { validationExceptionFactory } from './common/validation-errors';
import { MIN_RETRY_WINDOW_MS, retryWindowMs } from './delivery/retry-schedule';
import { jsonNestsTooDeep, MAX_NESTING_DEPTH } from './common/nesting-depth';
import { UnparseableBody } from './ingestion/unparseable-body';
import { buildOpenApiDocument } from './openapi-document';

export const BODY_LIMIT = 1024 * 1024;

/**
 * Builds the HTTP hub; used by main.ts and the tests alike. HUB_ROLE=api serves the API only;
 * otherwise (all, and a test's sibling 'worker') the background work runs in the same process.
 */
export async function createHubApp(
  env: HubEnvironment,
  options: { logger?: boolean; logStream?: DestinationStream } = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.register(env, { logStream: options.logStream, withBackgroundWork: env.role !== 'api' }),
    new FastifyAdapter(serverOptions(env)),
    {
      bodyParser: false,
      bufferLogs: true,
      // A configuration the hub refuses is thrown to the caller (main.ts prints it), not process.exit.
      abortOnError: false,
      ...(options.logger === false ? { logger: false } : {}),
    },
  );
  if (options.logger !== false) app.useLogger(app.get(PinoLogger));
  registerBodyParsers(app);
  await app.register(fastifyCookie);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: validationExceptionFactory,
    }),
  );
  setUpOpenApi(app, env);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/**
 * Timeouts, so that a client that opens a connection and trickles its headers or body (no
 * token needed for that) cannot hold a socket for ever: the whole request must arrive within
 * HUB_REQUEST_TIMEOUT_MS (408), a silent socket closes after HUB_CONNECTION_TIMEOUT_MS.
 */
function serverOptions(env: HubEnvironment) {
  return {
    bodyLimit: BODY_LIMIT,
    genReqId: requestIdOf,
    requestTimeout: env.requestTimeoutMs,
    connectionTimeout: env.connectionTimeoutMs,
    keepAliveTimeout: env.keepAliveTimeoutMs,
    http: {
      requestTimeout: env.requestTimeoutMs,
      headersTimeout: env.requestTimeoutMs,
      // Node checks those deadlines only every 30 s by default; check often enough to honour them.
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(env.requestTimeoutMs / 4))),
    },
  };
}

/**
 * JSON (and XML as text) with the raw bytes kept for idempotency fingerprints and quarantine.
 * On inbound routes a malformed body is not refused here: it continues as UnparseableBody so
 * the sender is authenticated first and the message is quarantined with its agency.
 */
function registerBodyParsers(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const keepRaw = (req: { rawBody?: Buffer }, body: Buffer) => {
    req.rawBody = body;
  };
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (req, body, done) => {
    keepRaw(req as { rawBody?: Buffer }, body as Buffer);
    const text = (body as Buffer).toString('utf8');
    // An empty body is not JSON: on inbound routes it is quarantined as unreadable (400).
    if (!text.trim() && req.url.startsWith('/v1/inbound/')) return done(null, new UnparseableBody('empty body'));
    // Checked without recursion before anything recursive (validation, JSON.stringify) sees it.
    if (jsonNestsTooDeep(text)) {
      const reason = `nested deeper than ${MAX_NESTING_DEPTH} levels`;
      if (req.url.startsWith('/v1/inbound/')) return done(null, new UnparseableBody(reason));
      return done(Object.assign(new Error(`The body is ${reason}`), { statusCode: 400 }), undefined);
    }
    try {
      done(null, text.length ? JSON.parse(text) : undefined);
    } catch {
      if (req.url.startsWith('/v1/inbound/')) return done(null, new UnparseableBody('invalid JSON'));
      const error = Object.assign(new Error('The body is not valid JSON'), { statusCode: 400 });
      done(error, undefined);
    }
  });
  // HTML forms of the console: a flat string map, parsed by the standard URLSearchParams.
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (req, body, done) => {
      keepRaw(req as { rawBody?: Buffer }, Buffer.from(body as string, 'utf8'));
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
  fastify.addContentTypeParser(
    ['application/xml', 'text/xml'],
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (req, body, done) => {
      keepRaw(req as { rawBody?: Buffer }, body as Buffer);
      done(null, (body as Buffer).toString('utf8'));
    },
  );
  // Any other media type: inbound routes read it as text so the adapter refuses it (415) with
  // the sender known and the message quarantined; elsewhere it is refused here.
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (req, body, done) => {
    if (!req.url.startsWith('/v1/inbound/'))
      return done(Object.assign(new Error('Unsupported content type'), { statusCode: 415 }), undefined);
    keepRaw(req as { rawBody?: Buffer }, body as Buffer);
    done(null, (body as Buffer).toString('utf8'));
  });
}

function setUpOpenApi(app: INestApplication, env: HubEnvironment): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, env), { jsonDocumentUrl: 'openapi.json' });
}

export function logStartupWarnings(env: HubEnvironment): void {
  const window = retryWindowMs(env.retryScheduleMs);
  if (window < MIN_RETRY_WINDOW_MS) {
    new Logger('Bootstrap').warn(
      `HUB_RETRY_SCHEDULE retries for ${(window / 3_600_000).toFixed(1)} h, less than the 72 h receivers are promised. Tests only.`,
    );
  }
  if (env.demo) {
    new Logger('Bootstrap').warn(
      'HUB_DEMO=true: the demo parties, whose private keys are in the repository, are trusted. Demos only.',
    );
  }
  if (env.allowInsecureWebhooks) {
    new Logger('Bootstrap').warn(
      'HUB_ALLOW_INSECURE_WEBHOOKS=true: webhook URLs may be plain http and internal addresses. Development and tests only.',
    );
  }
}
