// A separate program that takes a box's lock and keeps it until it is killed:
//   node --import tsx tests/helpers/hold-box-lock.ts <boxUrl> <lockDir>
// Prints "held" once the lock is its own. Used to prove the OS frees the lock of a killed holder.
import { withBoxLock } from '../../services/box/lock';

const [url, dir] = process.argv.slice(2);
if (!url || !dir) throw new Error('usage: hold-box-lock.ts <boxUrl> <lockDir>');
await withBoxLock(
  url,
  () =>
    new Promise<void>(() => {
      process.stdout.write('held\n');
      setInterval(() => undefined, 60_000);
    }),
  { dir },
);
