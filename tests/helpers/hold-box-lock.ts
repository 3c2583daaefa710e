// A separate program that takes a box's lock and keeps it until it is killed:
//   node --import tsx tests/helpers/hold-box-lock.ts <boxUrl> <lockDir>
// Prints "held" once the lock is its own. Used to prove the OS frees the lock of a killed holder.
import { withBoxLock } from '../../services/box/lock';

const [url, dir] = process.argv.slice(2);
if (!url || !dir) throw new Error('usage: hold-box-lock.ts <boxUrl> <lockDir>');
await withBoxLock(
  url,
  () =>
    // The interval keeps `resolve`, so this promise, the lock's frame waiting on it and the lock's
    // file handle stay reachable: an unreachable handle is closed by the garbage collector, which
    // would release the lock while this program still says it holds it.
    new Promise<void>((resolve) => {
      process.stdout.write('held\n');
      setInterval(() => void resolve, 60_000);
    }),
  { dir },
);
