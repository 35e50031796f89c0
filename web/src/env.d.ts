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
