import { useConnectionStore } from '@/stores/connection'
import { fetchTransport, NetworkError, type Transport } from './transport'

/**
 * The applicant side's transport: every answer (or its absence) also tells the connection state,
 * so request outcomes, not navigator.onLine, decide what the header shows. Views and composables
 * use this (through the sync modules) instead of calling fetch themselves.
 */
export function appTransport(timeoutMs?: number): Transport {
  const connection = useConnectionStore()
  const base = fetchTransport(timeoutMs)
  return async (request) => {
    try {
      const response = await base(request)
      connection.reportReachable(true)
      return response
    } catch (error) {
      if (error instanceof NetworkError) connection.reportReachable(false)
      throw error
    }
  }
}
