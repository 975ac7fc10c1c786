// `catwire/runtime` is kept for code generated before the runtime became its own package:
// it is @catwire/runtime, re-exported.
export * from '@catwire/runtime';
