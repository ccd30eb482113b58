import type { Store } from '../storage/database.js'

/**
 * What e-mails say about the authority: the sender's name, an address for replies and the line
 * under each message. The one place mail reads the authority from. For now a neutral fallback;
 * at merge it is wired to the authority profile (server/services/authority.ts,
 * `getAuthorityProfile(store)`, undefined while not configured) by replacing the body of
 * `authorityDetails` below, and `signature` by `authoritySignature(profile, locale)`.
 */
export interface AuthorityDetails {
  name: string
  /** Where applicants' replies go (Reply-To); without, replies go to MAIL_FROM. */
  email?: string
  /** One line: street, postcode and town. */
  addressLine?: string
}

export const neutralAuthority: AuthorityDetails = { name: 'Ausländerbehörde' }

export async function authorityDetails(_store: Store): Promise<AuthorityDetails> {
  return neutralAuthority
}

/** The footer lines of an e-mail: the authority's name and address. */
export function signature(details: AuthorityDetails): string[] {
  return [details.name, ...(details.addressLine ? [details.addressLine] : [])]
}
