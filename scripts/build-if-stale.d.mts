/** Runs `npm run build` if dist/ is missing or older than its sources; exits the process when the build fails. */
export function buildIfStale(): void
