import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DEPLOY = new URL('../../../deploy/', import.meta.url).pathname;

function run(command: string, args: string[]): { code: number | null; out: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 });
  if (result.error) return { code: null, out: String(result.error.message) };
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const kubectl = run('kubectl', ['version', '--client']).code === 0;
// `apply --dry-run=client` still asks a cluster for its API groups; without one, kustomize
// (offline, the same parser) builds the manifests and the assertions below read its output.
const dryRun = kubectl
  ? run('kubectl', ['apply', '--dry-run=client', '-f', join(DEPLOY, 'kubernetes')])
  : undefined;
const noCluster =
  dryRun !== undefined &&
  /connection refused|unable to recognize|couldn't get current server/.test(dryRun.out);
const kubernetesMode = !kubectl
  ? 'kubectl absent: manifests only read as text'
  : noCluster
    ? 'no cluster: kubectl kustomize, kubectl apply --dry-run=client needs one'
    : 'kubectl apply --dry-run=client';
const systemd = run('systemd-analyze', ['--version']).code === 0;
const compose = run('docker', ['compose', 'version']).code === 0;

describe(`deploy/kubernetes (${kubernetesMode})`, () => {
  it('builds, and every workload runs non-root with probes and resources', async () => {
    let manifests: string;
    if (kubectl && !noCluster) {
      expect(dryRun!.code, dryRun!.out).toBe(0);
      manifests = (
        await Promise.all(
          ['configmap', 'migrate-job', 'api', 'worker'].map((f) =>
            readFile(join(DEPLOY, 'kubernetes', `${f}.yaml`), 'utf8'),
          ),
        )
      ).join('\n---\n');
    } else if (kubectl) {
      const built = run('kubectl', ['kustomize', join(DEPLOY, 'kubernetes')]);
      expect(built.code, built.out).toBe(0);
      manifests = built.out;
    } else {
      manifests = await readFile(join(DEPLOY, 'kubernetes', 'api.yaml'), 'utf8');
    }
    const kinds = [...manifests.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]).sort();
    if (kubectl) expect(kinds).toEqual(['ConfigMap', 'Deployment', 'Deployment', 'Job', 'Service']);
    const workloads = manifests
      .split(/^---$/m)
      .filter((doc) => /^kind: (Deployment|Job)$/m.test(doc));
    for (const doc of workloads) {
      expect(doc).toMatch(/runAsNonRoot: true/);
      expect(doc).toMatch(/allowPrivilegeEscalation: false/);
      expect(doc).toMatch(/readOnlyRootFilesystem: true/);
      expect(doc).toMatch(/resources:\s+limits:/);
      if (/kind: Deployment/.test(doc)) {
        expect(doc).toMatch(
          /livenessProbe:\s+(failureThreshold: \d+\s+)?httpGet:\s+path: \/healthz/,
        );
        expect(doc).toMatch(
          /readinessProbe:\s+(failureThreshold: \d+\s+)?httpGet:\s+path: \/readyz/,
        );
      }
    }
    expect(manifests).not.toMatch(/CALSYNC_ENCRYPTION_KEYS/);
  });

  it('keeps secrets in a Secret template, not in the ConfigMap', async () => {
    const secret = await readFile(join(DEPLOY, 'kubernetes', 'secret.example.yaml'), 'utf8');
    expect(secret).toMatch(/^kind: Secret$/m);
    expect(secret).toMatch(/CALSYNC_ENCRYPTION_KEYS: k1:CHANGE-ME/);
    if (kubectl && noCluster) {
      const built = run('kubectl', ['kustomize', join(DEPLOY, 'kubernetes')]);
      expect(built.out).not.toMatch(/kind: Secret/);
    }
  });
});

describe(`deploy/systemd (${systemd ? 'systemd-analyze verify' : 'systemd-analyze absent: not verified'})`, () => {
  it('verifies cleanly, and the check catches a broken copy', async () => {
    const unit = join(DEPLOY, 'systemd', 'calsync@.service');
    const text = await readFile(unit, 'utf8');
    expect(text).toMatch(/^User=calsync$/m);
    expect(text).toMatch(/^KillSignal=SIGTERM$/m);
    if (!systemd) return;
    const verified = run('systemd-analyze', ['verify', unit]);
    expect(verified).toEqual({ code: 0, out: '' });
    const dir = await mkdtemp(join(tmpdir(), 'calsync-unit-'));
    try {
      const broken = join(dir, 'calsync@.service');
      await writeFile(broken, text.replace('ExecStart=/bin/sh', 'ExecStart=bin/sh'));
      expect(run('systemd-analyze', ['verify', broken]).code).not.toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe(`deploy/Dockerfile and compose.yaml (${compose ? 'docker compose config' : 'no docker compose, no docker daemon: read as text only'})`, () => {
  it('builds in one stage and runs production dependencies as a non-root user with a health check', async () => {
    const dockerfile = await readFile(join(DEPLOY, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\} AS build$/m);
    expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime$/m);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-slim$/m);
    expect(dockerfile).toMatch(/npm install --omit=dev/);
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
  });

  it('composes Postgres, a migration job, an api, two workers and a sandbox profile', async () => {
    const file = join(DEPLOY, 'compose.yaml');
    const text = await readFile(file, 'utf8');
    for (const service of ['postgres', 'migrate', 'api', 'worker', 'sandbox']) {
      expect(text).toMatch(new RegExp(`^  ${service}:$`, 'm'));
    }
    expect(text).toMatch(/image: postgres:17/);
    expect(text).toMatch(/replicas: 2/);
    expect(text).toMatch(/condition: service_completed_successfully/);
    if (compose)
      expect(run('docker', ['compose', '-f', file, 'config', '-q'])).toEqual({ code: 0, out: '' });
  });
});
