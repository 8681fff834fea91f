/**
 * Personal data hidden by default in the console: keys and structure stay readable (enough to
 * see why a message was refused), every value is masked. XML keeps its element names.
 */
export function maskMessageBody(body: string, contentType: string): string {
  if (/json/.test(contentType)) {
    try {
      return JSON.stringify(maskValue(JSON.parse(body)), null, 2);
    } catch {
      // not JSON after all (that may be why it was refused): mask as text
    }
  }
  if (/xml/.test(contentType)) return body.replace(/>([^<]+)</g, (_, text: string) => (text.trim() ? '>•••<' : `>${text}<`));
  return body.replace(/[A-Za-z0-9]/g, '•');
}

function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v)]));
  if (typeof value === 'string') return '•••';
  if (typeof value === 'number') return 0;
  return value;
}
