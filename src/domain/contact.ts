/** The three ways to reach the authority. They are equal: same weight, same steps, same confirmation. */
export const contactChannels = ['in-person', 'phone', 'written'] as const

export type ContactChannel = (typeof contactChannels)[number]
