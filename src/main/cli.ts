// The command line: `npm run cli -- journal export <file>`, `journal import <file>`,
// `journal salvage <file>` (every readable row of a damaged journal into the data dir's one),
// and `sync` (headless syncing into a data dir; also what the crash-safety test kills).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openCache } from './store/cache';
import { openJournal } from './store/journal';
import { exportJournal, importJournal } from './store/journal-transfer';
import { describeSalvage, salvageJournal } from './store/journal-salvage';
import { defaultDataDir } from './paths';
import { createEngines } from './sync/host';
import { parseDemoScale, startDemoInline } from './sources/demo';

const USAGE = `usage:
  opsdeck journal export <file> [--data-dir <dir>]
  opsdeck journal import <file> [--data-dir <dir>]
  opsdeck journal salvage <damaged journal.db> [--data-dir <dir>]
  opsdeck sync --demo-endpoint <url> | --demo-scale small|large [--data-dir <dir>] [--once] [--backfill-days <n>] [--head-hours <h>]`;

function fail(message: string, code = 2): never {
  console.error(`opsdeck: ${message}`);
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        'demo-endpoint': { type: 'string' },
        'demo-scale': { type: 'string' },
        once: { type: 'boolean' },
        'backfill-days': { type: 'string' },
        'head-hours': { type: 'string' },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const dataDir = resolve(values['data-dir'] ?? process.env.OPSDECK_DATA_DIR ?? defaultDataDir());
  const [area, verb, file] = positionals;

  if (area === 'journal' && (verb === 'export' || verb === 'import') && file) {
    const journal = openJournal(dataDir);
    try {
      if (verb === 'export') {
        const { rows } = exportJournal(journal, resolve(file));
        console.log(`exported ${rows} journal rows from ${dataDir} to ${resolve(file)}`);
      } else {
        const r = importJournal(journal, resolve(file));
        const parts = Object.keys(r.added)
          .filter((t) => (r.added[t] ?? 0) + (r.alreadyPresent[t] ?? 0) > 0)
          .map((t) => `${t}: ${r.added[t]} added, ${r.alreadyPresent[t]} already present`);
        console.log(`imported ${resolve(file)} into ${dataDir} — ${parts.join('; ') || 'nothing in it'}`);
        if (r.conflictCount) {
          console.log(`${r.conflictCount} row(s) have an id this journal holds with different content; ours kept, theirs:`);
          for (const c of r.conflicts) console.log(`  ${c.table} ${c.id} (${c.fields.join(', ')}): ${JSON.stringify(c.theirs)}`);
        }
        for (const u of r.unknownColumns) console.log(`unknown columns in ${u.table}, not imported: ${u.columns.join(', ')}`);
      }
    } catch (err) {
      fail((err as Error).message, 1);
    } finally {
      journal.close();
    }
    return;
  }

  if (area === 'journal' && verb === 'salvage' && file) {
    const source = resolve(file);
    if (!existsSync(source)) fail(`${source}: no such file`, 1);
    try {
      if (source === join(dataDir, 'journal.db')) {
        // The data dir's own journal: the same path as at start-up (checked read-only; if
        // damaged, moved aside byte-identical and salvaged into a fresh one).
        const journal = openJournal(dataDir);
        const r = journal.recovery;
        journal.close();
        console.log(r ? `${source} was damaged: kept as ${r.keptAs.join(', ')}; ${describeSalvage(r.salvage)}` : `${source} checks healthy (quick_check ok); nothing to salvage`);
      } else {
        // Another file (a kept original, a colleague's copy): read through a private copy, merged by id.
        const journal = openJournal(dataDir);
        try {
          const report = salvageJournal(source, journal.db);
          console.log(`${source} (left unchanged) → ${join(dataDir, 'journal.db')}: ${describeSalvage(report)}${report.problems.length ? `; damage found: ${report.problems.slice(0, 3).join('; ')}` : ''}`);
        } finally {
          journal.close();
        }
      }
    } catch (err) {
      fail((err as Error).message, 1);
    }
    return;
  }

  if (area === 'sync' && (values['demo-endpoint'] || values['demo-scale'])) {
    if (values['demo-endpoint'] && values['demo-scale']) fail('--demo-endpoint and --demo-scale do not go together: the scale is the simulator\'s, given when it starts');
    let endpoint = values['demo-endpoint'];
    let demo: Awaited<ReturnType<typeof startDemoInline>> | null = null;
    if (!endpoint) {
      // No endpoint: an embedded simulator at that scale, for as long as this command runs.
      const scale = parseDemoScale(values['demo-scale'] ?? '');
      if (!scale) fail(`--demo-scale must be small or large, got "${values['demo-scale']}"`);
      demo = await startDemoInline({ outage: false, scale });
      endpoint = demo.endpoint;
    }
    const { cache } = openCache(dataDir);
    const backfillDays = values['backfill-days'] === undefined ? undefined : Number(values['backfill-days']);
    if (backfillDays !== undefined && !(backfillDays > 0)) fail(`--backfill-days must be a positive number, got "${values['backfill-days']}"`);
    const sources = [{ id: 'demo', region: 'us-east-1', demo: true, endpoint }];
    const headHours = values['head-hours'] === undefined ? undefined : Number(values['head-hours']);
    if (headHours !== undefined && !(headHours >= 0)) fail(`--head-hours must be a number ≥ 0, got "${values['head-hours']}"`);
    const engines = createEngines(cache, { dataDir, sources, ...(backfillDays ? { backfillDays } : {}), ...(headHours !== undefined ? { headMs: headHours * 3_600_000 } : {}) }, (e) => {
      if (e.type === 'status') process.stdout.write(`progress ${e.progress.seriesDone}/${e.progress.seriesTotal} ${e.progress.pointsStored}\n`);
    });
    const engine = engines.get('demo');
    if (!engine) fail('no source');
    if (values.once) {
      await engine.runOnce();
      cache.close();
      await demo?.close();
      console.log('sync complete');
      return;
    }
    engine.start();
    return;
  }
  fail(USAGE);
}

void main(process.argv.slice(2));
