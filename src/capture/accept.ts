/** The `accept` lists of the file inputs: concrete types make iPhones hand over JPEG instead of HEIC. */
export const acceptPhotos = 'image/jpeg,image/png'
export const acceptFiles = 'image/jpeg,image/png,application/pdf,.pdf'
