// Public API: re-exports only.
export * from './endpoints/endpoint-base';
export * from './endpoints/endpoint-policy';
export * from './endpoints/interface-endpoint';
export * from './endpoints/gateway-endpoint';
