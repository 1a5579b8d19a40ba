// One YAML config file validated by a zod schema, with every error at file:line:column
// and the field. Positions come from yamlSource.ts (shared with the SLO files).
import type { z } from 'zod';
import { BadInputError } from '@shared/errors';
import { formatIssue, issueAt, parseYamlFile, type ConfigIssue, type YamlDoc } from './yamlSource';

export { formatIssue, type ConfigIssue } from './yamlSource';

export class ConfigError extends BadInputError {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
  }
}

/** The file's single document; syntax errors throw ConfigError with their position. */
export function parseYaml(file: string, text: string): YamlDoc {
  const { docs, issues } = parseYamlFile(file, text);
  if (issues.length > 0) throw new ConfigError(issues);
  const doc = docs[0];
  if (!doc) throw new ConfigError([{ file, line: 1, column: 1, field: '(file)', message: 'the file is empty' }]);
  return doc;
}

/** Parses and validates one YAML file; throws ConfigError naming file:line:column and field. */
export function loadYaml<S extends z.ZodType>(file: string, text: string, schema: S): z.infer<S> {
  const doc = parseYaml(file, text);
  const result = schema.safeParse(doc.value);
  if (result.success) return result.data as z.infer<S>;
  throw new ConfigError(
    result.error.issues.flatMap((issue) => {
      // An unknown key is reported at the key's own line, not at its parent mapping's.
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => issueAt(doc, issue.path, `unknown key "${key}"`, key));
      }
      const found = issueAt(doc, issue.path, issue.message);
      return [{ ...found, field: found.field || '(file)' }];
    }),
  );
}
