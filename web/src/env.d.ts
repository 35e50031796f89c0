declare module '*.yaml' {
  const text: string;
  export default text;
}
declare module '*.json' {
  const value: any;
  export default value;
}
declare module 'monaco-editor/esm/vs/editor/edcore.main.js' {
  export * from 'monaco-editor';
}
declare module '*.css';
declare module 'mesh-web:schemas' {
  /** schemas/istio.json first, then every schema of schemas/catalog.json (built by scripts/web.mjs). */
  export const SCHEMAS: { $id: string }[];
}
