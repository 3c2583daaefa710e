/**
 * One logger per module, with a name. Lines go to stderr (the Electron main process and the
 * browser host both keep stderr). Never pass a mnemonic, a key, a bundle or a full backup id:
 * use redactId() from shared/redact.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

let quiet = process.env.IDBOX_LOG === 'silent';

export function setQuiet(value: boolean): void {
  quiet = value;
}

export function createLogger(name: string): Logger {
  const line = (level: string, message: string) => {
    if (quiet) return;
    process.stderr.write(`${new Date().toISOString()} ${level} [${name}] ${message}\n`);
  };
  return {
    info: (m) => line('info', m),
    warn: (m) => line('warn', m),
    error: (m) => line('error', m),
  };
}
