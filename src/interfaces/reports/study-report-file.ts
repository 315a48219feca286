import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { renderStudyReport, type StudyReportInput } from './study-report.js';

/** `dealbot optimize --html FILE`: writes the study's self-contained report page. */
export async function writeStudyReport(path: string, input: StudyReportInput): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderStudyReport(input));
}
