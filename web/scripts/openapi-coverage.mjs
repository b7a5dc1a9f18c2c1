// Counts the operations of docs/api/openapi.yaml whose every response has a
// schema: each status either refers to a components response, or has content
// with a schema that says more than "an object", or has no body (204, 3xx).
// `node scripts/openapi-coverage.mjs [--missing]` prints the figure (and the
// operations still answering prose).
import yaml from 'js-yaml'
import { readFileSync } from 'node:fs'
import { documentPath } from './openapi-check.mjs'

const methods = ['get', 'put', 'post', 'delete', 'patch']
const doc = yaml.load(readFileSync(documentPath, 'utf8'))

function described(schema) {
  if (!schema || typeof schema !== 'object') return false
  const { description, example, ...rest } = schema
  const keys = Object.keys(rest)
  return keys.length > 0 && !(keys.length === 1 && rest.type === 'object')
}

function hasSchema(status, response) {
  if (response.$ref) return true
  if (status === '204' || status.startsWith('3')) return true
  return Object.values(response.content ?? {}).some((media) => described(media.schema))
}

const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  methods.filter((m) => item[m]).map((m) => ({ route: `${m.toUpperCase()} ${path}`, responses: item[m].responses ?? {} })),
)
const missing = operations.filter((op) => !Object.entries(op.responses).every(([s, r]) => hasSchema(s, r)))
console.log(`${operations.length - missing.length} of ${operations.length} routes have full response schemas`)
if (process.argv.includes('--missing')) for (const op of missing) console.log(`  ${op.route}`)
