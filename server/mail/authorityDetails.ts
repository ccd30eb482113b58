import { authoritySignature, authorityTitle, type AuthorityProfile } from '../../src/domain/authority.js'
import type { Locale } from '../../src/domain/locales.js'
import { getAuthorityProfile } from '../services/authority.js'
import type { Store } from '../storage/database.js'

/**
 * What e-mails say about the authority: the sender's name, an address for replies, the line
 * under each message and the calendar file's place. The one place mail reads the authority from:
 * its profile (server/services/authority.ts), or a neutral name while none is configured.
 */
export interface AuthorityDetails {
  name: string
  /** Where applicants' replies go (Reply-To); without, replies go to MAIL_FROM. */
  email?: string
  profile?: AuthorityProfile
}

export const neutralAuthority: AuthorityDetails = { name: 'Ausländerbehörde' }

export async function authorityDetails(store: Store): Promise<AuthorityDetails> {
  const profile = await getAuthorityProfile(store)
  return profile ? { name: authorityTitle(profile), email: profile.email, profile } : neutralAuthority
}

/** The footer lines of an e-mail: the authority's name, address and contact, in the mail's language. */
export function signature(details: AuthorityDetails, locale: Locale): string[] {
  return details.profile ? authoritySignature(details.profile, locale).split('\n') : [details.name]
}
