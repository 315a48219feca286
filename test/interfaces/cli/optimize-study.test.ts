import { describe, expect, it } from 'vitest';
import { STUDY_ID } from '../../../src/interfaces/cli/cli-options.js';
import { newStudyId } from '../../../src/interfaces/cli/optimize-study.js';

describe('newStudyId', () => {
  it('is study-, the UTC time to the second and 4 hex digits, and a valid study id', () => {
    expect(newStudyId(Date.UTC(2026, 11, 7, 21, 5, 9), () => 0.5)).toBe('study-20261207-210509-8000');
    expect(newStudyId(0, () => 0)).toBe('study-19700101-000000-0000');
    expect(newStudyId(0, () => 0.99999999)).toBe('study-19700101-000000-ffff');
    expect(STUDY_ID.test(newStudyId(Date.now()))).toBe(true);
  });
});
