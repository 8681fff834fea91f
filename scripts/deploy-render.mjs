#!/usr/bin/env node
// Renders the hub's Kubernetes manifests as one YAML stream, ready for `kubectl apply -f -`:
// the plain manifests under deploy/kubernetes (in kustomization.yaml's order), plus the
// agencies, agreements and JWKS ConfigMaps built from a config directory. The pod templates
// carry a checksum of that configuration, so a changed agreement rolls the pods.
//   npm run deploy:render -- [--config DIR] [--image IMAGE]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const MANIFEST_DIR = join(ROOT, 'deploy', 'kubernetes');

/** ConfigMaps mounted under HUB_CONFIG_DIR, one per folder, a key per file. */
const CONFIG_FOLDERS = [
  { name: 'hub-agencies', folder: 'agencies', ext: '.yaml' },
  { name: 'hub-agreements', folder: 'agreements', ext: '.yaml' },
  { name: 'hub-jwks', folder: 'jwks', ext: '.json' },
];

export function loadManifests(dir = MANIFEST_DIR) {
  const kustomization = parseAllDocuments(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'))[0].toJS();
  return kustomization.resources.flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      return { file, manifest: doc.toJS() };
    }),
  );
}

export function configMaps(configDir) {
  return CONFIG_FOLDERS.map(({ name, folder, ext }) => {
    // ./config ships no parties (a deployment names its own with --config): empty ConfigMaps then.
    const files = existsSync(join(configDir, folder))
      ? readdirSync(join(configDir, folder))
          .filter((f) => f.endsWith(ext))
          .sort()
      : [];
    const data = Object.fromEntries(files.map((f) => [f, readFileSync(join(configDir, folder, f), 'utf8')]));
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, labels: { 'app.kubernetes.io/name': 'hub' } },
      data,
    };
  });
}

export function renderManifests({ configDir = join(ROOT, 'config'), image } = {}) {
  const generated = configMaps(configDir);
  const checksum = createHash('sha256')
    .update(JSON.stringify(generated.map((c) => c.data)))
    .digest('hex');
  const manifests = [...generated, ...loadManifests().map((m) => m.manifest)];
  for (const m of manifests) {
    m.metadata.labels = { ...m.metadata.labels, 'app.kubernetes.io/part-of': 'information-sharing-hub' };
    if (m.kind !== 'Deployment') continue;
    const template = m.spec.template;
    template.metadata.annotations = { ...template.metadata.annotations, 'hub.example/config-sha256': checksum };
    if (image) for (const c of template.spec.containers) c.image = image;
  }
  return manifests;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, image: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run deploy:render -- [--config DIR] [--image IMAGE]\nPrints the Kubernetes manifests, ConfigMaps built from DIR (default ./config).\n',
    );
  } else {
    const manifests = renderManifests({
      configDir: values.config ? resolve(values.config) : undefined,
      image: values.image,
    });
    process.stdout.write(manifests.map((m) => stringify(m, { lineWidth: 0 })).join('---\n'));
  }
}
