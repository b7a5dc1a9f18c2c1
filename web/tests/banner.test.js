import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import EmergencyBanner from '../src/components/EmergencyBanner.vue'
import { LEVEL_TONE } from '../src/activeEmergencies'
import { i18n } from '../src/i18n'

const covid = {
  id: 1,
  name: '新冠肺炎疫情防控',
  level: 'I',
  region: '湖南省',
  covered_orgs: [
    { id: 2, name: '长沙水业集团' },
    { id: 3, name: '株洲水务集团' },
  ],
  started_at: '2020-01-23T02:00:00Z',
}

function render(emergencies, locale = 'zh-CN') {
  i18n.global.locale.value = locale
  return mount(EmergencyBanner, { props: { emergencies }, global: { plugins: [i18n] } })
}

afterEach(() => (i18n.global.locale.value = 'zh-CN'))

describe('EmergencyBanner', () => {
  it('says level, name and start date in Chinese', () => {
    const banner = render([covid]).get('[data-test="emergency-banner"]')
    expect(banner.get('.banner__text').text()).toBe('一级应急响应 · 新冠肺炎疫情防控 · 自 2020-01-23 起')
    expect(banner.text()).toContain('覆盖：长沙水业集团、株洲水务集团 · 湖南省')
  })

  it('says the same in English', () => {
    const banner = render([{ ...covid, level: 'II' }], 'en').get('[data-test="emergency-banner"]')
    expect(banner.get('.banner__text').text()).toBe('Level II emergency response · 新冠肺炎疫情防控 · since 23 Jan 2020')
    expect(banner.text()).toContain('Covers: 长沙水业集团, 株洲水务集团')
  })

  it.each([
    ['I', 'tone-red', '一级应急响应'],
    ['II', 'tone-orange', '二级应急响应'],
    ['III', 'tone-yellow', '三级应急响应'],
    ['IV', 'tone-blue', '四级应急响应'],
  ])('colours level %s as %s', (level, tone, label) => {
    const banner = render([{ ...covid, level }]).get('[data-test="emergency-banner"]')
    expect(banner.classes()).toContain(tone)
    expect(banner.attributes('data-level')).toBe(level)
    expect(banner.text()).toContain(label)
  })

  it('uses the national colours I red, II orange, III yellow, IV blue', () => {
    expect(LEVEL_TONE).toEqual({ I: 'red', II: 'orange', III: 'yellow', IV: 'blue' })
  })

  it('shows nothing when no response is active', () => {
    expect(render([]).find('[data-test="emergency-banner"]').exists()).toBe(false)
  })

  it('shows one line per active response', () => {
    const wrapper = render([covid, { ...covid, id: 2, level: 'III', name: '防汛' }])
    expect(wrapper.findAll('[data-test="emergency-banner"]')).toHaveLength(2)
  })
})
