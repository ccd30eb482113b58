/** The answer of `GET /api/health`. */
export interface HealthResponse {
  status: 'ok'
  version: string
}
