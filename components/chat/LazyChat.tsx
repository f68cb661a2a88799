import { lazyView } from '../lazy';
import type { ChatViewProps } from './ChatView';

/** The chat view, loaded when first opened: chat is not what every moderator opens first. */
export const LazyChat = lazyView<ChatViewProps>(() => import('./ChatView').then((m) => m.ChatView), 'chat view');
