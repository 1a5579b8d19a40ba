// Where Opsdeck keeps its data when no --data-dir is given: the same folder Electron's
// userData resolves to for an app named "Opsdeck", so desktop and serve mode share it.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Opsdeck');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Opsdeck');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Opsdeck');
}

/** The worker entry files of the built app (and the demo platform's process), next to the entry that starts them (out/main). */
export function workerFiles(outMainDir: string): { sync: string; demo: string; slo: string; journal: string; capacity: string; metrics: string } {
  return {
    sync: join(outMainDir, 'sync-worker.js'),
    demo: join(outMainDir, 'demo-platform.js'),
    slo: join(outMainDir, 'slo-worker.js'),
    journal: join(outMainDir, 'journal-worker.js'),
    capacity: join(outMainDir, 'capacity-worker.js'),
    metrics: join(outMainDir, 'metrics-worker.js'),
  };
}

/** The built renderer, beside out/main. */
export function rendererDir(outMainDir: string): string {
  return join(outMainDir, '../renderer');
}
