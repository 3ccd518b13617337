import { deliberation, OpenTopicInputSchema } from '../../types/deliberation';
import { MeInputSchema } from '../../types/identity';
import { apiError, ERRORS, renderError, zodIssueToFieldError, type ErrorCode, type ZodIssueLike } from '../../types/errors';
import { AppError } from '../../server/core/errors';
import { formatArea, formatShanghai } from '../../types/time';

const fieldErrors = (schema: { safeParse(v: unknown): any }, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) return [];
  return (r.error.issues as ZodIssueLike[]).map((i) => zodIssueToFieldError(i, deliberation.labels, input));
};

describe('error model', () => {
  it('has a Chinese template for every code, and every {placeholder} is a declared parameter', () => {
    for (const [code, entry] of Object.entries(ERRORS) as [ErrorCode, { message: string; params?: Record<string, string> }][]) {
      expect(entry.message).toMatch(/[\u4e00-\u9fa5]/);
      const placeholders = [...entry.message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders).toEqual(Object.keys(entry.params ?? {}).sort());
      if (!entry.params) expect(apiError(code as 'NOT_FOUND')).toEqual({ code, message: entry.message });
    }
  });

  it('renders typed parameters: counts as is, instants in Beijing time, areas from 0.01 m²', () => {
    expect(renderError('ROSTER_MISMATCH', { attemptsLeft: 3 })).toBe('填写的信息与名册不一致，还可以尝试 3 次。');
    expect(renderError('VERIFICATION_LOCKED', { lockedUntil: '2026-11-22T16:30:00.000Z' })).toContain('已锁定至 2026-11-23 00:30，');
    expect(apiError('ROSTER_VERSION_MOVED', { version: 4 })).toEqual({
      code: 'ROSTER_VERSION_MOVED',
      params: { version: 4 },
      message: '名册在你预览之后已被更新为第 4 版，请重新上传并预览',
    });
  });

  it('AppError carries a code and typed params, never a sentence built by the caller', () => {
    const e = new AppError('IMPORT_ALREADY_CONFIRMED', { version: 2 });
    expect(e).toMatchObject({ code: 'IMPORT_ALREADY_CONFIRMED', params: { version: 2 }, message: '这次导入已经确认过了（第 2 版）' });
    const f = AppError.field('phone', 'PHONE_TWO_SOURCES');
    expect(f.code).toBe('VALIDATION_FAILED');
    expect(f.fields).toEqual([{ field: 'phone', code: 'PHONE_TWO_SOURCES', message: '手机号只需一种方式：填写或使用微信手机号' }]);
  });

  it('maps zod issues field by field into Chinese', () => {
    const errors = fieldErrors(OpenTopicInputSchema, { estateId: 'hemu', title: ' 短 ', summary: 42, openid: 'x' });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'title', code: 'FIELD_TOO_SHORT', params: { label: '标题', minimum: 4, unit: '个字' }, message: '标题至少需要 4 个字' },
        { field: 'summary', code: 'FIELD_INVALID', params: { label: '说明' }, message: '说明格式不正确' },
        { field: '', code: 'FIELD_UNKNOWN', params: { keys: 'openid' }, message: '不允许的字段：openid' },
      ]),
    );
  });

  it('says a missing field is missing, and bounds lengths', () => {
    expect(fieldErrors(OpenTopicInputSchema, { estateId: 'hemu', title: '标题足够长了' })).toEqual([{ field: 'summary', code: 'FIELD_REQUIRED', params: { label: '说明' }, message: '说明不能为空' }]);
    expect(fieldErrors(OpenTopicInputSchema, { estateId: 'hemu', title: '长'.repeat(61), summary: '说明'.repeat(6) })).toEqual([
      { field: 'title', code: 'FIELD_TOO_LONG', params: { label: '标题', maximum: 60, unit: '个字' }, message: '标题最多 60 个字' },
    ]);
  });

  it('rejects ids with characters outside the id alphabet', () => {
    expect(MeInputSchema.safeParse({ estateId: 'a b' }).success).toBe(false);
    expect(MeInputSchema.safeParse({ estateId: 'hemu' }).success).toBe(true);
  });
});

describe('time and area display', () => {
  it('shows instants in Beijing time (UTC+8) whatever the machine zone', () => {
    expect(formatShanghai('2026-11-22T16:30:00.000Z')).toBe('2026-11-23 00:30');
  });
  it('formats 0.01 m² integers exactly', () => {
    expect(formatArea(8952)).toBe('89.52');
    expect(formatArea(1205)).toBe('12.05');
    expect(formatArea(7)).toBe('0.07');
    expect(formatArea(1234567890)).toBe('12345678.90');
  });
});
