/**
 * The principal the local front door resolved for a request before reading its body, kept on
 * the request so the handler does not resolve the token a second time.
 */
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../shared/auth/tokens.ts';

const PRINCIPAL = Symbol.for('laingan.principal');
type Marked = IncomingMessage & { [PRINCIPAL]?: Principal };

export function admittedPrincipal(req: IncomingMessage): Principal | undefined {
  return (req as Marked)[PRINCIPAL];
}

export function markAdmitted(req: IncomingMessage, principal: Principal): void {
  (req as Marked)[PRINCIPAL] = principal;
}
