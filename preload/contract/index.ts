// The contract's public surface: schemas and types shared by preload, renderer, runtime and CLI.
export * from './result';
export * from './items';
export * from './approvals';
export * from './automation';
export * from './events';
export * from './sessions';
export * from './settings';
export * from './channels';
export * from './accounts';
export * from './wire';
export * from './mcp';
