/** `docProps/app.xml` (extended properties): only the producing application is kept. */
import { parseXml } from './xml.js';

/** The `<Application>` text (e.g. `Microsoft Excel`), or undefined when absent or empty. */
export function parseApplication(xml: Uint8Array | string, part: string): string | undefined {
  let depth = 0;
  let inApplication = false;
  let text = '';
  parseXml(
    xml,
    {
      open(name) {
        depth++;
        // Only the top-level child: nested vectors may contain other elements.
        if (name === 'Application' && depth === 2) inApplication = true;
      },
      close(name) {
        depth--;
        if (name === 'Application') inApplication = false;
      },
      text(t) {
        if (inApplication) text += t;
      },
    },
    part,
  );
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}
