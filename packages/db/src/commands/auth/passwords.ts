export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, { algorithm: 'argon2id' })
}

// Verified against when the email is unknown, so both failures cost the same time.
const decoyHash = hashPassword('decoy-password-never-matches')

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (hash === null) {
    await Bun.password.verify(password, await decoyHash)
    return false
  }
  return Bun.password.verify(password, hash)
}
