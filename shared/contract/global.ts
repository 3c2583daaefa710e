/** The Electron preload exposes the api under this name on window. Kept free of imports: the sandboxed preload bundles it. */
export const API_GLOBAL = 'idboxCompanion';
