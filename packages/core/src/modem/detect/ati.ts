/** What an `ATI` answer names, where its shape says so. */
export interface AtiIdentity {
  readonly manufacturer?: string | undefined;
  readonly model?: string | undefined;
  readonly revision?: string | undefined;
}

const field = (lines: readonly string[], name: string): string | undefined => {
  const pattern = new RegExp(`^${name}\\s*:\\s*(.+)$`, 'i');
  for (const line of lines) {
    const match = pattern.exec(line);
    if (match?.[1]) return match[1].trim();
  }
  return undefined;
};

/**
 * Reads the `ATI` shapes modules print: Quectel's three lines `Quectel` /
 * `EC25` / `Revision: EC25EFAR02A09M4G` (AT manual v2.0 §2.1), SIMCom
 * SIM7600-style `Manufacturer: …` / `Model: …` / `Revision: …`. SIM7080's
 * `R1951.01` (AT manual v1.05 §2.2.5) is only a revision and names nothing.
 */
export function readAti(lines: readonly string[]): AtiIdentity {
  const revision = field(lines, 'Revision');
  const manufacturer = field(lines, 'Manufacturer');
  const model = field(lines, 'Model');
  if (manufacturer || model) return { manufacturer, model, revision };
  const at = lines.findIndex((l) => /^Revision\s*:/i.test(l));
  // The two plain lines right before `Revision:` are manufacturer and model.
  if (at >= 2) return { manufacturer: lines[at - 2], model: lines[at - 1], revision };
  return { revision };
}
