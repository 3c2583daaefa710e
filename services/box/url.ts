import { AppError } from '../../shared/errors';
import { fetchBanner } from './banner';

/**
 * A box address as a person types it ("192.168.1.28:3100", "http://box.local:3100/") becomes a
 * base URL without path: http(s)://host:port. Nothing is contacted here.
 */
export function normalizeBoxUrl(input: string): string {
  const text = input.trim();
  if (!text) throw new AppError('box-url-invalid', 'Type the address of your box, for example http://192.168.1.28:3100.');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new AppError('box-url-invalid', `"${text.slice(0, 80)}" is not a box address we can use.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('box-url-invalid', 'A box address starts with http:// or https://.');
  }
  if (url.username || url.password) throw new AppError('box-url-invalid', 'A box address has no user name or password in it.');
  return `${url.protocol}//${url.host}`;
}

/**
 * An https:// address whose box does not speak TLS: when the same address with http:// answers as
 * an Identity Box, that is the error (with the address to use in `detail.answersOn`), not "is it
 * switched on?". Otherwise the plain unreachable sentence.
 */
export async function schemeMismatch(baseUrl: string, banner: string, options: { deadlineMs: number; signal?: AbortSignal }): Promise<AppError> {
  const url = new URL(baseUrl);
  const plain = `http://${url.host}`;
  const answer = await fetchBanner(plain, options);
  if (answer.kind === 'text' && answer.text.startsWith(banner)) {
    return new AppError('box-url-invalid', `Your box answers on ${plain}, not https://.`, { answersOn: plain });
  }
  return new AppError('box-not-rendezvous', `Something at ${url.host} answered, but not over https://, and not as an Identity Box over http:// either. Check the address.`);
}
