import { createLogger } from '@calsync/server';
import type { ServerConfig } from './config.js';
import type { RunningCalsync } from './runtime.js';

/** The human start banner: what runs where, the dev tenant, the providers' notes. */
function humanBanner(config: ServerConfig, running: RunningCalsync): string {
  const lines = [`Calsync is running (role: ${config.role}).`];
  if (running.apiUrl) lines.push(`  API:      ${running.apiUrl}`, `  Demo:     ${running.demoUrl}`);
  if (running.opsPort !== undefined) {
    lines.push(`  Health:   /healthz, /readyz and /metrics on port ${running.opsPort}`);
  }
  if (running.elements) {
    lines.push(
      `  Elements: <script type="module" src="${running.elements.url}"`,
      `            integrity="${running.elements.integrity}" crossorigin="anonymous"></script>`,
    );
  }
  if (config.sandbox && running.apiUrl) {
    lines.push(`  Sandbox:  ${running.baseUrl}/sandbox (emulated Google, Microsoft, Zoom, CalDAV)`);
  }
  if (running.devTenant) {
    lines.push(
      `  Dev tenant ${running.devTenant.tenant_id}${running.devTenant.created ? ' (new)' : ''}:` +
        ` secret key ${running.devTenant.secret_key} (also in ${config.dataDir}/dev-tenant.json)`,
    );
  }
  for (const note of running.notes) lines.push(`  ${note}`);
  lines.push('Press Ctrl+C to stop.');
  return lines.join('\n');
}

/**
 * Announces a started process on stdout, whatever `CALSYNC_LOG_LEVEL` says: with
 * `CALSYNC_LOG_FORMAT=pretty` (the default on a terminal) the human banner, else one JSON log line
 * `{"msg":"Calsync is running", role, api_url, ops_port, …}`. The dev tenant's secret key is in the
 * human banner only (a terminal on the developer's machine); the JSON line names the file.
 *
 * @example
 * printBanner(config, await startCalsync(config, logger));
 */
export function printBanner(config: ServerConfig, running: RunningCalsync): void {
  if (config.logFormat === 'pretty') {
    process.stdout.write(humanBanner(config, running) + '\n');
    return;
  }
  createLogger({ level: 'info' }).info(
    {
      role: config.role,
      api_url: running.apiUrl,
      demo_url: running.demoUrl,
      port: running.port,
      ops_port: running.opsPort,
      sandbox_url: config.sandbox && running.apiUrl ? `${running.baseUrl}/sandbox` : undefined,
      elements: running.elements,
      dev_tenant: running.devTenant && {
        tenant_id: running.devTenant.tenant_id,
        created: running.devTenant.created,
        file: `${config.dataDir}/dev-tenant.json`,
      },
      notes: running.notes,
    },
    'Calsync is running',
  );
}
