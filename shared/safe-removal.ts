/**
 * How to remove a stick safely by hand, where this app cannot eject it itself. One sentence,
 * in the words of the user's own system.
 */
export function safeRemovalAdvice(platform: string): string {
  switch (platform) {
    case 'darwin':
      return 'To remove the stick safely, click the eject arrow next to it in the Finder sidebar, wait until it disappears, then unplug it.';
    case 'win32':
      return 'To remove the stick safely, choose "Safely Remove Hardware and Eject Media" in the taskbar (or "Eject" on the stick in File Explorer), wait for "Safe to remove", then unplug it.';
    default:
      return 'To remove the stick safely, use "Eject" (or "Safely remove") on the stick in your file manager, wait until it disappears, then unplug it.';
  }
}
