/**
 * Text as one line, for stderr. In a file of its own because the program hands commander's
 * messages to commanderLine as the command line is parsed, before any error class is needed.
 */
export const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/** Commander's own messages ("error: unknown option ..." and its suggestion line) as one line. */
export function commanderLine(text: string): string {
  return `dealbot: ${oneLine(text).replace(/^error: /, '')}\n`;
}
