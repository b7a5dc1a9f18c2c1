import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { activeEmergencies } from '../src/activeEmergencies'
import { connectLive, disconnectLive, liveEvents, liveStatus } from '../src/live'

class FakeEventSource {
  static last = null
  constructor(url, options) {
    this.url = url
    this.options = options
    this.listeners = {}
    this.closed = false
    FakeEventSource.last = this
  }
  addEventListener(type, fn) {
    this.listeners[type] = fn
  }
  close() {
    this.closed = true
  }
  emit(type, data) {
    this.listeners[type]({ data: JSON.stringify(data) })
  }
}

const json = (body) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
const covid = { id: 7, name: '新冠肺炎疫情防控', level: 'II', started_at: '2020-01-23T02:00:00Z', covered_orgs: [] }

let fetchMock
beforeEach(() => {
  fetchMock = vi.fn(async () => json({ items: [covid] }))
  vi.stubGlobal('fetch', fetchMock)
})
afterEach(() => {
  disconnectLive()
  vi.unstubAllGlobals()
  activeEmergencies.value = []
})

describe('live feed', () => {
  it('opens /api/v1/events with credentials, once', () => {
    connectLive(FakeEventSource)
    const source = FakeEventSource.last
    connectLive(FakeEventSource)
    expect(FakeEventSource.last).toBe(source)
    expect(source.url).toBe('/api/v1/events')
    expect(source.options).toEqual({ withCredentials: true })
    expect(liveStatus.value).toBe('connecting')
    source.onopen()
    expect(liveStatus.value).toBe('open')
  })

  it('keeps events newest first and refreshes the banner on emergency events', async () => {
    connectLive(FakeEventSource)
    const source = FakeEventSource.last
    source.emit('org.changed', { type: 'org.changed', org_id: 2, at: '2020-01-23T01:00:00Z', data: { name: '长沙水业集团' } })
    expect(fetchMock).not.toHaveBeenCalled()

    source.emit('emergency.declared', { type: 'emergency.declared', org_id: 1, at: '2020-01-23T02:00:00Z', data: covid })
    await flushPromises()
    expect(liveEvents.map((e) => e.type)).toEqual(['emergency.declared', 'org.changed'])
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/emergencies?status=active')
    expect(activeEmergencies.value.map((e) => e.name)).toEqual(['新冠肺炎疫情防控'])
  })

  it('closes and forgets on logout', () => {
    connectLive(FakeEventSource)
    const source = FakeEventSource.last
    source.emit('user.changed', { type: 'user.changed', org_id: 2, at: '2020-01-23T01:00:00Z', data: {} })
    disconnectLive()
    expect(source.closed).toBe(true)
    expect(liveEvents).toHaveLength(0)
    expect(liveStatus.value).toBe('closed')
  })
})
