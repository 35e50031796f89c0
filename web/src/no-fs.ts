// Stands in for node:fs in the browser build: the shared fix module's file writer is never called there.
export function writeFileSync(): never {
  throw new Error('No file system in the browser.');
}
export function readFileSync(): never {
  throw new Error('No file system in the browser.');
}
