// Test support for the config loaders' tests (not imported by the app): a config file in a
// fresh temp folder, and the message a loader throws.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `text` as `name` in a new temp folder; returns the file's path. */
export function writeConfigFile(text: string, name = 'opsdeck.yaml'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'opsdeck-cfg-')), name);
  writeFileSync(file, text);
  return file;
}

/** The message `fn` throws, or '' when it does not throw. */
export function thrownMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}
