import { describe, expect, it } from 'vitest';
import { amountText, lastWorkingStage, pace } from './ProgressView';

describe('the amount a progress line shows', () => {
  it('never says more done than the whole ("287 KB of 281 KB")', () => {
    expect(amountText({ operationId: 'op-12345678', stage: 'uploading', done: 287_000, total: 281_000 })).toBe('281 KB of 281 KB');
    expect(amountText({ operationId: 'op-12345678', stage: 'checking', done: 5, total: 3, unit: 'files' })).toBe('3 of 3 files');
  });

  it('keeps the plain cases as they were', () => {
    expect(amountText({ operationId: 'op-12345678', stage: 'downloading', done: 312_000, total: 1_200_000 })).toBe('312 KB of 1.2 MB');
    expect(amountText({ operationId: 'op-12345678', stage: 'downloading', done: 40_000, total: null })).toBe('40 KB so far');
  });
});

describe('the pace a progress line shows', () => {
  const p = { operationId: 'op-12345678', stage: 'uploading', done: 280_000, total: 281_000 };
  it('says "almost done" only in the last stage: an upload nearly through still has its read-back to come', () => {
    const estimate = { rate: 40_000, secondsLeft: 0.2, stageSeconds: 7 };
    expect(pace(p, estimate, false)).toBe('40 KB/s · this step is nearly through');
    expect(pace(p, estimate, true)).toBe('40 KB/s · almost done');
  });

  it('the last stage with work in it is the read-back, not the upload and not the final "Done"', () => {
    const restore = ['checking', 'connecting', 'comparing', 'uploading', 'verifying', 'done'].map((id) => ({ id, label: id }));
    expect(lastWorkingStage(restore, restore.findIndex((s) => s.id === 'uploading'))).toBe(false);
    expect(lastWorkingStage(restore, restore.findIndex((s) => s.id === 'verifying'))).toBe(true);
    const plain = [{ id: 'reading', label: 'r' }, { id: 'checking', label: 'c' }];
    expect(lastWorkingStage(plain, 0)).toBe(false);
    expect(lastWorkingStage(plain, 1)).toBe(true);
  });
});
