// Writes libs/contracts/asyncapi.yaml from the event catalog. `npm run asyncapi`; the tests fail if it is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { buildAsyncApiDocument, catalog } from '../src';
import pkg from '../package.json';

export const ASYNCAPI_PATH = join(__dirname, '..', 'asyncapi.yaml');
export const renderAsyncApi = () =>
  '# Generated from libs/contracts by `npm run asyncapi`. Do not edit.\n' +
  stringify(buildAsyncApiDocument(catalog, pkg.version), { aliasDuplicateObjects: false });

if (require.main === module) {
  writeFileSync(ASYNCAPI_PATH, renderAsyncApi());
  console.log(`wrote ${ASYNCAPI_PATH}`);
}
