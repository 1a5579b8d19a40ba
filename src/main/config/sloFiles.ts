// The SLO directory (`<dataDir>/slos/*.yaml`): Opsdeck-format files and OpenSLO v1
// documents, merged over the built-in defaults. A bad file or entry is reported at
// file:line:column with the field and skipped; every other SLO keeps working, and a
// default whose replacement is invalid stays in use.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { collectOpenSloSlis, isOpenSlo, openSloEntries } from './openslo';
import { type FileEntry, nativeEntries } from './sloSchema';
import { DEFAULT_SLOS, type SloDef } from './slos';
import { type ConfigIssue, type YamlDoc, issueAt, parseYamlFile } from './yamlSource';

/** Larger files are refused: an SLO file is a few kilobytes. */
export const MAX_SLO_FILE_BYTES = 1_000_000;

export interface SloConfigFile {
  file: string;
  format: 'opsdeck' | 'openslo' | 'mixed' | 'empty' | 'unreadable';
  /** Ids of the SLOs this file defines (valid ones). */
  sloIds: string[];
}

export interface SloConfig {
  dir: string | null;
  /** False when the directory does not exist (yet): defaults only. */
  dirExists: boolean;
  /** The effective SLOs: defaults in their order, replaced or switched off by files, then the files' own. */
  slos: SloDef[];
  files: SloConfigFile[];
  /** Problems that stopped a file or an entry. */
  errors: ConfigIssue[];
  /** Things worth knowing that stopped nothing (resolution used instead, ignored fields…). */
  notes: ConfigIssue[];
  /** Notes by SLO id, for its detail view. */
  notesBySlo: Record<string, string[]>;
}

function isYamlFile(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !name.startsWith('.');
}

interface ReadFile {
  file: string;
  text: string | null;
  error: string | null;
}

function readDir(dir: string): { exists: boolean; files: ReadFile[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter(isYamlFile).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, files: [] };
    return { exists: true, files: [{ file: dir, text: null, error: `cannot list the SLO directory: ${(err as Error).message}` }] };
  }
  return {
    exists: true,
    files: names.map((name): ReadFile => {
      const file = join(dir, name);
      try {
        const size = statSync(file).size;
        if (size > MAX_SLO_FILE_BYTES) return { file, text: null, error: `file is ${size} bytes; SLO files are limited to ${MAX_SLO_FILE_BYTES} bytes` };
        return { file, text: readFileSync(file, 'utf8'), error: null };
      } catch (err) {
        return { file, text: null, error: `cannot read the file: ${(err as Error).message}` };
      }
    }),
  };
}

function where(e: { file: string; line: number; column: number }): string {
  return `${e.file}:${e.line}:${e.column}`;
}

/** Merges file entries over the defaults. Pure: the inputs are already parsed. */
export function mergeSlos(defaults: readonly SloDef[], entries: readonly { file: string; entry: FileEntry }[]): Pick<SloConfig, 'slos' | 'errors' | 'notes' | 'notesBySlo'> {
  const slos = new Map<string, SloDef>(defaults.map((d) => [d.id, d]));
  const defaultIds = new Set(defaults.map((d) => d.id));
  const claimedBy = new Map<string, string>();
  const errors: ConfigIssue[] = [];
  const notes: ConfigIssue[] = [];
  const notesBySlo: Record<string, string[]> = {};
  const noteFor = (id: string, text: string): void => {
    (notesBySlo[id] ??= []).push(text);
  };
  for (const { file, entry } of entries) {
    const at = { file, line: entry.line, column: entry.column };
    const field = '';
    if (entry.issues.length > 0) {
      errors.push(...entry.issues);
      if (entry.id !== null && defaultIds.has(entry.id) && !claimedBy.has(entry.id)) {
        notes.push({ ...at, field, message: `this definition of '${entry.id}' is invalid, so the built-in default stays in use` });
        noteFor(entry.id, `${where(at)}: the definition there is invalid (see the errors); the built-in default is in use`);
      }
      continue;
    }
    if (entry.id === null) continue;
    const previous = claimedBy.get(entry.id);
    if (previous !== undefined) {
      errors.push({ ...at, field: 'id', message: `'${entry.id}' is already defined at ${previous}; this one is ignored` });
      continue;
    }
    claimedBy.set(entry.id, where(at));
    for (const n of entry.notes) noteFor(entry.id, `${where(n)}: ${n.message}`);
    notes.push(...entry.notes);
    if (entry.disabled) {
      if (slos.delete(entry.id)) notes.push({ ...at, field, message: `'${entry.id}' is switched off (enabled: false)` });
      else notes.push({ ...at, field, message: `enabled: false for '${entry.id}', but no SLO has that id` });
      continue;
    }
    const def = entry.def as SloDef;
    if (defaultIds.has(def.id)) {
      notes.push({ ...at, field, message: `replaces the built-in SLO '${def.id}'` });
      noteFor(def.id, `defined at ${where(at)}, replacing the built-in default`);
    }
    slos.set(def.id, def);
  }
  return { slos: [...slos.values()], errors, notes, notesBySlo };
}

/** Reads and validates every YAML file of `dir` (null: defaults only). */
export function loadSloConfig(dir: string | null, defaults: readonly SloDef[] = DEFAULT_SLOS): SloConfig {
  if (dir === null) return { dir, dirExists: false, slos: [...defaults], files: [], errors: [], notes: [], notesBySlo: {} };
  const { exists, files } = readDir(dir);
  const errors: ConfigIssue[] = [];
  const parsedFiles: { file: string; docs: YamlDoc[] }[] = [];
  const fileInfo: SloConfigFile[] = [];
  for (const f of files) {
    if (f.text === null) {
      errors.push({ file: f.file, line: 1, column: 1, field: '', message: f.error ?? 'unreadable' });
      fileInfo.push({ file: f.file, format: 'unreadable', sloIds: [] });
      continue;
    }
    const parsed = parseYamlFile(f.file, f.text);
    errors.push(...parsed.issues);
    parsedFiles.push({ file: f.file, docs: parsed.docs.filter((d) => d.value !== null && d.value !== undefined) });
  }
  // OpenSLO SLOs may refer to SLIs in any file, so collect those first.
  const allDocs = parsedFiles.flatMap((f) => f.docs);
  const { slis, issues: sliIssues } = collectOpenSloSlis(allDocs.filter((d) => isOpenSlo(d.value)));
  errors.push(...sliIssues);

  const entries: { file: string; entry: FileEntry }[] = [];
  const ignored: ConfigIssue[] = [];
  for (const { file, docs } of parsedFiles) {
    let native = 0;
    let open = 0;
    const ids: FileEntry[] = [];
    for (const d of docs) {
      if (isOpenSlo(d.value)) {
        open++;
        const kind = (d.value as { kind?: unknown }).kind;
        if (kind === 'SLO') ids.push(...openSloEntries(d, slis));
        else if (kind !== 'SLI') {
          // DataSource, Service, AlertPolicy…: valid OpenSLO, nothing Opsdeck evaluates — said, not dropped.
          const name = (d.value as { metadata?: { name?: unknown } }).metadata?.name;
          ignored.push(
            issueAt(d, ['kind'], `OpenSLO ${String(kind)}${typeof name === 'string' ? ` '${name}'` : ''} is not used by Opsdeck and was ignored (Opsdeck reads kind SLO and SLI; alerting uses its burn-rate rules)`),
          );
          continue;
        }
      } else {
        native++;
        const { entries: e, issues } = nativeEntries(d);
        errors.push(...issues);
        ids.push(...e);
      }
    }
    for (const entry of ids) entries.push({ file, entry });
    fileInfo.push({
      file,
      format: native > 0 && open > 0 ? 'mixed' : open > 0 ? 'openslo' : native > 0 ? 'opsdeck' : 'empty',
      sloIds: ids.filter((e) => e.def !== null).map((e) => e.id as string),
    });
  }
  const merged = mergeSlos(defaults, entries);
  const byPlace = (a: ConfigIssue, b: ConfigIssue): number => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
  return { dir, dirExists: exists, files: fileInfo, ...merged, errors: [...errors, ...merged.errors].sort(byPlace), notes: [...merged.notes, ...ignored].sort(byPlace) };
}

function fingerprint(dir: string): string {
  try {
    return readdirSync(dir)
      .filter(isYamlFile)
      .sort()
      .map((name) => {
        const s = statSync(join(dir, name));
        return `${name}:${s.mtimeMs}:${s.size}`;
      })
      .join('|');
  } catch (err) {
    return `error:${(err as NodeJS.ErrnoException).code ?? ''}`;
  }
}

/** Keeps the parsed configuration and re-reads the directory only when a file changed. */
export class SloConfigLoader {
  private cached: { key: string; config: SloConfig } | null = null;

  constructor(
    readonly dir: string | null,
    private readonly defaults: readonly SloDef[] = DEFAULT_SLOS,
  ) {}

  current(): SloConfig {
    if (this.dir === null) {
      this.cached ??= { key: '', config: loadSloConfig(null, this.defaults) };
      return this.cached.config;
    }
    const key = fingerprint(this.dir);
    if (this.cached?.key !== key) this.cached = { key, config: loadSloConfig(this.dir, this.defaults) };
    return this.cached.config;
  }
}
