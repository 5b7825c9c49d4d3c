// The only form a credential takes outside the request headers: the hex
// SHA-256 of the pair. It keys the auth cache and names the rate-limit Durable
// Object; a short prefix of it correlates log lines. Shared by the API Worker
// and the auth helper so both derive the same value.

/**
 * The pair as one string (what is hashed, and the API's in-isolate cache key;
 * never logged). The separator cannot occur in a header value, so two pairs
 * never collide.
 */
export const credentialPair = (integrationKey: string, apiKey: string) => `${integrationKey}\n${apiKey}`

export async function credentialHash(integrationKey: string, apiKey: string): Promise<string> {
  const bytes = new TextEncoder().encode(credentialPair(integrationKey, apiKey))
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** The log field for a credential: enough to correlate, never enough to identify. */
export function keyHashForLog(hash: string): string {
  return hash.slice(0, 16)
}
