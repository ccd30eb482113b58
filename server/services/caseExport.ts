import { createHash, randomUUID } from 'node:crypto'
import { buffer } from 'node:stream/consumers'
import { XMLBuilder } from 'fast-xml-parser'
import { strToU8, zipSync, type Zippable } from 'fflate'
import { applicationForms } from '../../src/domain/applications/forms.js'
import { serviceCatalogue, type ServiceId } from '../../src/domain/catalogue.js'
import { todayAt } from '../../src/domain/time.js'
import germanTexts from '../../src/i18n/locales/de.json' with { type: 'json' }
import type { Executor, Store } from '../storage/database.js'
import { documentsOfDraft, type StoredDocument } from '../storage/documents.js'
import type { DocumentStore } from '../storage/documentStore.js'
import { applicationTimeline } from './applications.js'
import { caseRecord, type CaseRecord } from './cases.js'

/**
 * The per-case bundle for the case-management system and the DMS (docs/export.md): the application
 * as XML shaped after XAusländer (OZG chapter) or XEinbürgerung, the same as JSON, every document
 * page, and a manifest in the shape of FIT-Connect's submission metadata.
 */
export interface CaseExport {
  fileName: string
  zip: Uint8Array
}

export const fitConnectMetadataSchema = 'https://schema.fitko.de/fit-connect/metadata/1.1.0/metadata.schema.json'
const sender = 'ABH Digital'

interface MessageKind {
  root: string
  /** Our own namespaces: the element names follow the standards' information models, not their XSDs. */
  namespace: string
  standard: string
  person: string
}

const residencePermit: MessageKind = {
  root: 'ozg.antrag.aufenthaltstitel',
  namespace: 'urn:abh-digital:export:xauslaender-ozg:1',
  standard: 'angelehnt an XAusländer (OZG-Kapitel), nicht gegen dessen XSD validiert',
  person: 'antragsteller',
}
const naturalisation: MessageKind = {
  root: 'antrag.einbuergerung',
  namespace: 'urn:abh-digital:export:xeinbuergerung:1',
  standard: 'angelehnt an XEinbürgerung, nicht gegen dessen XSD validiert',
  person: 'einbuergerungsbewerber',
}

interface ServiceExport {
  kind: MessageKind
  /** The purpose of residence, named after the section of the AufenthG the permit belongs to. */
  purpose?: string
  /** PLACEHOLDER Leika identifiers: the authority must confirm the real ones before going live. */
  leikaIdentifier: string
}

const serviceExports: Record<ServiceId, ServiceExport> = {
  naturalisation: { kind: naturalisation, leikaIdentifier: 'urn:de:fim:leika:leistung:00000000000001' },
  'residence-employment': {
    kind: residencePermit,
    purpose: 'Aufenthalt zum Zweck der Erwerbstätigkeit',
    leikaIdentifier: 'urn:de:fim:leika:leistung:00000000000002',
  },
  'residence-study': { kind: residencePermit, purpose: 'Aufenthalt zum Zweck der Ausbildung', leikaIdentifier: 'urn:de:fim:leika:leistung:00000000000003' },
  settlement: { kind: residencePermit, purpose: 'Dauerhafter Aufenthalt', leikaIdentifier: 'urn:de:fim:leika:leistung:00000000000004' },
  humanitarian: {
    kind: residencePermit,
    purpose: 'Aufenthalt aus völkerrechtlichen, humanitären oder politischen Gründen',
    leikaIdentifier: 'urn:de:fim:leika:leistung:00000000000005',
  },
}

type Answers = CaseRecord['answers']

type ApplicationRecord = CaseRecord

/** A file of the bundle with the bytes as they are in the ZIP. */
interface BundleFile {
  path: string
  bytes: Uint8Array
  mimeType: string
  purpose: 'form' | 'attachment'
  description: string
}

type DocumentFile = BundleFile & { document: StoredDocument }

/** XML 1.0 forbids most control characters; a stray one from a pasted text must not break the file. */
// eslint-disable-next-line no-control-regex
const xmlInvalidCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

/**
 * Drops absent values (undefined, null, blank strings, empty lists and objects) so nothing is
 * exported empty, and removes characters XML cannot carry. Pure; used for the XML and the JSON alike.
 */
export function withoutEmptyValues(value: unknown): unknown {
  if (typeof value === 'string') {
    const text = value.replace(xmlInvalidCharacters, '')
    return text.trim() === '' ? undefined : text
  }
  if (Array.isArray(value)) {
    const items = value.map(withoutEmptyValues).filter((item) => item !== undefined)
    return items.length > 0 ? items : undefined
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).flatMap(([key, item]) => {
      const kept = withoutEmptyValues(item)
      return kept === undefined ? [] : [[key, kept] as const]
    })
    return entries.length > 0 ? Object.fromEntries(entries) : undefined
  }
  return value ?? undefined
}

const extensions: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' }

/** Where a document page goes in the bundle: `dokumente/<slot>-<page>.<ext>`. Pure. */
export function documentPath(slot: string, page: number, mimeType: string): string {
  return `dokumente/${slot}-${page}.${extensions[mimeType] ?? 'bin'}`
}

const sha512 = (bytes: Uint8Array) => createHash('sha512').update(bytes).digest('hex')

const checklistTitle = (slot: string) => (germanTexts.checklist as Record<string, { title?: string } | undefined>)[slot]?.title ?? slot
const serviceTitle = (serviceId: ServiceId) => germanTexts.services[serviceId].title

async function readTimeline(db: Executor, reference: string) {
  return (await applicationTimeline(db, reference)).map((event) => ({
    status: event.status,
    zeitpunkt: event.at,
    vermerk: event.note,
    nachgeforderteUnterlagen: event.requestedDocuments ? { unterlage: event.requestedDocuments } : undefined,
  }))
}

async function contentOf(documentStore: DocumentStore, document: StoredDocument): Promise<Buffer> {
  const content = await documentStore.get(document.sha256)
  // A page on record whose bytes are gone is the server's fault, not the caller's: a 500, logged.
  if (!content) throw new Error('A page of the case is missing from the document store')
  return buffer(content)
}

/** Every page of the application, read from the content-addressed store. Two pages of one slot and number keep both. */
async function documentFiles(documents: readonly StoredDocument[], documentStore: DocumentStore): Promise<DocumentFile[]> {
  const taken = new Set<string>()
  const files: DocumentFile[] = []
  for (const document of documents) {
    let filePath = documentPath(document.slot, document.page, document.mimeType)
    if (taken.has(filePath)) filePath = filePath.replace(/(\.[a-z]+)$/, `-${document.id.slice(0, 8)}$1`)
    taken.add(filePath)
    files.push({
      path: filePath,
      bytes: await contentOf(documentStore, document),
      mimeType: document.mimeType,
      purpose: 'attachment' as const,
      description: `${checklistTitle(document.slot)}, Seite ${document.page}`,
      document,
    })
  }
  return files
}

/** Which answer goes where in the person's data; every other answer is exported as a generic entry. */
const personFields: readonly (readonly [target: string, answer: string])[] = [
  ['name.familienname', 'surname'],
  ['name.vornamen', 'givenNames'],
  ['name.geburtsname', 'birthName'],
  ['geschlecht', 'sex'],
  ['geburt.datum', 'dateOfBirth'],
  ['geburt.geburtsort.ort', 'placeOfBirth'],
  ['geburt.geburtsort.staat', 'countryOfBirth'],
  ['staatsangehoerigkeit', 'nationality'],
  ['anschrift.strasseHausnummer', 'street'],
  ['anschrift.postleitzahl', 'postcode'],
  ['anschrift.wohnort', 'city'],
  ['kontakt.telefon', 'phone'],
  ['kontakt.email', 'email'],
  ['reisedokument.art', 'travelDocumentKind'],
  ['reisedokument.nummer', 'passportNumber'],
  ['reisedokument.ausstellungsstaat', 'passportIssuingState'],
  ['reisedokument.gueltigBis', 'passportValidUntil'],
]

/** The XÖV code list Geschlecht: m, w, d, x. */
const sexCodes: Record<string, string> = { female: 'w', male: 'm', diverse: 'd', unspecified: 'x' }

function personOf(answers: Answers): Record<string, unknown> {
  const person: Record<string, unknown> = {}
  for (const [target, answer] of personFields) {
    const value = answer === 'sex' ? sexCodes[String(answers.sex)] : answers[answer]
    const keys = target.split('.')
    let node = person
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>
    node[keys.at(-1) ?? target] = value
  }
  return person
}

/** The answers not carried in the person's data, in the order the form asks them. */
function otherAnswers(serviceId: ServiceId, answers: Answers) {
  const inPerson = new Set(personFields.map(([, answer]) => answer))
  const formOrder = applicationForms[serviceId].steps.flatMap((step) => step.fields.map((field) => field.name))
  const keys = [...new Set([...formOrder, ...Object.keys(answers)])].filter((key) => !inPerson.has(key) && answers[key] !== undefined)
  return keys.map((key) => ({ schluessel: key, wert: String(answers[key]) }))
}

function attachmentList(files: readonly DocumentFile[]) {
  return files.map(({ path: filePath, bytes, mimeType, document }) => ({
    dateiname: filePath,
    mimeType,
    zweck: document.slot,
    bezeichnung: checklistTitle(document.slot),
    seite: document.page,
    groesse: bytes.length,
    sha512: sha512(bytes),
  }))
}

/** The message both antrag.xml and antrag.json carry, without empty values. */
async function caseMessage(db: Executor, application: ApplicationRecord, files: readonly DocumentFile[], now: Date) {
  const service = serviceExports[application.serviceId]
  const legalBasis = serviceCatalogue.find((entry) => entry.id === application.serviceId)?.legalBasis
  return withoutEmptyValues({
    nachrichtenkopf: {
      nachrichtenUUID: randomUUID(),
      nachrichtentyp: service.kind.root,
      erstellungszeitpunkt: now.toISOString(),
      absender: sender,
      vorgangsnummer: application.reference,
    },
    [service.kind.person]: personOf(application.answers),
    antrag: {
      vorgangsnummer: application.reference,
      leistung: { kennung: application.serviceId, bezeichnung: serviceTitle(application.serviceId), rechtsgrundlage: legalBasis },
      aufenthaltszweck: service.purpose,
      eingangszeitpunkt: application.submittedAt,
      status: application.status,
      statusverlauf: { eintrag: await readTimeline(db, application.reference) },
      weitereAngaben: { angabe: otherAnswers(application.serviceId, application.answers) },
    },
    anlagen: { anlage: attachmentList(files) },
  }) as Record<string, unknown>
}

function toXml(kind: MessageKind, message: Record<string, unknown>): string {
  const builder = new XMLBuilder({ format: true, ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: true })
  return builder.build({
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    [kind.root]: { '@xmlns': kind.namespace, '@produkt': sender, '@standard': kind.standard, ...message },
  }) as string
}

const hashOf = (bytes: Uint8Array) => ({ type: 'sha512', content: sha512(bytes) })

/** manifest.json in the shape of FIT-Connect's submission metadata; the data is antrag.xml. */
function manifestOf(application: ApplicationRecord, xml: BundleFile, files: readonly BundleFile[]) {
  const service = serviceExports[application.serviceId]
  return {
    $schema: fitConnectMetadataSchema,
    contentStructure: {
      data: { hash: hashOf(xml.bytes), submissionSchema: { schemaUri: service.kind.namespace, mimeType: 'application/xml' } },
      attachments: files.map((file) => ({
        attachmentId: randomUUID(),
        hash: hashOf(file.bytes),
        purpose: file.purpose,
        filename: file.path,
        mimeType: file.mimeType,
        description: file.description,
      })),
    },
    publicServiceType: {
      name: serviceTitle(application.serviceId),
      description: 'Leika-Kennung vorläufig: von der Behörde zu bestätigen',
      identifier: service.leikaIdentifier,
    },
    additionalReferenceInfo: { senderReference: application.reference, applicationDate: todayAt(new Date(application.submittedAt)) },
  }
}

/** Builds `<reference>.zip` for one submitted application; NOT_FOUND for an unknown reference. */
export async function buildCaseExport(store: Store, documentStore: DocumentStore, reference: string, now = new Date()): Promise<CaseExport> {
  const application = await caseRecord(store.db, reference)
  const kind = serviceExports[application.serviceId].kind
  const documents = await documentFiles(await documentsOfDraft(store.db, application.draftId), documentStore)
  const message = await caseMessage(store.db, application, documents, now)
  const xml: BundleFile = {
    path: 'antrag.xml',
    bytes: strToU8(toXml(kind, message)),
    mimeType: 'application/xml',
    purpose: 'form',
    description: `Antragsdaten (XML, ${kind.standard})`,
  }
  const json: BundleFile = {
    path: 'antrag.json',
    bytes: strToU8(`${JSON.stringify({ [kind.root]: message }, null, 2)}\n`),
    mimeType: 'application/json',
    purpose: 'form',
    description: 'Antragsdaten (JSON, dieselben Daten wie antrag.xml)',
  }
  const manifest = strToU8(`${JSON.stringify(manifestOf(application, xml, [xml, json, ...documents]), null, 2)}\n`)
  // The submission time, not the export time: the same case gives the same file dates.
  const mtime = new Date(application.submittedAt)
  const entries: Zippable = {
    'antrag.xml': [xml.bytes, { level: 6, mtime }],
    'antrag.json': [json.bytes, { level: 6, mtime }],
    'manifest.json': [manifest, { level: 6, mtime }],
  }
  // Photos and PDFs are compressed already.
  for (const file of documents) entries[file.path] = [file.bytes, { level: 0, mtime }]
  return { fileName: `${application.reference}.zip`, zip: zipSync(entries) }
}
