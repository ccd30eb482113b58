import { describe, expect, it } from 'vitest'
import { serviceCatalogue, serviceIds } from '@/domain/catalogue'
import { contactChannels } from '@/domain/contact'
import { channelsForTopic } from '@/domain/booking'

describe('the service catalogue', () => {
  it('offers the five services of the first and next wave, each once', () => {
    expect(serviceCatalogue.map((service) => service.id)).toEqual([...serviceIds])
    expect(new Set(serviceIds).size).toBe(5)
  })

  it('cites a legal basis for every service', () => {
    for (const service of serviceCatalogue) expect(service.legalBasis).toMatch(/^(StAG|AufenthG) §/)
  })

  it('lets every service be handled through all three contact channels', () => {
    for (const service of serviceCatalogue) expect([...service.contactChannels]).toEqual([...contactChannels])
  })

  it('says which matters each service books, and a follow-up visit that can be booked in person', () => {
    for (const service of serviceCatalogue) {
      expect(service.topics.length).toBeGreaterThan(0)
      if (service.followUpTopic) {
        expect(service.topics).toContain(service.followUpTopic)
        expect(channelsForTopic[service.followUpTopic]).toContain('in-person')
      }
    }
  })
})

describe('what to bring', () => {
  it('names the documents for the matter, and the service’s own for handing in an application', async () => {
    const { whatToBring } = await import('@/domain/booking')
    expect(whatToBring('biometrics')).toEqual(['passport', 'biometricPhoto', 'currentResidenceDocument'])
    expect(whatToBring('submission', ['passport', 'admissionLetter'])).toEqual(['passport', 'admissionLetter'])
    expect(whatToBring('advice')).toEqual(['passport'])
  })
})
