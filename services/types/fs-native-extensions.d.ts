// The part of fs-native-extensions we use (the package ships no types). Locks are OS locks on an
// open file: fcntl F_OFD_SETLK on Linux, flock on macOS, LockFileEx on Windows. The OS releases
// them when the descriptor is closed or the process dies.
declare module 'fs-native-extensions' {
  const nativeFs: {
    /** Takes an exclusive lock without waiting; false when another descriptor holds it. */
    tryLock(fd: number): boolean;
    unlock(fd: number): void;
  };
  export default nativeFs;
}
