/** kontrak's own dynamic variable, `{{$kontrakId}}`, which the signer mints (scripts/unique-id.ts). */
export { UNIQUE_ID_NAME } from '../../scripts/unique-id.ts';
