export { openPanelFromToolbarButton, openPanel } from './panel';
export { showNotification, onNotificationClick } from './notifications';
export { createBadgeSetter, type Badge, type BadgeSetter } from './badge';
export { sessionStorage, localStorage, type StorageArea } from './storage';
export { requestOrigin, hasOrigin, grantedCustomOrigins, syncOriginScripts, injectContentScript } from './origins';
export { alarms, onAlarm, type Alarms } from './alarms';
