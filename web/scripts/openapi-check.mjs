// Checks docs/api/openapi.yaml: valid OpenAPI 3.1 by @apidevtools/swagger-parser,
// and no YAML trap the validator lets through (a flow mapping whose unquoted
// description has a comma turns the rest of the text into a key with no value).
// `node scripts/openapi-check.mjs [file]` prints the problems and exits 1 if any.
import SwaggerParser from '@apidevtools/swagger-parser'
import yaml from 'js-yaml'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const documentPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/api/openapi.yaml')

// Returns the problems as "place: message" lines; empty when the document is valid.
export async function openapiProblems(path = documentPath) {
  let doc
  try {
    doc = yaml.load(readFileSync(path, 'utf8'))
  } catch (e) {
    return [`YAML: ${e.message.split('\n')[0]}`]
  }
  const problems = keysWithoutValue(doc).map((place) => `${place}: a key without a value (quote a description that has a comma)`)
  try {
    await SwaggerParser.validate(structuredClone(doc))
  } catch (e) {
    const places = (e.details ?? []).map((d) => `#${d.instancePath}: ${d.message}`)
    problems.push(...(places.length ? [...new Set(places)] : [e.message]))
  }
  return problems
}

function keysWithoutValue(node, place = '#') {
  if (!node || typeof node !== 'object') return []
  return Object.entries(node).flatMap(([key, value]) => {
    const here = `${place}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`
    return value === null ? [here] : keysWithoutValue(value, here)
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = await openapiProblems(process.argv[2] ?? documentPath)
  for (const p of problems) console.log(p)
  console.log(problems.length ? `${problems.length} problem(s)` : 'valid OpenAPI 3.1')
  process.exit(problems.length ? 1 : 0)
}
