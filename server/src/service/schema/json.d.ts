// JSON modules (the generated schemas) are bundled by esbuild; their shape is checked at use.
declare module '*.json' {
  const value: unknown;
  export default value;
}
