import { lazyView } from '../lazy';
import type { SettingsViewProps } from './SettingsView';

/** The settings view, loaded when first opened. */
export const LazySettings = lazyView<SettingsViewProps>(() => import('./SettingsView').then((m) => m.SettingsView), 'settings view');
