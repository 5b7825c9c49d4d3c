// House style (as hono): no semicolons, single quotes, 100 columns.
export default {
  semi: false,
  singleQuote: true,
  printWidth: 110,
  trailingComma: 'all',
}
