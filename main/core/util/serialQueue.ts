// The runtime's SerialQueue: the one implementation lives in plugins/sdk/serialQueue.ts, so plugins can use it too.
export { SerialQueue } from '../../../plugins/sdk/serialQueue';
