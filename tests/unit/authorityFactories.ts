import type { AuthorityProfile } from '@/domain/authority'

/** A complete, valid profile of a made-up authority; tests change what they are about. */
export function authorityProfile(changes: Partial<AuthorityProfile> = {}): AuthorityProfile {
  return {
    name: 'Stadt Musterstadt',
    department: { de: 'Ausländerbehörde', en: 'Immigration Office', ar: 'دائرة شؤون الأجانب' },
    address: { street: 'Rathausplatz 1', postalCode: '12345', city: 'Musterstadt' },
    phone: '+49 1234 56-0',
    email: 'auslaenderbehoerde@musterstadt.example',
    places: [
      {
        id: 'rathaus',
        name: { de: 'Bürgerbüro im Rathaus' },
        address: { street: 'Rathausplatz 1', postalCode: '12345', city: 'Musterstadt' },
        openingHours: { de: 'Mo–Fr 8–12 Uhr, Do 14–18 Uhr', en: 'Mon–Fri 8 am–12 pm, Thu 2–6 pm' },
        mapUrl: 'https://www.openstreetmap.org/?mlat=50.1&mlon=8.6',
        counters: ['Schalter 1', 'Schalter 2'],
      },
      {
        id: 'nord',
        name: { de: 'Außenstelle Nord' },
        address: { street: 'Nordring 7', postalCode: '12347', city: 'Musterstadt' },
        openingHours: { de: 'Di und Do 8–12 Uhr' },
        mapUrl: 'https://www.openstreetmap.org/?mlat=50.2&mlon=8.7',
        counters: ['Schalter 3', 'Raum 104'],
      },
    ],
    imprint: {
      legalRepresentative: { de: 'Oberbürgermeisterin Erika Mustermann' },
      supervisoryAuthority: { de: 'Regierungspräsidium Musterland' },
      responsibleForContent: { de: 'Max Mustermann, Leiter der Ausländerbehörde' },
      vatId: 'DE123456789',
    },
    privacy: {
      controller: { de: 'Stadt Musterstadt, vertreten durch die Oberbürgermeisterin' },
      dataProtectionOfficer: { de: 'Datenschutzbeauftragte der Stadt Musterstadt, datenschutz@musterstadt.example' },
      retention: { de: 'Ausländerakten werden nach der Aktenordnung bis zu zehn Jahre nach dem Wegzug aufbewahrt.' },
      dataProtectionAuthority: { de: 'Landesbeauftragte für den Datenschutz Musterland, Postfach 1, 12340 Musterstadt' },
    },
    accessibility: {
      statementDate: '2026-11-30',
      feedbackContact: { de: 'barrierefrei@musterstadt.example, Telefon +49 1234 56-78' },
      enforcementBody: { de: 'Schlichtungsstelle nach dem Behindertengleichstellungsgesetz Musterland' },
    },
    ...changes,
  }
}
