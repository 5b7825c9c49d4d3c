// What Vite adds to imports in the worker tests: `?raw` (a file's text) and
// import.meta.glob (many modules at once). Tests only.
declare module '*?raw' {
  const text: string
  export default text
}

interface ImportMeta {
  glob<T>(pattern: string, options: { eager: true; import: 'default' }): Record<string, T>
}
