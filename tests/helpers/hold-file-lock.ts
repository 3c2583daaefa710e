// Another program writing a file, as a pull writes its unfinished archive: opens it, takes the OS
// lock a writer holds, prints "held" and keeps it until killed.
//   node --import tsx tests/helpers/hold-file-lock.ts <path>
import nativeFs from 'fs-native-extensions';
import { openSync, writeSync } from 'node:fs';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: hold-file-lock.ts <path>');
const fd = openSync(path, 'w', 0o644);
if (!nativeFs.tryLock(fd)) throw new Error('already locked');
writeSync(fd, 'half an archive');
process.stdout.write('held\n');
setInterval(() => undefined, 60_000);
