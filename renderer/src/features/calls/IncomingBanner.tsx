/** The incoming-call banner, shown over every section while a line rings (built by the Calls feature). */
export function IncomingBanner() {
  return null;
}
