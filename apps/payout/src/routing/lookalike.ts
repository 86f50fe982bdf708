/**
 * The address-poisoning pattern: an attacker sends dust from an address that shares the first and
 * last characters of one the user really pays, hoping it gets copied from the history. A
 * destination that matches a known address on its first 4 and last 4 characters but is not it
 * is that pattern; the known address it imitates is returned.
 */
export function lookalikeOf(destination: string, known: readonly string[]): string | null {
  for (const k of known) {
    if (k !== destination && k.slice(0, 4) === destination.slice(0, 4) && k.slice(-4) === destination.slice(-4)) return k;
  }
  return null;
}
