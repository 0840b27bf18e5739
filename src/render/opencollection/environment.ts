/**
 * Values → a Bruno environment (`environments/<name>.yml` of a collection). Secrets are Bruno
 * secrets: named, typed secret, never with a value in the file; `bru run --env <name>
 * --env-var <name>=<value>` gives each one, under the same names as the Postman environments.
 */
import type { EnvValue } from '../../env/values.ts';
import { toYaml } from './collection.ts';

export function renderOpenCollectionEnvironment(name: string, values: readonly EnvValue[]): string {
  return toYaml({
    name,
    variables: values.map((v) =>
      v.secret ? { name: v.key, secret: true } : { name: v.key, value: v.value },
    ),
  });
}
