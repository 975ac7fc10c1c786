export * from '@catwire/runtime';
