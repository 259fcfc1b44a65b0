import { sha1Hex } from '../common/http';

/**
 * NethVoice request authentication (seed 004): headers `User: <user>` and
 * `Secretkey: sha1(user + sha1(password) + secret)`, compared by the server as lowercase hex.
 * Seed example: admin / admin / 1234 → 51b3bfeb54d746a8c8989e71dd8be757787d1adc.
 */
export function secretKey(user: string, password: string, secret: string): string {
  return sha1Hex(user + sha1Hex(password) + secret).toLowerCase();
}

export function authHeaders(user: string, password: string, secret: string): Record<string, string> {
  return { User: user, Secretkey: secretKey(user, password, secret) };
}
