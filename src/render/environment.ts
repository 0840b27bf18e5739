import { stableId } from './ids.ts';
import type { EnvValue } from '../env/values.ts';
import type { PostmanEnvironment } from './postman-types.ts';

/** Id of the environment `kontrak mock` writes, so that `kontrak render` knows never to replace it. */
export const MOCK_ENVIRONMENT_ID = stableId('kontrak-mock/environment');

/**
 * Values → Postman environment. Secret values are left empty (typed `secret`) unless the caller
 * explicitly asks for them, so a rendered file can be shared or committed without leaking.
 */
export function renderEnvironment(
  name: string,
  values: EnvValue[],
  includeSecrets: boolean,
  id = stableId(`kontrak-env/${name}`),
): PostmanEnvironment {
  return {
    id,
    name,
    values: values.map((v) => ({
      key: v.key,
      value: v.secret && !includeSecrets ? '' : v.value,
      type: v.secret ? 'secret' : 'default',
      enabled: true,
    })),
    _postman_variable_scope: 'environment',
  };
}
