// Another program recording archives in the same catalog (as `idbox pull` does):
//   node --import tsx tests/helpers/record-catalog.ts <dataDir> <count> <tag>
// Waits for "go" on stdin so the test can start every writer at the same moment.
import { createCatalog } from '../../services/archive/catalog';
import { setQuiet } from '../../services/log';
import { fakeCatalogEntry } from './catalog-entry';

setQuiet(true);
const [dataDir, count, tag] = process.argv.slice(2);
if (!dataDir || !count || !tag) throw new Error('usage: record-catalog.ts <dataDir> <count> <tag>');
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  const catalog = createCatalog(dataDir);
  await Promise.all(Array.from({ length: Number(count) }, (_, i) => catalog.record(fakeCatalogEntry(`${tag}-${i}`), 100)));
  process.stdout.write('done\n');
  process.exit(0);
});
