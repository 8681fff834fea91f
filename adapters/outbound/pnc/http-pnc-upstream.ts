import { UpstreamUnavailable, type PncUpstream, type UpstreamNominal } from '../../../src/checks/pnc-upstream.port';

const TIMEOUT_MS = 2000;

/** The PNC-like service over HTTP (pnc.md): 2 s per call, no retries, any failure is "unavailable". */
export class HttpPncUpstream implements PncUpstream {
  constructor(private readonly baseUrl: string | undefined) {}

  async search(query: { surname: string; forenames: string; dateOfBirth: string }): Promise<UpstreamNominal[]> {
    const body = await this.getJson(`/nominals?${new URLSearchParams(query)}`);
    const results = (body as { results?: unknown })?.results;
    if (!Array.isArray(results)) throw new UpstreamUnavailable('the PNC answered without a results list');
    return results.filter(isNominal);
  }

  async get(pncId: string): Promise<UpstreamNominal | null> {
    const body = await this.getJson(`/nominals/${encodeURIComponent(pncId)}`, true);
    if (body === null) return null;
    if (!isNominal(body)) throw new UpstreamUnavailable('the PNC answered with something that is not a nominal');
    return body;
  }

  private async getJson(path: string, notFoundIsNull = false): Promise<unknown> {
    if (!this.baseUrl) throw new UpstreamUnavailable('PNC_URL is not set');
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (e) {
      throw new UpstreamUnavailable(
        (e as Error).name === 'TimeoutError' ? 'the PNC did not answer within 2 s' : 'the PNC could not be reached',
      );
    }
    if (notFoundIsNull && response.status === 404) return null;
    if (!response.ok) throw new UpstreamUnavailable(`the PNC answered ${response.status}`);
    try {
      return await response.json();
    } catch {
      throw new UpstreamUnavailable('the PNC answered with invalid JSON');
    }
  }
}

function isNominal(v: unknown): v is UpstreamNominal {
  const n = v as UpstreamNominal;
  return !!n && typeof n.pncId === 'string' && Array.isArray(n.names) && typeof n.dateOfBirth === 'string';
}
