// Native notifications: finished background turns and waiting approvals (notifyPolicy.ts), plus plugin notices.
import type { Notification, NotificationConstructorOptions } from 'electron';
import type { EventBus } from '../core/agent/events';
import type { Runtime } from '../core/runtime';
import { notificationFor, withSessionTitle, type NotificationSpec } from './notifyPolicy';

/** The parts of a notification the notifier uses. */
export type NotificationLike = Pick<Notification, 'on' | 'show'>;

/** Electron's `Notification` class as the notifier uses it (a fake in tests). */
export interface NotificationFactory {
  isSupported(): boolean;
  new (options: NotificationConstructorOptions): NotificationLike;
}

/** Options of {@link createNotifier}. */
export interface NotifierOptions {
  /** Electron's `Notification` class. */
  Notification: NotificationFactory;
  /** Called when a notification is clicked, with its session (if any). */
  onClick(sessionId: string | undefined): void;
  /** Icon shown in the notification (Linux, Windows). */
  icon?: string;
  log: Runtime['log'];
}

/** Shows notifications and watches the bus for the ones the policy asks for. */
export interface Notifier {
  /** Shows `spec` now (a no-op with a warning where the OS has no notification service). */
  show(spec: NotificationSpec): void;
  /**
   * Notifies for bus events per `notificationFor` while `appFocused()` is false; the body is prefixed with the
   * chat's title from `sessionTitle`. Returns the unsubscribe function.
   */
  watch(
    bus: Pick<EventBus, 'onAny'>,
    appFocused: () => boolean,
    sessionTitle: (sessionId: string) => Promise<string | undefined>,
  ): () => void;
}

/** Creates a {@link Notifier}. Shown notifications are kept referenced until closed or clicked (else GC drops their click). */
export function createNotifier(options: NotifierOptions): Notifier {
  const { Notification } = options;
  const live = new Set<NotificationLike>();
  let warnedUnsupported = false;
  const show = (spec: NotificationSpec) => {
    if (!Notification.isSupported()) {
      if (!warnedUnsupported)
        options.log.warn('this system shows no desktop notifications; Deskpilot notices appear in the tray only', {});
      warnedUnsupported = true;
      return;
    }
    const notification = new Notification({
      title: spec.title,
      body: spec.body,
      ...(options.icon ? { icon: options.icon } : {}),
    });
    live.add(notification);
    notification.on('click', () => {
      live.delete(notification);
      options.onClick(spec.sessionId);
    });
    notification.on('close', () => live.delete(notification));
    notification.on('failed', (_event, error) => {
      live.delete(notification);
      options.log.warn('a notification could not be shown', { error });
    });
    notification.show();
  };
  return {
    show,
    watch(bus, appFocused, sessionTitle) {
      return bus.onAny((event, payload) => {
        const spec = notificationFor(event, payload, appFocused());
        if (!spec) return;
        const title = spec.sessionId ? sessionTitle(spec.sessionId).catch(() => undefined) : Promise.resolve(undefined);
        void title.then((t) => show(withSessionTitle(spec, t)));
      });
    },
  };
}
