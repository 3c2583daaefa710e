import { app, Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { CopiesView } from '../shared/contract/copies';
import { trayModel, type TrayAction, type TrayModel } from '../shared/copies/tray';
import type { Dispatcher } from '../shared/contract/dispatch';

/**
 * The tray / menu-bar icon: draws shared/copies/tray.ts's model (tested there) and forwards its
 * actions. Electron-only and kept thin: the Electron binary cannot run on the build machines.
 */
const COLOURS: Record<TrayModel['tone'], [number, number, number]> = {
  good: [46, 125, 50],
  warn: [180, 120, 0],
  bad: [198, 40, 40],
  unknown: [110, 110, 110],
};

/** A 16x16 filled circle in the tone's colour (BGRA), so no icon file has to ship. */
function dot(tone: TrayModel['tone']): NativeImage {
  const [r, g, b] = COLOURS[tone];
  const size = 16;
  const buf = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - 7.5) ** 2 + (y - 7.5) ** 2 <= 49;
      buf.set(inside ? [b, g, r, 255] : [0, 0, 0, 0], (y * size + x) * 4);
    }
  }
  return nativeImage.createFromBitmap(buf, { width: size, height: size });
}

export const loginSupported = () => process.platform === 'darwin' || process.platform === 'win32';
export const startsAtLogin = () => loginSupported() && app.getLoginItemSettings().openAtLogin;

export function createTray(options: { dispatcher: Dispatcher; show(route?: string): void; quit(): void }) {
  const tray = new Tray(dot('unknown'));
  let view: CopiesView | null = null;
  let busy = false;

  function draw() {
    const model = trayModel({ view, loginSupported: loginSupported(), startAtLogin: startsAtLogin(), busy });
    tray.setImage(dot(model.tone));
    tray.setToolTip(model.tooltip);
    const template: MenuItemConstructorOptions[] = model.items.map((item) => ({
      label: item.label,
      enabled: item.enabled,
      ...(item.checked === undefined ? {} : { type: 'checkbox' as const, checked: item.checked }),
      ...(item.id === 'status' ? {} : { click: () => void act(item.id as TrayAction) }),
    }));
    template.splice(1, 0, { type: 'separator' });
    tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  async function refresh() {
    const res = await options.dispatcher.dispatch('copies.list', {});
    if (res.ok) view = res.value as CopiesView;
    draw();
  }

  async function act(action: TrayAction) {
    switch (action) {
      case 'open':
        return options.show();
      case 'archive-now':
        return options.show('archive');
      case 'copies':
        return options.show('copies');
      case 'verify-all':
        busy = true;
        draw();
        await options.dispatcher.dispatch('copies.verifyAll', { operationId: `tray${Date.now()}` });
        busy = false;
        return refresh();
      case 'start-at-login':
        app.setLoginItemSettings({ openAtLogin: !startsAtLogin(), args: ['--hidden'] });
        return draw();
      case 'quit':
        return options.quit();
    }
  }

  draw();
  void refresh();
  return { refresh, destroy: () => tray.destroy() };
}
