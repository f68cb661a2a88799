export { openPanelFromToolbarButton } from './panel';
export { setBadge, type Badge } from './badge';
export { sessionStorage, localStorage, type StorageArea } from './storage';
export { requestOrigin, hasOrigin, grantedCustomOrigins, syncOriginScripts, injectContentScript } from './origins';
