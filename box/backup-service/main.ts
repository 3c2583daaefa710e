import { BACKUP_SERVICE } from '../../shared/box-protocol';
import { createIpc } from './ipc';
import { createBackupService } from './service';

/**
 * identity-box.backup-service as it runs on a real Identity Box, next to the other box services:
 * a node-ipc server on /tmp/identity-box.<name> that registers its servicePath with the
 * box-office and answers the box-office's requests (identity-box.md §5). See box/README.md.
 */
export interface BackupServiceProcess {
  stop(): void;
}

export interface RunOptions {
  backupRoot: string;
  socketRoot?: string;
  log?: (line: string) => void;
  /** Minutes an unfinished upload may stay without a call (default 10). */
  idleMinutes?: number;
  /** Replaced copies kept per backup id (default 5, at least 1). */
  versionsKept?: number;
}

const APPSPACE = 'identity-box.';
const BOX_OFFICE = 'box-office';
const OWN_ID = BACKUP_SERVICE.slice(APPSPACE.length); // 'backup-service'

export function runBackupService(options: RunOptions): BackupServiceProcess {
  const log = options.log ?? ((line: string) => process.stderr.write(`[backup-service] ${line}\n`));
  const service = createBackupService({
    root: options.backupRoot,
    log,
    ...(options.idleMinutes ? { limits: { idleMs: options.idleMinutes * 60_000 } } : {}),
    ...(options.versionsKept ? { versionsKept: options.versionsKept } : {}),
  });
  const ipc = createIpc({ appspace: APPSPACE, socketRoot: options.socketRoot ?? '/tmp/', id: OWN_ID });

  ipc.serve(() => {
    ipc.server.on('message', (data: { method?: unknown; params?: unknown } | null, socket: unknown) => {
      const request = data;
      const method = typeof request?.method === 'string' ? request.method : '';
      const params = Array.isArray(request?.params) ? request.params : undefined;
      void service.handle(method, params).then((response) => {
        ipc.server.emit(socket, 'message', { id: BACKUP_SERVICE, response });
      });
    });
  });
  ipc.server.start();

  // Register the way the box's own services do (utils ServiceProxy + EntryPoint): connect to
  // /tmp/identity-box.box-office, send { id: 'identity-box', method: 'register', params: [{ servicePath }] },
  // read { id, response: { method: 'register-response', params: [{ servicePath }] } }, disconnect.
  // The box-office may start after us: retry until it answers.
  let registered = false;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const register = () => {
    if (registered || stopped) return;
    ipc.connectTo(BOX_OFFICE, () => {
      const office = ipc.of[BOX_OFFICE]!;
      office.on('connect', () => {
        log(`connected to the box-office; registering ${BACKUP_SERVICE}`);
        office.emit('message', { id: 'identity-box', method: 'register', params: [{ servicePath: BACKUP_SERVICE }] });
      });
      office.on('message', (message: { response?: { method?: string; params?: { servicePath?: string }[] } } | null) => {
        const response = message?.response;
        if (response?.method === 'register-response' && response.params?.[0]?.servicePath === BACKUP_SERVICE) {
          log('registration successful');
          registered = true;
        } else if (response?.method === 'register-error') {
          // The box-office remembers registered paths forever: on a restart this is expected and fine.
          log('already registered with the box-office (fine after a restart)');
          registered = true;
        } else {
          log(`unexpected answer from the box-office: ${JSON.stringify(response ?? message).slice(0, 200)}`);
        }
        ipc.disconnect(BOX_OFFICE);
      });
    });
    retry = setTimeout(() => {
      if (!registered && !stopped) {
        log('box-office not answering yet; retrying');
        ipc.disconnect(BOX_OFFICE);
        register();
      }
    }, 5000);
  };
  register();
  return {
    stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      ipc.disconnect(BOX_OFFICE);
      ipc.server.stop();
    },
  };
}
