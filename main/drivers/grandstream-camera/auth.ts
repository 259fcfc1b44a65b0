/**
 * Camera authentication. Seed 002: "http://username:password@host/…", which means HTTP Basic. undici
 * drops credentials written in a URL, so the header is built here.
 */
import { basicAuth } from '../common/http';
import type { CameraAuthContext, CameraAuthorization, CameraAuthStrategy } from './types';

export class BasicAuthStrategy implements CameraAuthStrategy {
  readonly name = 'basic';
  private header: string | undefined;
  private for: string | undefined;

  async authorize(ctx: CameraAuthContext): Promise<CameraAuthorization> {
    const key = `${ctx.username}\u0000${ctx.password}`;
    if (this.header === undefined || this.for !== key) {
      this.header = basicAuth(ctx.username || 'admin', ctx.password);
      this.for = key;
    }
    return { headers: { authorization: this.header } };
  }

  sessionExpired(): boolean {
    return false;
  }
}
