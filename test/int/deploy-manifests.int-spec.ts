import { PATH_METADATA } from '@nestjs/common/constants';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { parse } from 'yaml';
import { loadEnvironment } from '../../config/environment';
import { HealthController } from '../../src/health/health.controller';
import { startProbeServer } from '../../src/health/probe-server';
import type { Readiness } from '../../src/health/readiness';
import type { HubMetrics } from '../../src/metrics/hub-metrics';
// @ts-expect-error a plain ESM script, no type declarations
import { renderManifests } from '../../scripts/deploy-render.mjs';

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
};

/** kubernetes-models' typed model of each kind the hub ships; validate() checks it against the OpenAPI schema. */
const MODELS: Record<string, new (m: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

// The demo parties stand in for a deployment's own (./config ships none).
const manifests: Manifest[] = renderManifests({ configDir: 'config/demo' });
const byKind = (kind: string) => manifests.filter((m) => m.kind === kind);
const deployment = (name: string) => byKind('Deployment').find((d) => d.metadata.name === name)!;
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The API's GET routes on the health controller, read from Nest's own route metadata. */
function healthRoutes(): string[] {
  const base = Reflect.getMetadata(PATH_METADATA, HealthController) as string;
  return ['live', 'ready', 'check'].map((method) => {
    const path = Reflect.getMetadata(
      PATH_METADATA,
      (HealthController.prototype as unknown as Record<string, object>)[method],
    ) as string;
    return `/${base}${path === '/' ? '' : `/${path}`}`;
  });
}

describe('the Kubernetes manifests (deploy/kubernetes, rendered by npm run deploy:render)', () => {
  it('are every kind the hub needs, and each validates against the Kubernetes schema', () => {
    const kinds = new Set(manifests.map((m) => m.kind));
    for (const kind of [
      'Deployment',
      'Service',
      'PodDisruptionBudget',
      'HorizontalPodAutoscaler',
      'NetworkPolicy',
      'ConfigMap',
      'ServiceAccount',
    ])
      expect(kinds).toContain(kind);
    for (const m of manifests) {
      const Model = MODELS[`${m.apiVersion}/${m.kind}`];
      expect(Model).toBeDefined();
      expect(() => new Model(m as never).validate()).not.toThrow();
    }
    expect(new Set(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).size).toBe(manifests.length);
  });

  it('a broken manifest fails validation (the check is not vacuous)', () => {
    const broken = structuredClone(deployment('hub-api')) as any;
    broken.spec.replicas = 'two';
    expect(() => new Deployment(broken).validate()).toThrow();
  });

  it('runs API and workers non-root, read-only, without privileges, with requests and limits', () => {
    for (const name of ['hub-api', 'hub-worker']) {
      const pod = deployment(name).spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        for (const kind of ['requests', 'limits'])
          expect(c.resources[kind]).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      }
    }
    expect(deployment('hub-api').spec.template.spec.containers[0].env).toContainEqual({
      name: 'HUB_ROLE',
      value: 'api',
    });
    expect(deployment('hub-worker').spec.template.spec.containers[0].env).toContainEqual({
      name: 'HUB_ROLE',
      value: 'worker',
    });
  });

  it('takes secrets from Secrets only, and the environment ConfigMap is one the hub accepts', () => {
    const environment = byKind('ConfigMap').find((c) => c.metadata.name === 'hub-environment')!.data!;
    for (const secret of ['DATABASE_URL', 'REDIS_URL']) expect(environment[secret]).toBeUndefined();
    for (const name of ['hub-api', 'hub-worker']) {
      const env = deployment(name).spec.template.spec.containers[0].env as {
        name: string;
        value?: string;
        valueFrom?: unknown;
      }[];
      for (const secret of ['DATABASE_URL', 'REDIS_URL'])
        expect(env.find((e) => e.name === secret)).toMatchObject({ valueFrom: { secretKeyRef: expect.any(Object) } });
      // The hub's three keys (signing, webhook secrets, audit chain) from their own Secrets.
      const volumes = deployment(name).spec.template.spec.volumes as {
        name: string;
        projected?: { sources: { secret?: { name: string } }[] };
      }[];
      expect(volumes.find((v) => v.name === 'keys')?.projected?.sources.map((s) => s.secret?.name)).toEqual([
        'hub-signing-key',
        'hub-secrets-key',
        'hub-audit-key',
      ]);
    }
    const parsed = loadEnvironment({
      ...environment,
      HUB_ROLE: 'worker',
      DATABASE_URL: 'postgres://hub@db/hub',
      REDIS_URL: 'rediss://:pw@redis:6380',
    });
    expect(parsed.configDir).toBe('/etc/hub/config');
    expect(parsed.healthPort).toBe(9464);
  });

  it('mounts the agencies, agreements and JWKS ConfigMaps, built from config/, where HUB_CONFIG_DIR says', () => {
    const environment = byKind('ConfigMap').find((c) => c.metadata.name === 'hub-environment')!.data!;
    const agencies = byKind('ConfigMap').find((c) => c.metadata.name === 'hub-agencies')!.data!;
    expect(parse(agencies['police.west-yorkshire.yaml'])).toMatchObject({
      id: 'police.west-yorkshire',
      kind: 'POLICE',
    });
    expect(Object.keys(byKind('ConfigMap').find((c) => c.metadata.name === 'hub-jwks')!.data!)).toContain(
      'police.west-yorkshire.jwks.json',
    );
    for (const name of ['hub-api', 'hub-worker']) {
      const container = deployment(name).spec.template.spec.containers[0];
      for (const folder of ['agencies', 'agreements', 'jwks'])
        expect(container.volumeMounts).toContainEqual({
          name: folder,
          mountPath: `${environment.HUB_CONFIG_DIR}/${folder}`,
          readOnly: true,
        });
      expect(deployment(name).spec.template.metadata.annotations['hub.example/config-sha256']).toMatch(
        /^[0-9a-f]{64}$/,
      );
    }
  });

  it("probes paths the API serves, and the worker's probe port serves them too", async () => {
    const apiRoutes = healthRoutes();
    expect(apiRoutes).toEqual(['/health/live', '/health/ready', '/health']);
    const probed = (name: string) => {
      const c = deployment(name).spec.template.spec.containers[0];
      const ports = new Map(
        (c.ports as { name: string; containerPort: number }[]).map((p) => [p.name, p.containerPort]),
      );
      expect(ports.get(c.livenessProbe.httpGet.port)).toBeDefined();
      expect(ports.get(c.readinessProbe.httpGet.port)).toBeDefined();
      return {
        live: c.livenessProbe.httpGet.path,
        ready: c.readinessProbe.httpGet.path,
        startup: c.startupProbe.httpGet.path,
        port: ports.get(c.livenessProbe.httpGet.port)!,
      };
    };
    const api = probed('hub-api');
    expect(apiRoutes).toEqual(expect.arrayContaining([api.live, api.ready, api.startup]));
    expect(api.live).toBe('/health/live');
    expect(api.ready).toBe('/health/ready');

    const worker = probed('hub-worker');
    const environment = byKind('ConfigMap').find((c) => c.metadata.name === 'hub-environment')!.data!;
    expect(worker.port).toBe(Number(environment.HUB_HEALTH_PORT));
    const readiness = {
      check: async () => ({
        ready: true,
        checks: { database: { up: true }, redis: { up: true }, migrations: { up: true } },
      }),
    } as unknown as Readiness;
    const metrics = { render: async () => 'hub_up 1\n' } as unknown as HubMetrics;
    const server: Server = await startProbeServer(readiness, metrics, 0, '127.0.0.1');
    try {
      for (const path of [worker.live, worker.ready, worker.startup, '/metrics'])
        expect((await request(server).get(path)).status).toBe(200);
    } finally {
      server.close();
    }
  });

  it('wires Services, budgets, autoscalers and network policies to the pods they mean', () => {
    const labelsOf = (name: string) => deployment(name).spec.template.metadata.labels as Record<string, string>;
    const service = byKind('Service').find((s) => s.metadata.name === 'hub-api')!;
    expect(matches(service.spec.selector, labelsOf('hub-api'))).toBe(true);
    expect(matches(service.spec.selector, labelsOf('hub-worker'))).toBe(false);
    for (const name of ['hub-api', 'hub-worker']) {
      expect(
        byKind('PodDisruptionBudget').some(
          (p) => matches(p.spec.selector.matchLabels, labelsOf(name)) && p.spec.maxUnavailable === 1,
        ),
      ).toBe(true);
      expect(deployment(name).spec.replicas).toBeGreaterThanOrEqual(2);
    }
    const hpa = (name: string) => byKind('HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === name)!;
    expect(hpa('hub-api').spec.metrics[0]).toMatchObject({ type: 'Resource', resource: { name: 'cpu' } });
    expect(hpa('hub-worker').spec.metrics[0]).toMatchObject({
      type: 'External',
      external: { metric: { name: 'hub_delivery_queue_depth' } },
    });
    // The metric the worker autoscaler follows is one the hub exports.
    expect(readFileSync('src/metrics/hub-metrics.ts', 'utf8')).toContain(
      `'${hpa('hub-worker').spec.metrics[0].external.metric.name}'`,
    );
    const deny = byKind('NetworkPolicy').find((n) => n.metadata.name === 'hub-default-deny')!;
    expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const apiIngress = byKind('NetworkPolicy').find((n) => n.metadata.name === 'hub-api-ingress')!;
    expect(apiIngress.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 3000 }]);
  });
});

describe('the alert rules (deploy/alerts.yaml)', () => {
  const rules = (
    parse(readFileSync('deploy/alerts.yaml', 'utf8')) as {
      groups: { rules: { alert: string; expr: string; annotations: { runbook_url: string } }[] }[];
    }
  ).groups.flatMap((g) => g.rules);
  const operations = readFileSync('docs/operations.md', 'utf8');
  const anchors = new Set(
    [...operations.matchAll(/^#+ (.+)$/gm)].map((m) =>
      m[1]
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replace(/ /g, '-'),
    ),
  );
  const exported = [
    'src/metrics/hub-metrics.ts',
    'src/telemetry/hub-telemetry.ts',
    'src/metrics/audit-verify-monitor.ts',
  ]
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');

  it('cover the failures the issue names, each with a runbook section in docs/operations.md', () => {
    const names = rules.map((r) => r.alert);
    expect(names).toEqual(
      expect.arrayContaining([
        'HubDeadLettersRising',
        'HubOldestDeliveryWaiting',
        'HubAuditVerifyFailing',
        'HubAgreementReviewOverdue',
        'HubResponsibilityGaps',
      ]),
    );
    for (const r of rules) {
      const anchor = r.annotations.runbook_url.split('#')[1];
      expect(anchors).toContain(anchor);
    }
  });

  it('watch only metrics the hub exports', () => {
    for (const r of rules) {
      for (const [name] of r.expr.matchAll(/\bhub_[a-z_]+/g)) {
        expect(`${r.alert}: ${exported.includes(`'${name}'`) ? name : `${name} (not exported)`}`).toBe(
          `${r.alert}: ${name}`,
        );
      }
    }
  });
});
