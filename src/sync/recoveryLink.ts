/**
 * The address a QR code of a recovery code opens: the transfer screen with the code in the
 * fragment, which the browser never sends to a server (SyncView fills the field from it).
 */
export function recoveryLink(origin: string, recoveryCode: string): string {
  return `${origin}/sync#recovery=${encodeURIComponent(recoveryCode)}`
}

/** The QR code of that address as an image; loads the QR library only when asked (off the home screen's download). */
export async function recoveryQrCode(origin: string, recoveryCode: string): Promise<string> {
  const { toDataURL } = await import('qrcode')
  return toDataURL(recoveryLink(origin, recoveryCode), { errorCorrectionLevel: 'M', margin: 2, width: 240 })
}
