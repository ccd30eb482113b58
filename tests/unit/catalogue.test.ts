import { describe, expect, it } from 'vitest'
import { serviceCatalogue, serviceIds } from '@/domain/catalogue'
import { contactChannels } from '@/domain/contact'

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
})
