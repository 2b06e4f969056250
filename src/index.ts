// Public API: re-exports only.
export * from './endpoints/endpoint-base';
export * from './endpoints/endpoint-policy';
export * from './endpoints/interface-endpoint';
export * from './endpoints/gateway-endpoint';
export * from './endpoints/gateway-load-balancer-endpoint';
export * from './endpoints/lattice-endpoint-base';
export * from './endpoints/resource-endpoint';
export * from './endpoints/service-network-endpoint';
export * from './kms/private-kms-access';
export * from './checks/private-link-checks';
export * from './s3/s3-hybrid-private-dns';
export * from './gwlb/gwlb-inspection-service';
export * from './gwlb/gwlb-inspection-vpc';
export * from './gwlb/inspection-route-walk';
