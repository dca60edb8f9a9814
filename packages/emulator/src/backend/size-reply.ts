/**
 * The number in a `213 <size>` reply (RFC 3659 §4). ftp-srv 4.6.3 answers an empty file with `213 File
 * status` (it drops a size of 0 as a falsy message): no number at all. Module FTP stacks read the field with
 * `atoi`-style parsing, which makes such a reply 0 — and 0 is what the file holds — so that is what we
 * report; a 213 always means the file exists.
 */
export function parseSizeReply(message: string): number {
  const match = /^\d{3}[ -]\s*(\d+)/.exec(message.trim());
  return match ? Number(match[1]) : 0;
}
