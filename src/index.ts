// Public API: re-exports only. The endpoint building blocks and pattern constructs are added here.
export {};
