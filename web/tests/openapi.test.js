// @vitest-environment node
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { documentPath, openapiProblems } from '../scripts/openapi-check.mjs'

// The API document integrators generate clients from (issue 20).
describe('docs/api/openapi.yaml', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(await openapiProblems()).toEqual([])
  })

  // The check must be able to fail: a broken copy is reported at its place.
  it('names the place of a broken copy', async () => {
    const text = readFileSync(documentPath, 'utf8')
    const breakages = [
      ['"200": {description: ok, content:', '"200": {description: ok, really, content:'], // /healthz: a comma in a flow mapping
      ['"200": {description: ready, content:', '"200": {summary: ready, content:'], // /readyz: a response without its description
    ]
    const broken = breakages.reduce((doc, [from, to]) => {
      expect(doc).toContain(from)
      return doc.replace(from, to)
    }, text)
    const copy = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.yaml')
    writeFileSync(copy, broken)
    const problems = await openapiProblems(copy)
    expect(problems).toContain('#/paths/~1healthz/get/responses/200/really: a key without a value (quote a description that has a comma)')
    expect(problems.some((p) => p.startsWith('#/paths/~1readyz/get/responses/200:'))).toBe(true)
  })
})
