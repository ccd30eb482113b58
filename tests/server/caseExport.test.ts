import { createHash } from 'node:crypto'
import path from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { strFromU8, unzipSync, type Unzipped } from 'fflate'
import * as tus from 'tus-js-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveChecklist } from '@/domain/applications/checklist'
import { applicationForms } from '@/domain/applications/forms'
import type { Answers } from '@/domain/applications/types'
import type { SubmissionResponse } from '@/domain/applicationStatus'
import type { ServiceId } from '@/domain/catalogue'
import type { ApplicantCredentials } from '@/domain/sync'
import { validAnswers } from '../unit/applicationFactories'
import { DomainError } from '@/domain/errors'
import { addStatusEvent } from '../../server/services/applications.js'
import { buildCaseExport, documentPath, fitConnectMetadataSchema, withoutEmptyValues } from '../../server/services/caseExport.js'
import { filesystemDocumentStore, type DocumentStore } from '../../server/storage/documentStore.js'
import { filler, jpeg, png } from './imageBytes'
import { startTestServer, type RunningServer } from './harness'

let server: RunningServer
let documents: DocumentStore
beforeAll(async () => {
  server = await startTestServer()
  // The store the app itself uses by default: the uploads put the pages there.
  documents = filesystemDocumentStore(path.join(server.dataDir, 'documents'))
})
afterAll(() => server.stop())

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const sha512 = (bytes: Uint8Array) => createHash('sha512').update(bytes).digest('hex')
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A page of the given type whose header the server reads; the seed keeps every page's content apart. */
function pageBytes(mimeType: string, seed: number): Buffer {
  if (mimeType === 'image/jpeg') return jpeg(3000, seed)
  if (mimeType === 'image/png') return png(2000, 1500, 3000, seed)
  const bytes = filler(3000, seed)
  bytes.set(Buffer.from('%PDF-1.7\n'))
  return bytes
}

/** Uploads a page with tus-js-client as the page does. */
function upload(bytes: Buffer, token: string, draftId: string, slot: string, page: number): Promise<void> {
  return new Promise((resolve, reject) => {
    new tus.Upload(bytes, {
      endpoint: `${server.baseUrl}/api/uploads`,
      retryDelays: [],
      headers: { authorization: `Bearer ${token}` },
      metadata: { documentId: crypto.randomUUID(), draftId, slot, page: String(page), sha256: sha256(bytes) },
      onSuccess: () => resolve(),
      onError: reject,
    }).start()
  })
}

const mimeTypes = ['image/jpeg', 'image/png', 'application/pdf']

/** Submits a complete application over HTTP with every required document (the passport with two pages). */
async function submitApplication(serviceId: ServiceId, answers: Answers): Promise<{ reference: string; pages: Map<string, Buffer> }> {
  const { token } = (await (await fetch(`${server.baseUrl}/api/applicants`, { method: 'POST' })).json()) as ApplicantCredentials
  const auth = { authorization: `Bearer ${token}` }
  const draftId = crypto.randomUUID()
  const put = await fetch(`${server.baseUrl}/api/drafts/${draftId}`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId, answers }),
  })
  expect(put.status).toBe(201)
  const pages = new Map<string, Buffer>()
  const required = deriveChecklist(applicationForms[serviceId], answers).filter((item) => item.required)
  for (const [index, item] of required.entries()) {
    for (let page = 1; page <= (item.id === 'passport' ? 2 : 1); page += 1) {
      const mimeType = mimeTypes[(index + page) % mimeTypes.length] ?? 'image/jpeg'
      const bytes = pageBytes(mimeType, index * 10 + page)
      await upload(bytes, token, draftId, item.id, page)
      pages.set(documentPath(item.id, page, mimeType), bytes)
    }
  }
  const submitted = await fetch(`${server.baseUrl}/api/applications`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ draftId, revision: 1 }),
  })
  expect(submitted.status).toBe(201)
  return { reference: ((await submitted.json()) as SubmissionResponse).reference, pages }
}

// Lists stay lists even with one entry, and values stay text, so the XML compares with the JSON.
const parser = new XMLParser({ parseTagValue: false, isArray: (name) => ['eintrag', 'angabe', 'anlage', 'unterlage'].includes(name) })
/** The value under a path of keys in a parsed document. */
const at = (value: unknown, ...keys: string[]): unknown => keys.reduce((node, key) => (node as Record<string, unknown> | undefined)?.[key], value)
const asText = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' || typeof item === 'boolean' ? String(item) : item)))

interface Manifest {
  $schema: string
  contentStructure: {
    data: { hash: { type: string; content: string }; submissionSchema: { schemaUri: string; mimeType: string } }
    attachments: { attachmentId: string; hash: { type: string; content: string }; purpose: string; filename: string; mimeType: string; description: string }[]
  }
  publicServiceType: { name: string; identifier: string; description: string }
  additionalReferenceInfo: { senderReference: string }
}

function readBundle(files: Unzipped, root: string) {
  const xml = strFromU8(files['antrag.xml'] ?? new Uint8Array())
  return {
    xml,
    message: (parser.parse(xml) as Record<string, unknown>)[root],
    json: (JSON.parse(strFromU8(files['antrag.json'] ?? new Uint8Array())) as Record<string, unknown>)[root],
    manifest: JSON.parse(strFromU8(files['manifest.json'] ?? new Uint8Array())) as Manifest,
  }
}

// Names allow letters of any script and apostrophes, not "&": the free-text fields carry the rest.
const surname = "حداد O'Neil"
const placeOfBirth = 'Aleppo & "Umgebung" <Nord>'
const university = "Universität 'Rhein' & Main"

describe('the case export for the case-management system and the DMS', () => {
  it('bundles a residence application as XAusländer-shaped XML, the same as JSON, its pages and a FIT-Connect-shaped manifest', async () => {
    // The monthly amount as typed in German ("1.200"): exported as the plain number.
    const answers = validAnswers('residence-study', { surname, placeOfBirth, university, monthlyFunds: '1.200' })
    const { reference, pages } = await submitApplication('residence-study', answers)
    const exported = await buildCaseExport(server.storage, documents, reference, new Date('2026-12-03T10:00:00.000Z'))
    expect(exported.fileName).toBe(`${reference}.zip`)
    const files = unzipSync(exported.zip)
    expect(Object.keys(files).sort()).toEqual(['antrag.json', 'antrag.xml', 'manifest.json', ...pages.keys()].sort())

    const { xml, message, json, manifest } = readBundle(files, 'ozg.antrag.aufenthaltstitel')
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true)
    expect(xml).toContain('Aleppo &amp; &quot;Umgebung&quot; &lt;Nord&gt;')
    expect(xml).not.toMatch(/<[^>]+\/>|<([^\s>]+)[^>]*><\/\1>/)
    expect(message).toMatchObject({
      nachrichtenkopf: { vorgangsnummer: reference, absender: 'ABH Digital', erstellungszeitpunkt: '2026-12-03T10:00:00.000Z' },
      antragsteller: {
        name: { familienname: surname, vornamen: answers.givenNames },
        geburt: { datum: '1990-04-12', geburtsort: { ort: placeOfBirth, staat: 'SY' } },
        staatsangehoerigkeit: 'SY',
        geschlecht: 'w',
        reisedokument: { nummer: 'N01234567' },
      },
      antrag: { vorgangsnummer: reference, leistung: { kennung: 'residence-study' }, aufenthaltszweck: 'Aufenthalt zum Zweck der Ausbildung', status: 'submitted' },
    })
    expect(at(message, 'nachrichtenkopf', 'nachrichtenUUID')).toMatch(uuidPattern)
    expect(at(message, 'antragsteller', 'name', 'geburtsname')).toBeUndefined()
    const otherAnswers = at(message, 'antrag', 'weitereAngaben', 'angabe')
    expect(otherAnswers).toContainEqual({ schluessel: 'university', wert: university })
    expect(otherAnswers).toContainEqual({ schluessel: 'monthlyFunds', wert: '1200' })
    expect(otherAnswers).not.toContainEqual(expect.objectContaining({ schluessel: 'surname' }))
    expect(asText(json)).toEqual(message)

    expect(manifest.$schema).toBe(fitConnectMetadataSchema)
    expect(manifest.contentStructure.data.hash).toEqual({ type: 'sha512', content: sha512(files['antrag.xml'] ?? new Uint8Array()) })
    expect(manifest.contentStructure.data.submissionSchema.mimeType).toBe('application/xml')
    expect(manifest.contentStructure.attachments.map((entry) => entry.filename).sort()).toEqual(['antrag.json', 'antrag.xml', ...pages.keys()].sort())
    for (const attachment of manifest.contentStructure.attachments) {
      expect(attachment.attachmentId).toMatch(uuidPattern)
      expect(attachment.hash).toEqual({ type: 'sha512', content: sha512(files[attachment.filename] ?? new Uint8Array()) })
      expect(attachment.purpose).toBe(attachment.filename.startsWith('dokumente/') ? 'attachment' : 'form')
    }
    expect(manifest.publicServiceType.identifier).toMatch(/^urn:de:fim:leika:leistung:\d{14}$/)
    expect(manifest.additionalReferenceInfo.senderReference).toBe(reference)
    for (const [filePath, bytes] of pages) expect(Buffer.from(files[filePath] ?? []).equals(bytes)).toBe(true)
    const listed = at(message, 'anlagen', 'anlage') as { dateiname: string; sha512: string }[]
    expect(listed.map((entry) => [entry.dateiname, entry.sha512]).sort()).toEqual([...pages].map(([filePath, bytes]) => [filePath, sha512(bytes)]).sort())
  })

  it('shapes a naturalisation after XEinbürgerung, with the status history and the authority’s note', async () => {
    const { reference } = await submitApplication('naturalisation', validAnswers('naturalisation', { placeOfBirth }))
    await addStatusEvent(
      server.storage.db,
      reference,
      { status: 'documentsRequested', note: 'Bitte Seite 2 & 3 <nachreichen>.', requestedDocuments: ['birthCertificate'] },
      '2026-12-02T09:00:00.000Z',
    )
    const { message, json, manifest } = readBundle(unzipSync((await buildCaseExport(server.storage, documents, reference)).zip), 'antrag.einbuergerung')
    expect(message).toMatchObject({
      einbuergerungsbewerber: { name: { familienname: 'حداد' }, geburt: { datum: '1990-04-12' } },
      antrag: { leistung: { kennung: 'naturalisation', rechtsgrundlage: 'StAG § 10' }, status: 'documentsRequested' },
    })
    expect(at(message, 'antrag', 'aufenthaltszweck')).toBeUndefined()
    expect(at(message, 'antrag', 'statusverlauf', 'eintrag')).toEqual([
      { status: 'submitted', zeitpunkt: expect.any(String) },
      { status: 'documentsRequested', zeitpunkt: '2026-12-02T09:00:00.000Z', vermerk: 'Bitte Seite 2 & 3 <nachreichen>.', nachgeforderteUnterlagen: { unterlage: ['birthCertificate'] } },
    ])
    expect(asText(json)).toEqual(message)
    expect(manifest.contentStructure.data.submissionSchema.schemaUri).toContain('xeinbuergerung')
  })

  it('refuses an unknown reference with NOT_FOUND', async () => {
    const refusal: unknown = await buildCaseExport(server.storage, documents, 'ABH-2026-999999').catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(DomainError)
    expect(refusal).toMatchObject({ code: 'NOT_FOUND', message: 'No such application' })
  })

  it('reads the pages through the document store, wherever it keeps them', async () => {
    const { reference, pages } = await submitApplication('residence-study', validAnswers('residence-study'))
    const read: string[] = []
    const watched: DocumentStore = {
      ...documents,
      get(hash) {
        read.push(hash)
        return documents.get(hash)
      },
    }
    const files = unzipSync((await buildCaseExport(server.storage, watched, reference)).zip)
    expect(read.sort()).toEqual([...pages.values()].map(sha256).sort())
    for (const [filePath, bytes] of pages) expect(Buffer.from(files[filePath] ?? []).equals(bytes)).toBe(true)
  })

  it('leaves absent values out rather than exporting them empty, and drops characters XML cannot carry', () => {
    expect(withoutEmptyValues({ name: { familienname: 'A\u0007b', geburtsname: ' ' }, list: [undefined, ''], note: null, page: 0, given: false })).toEqual({
      name: { familienname: 'Ab' },
      page: 0,
      given: false,
    })
    expect(documentPath('passport', 2, 'application/pdf')).toBe('dokumente/passport-2.pdf')
  })
})
